"""The case as one viewer may see it: disclosed fields, the tasks she may complete, deadlines with days
left and how each was computed. Shared by the API and the pages so both disclose the same."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Iterable
from zoneinfo import ZoneInfo

from sqlalchemy import select

from engine.deadlines import Rule, compute_deadline, due_datetime
from engine.errors import ErkendError
from engine.policy import disclosure
from engine.policy.access import decide
from engine.store.tables import OpenTask
from engine.views import CaseView, TaskView

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
_DUE_IN = re.compile(r"""due_in\(\s*["']([^"']+)["']\s*(?:,\s*["']([a-z-]+)["'])?\s*\)""")


def completable_tasks(case: CaseView, roles: Iterable[str], relations: frozenset[str]) -> list[TaskView]:
    """Ready tasks the caller may complete: her role is the task's lane and the policy allows it."""
    roles = set(roles)
    return [
        t
        for t in case.tasks
        if t.lane in roles and decide("task.complete", {t.lane}, relations, case.status).allowed
    ]


def days_left(due_at: dt.datetime, now: dt.datetime) -> int:
    """Whole calendar days (Amsterdam) from today to the due day; negative once overdue."""
    return (due_at.astimezone(AMSTERDAM).date() - now.astimezone(AMSTERDAM).date()).days


def deadlines(services: Any, case: CaseView, lang: str = "en") -> list[dict[str, Any]]:
    now = services.clock.now()
    armed = _armed_since(services, case.id)
    expressions = _timer_expressions(services, case)
    out = []
    for timer in case.timers:
        if timer.status != "pending":
            continue
        explanation = _explain(expressions.get(timer.name), armed, timer.due_at, case.data, lang)
        out.append(
            {
                "name": timer.name,
                "due_at": timer.due_at,
                "status": timer.status,
                "days_left": days_left(timer.due_at, now),
                "overdue": timer.due_at <= now,
                "explanation": explanation,
            }
        )
    return sorted(out, key=lambda d: d["due_at"])


def _armed_since(services: Any, case_id: int) -> list[dt.datetime]:
    with services.sessions() as session:
        return list(session.scalars(select(OpenTask.ready_since).where(OpenTask.case_id == case_id)))


def _timer_expressions(services: Any, case: CaseView) -> dict[str, str]:
    """Timer name -> its `timeDate` expression in the model the case runs on."""
    try:
        top, subs = services.cases.model_set(case.model_version).spec(case.process_id)
    except ErkendError:  # a model that cannot be loaded only costs the explanation, never the page
        return {}
    found: dict[str, str] = {}
    for spec in [top, *subs.values()]:
        for task_spec in spec.task_specs.values():
            definition = getattr(task_spec, "event_definition", None)
            expression = getattr(definition, "expression", None)
            if expression and "Time" in type(definition).__name__:  # TimeDate, DurationTimer, CycleTimer
                found[definition.name or task_spec.bpmn_id] = expression
    return found


_POLICY_DUE_IN = re.compile(r"""due_in\(\s*policy\[["'](\w+)["']\]\s*(?:,\s*since\s*=\s*(\w+))?\s*\)$""")


def _explain(
    expression: str | None,
    armed: list[dt.datetime],
    due_at: dt.datetime,
    data: dict[str, Any] | None = None,
    lang: str = "en",
) -> str | None:
    """Recompute the deadline from the model's `due_in(...)` and its start (the `since` variable, else
    the moment its task became ready); the derivation is shown only if it reproduces the stored due
    moment exactly. A term named by a policy value also shows that value's legal source."""
    text = (expression or "").strip()
    literal, named = _DUE_IN.fullmatch(text), _POLICY_DUE_IN.fullmatch(text)
    source = None
    if literal:
        term, rule, since_var = literal.group(1), Rule(literal.group(2) or "calendar"), None
    elif named:
        entry = ((data or {}).get("policy") or {}).get(named.group(1))
        if not isinstance(entry, dict) or "term" not in entry:
            return text or None
        term, rule, since_var = str(entry["term"]), Rule(str(entry.get("rule", "calendar"))), named.group(2)
        source = entry.get("source")
    else:
        return text or None
    bases: list[dt.date | dt.datetime] = []
    if since_var and (data or {}).get(since_var):
        raw = str((data or {})[since_var])
        bases.append(dt.datetime.fromisoformat(raw) if "T" in raw else dt.date.fromisoformat(raw))
    bases += [a if "H" in term else a.astimezone(AMSTERDAM).date() for a in armed]
    for base in bases:
        try:
            deadline = compute_deadline(base, term, rule)
        except ValueError:
            return text
        if due_datetime(deadline) == due_at:
            label = "Bron" if lang == "nl" else "Source"
            return deadline.explain(lang) + (f"\n  - {label}: {source}" if source else "")
    return text


def case_payload(
    services: Any,
    role: str | None,
    case: CaseView,
    roles: Iterable[str],
    relations: frozenset[str],
    events: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    body = disclosure.case_summary(role, case)
    if disclosure.shows(role, "tasks"):
        body["tasks"] = completable_tasks(case, roles, relations)
    if disclosure.shows(role, "deadlines"):
        body["deadlines"] = deadlines(services, case)
    if disclosure.shows(role, "decisions"):
        body["decisions"] = disclosure.decisions(
            role, events if events is not None else services.cases.events(case.id)
        )
    return body


def decision_of(services: Any, case: CaseView, task: TaskView) -> str | None:
    """The `decision` property of a ready task in the model the case runs on (None if it has none)."""
    try:
        top, subs = services.cases.model_set(case.model_version).spec(case.process_id)
    except ErkendError:
        return None
    for spec in [top, *subs.values()]:
        if spec.name != task.process_id:
            continue
        for task_spec in spec.task_specs.values():
            if getattr(task_spec, "bpmn_id", None) == task.name:
                return (task_spec.extensions or {}).get("properties", {}).get("decision")
    return None
