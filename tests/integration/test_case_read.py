"""The case read every step begins with (engine.store.case_read): the driver's own SQL turned into the
ORM's objects by hand must give exactly what the ORM's joined load gives, tracked as if the ORM had
loaded it; and a step skips advancing the workflow only when none of the case's timer rows is due."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine, inspect, select
from sqlalchemy.orm import joinedload

from engine.cases import CaseEngine
from engine.clock import VirtualClock
from engine.errors import InvalidTransition
from engine.ports import Actor
from engine.store.case_read import read_case
from engine.store.db import UnitOfWork, read_session
from engine.store.tables import Case, Timer

INTAKE = {"person_alias": "Fictief F.", "needs_review": False}
DECISION = {"outcome": "positive", "reasons": "Meerdere sterke indicatoren."}
ACTOR = Actor("tester", frozenset({"coordinator", "panel"}), "panel")


def _columns(obj: object) -> dict[str, object]:
    mapper = inspect(obj).mapper
    return {attr.key: getattr(obj, attr.key) for attr in mapper.column_attrs}


def _case_with_a_timer(cases: CaseEngine) -> int:
    case = cases.start_case("reference_case", {}, ACTOR)
    cases.complete_task(case.id, case.tasks[0].id, INTAKE, ACTOR)  # arms the decision's term
    return case.id


@pytest.mark.parametrize("locking", [False, True])
def test_the_read_gives_what_the_orm_gives_and_the_session_tracks_it(db_engine: Engine, cases: CaseEngine,
                                                                      locking: bool) -> None:
    case_id = _case_with_a_timer(cases)
    with cases.sessions() as session:
        expected = session.scalars(select(Case).options(joinedload(Case.timers)).where(Case.id == case_id)).unique().one()
        expected_case = _columns(expected)
        expected_timers = [_columns(t) for t in expected.timers]
    assert expected_timers, "the reference case arms a timer at intake"
    with UnitOfWork(cases.sessions) as uow:
        found = read_case(uow.session, case_id, locking and db_engine.dialect.name == "postgresql")
        assert found is not None
        assert _columns(found.case) == expected_case
        assert [_columns(t) for t in found.case.timers] == expected_timers
        assert all(isinstance(t.due_at.tzinfo, dt.tzinfo) for t in found.case.timers)  # aware, as the ORM gives
        if locking and db_engine.dialect.name == "postgresql":
            assert found.version_seen == expected_case["row_version"]
        else:
            assert found.version_seen is None
        # As if loaded: persistent, unchanged, and a change is tracked and written.
        assert inspect(found.case).persistent and not uow.session.is_modified(found.case)
        assert all(inspect(t).persistent and not uow.session.is_modified(t) for t in found.case.timers)
        found.case.timers[0].attempts = 7
        uow.session.flush()
        uow.commit()
    with cases.sessions() as session:
        assert session.scalars(select(Timer.attempts).where(Timer.case_id == case_id)).one() == 7


def test_a_case_the_session_holds_is_left_to_the_orm_and_a_timer_it_holds_is_used_as_it_stands(
        cases: CaseEngine) -> None:
    case_id = _case_with_a_timer(cases)
    with read_session(cases.sessions) as session:
        held = session.get(Case, case_id)
        found = read_case(session, case_id, False)
        assert found is not None and found.case is held
    with read_session(cases.sessions) as session:
        timer = session.scalars(select(Timer).where(Timer.case_id == case_id)).one()
        found = read_case(session, case_id, False)
        assert found is not None and found.case.timers == [timer] and found.case.timers[0] is timer


def test_no_such_case_reads_as_none(cases: CaseEngine) -> None:
    with read_session(cases.sessions) as session:
        assert read_case(session, 987654, False) is None


def test_a_form_sent_after_its_deadline_meets_the_cancelled_task(cases: CaseEngine, clock: VirtualClock) -> None:
    """The step fires the overdue timer before the action: the timer row read with the case says it is
    due. Before the deadline the same form completes the task."""
    case_id = _case_with_a_timer(cases)
    task_id = cases.get_case(case_id).tasks[0].id
    with cases.sessions() as session:
        due = session.scalars(select(Timer.due_at).where(Timer.case_id == case_id)).one()
    clock.advance(due - clock.now() + dt.timedelta(seconds=1))
    with pytest.raises(InvalidTransition):
        cases.complete_task(case_id, task_id, DECISION, ACTOR)
    # The refused step saved nothing; the worker fires the timer as it would have.
    assert cases.fire_due_timers() == 1 and not cases.get_case(case_id).tasks

    before = _case_with_a_timer(cases)  # a second case, armed now, not yet due
    view = cases.complete_task(before, cases.get_case(before).tasks[0].id, DECISION, ACTOR)
    assert "timer_fired" not in [e["kind"] for e in cases.events(before)] and not view.tasks
