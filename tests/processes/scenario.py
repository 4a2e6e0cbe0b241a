"""A small script runner for the procedure models: start a case, fill in tasks by name, deliver
messages, move the virtual clock, and read back the route, decisions, deadlines and letters owed."""
from __future__ import annotations

import datetime as dt
from typing import Any, Callable, Mapping

from sqlalchemy import event as sa_event

from engine.case_sync import FollowUpStep
from engine.cases import CaseEngine
from engine.clock import VirtualClock
from engine.letter_issuing import _jsonable
from engine.ports import Actor
from engine.views import CaseView

ROLES = ("coordinator", "panel", "ind", "police", "guardian", "lawyer", "prosecutor")
ACTORS = {role: Actor(f"{role}-1", frozenset({role}), role, purpose="scenario") for role in ROLES}
AMSTERDAM = dt.timezone(dt.timedelta(hours=1))


class Scenario:
    def __init__(self, cases: CaseEngine, clock: VirtualClock, variant: str) -> None:
        self.cases, self.clock, self.variant = cases, clock, variant
        self.case_id = 0
        self._letter_requests: list[tuple[int, dict[str, Any]]] = []
        self._keep_letter_requests()

    def _keep_letter_requests(self) -> None:
        """The payloads the models throw with `issue_letter`, as the letter handler receives them (the
        event log names only the letter type), kept once their transaction commits, as the log's entries
        were. Any handler already registered still runs."""
        issued = self.cases.outbox_handlers.get("issue_letter")

        def keep(session: Any, case: Any, payload: dict[str, Any]) -> None:
            if "scenario_letters" not in session.info:
                session.info["scenario_letters"] = []
                sa_event.listen(session, "after_commit", lambda s: self._letter_requests.extend(
                    s.info.pop("scenario_letters", [])), once=True)
                sa_event.listen(session, "after_rollback", lambda s: s.info.pop("scenario_letters", None), once=True)
            session.info["scenario_letters"].append((case.id, _jsonable(payload)))

        if isinstance(issued, FollowUpStep):
            self.cases.outbox_handlers["issue_letter"] = _KeepingStep(issued, keep)
            return

        def handler(session: Any, case: Any, payload: dict[str, Any], now: dt.datetime, actor: Actor) -> None:
            keep(session, case, payload)
            if issued is not None:
                issued(session, case, payload, now, actor)

        self.cases.outbox_handlers["issue_letter"] = handler

    def start(self) -> CaseView:
        view = self.cases.start_case("procedure", {}, ACTORS["coordinator"], variant=self.variant)
        self.case_id = view.id
        return view

    @property
    def case(self) -> CaseView:
        return self.cases.get_case(self.case_id)

    def ready(self) -> list[str]:
        return sorted(t.name for t in self.case.tasks)

    def do(self, task_name: str, data: dict[str, Any]) -> CaseView:
        case = self.case
        matches = [t for t in case.tasks if t.name == task_name]
        assert matches, f"{task_name} is not ready; ready: {[t.name for t in case.tasks]}"
        task = matches[0]
        return self.cases.complete_task(self.case_id, task.id, data, ACTORS[task.lane or "coordinator"])

    def message(self, name: str, payload: dict[str, Any]) -> CaseView:
        return self.cases.deliver_message(self.case_id, name, payload, Actor.system("partner", purpose="scenario"))

    def advance(self, delta: dt.timedelta) -> int:
        """Move the clock and fire what is due. A timer that failed is a broken model: the worker would
        only record it and retry, so the scenario says so at once."""
        self.clock.advance(delta)
        fired = self.cases.fire_due_timers(limit=1000)
        failed = [e["details"] for e in self.events() if e["kind"] in ("timer_failed", "timer_incident")]
        assert not failed, f"a timer failed: {failed} (the log has the trace)"
        return fired

    def advance_to(self, moment: dt.datetime) -> int:
        return self.advance(moment - self.clock.now())

    def today(self) -> str:
        """The scenario's day in Amsterdam (ISO): a message reports what has happened by then, never later."""
        from zoneinfo import ZoneInfo
        return self.clock.now().astimezone(ZoneInfo("Europe/Amsterdam")).date().isoformat()

    # -- what happened ------------------------------------------------------------------------------
    def events(self) -> list[dict[str, Any]]:
        return self.cases.events(self.case_id)

    def letters(self) -> list[str]:
        return [e["details"]["letter_type"] for e in self.events()
                if e["kind"] == "message_sent" and e["details"].get("message") == "issue_letter"]

    def letter_payloads(self, letter_type: str) -> list[dict[str, Any]]:
        return [payload for case_id, payload in self._letter_requests
                if case_id == self.case_id and payload.get("letter_type") == letter_type]

    def decisions(self) -> list[tuple[str, Any]]:
        return [(d["decision"], d["outcome"]) for d in self.cases.decisions(self.case_id)]

    def route(self) -> list[str]:
        return [e["details"]["task"] for e in self.events() if e["kind"] == "task_completed"]

    def timer_due(self, name: str, status: str | None = None) -> dt.date:
        """The legal day a timer ends on (its due moment, in Amsterdam)."""
        timers = [t for t in self.case.timers if t.name == name and (status is None or t.status == status)]
        assert timers, f"no timer {name!r}; timers: {[(t.name, t.status) for t in self.case.timers]}"
        due = timers[-1].due_at
        if due.tzinfo is None:
            due = due.replace(tzinfo=dt.timezone.utc)
        from zoneinfo import ZoneInfo
        return due.astimezone(ZoneInfo("Europe/Amsterdam")).date()

    def fired(self) -> list[str]:
        return [e["details"]["timer"] for e in self.events() if e["kind"] == "timer_fired"]


class _KeepingStep:
    """The letter issuer with the scenario's note of each request in front of it."""

    def __init__(self, step: FollowUpStep, keep: Callable[[Any, Any, dict[str, Any]], None]) -> None:
        self.step, self.keep = step, keep

    def record(self, session: Any, case: Any, payload: dict[str, Any], now: dt.datetime, actor: Actor,
               case_data: Mapping[str, Any] | None) -> object | None:
        self.keep(session, case, payload)
        return self.step.record(session, case, payload, now, actor, case_data)

    def follow_up(self, sessions: Any, requests: list[object], case_data: Mapping[str, Any]) -> None:
        self.step.follow_up(sessions, requests, case_data)

    def recover(self, sessions: Any, limit: int = 50) -> int:
        return self.step.recover(sessions, limit)
