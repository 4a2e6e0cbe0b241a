"""Running cases move to a new model version only where the move cannot change what they stand on.

The cases are the committed mid-run fixtures (tests/fixtures/states): one with the decision timer armed,
one inside the called review. The new version adds a task after the message catch (so the catch's
outgoing flow changed) and changes the script run when the decision term expires.
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from engine.case_migration import migrate_cases, resolve_target
from engine.cases import CaseEngine
from engine.clock import VirtualClock
from engine.errors import NotFound
from engine.ports import Actor
from engine.runtime import Runtime
from engine.script_env import FUNCTIONS
from engine.specs import ModelSet, SpecLibrary
from engine.store.db import session_factory
from engine.store.event_log import verify_chain
from engine.store.tables import Case, Event, ModelVersion
from forms.catalogue import all_forms

STATES = Path(__file__).parent.parent / "fixtures" / "states"
OPERATOR = Actor.system("cli:operator", purpose="model migration")


def _fixture(name: str) -> dict:  # type: ignore[type-arg]
    return json.loads((STATES / f"{name}.json").read_text())


def _version_two(files: dict[str, str]) -> dict[str, str]:
    """An `inform` user task after `wait_closed`, and a changed `mark_expired` script."""
    bpmn = files["reference.bpmn"]
    edits = [
        ('<bpmn:flowNodeRef>end_done</bpmn:flowNodeRef>',
         '<bpmn:flowNodeRef>end_done</bpmn:flowNodeRef>\n        <bpmn:flowNodeRef>inform</bpmn:flowNodeRef>'),
        ('<bpmn:endEvent id="end_done" name="Case closed">\n      <bpmn:incoming>f_wait_end</bpmn:incoming>',
         '<bpmn:userTask id="inform" name="Inform the person">\n      <bpmn:incoming>f_wait_end</bpmn:incoming>\n'
         '      <bpmn:outgoing>f_inform_end</bpmn:outgoing>\n    </bpmn:userTask>\n'
         '    <bpmn:endEvent id="end_done" name="Case closed">\n      <bpmn:incoming>f_inform_end</bpmn:incoming>'),
        ('<bpmn:sequenceFlow id="f_wait_end" sourceRef="wait_closed" targetRef="end_done"/>',
         '<bpmn:sequenceFlow id="f_wait_end" sourceRef="wait_closed" targetRef="inform"/>\n'
         '    <bpmn:sequenceFlow id="f_inform_end" sourceRef="inform" targetRef="end_done"/>'),
        ('<bpmn:script>outcome = "expired"</bpmn:script>',
         '<bpmn:script>outcome = "expired"\nexpiry_noted = True</bpmn:script>'),
    ]
    for old, new in edits:
        assert bpmn.count(old) == 1, old
        bpmn = bpmn.replace(old, new)
    return {**files, "reference.bpmn": bpmn}


@pytest.fixture
def world(db_engine: Engine, library: SpecLibrary):  # type: ignore[no-untyped-def]
    doc = _fixture("reference_timer_armed")
    old = ModelSet("default", {k: v.encode() for k, v in doc["model_files"].items()})
    new = ModelSet("default", {k: v.encode() for k, v in _version_two(doc["model_files"]).items()})
    clock = VirtualClock(dt.datetime.fromisoformat(doc["saved_at"]))
    cases = CaseEngine(session_factory(db_engine), library, clock, all_forms())
    with cases.sessions() as session:
        session.add(ModelVersion(version=old.version, variant="default", created_at=clock.now(),
                                 files=doc["model_files"]))
        session.commit()
    return cases, clock, old, new


def _insert_case(cases: CaseEngine, fixture: str, version: str) -> int:
    doc = _fixture(fixture)
    now = dt.datetime.fromisoformat(doc["saved_at"])
    with cases.sessions() as session:
        case = Case(process_id=doc["process_id"], variant="default", model_version=version, status="running",
                    created_at=now, updated_at=now, state=json.dumps(doc["state"]),
                    serializer_version=doc["serializer_version"])
        session.add(case)
        session.flush()
        case.reference = f"ERK-2026-{case.id:06d}"
        session.commit()
        return case.id


def _armed_due(fixture: str) -> dt.datetime:
    doc = _fixture(fixture)
    model_set = ModelSet("fixture", {k: v.encode() for k, v in doc["model_files"].items()})
    workflow = Runtime(FUNCTIONS).load_state(json.dumps(doc["state"]), *model_set.spec(doc["process_id"]))
    (timer,) = Runtime.armed_timers(workflow)
    return timer.due


def _finish(cases: CaseEngine, case_id: int) -> list[str]:
    """Work the case to its end; returns the names of the tasks it met."""
    met = []
    for _ in range(10):
        view = cases.get_case(case_id)
        if view.status != "running":
            break
        if view.tasks:
            task = view.tasks[0]
            met.append(task.name)
            data = {"decide": {"outcome": "positive", "reasons": "Binnen de termijn besloten."},
                    "review": {"agree": True}}.get(task.name, {})
            cases.complete_task(case_id, task.id, data, OPERATOR)
        elif "investigation_closed" in view.waiting_messages:
            cases.deliver_message(case_id, "investigation_closed", {"closed_on": "2026-02-02", "outcome": "dismissed"},
                                  OPERATOR)
    return met


def test_cases_before_the_change_move_and_finish_through_the_added_task(world) -> None:  # type: ignore[no-untyped-def]
    cases, clock, old, new = world
    armed = _insert_case(cases, "reference_timer_armed", old.version)
    in_call = _insert_case(cases, "reference_in_call_activity", old.version)

    report = {r.case_id: r for r in migrate_cases(cases, new, OPERATOR)}

    assert report[armed].outcome == "migrated" and report[in_call].outcome == "migrated"
    assert "inform" in report[armed].added and "wait_closed" in report[armed].changed
    assert cases.get_case(armed).model_version == new.version
    assert _finish(cases, armed) == ["decide", "inform"]
    assert _finish(cases, in_call) == ["review", "decide", "inform"]
    assert cases.get_case(armed).status == cases.get_case(in_call).status == "completed"
    with cases.sessions() as session:
        migrated = list(session.scalars(select(Event).where(Event.kind == "case_migrated")))
        assert {e.case_id for e in migrated} == {armed, in_call}
        assert all(e.details["from_version"] == old.version and e.details["to_version"] == new.version
                   for e in migrated)
        assert verify_chain(session)[1] is None


def test_a_migrated_timer_keeps_its_due_moment_and_runs_the_changed_step(world) -> None:  # type: ignore[no-untyped-def]
    cases, clock, old, new = world
    armed = _insert_case(cases, "reference_timer_armed", old.version)
    armed_due = _armed_due("reference_timer_armed")
    clock.advance(dt.timedelta(days=20))  # a move weeks later must not arm the timer again from that day
    migrate_cases(cases, new, OPERATOR)
    (timer,) = [t for t in cases.get_case(armed).timers if t.status == "pending"]
    assert timer.due_at == armed_due
    clock.advance(dt.timedelta(days=200))
    assert cases.fire_due_timers() == 1
    view = cases.get_case(armed)
    assert view.status == "completed" and view.data["outcome"] == "expired" and view.data["expiry_noted"] is True


def test_a_case_standing_on_a_changed_element_is_refused_and_left_alone(world) -> None:  # type: ignore[no-untyped-def]
    cases, clock, old, new = world
    waiting = _insert_case(cases, "reference_timer_armed", old.version)
    (decide,) = cases.get_case(waiting).tasks
    cases.complete_task(waiting, decide.id, {"outcome": "negative", "reasons": "Onvoldoende signalen."}, OPERATOR)
    with cases.sessions() as session:
        state_before = session.get(Case, waiting).state  # type: ignore[union-attr]

    (result,) = migrate_cases(cases, new, OPERATOR)

    assert (result.outcome, result.element) == ("refused", "wait_closed")
    with cases.sessions() as session:
        case = session.get(Case, waiting)
        assert case is not None and case.model_version == old.version and case.state == state_before
        kinds = list(session.scalars(select(Event.kind).where(Event.case_id == waiting)))
        assert "case_migration_refused" in kinds and "case_migrated" not in kinds
    assert cases.get_case(waiting).waiting_messages == ("investigation_closed",)


def test_a_dry_run_reports_the_same_and_changes_nothing(world) -> None:  # type: ignore[no-untyped-def]
    cases, clock, old, new = world
    armed = _insert_case(cases, "reference_timer_armed", old.version)
    with cases.sessions() as session:
        before = (session.get(Case, armed).state, session.scalar(select(Event.id).order_by(Event.id.desc())))  # type: ignore[union-attr]

    (dry,) = migrate_cases(cases, new, OPERATOR, dry_run=True)

    assert dry.outcome == "migrated"
    with cases.sessions() as session:
        case = session.get(Case, armed)
        assert case is not None and case.model_version == old.version
        assert (case.state, session.scalar(select(Event.id).order_by(Event.id.desc()))) == before
        assert session.get(ModelVersion, new.version) is None
    (real,) = migrate_cases(cases, new, OPERATOR)
    assert (real.outcome, real.added, real.changed) == (dry.outcome, dry.added, dry.changed)
    (again,) = migrate_cases(cases, new, OPERATOR)
    assert again.outcome == "unchanged"


def test_a_version_is_named_by_a_unique_prefix(world) -> None:  # type: ignore[no-untyped-def]
    cases, clock, old, new = world
    assert resolve_target(cases, old.version[:10]).version == old.version
    with pytest.raises(NotFound):
        resolve_target(cases, "0123456789abcdef")
    with pytest.raises(NotFound):
        resolve_target(cases, old.version[:4])


def test_a_case_the_library_cannot_move_is_refused_and_left_alone(world, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    cases, clock, old, new = world
    armed = _insert_case(cases, "reference_timer_armed", old.version)

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise KeyError("decide")

    monkeypatch.setattr("engine.case_migration.apply_migration", broken)
    (result,) = migrate_cases(cases, new, OPERATOR)
    assert result.outcome == "refused" and "KeyError" in (result.reason or "")
    with cases.sessions() as session:
        case = session.get(Case, armed)
        assert case is not None and case.model_version == old.version
