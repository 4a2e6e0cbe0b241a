"""Cases through the engine and the database (SQLite, and PostgreSQL when TEST_DATABASE_URL is set)."""
from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from sqlalchemy import func, select, update

from engine.cases import CaseEngine
from engine.errors import Conflict, InvalidTransition, MessageNotExpected, NotPermitted, ValidationFailed
from engine.ports import Actor
from engine.specs import SpecLibrary
from engine.store.db import session_factory
from engine.store.event_log import verify_chain
from engine.store.tables import Case, Event, ModelVersion, OpenTask, Timer
from forms.catalogue import all_forms

CLOSED = {"closed_on": "2026-01-05", "outcome": "dismissed"}


def _to_decision(cases: CaseEngine, coordinator: Actor, panel: Actor, review: bool = False):  # type: ignore[no-untyped-def]
    case = cases.start_case("reference_case", {}, coordinator)
    case = cases.complete_task(case.id, case.tasks[0].id, {"person_alias": "Fictief F.", "needs_review": review},
                               coordinator)
    if review:
        case = cases.complete_task(case.id, case.tasks[0].id, {"agree": True}, panel)
    return case


def _kinds(cases: CaseEngine, case_id: int) -> list[str]:
    return [e["kind"] for e in cases.events(case_id)]


def test_case_gets_a_human_reference_and_a_recorded_model_version(cases: CaseEngine, coordinator: Actor) -> None:
    first = cases.start_case("reference_case", {}, coordinator)
    second = cases.start_case("reference_case", {}, coordinator)
    assert re.fullmatch(r"ERK-2026-\d{6}", first.reference) and first.reference != second.reference
    assert first.model_version == cases.library.current().version and first.variant == "default"
    with cases.sessions() as session:
        assert session.scalar(select(func.count()).select_from(ModelVersion)) == 1
        state = session.scalar(select(Case.state).where(Case.id == first.id))
    assert "spec" not in json.loads(state)


def test_restart_continues_from_the_database(db_engine, clock, coordinator: Actor, panel: Actor) -> None:  # type: ignore[no-untyped-def]
    """Complete tasks, throw away every in-memory object, continue the case from the database."""
    first = CaseEngine(session_factory(db_engine), SpecLibrary(), clock, all_forms())
    case_id = _to_decision(first, coordinator, panel, review=True).id
    del first
    second = CaseEngine(session_factory(db_engine), SpecLibrary(), clock, all_forms())
    case = second.get_case(case_id)
    assert [t.name for t in case.tasks] == ["decide"] and case.data["agree"] is True
    case = second.complete_task(case_id, case.tasks[0].id, {"outcome": "positive", "reasons": "Sterke indicatoren."},
                                panel)
    assert case.waiting_messages == ("investigation_closed",)
    case = second.deliver_message(case_id, "investigation_closed", CLOSED, Actor.system("police-gateway"))
    assert case.status == "completed" and case.data["investigation"]["outcome"] == "dismissed"
    assert _kinds(second, case_id) == ["case_started", "task_completed", "task_completed", "task_completed",
                                       "decision_taken", "message_received", "case_completed"]


def test_invalid_data_changes_nothing_and_names_every_field(cases: CaseEngine, coordinator: Actor) -> None:
    case = cases.start_case("reference_case", {}, coordinator)
    with pytest.raises(ValidationFailed) as caught:
        cases.complete_task(case.id, case.tasks[0].id, {"needs_review": "maybe", "signal_date": "yesterday"},
                            coordinator)
    assert set(caught.value.errors) == {"person_alias", "needs_review", "signal_date"}
    after = cases.get_case(case.id)
    assert after.version == case.version and [t.id for t in after.tasks] == [t.id for t in case.tasks]
    assert _kinds(cases, case.id) == ["case_started"]


def test_a_task_of_another_role_is_refused(cases: CaseEngine, coordinator: Actor, panel: Actor) -> None:
    case = cases.start_case("reference_case", {}, coordinator)
    with pytest.raises(NotPermitted):
        cases.complete_task(case.id, case.tasks[0].id, {"person_alias": "X", "needs_review": False}, panel)
    assert cases.get_case(case.id).version == case.version


def test_double_submit_is_refused(cases: CaseEngine, coordinator: Actor) -> None:
    case = cases.start_case("reference_case", {}, coordinator)
    task_id = case.tasks[0].id
    cases.complete_task(case.id, task_id, {"person_alias": "X", "needs_review": False}, coordinator)
    with pytest.raises(InvalidTransition):
        cases.complete_task(case.id, task_id, {"person_alias": "Y", "needs_review": True}, coordinator)
    assert _kinds(cases, case.id).count("task_completed") == 1


def test_stale_version_is_a_conflict(cases: CaseEngine, coordinator: Actor) -> None:
    case = cases.start_case("reference_case", {}, coordinator)
    with pytest.raises(Conflict):
        cases.complete_task(case.id, case.tasks[0].id, {"person_alias": "X", "needs_review": False}, coordinator,
                            expected_version=case.version - 1)


def test_message_nobody_waits_for_is_refused(cases: CaseEngine, coordinator: Actor) -> None:
    case = cases.start_case("reference_case", {}, coordinator)
    with pytest.raises(MessageNotExpected):
        cases.deliver_message(case.id, "investigation_closed", CLOSED, Actor.system())
    with pytest.raises(MessageNotExpected):
        cases.deliver_message(case.id, "conviction", {}, Actor.system())
    assert cases.get_case(case.id).version == case.version and _kinds(cases, case.id) == ["case_started"]


