"""The case as one viewer may see it: disclosed fields, the tasks she may complete, deadlines with days
left and how each was computed. Shared by the API and the pages so both disclose the same."""

from __future__ import annotations

import datetime as dt
from typing import Any, Iterable
from zoneinfo import ZoneInfo

from engine.access import disclosure
from engine.application.tasks import completable_tasks
from engine.timer_derivation import explain
from engine.views import CaseView

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
__all__ = ["AMSTERDAM", "case_payload", "completable_tasks", "days_left", "deadlines"]


def days_left(due_at: dt.datetime, now: dt.datetime) -> int:
    """Whole calendar days (Amsterdam) from today to the due day; negative once overdue."""
    return (due_at.astimezone(AMSTERDAM).date() - now.astimezone(AMSTERDAM).date()).days


def deadlines(services: Any, case: CaseView, lang: str = "en") -> list[dict[str, Any]]:
    """Running deadlines of every procedure, soonest first, each with the procedure it belongs to and how
    the engine derived it when it armed the timer (stored with the timer; nothing is worked out again
    here), explained in the reader's language. A deadline paused while a child is missing is listed too,
    with the due moment it had when it stopped."""
    now = services.clock.now()
    titles = {proc.process_id: proc.title for proc in case.procedures}
    out = [
        {
            "name": timer.name,
            "due_at": timer.due_at,
            "status": timer.status,
            "paused": timer.status == "paused",
            "days_left": days_left(timer.due_at, now),
            "overdue": timer.status == "pending" and timer.due_at <= now,
            "process_id": timer.process_id,
            "procedure": titles.get(timer.process_id or ""),
            "derivation": timer.derivation,
            "explanation": explain(timer.derivation, lang),
        }
        for timer in case.timers
        if timer.status in ("pending", "paused")
    ]
    return sorted(out, key=lambda d: d["due_at"])


def case_payload(
    services: Any,
    role: str | None,
    case: CaseView,
    roles: Iterable[str],
    relations: frozenset[str],
) -> dict[str, Any]:
    body = disclosure.case_summary(role, case)
    if disclosure.shows(role, "tasks"):
        body["tasks"] = completable_tasks(case, roles, relations)
    if disclosure.shows(role, "deadlines"):
        body["deadlines"] = deadlines(services, case)
    if disclosure.shows(role, "decisions"):
        body["decisions"] = disclosure.decisions(role, services.cases.decisions(case.id))
    return body
