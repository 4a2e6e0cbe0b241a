"""A permit renewed every year for ten years: every yearly timer is a row that fires exactly once."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from engine.cases import CaseEngine
from engine.ports import Actor
from engine.specs import SpecLibrary
from engine.store.db import session_factory
from engine.store.tables import Timer
from tests.helpers import FIXTURES, forms_with_test_models

IND = Actor("ingrid", frozenset({"ind"}), "ind", purpose="renewal")


def test_ten_yearly_renewals_through_the_engine(db_engine, clock) -> None:  # type: ignore[no-untyped-def]
    cases = CaseEngine(session_factory(db_engine), SpecLibrary(FIXTURES / "models"), clock, forms_with_test_models())
    case = cases.start_case("renewal", {"years": 10}, IND)
    for year in range(10):
        (timer,) = [t for t in case.timers if t.status == "pending"]
        assert timer.due_at.year == 2027 + year
        clock.set(timer.due_at + dt.timedelta(seconds=1))
        assert cases.fire_due_timers() == 1
        case = cases.get_case(case.id)
        case = cases.complete_task(case.id, case.tasks[0].id, {"renewed": True}, IND)
    assert case.status == "completed" and case.data["renewals"] == 10
    with cases.sessions() as session:
        statuses = list(session.scalars(select(Timer.status).where(Timer.case_id == case.id)))
    assert statuses == ["fired"] * 10
    assert [e["kind"] for e in cases.events(case.id)].count("timer_fired") == 10