def test_message_payload_is_validated(cases: CaseEngine, coordinator: Actor, panel: Actor) -> None:
    case = _to_decision(cases, coordinator, panel)
    case = cases.complete_task(case.id, case.tasks[0].id, {"outcome": "negative", "reasons": "Geen indicatoren."}, panel)
    with pytest.raises(ValidationFailed) as caught:
        cases.deliver_message(case.id, "investigation_closed", {"outcome": "lost"}, Actor.system())
    assert set(caught.value.errors) == {"closed_on", "outcome"}
    assert cases.get_case(case.id).status == "running"


def test_timer_row_fires_once_after_its_due_time(cases: CaseEngine, coordinator: Actor, panel: Actor, clock) -> None:  # type: ignore[no-untyped-def]
    case = _to_decision(cases, coordinator, panel)
    (timer,) = case.timers
    assert timer.status == "pending" and timer.due_at.date() == dt.date(2026, 4, 5)
    clock.set(timer.due_at)
    assert cases.fire_due_timers() == 0
    clock.set(timer.due_at + dt.timedelta(seconds=1))
    assert cases.fire_due_timers() == 1
    assert cases.fire_due_timers() == 0
    case = cases.get_case(case.id)
    assert case.status == "completed" and case.data["outcome"] == "expired"
    assert [t.status for t in case.timers] == ["fired"] and _kinds(cases, case.id).count("timer_fired") == 1


def test_late_form_meets_a_cancelled_task(cases: CaseEngine, coordinator: Actor, panel: Actor, clock) -> None:  # type: ignore[no-untyped-def]
    """The worker has not run yet, but the deadline has passed: the decision may no longer be taken."""
    case = _to_decision(cases, coordinator, panel)
    clock.advance(dt.timedelta(days=100))
    with pytest.raises(InvalidTransition):
        cases.complete_task(case.id, case.tasks[0].id, {"outcome": "positive", "reasons": "Te laat ingevuld."}, panel)
    assert cases.fire_due_timers() == 1
    assert cases.get_case(case.id).data["outcome"] == "expired"


def test_completing_a_task_cancels_its_timer_row(cases: CaseEngine, coordinator: Actor, panel: Actor) -> None:
    case = _to_decision(cases, coordinator, panel)
    case = cases.complete_task(case.id, case.tasks[0].id, {"outcome": "positive", "reasons": "Duidelijke signalen."},
                               panel)
    assert [t.status for t in case.timers] == ["cancelled"]
    with cases.sessions() as session:
        assert session.scalar(select(func.count()).select_from(OpenTask).where(OpenTask.case_id == case.id)) == 0


def test_open_tasks_table_follows_the_workflow(cases: CaseEngine, coordinator: Actor, panel: Actor) -> None:
    case = _to_decision(cases, coordinator, panel, review=False)
    with cases.sessions() as session:
        rows = session.scalars(select(OpenTask).where(OpenTask.case_id == case.id)).all()
    assert [(r.name, r.lane, r.form_key) for r in rows] == [("decide", "panel", "reference.decide")]


def test_reads_with_an_actor_are_audited(cases: CaseEngine, coordinator: Actor) -> None:
    case = cases.start_case("reference_case", {}, coordinator)
    cases.get_case(case.id, Actor("lotte", frozenset({"lawyer"}), "lawyer", purpose="client file"))
    viewed = [e for e in cases.events(case.id) if e["kind"] == "case_viewed"]
    assert viewed and viewed[0]["actor"] == "lotte" and viewed[0]["purpose"] == "client file"


def test_event_chain_detects_tampering(cases: CaseEngine, coordinator: Actor, panel: Actor) -> None:
    _to_decision(cases, coordinator, panel, review=True)
    with cases.sessions() as session:
        count, broken = verify_chain(session)
        assert broken is None and count == 3
        victim = session.scalars(select(Event).order_by(Event.id).offset(1).limit(1)).one()
        session.execute(update(Event).where(Event.id == victim.id).values(actor="someone-else"))
        session.commit()
        assert verify_chain(session)[1] == victim.id


def test_state_change_and_timer_rows_share_one_transaction(cases: CaseEngine, coordinator: Actor, panel: Actor,
                                                           monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A crash after the workflow moved but before commit leaves neither the new state nor its timer."""
    case = cases.start_case("reference_case", {}, coordinator)
    from engine import case_sync

    def crash(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("simulated crash")

    monkeypatch.setattr(case_sync, "record_thrown_messages", crash)
    monkeypatch.setattr("engine.case_store.record_thrown_messages", crash)
    with pytest.raises(RuntimeError):
        cases.complete_task(case.id, case.tasks[0].id, {"person_alias": "X", "needs_review": False}, coordinator)
    with cases.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Timer)) == 0
    after = cases.get_case(case.id)
    assert after.version == case.version and [t.name for t in after.tasks] == ["intake"]


def test_start_data_cannot_set_the_legal_values_or_the_reference(cases: CaseEngine, coordinator: Actor) -> None:
    """A `policy` in the start data once moved the 36-hour placement deadline to ten years."""
    import pytest

    from engine.errors import ValidationFailed

    with pytest.raises(ValidationFailed) as caught:
        cases.start_case("procedure", {"policy": {"placement_decision": {"term": "P10Y", "rule": "calendar"}},
                                       "case_reference": "ERK-0000-000000"}, coordinator)
    assert set(caught.value.errors) == {"policy", "case_reference"}
    assert "reserved" in caught.value.errors["policy"][0]
