"""Timer rows carry what the engine knew when it armed the timer: the process and the derivation, also
for expressions that call no deadline function, and a row that follows a re-armed timer follows its
derivation too."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from engine.case_sync import sync_timers
from engine.cases import CaseEngine
from engine.ports import Actor
from engine.runtime import ArmedTimer
from engine.specs import SpecLibrary
from engine.store.db import UnitOfWork, session_factory
from engine.store.tables import Case, Timer
from tests.helpers import FIXTURES, forms_with_test_models

IND = Actor("ingrid", frozenset({"ind"}), "ind", purpose="renewal")


def _engine(db_engine, clock) -> CaseEngine:  # type: ignore[no-untyped-def]
    return CaseEngine(session_factory(db_engine), SpecLibrary(FIXTURES / "models"), clock, forms_with_test_models())


def test_timers_without_a_deadline_function_store_their_kind_expression_and_due(db_engine, clock) -> None:  # type: ignore[no-untyped-def]
    case = _engine(db_engine, clock).start_case("plain_timers", {}, IND)
    stored = {t.name: t for t in case.timers}
    fixed, duration = stored["Fixed date"], stored["Two days"]
    assert fixed.derivation == {"version": 1, "kind": "date", "expression": '"2026-03-01T12:00:00+00:00"',
                                "policy": None, "steps": [], "due": "2026-03-01T12:00:00+00:00"}
    assert duration.derivation is not None and duration.derivation["kind"] == "duration"
    assert duration.derivation["due"] == duration.due_at.isoformat() == (clock.now() + dt.timedelta(days=2)).isoformat()
    assert fixed.process_id == duration.process_id == "plain_timers"


class _RearmingRuntime:
    """Reports the case's one timer armed again with a later due moment and a new derivation."""

    def __init__(self, armed: ArmedTimer) -> None:
        self.armed = armed

    def armed_timers(self, workflow: object) -> list[ArmedTimer]:
        return [self.armed]

    def fired_timers(self, workflow: object, known: object = ()) -> list[ArmedTimer]:
        return []


def test_a_re_armed_timer_keeps_its_row_with_the_new_due_and_derivation(db_engine, clock) -> None:  # type: ignore[no-untyped-def]
    cases = _engine(db_engine, clock)
    case = cases.start_case("renewal", {"years": 2}, IND)
    (timer,) = case.timers
    assert timer.derivation is not None and timer.derivation["term"] == "P1Y"
    later = timer.due_at + dt.timedelta(days=30)
    derivation = {**timer.derivation, "base": "2026-02-04", "due": later.isoformat()}
    with UnitOfWork(cases.sessions) as uow:
        row_case = uow.session.get(Case, case.id)
        again = ArmedTimer(timer.task_id, timer.name, later, False, "renewal", derivation)
        sync_timers(uow.session, row_case, None, _RearmingRuntime(again), clock.now(), IND)  # type: ignore[arg-type]
        uow.commit()
    with cases.sessions() as session:
        rows = list(session.scalars(select(Timer).where(Timer.case_id == case.id)))
    assert [(r.status, r.due_at, r.derivation) for r in rows] == [("pending", later, derivation)]
