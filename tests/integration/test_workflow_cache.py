"""Steps that go on with the workflow their case's last step kept (engine.workflow_cache): they save and
do exactly what steps that deserialize the stored state do; a case stepped elsewhere in between, or a
step that failed, makes the next step deserialize."""
from __future__ import annotations

import datetime as dt
import re
import threading
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select

from engine.cases import CaseEngine
from engine.clock import VirtualClock
from engine.errors import Conflict, InvalidTransition, ValidationFailed
from engine.legal_values import load_policy
from engine.ports import Actor
from engine.specs import SpecLibrary
from engine.store.db import make_engine, read_session, session_factory
from engine.store.migrate import upgrade
from engine.store.tables import Case, Event, OpenTask, Timer
from engine.workflow_cache import CaseRow, WorkflowCache
from forms.catalogue import all_forms
from tests.processes import test_side_by_side

INTAKE = {"person_alias": "Fictief F.", "needs_review": False}
DECISION = {"outcome": "positive", "reasons": "Meerdere sterke indicatoren."}
ACTOR = Actor("tester", frozenset({"coordinator", "panel"}), "panel")
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
STATE_CHANGE = re.compile(r'"last_state_change":[-+.e0-9]+')


def _engine(engine: Engine, library: SpecLibrary, clock: VirtualClock, size: int) -> CaseEngine:
    cases = CaseEngine(session_factory(engine), library, clock, all_forms(), policy_loader=load_policy)
    cases.store.workflows = WorkflowCache(size=size, verify=True)
    return cases


def _stored_state(cases: CaseEngine, case_id: int) -> str:
    with read_session(cases.sessions) as session:
        return session.scalars(select(Case.state).where(Case.id == case_id)).one()


def _normalised(state: str) -> str:
    """Task ids are random and state changes carry the wall time: each id becomes its order of first
    appearance, and the wall times go."""
    ids: dict[str, str] = {}
    state = STATE_CHANGE.sub('"last_state_change":0', state)
    return UUID.sub(lambda m: ids.setdefault(m.group(0), f"task-{len(ids)}"), state)


def _record(engine: Engine) -> tuple[str, list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    with read_session(session_factory(engine)) as session:
        state = session.scalars(select(Case.state).order_by(Case.id.desc())).first()
        events = [tuple(r) for r in session.execute(select(Event.at, Event.kind, Event.role).order_by(Event.id))]
        timers = [tuple(r) for r in session.execute(select(Timer.name, Timer.due_at, Timer.status, Timer.fired_at)
                                                    .order_by(Timer.id))]
    assert state is not None
    return _normalised(state), events, timers


def test_a_procedure_run_on_kept_workflows_saves_what_one_run_on_stored_states_saves(
        tmp_path: Path, library: SpecLibrary) -> None:
    """The same scenario (procedures side by side, timers, messages, letters) on two databases: once with
    every step going on with the kept workflow, once with every step deserializing. Same states after
    the last step, same events at the same moments, same timers."""
    runs = []
    for size in (64, 0):
        engine = make_engine(f"sqlite:///{tmp_path / f'cache-{size}.sqlite3'}")
        upgrade(engine)
        clock = VirtualClock(dt.datetime(2026, 1, 5, 8, 0, tzinfo=dt.timezone.utc))
        cases = _engine(engine, library, clock, size)
        test_side_by_side.test_reflection_period_of_a_minor_runs_from_the_indication_not_from_the_late_guardian(
            cases, clock)
        runs.append((_record(engine), cases.store.workflows.hits))
        engine.dispose()
    (kept, hits), (stored, no_hits) = runs
    assert hits >= 5 and no_hits == 0, "the first run went on with kept workflows, the second never did"
    assert kept == stored


def test_a_case_stepped_by_another_process_is_read_from_its_stored_state(
        db_engine: Engine, library: SpecLibrary, clock: VirtualClock) -> None:
    here, elsewhere = _engine(db_engine, library, clock, 8), _engine(db_engine, library, clock, 8)
    case = here.start_case("reference_case", {}, ACTOR)
    case = elsewhere.complete_task(case.id, case.tasks[0].id, INTAKE, ACTOR)  # `here` still keeps the start
    assert len(here.store.workflows) == 1
    case = here.complete_task(case.id, case.tasks[0].id, DECISION, ACTOR)
    assert (here.store.workflows.hits, here.store.workflows.misses) == (0, 1)
    assert [t.name for t in case.tasks] == [] and "investigation_closed" in case.waiting_messages
    assert _stored_state(here, case.id) != ""  # saved, and kept again for the next step here
    here.deliver_message(case.id, "investigation_closed", {"closed_on": "2026-01-05", "outcome": "dismissed"}, ACTOR)
    assert here.store.workflows.hits == 1


def test_a_step_that_fails_keeps_nothing(db_engine: Engine, library: SpecLibrary, clock: VirtualClock) -> None:
    """A refused form may already have changed the workflow it was checked against: the next step reads
    the stored state."""
    cases = _engine(db_engine, library, clock, 8)
    case = cases.start_case("reference_case", {}, ACTOR)
    with pytest.raises(ValidationFailed):
        cases.complete_task(case.id, case.tasks[0].id, {"needs_review": "niet waar"}, ACTOR)
    assert len(cases.store.workflows) == 0
    case = cases.complete_task(case.id, case.tasks[0].id, INTAKE, ACTOR)
    assert (cases.store.workflows.hits, cases.store.workflows.misses) == (1, 1)
    assert [t.name for t in case.tasks] == ["decide"]


def test_a_fired_timer_keeps_the_workflow_it_saved(db_engine: Engine, library: SpecLibrary,
                                                  clock: VirtualClock) -> None:
    """The timer worker steps a case as a user does: the case's next step goes on with what it saved."""
    cases = _engine(db_engine, library, clock, 8)
    case = cases.start_case("reference_case", {}, ACTOR)
    case = cases.complete_task(case.id, case.tasks[0].id, INTAKE, ACTOR)  # arms the decision's term
    clock.advance(dt.timedelta(days=400))
    assert cases.fire_due_timers() >= 1
    with read_session(cases.sessions) as session:
        row = session.scalars(select(Case).where(Case.id == case.id)).one()
        stored = CaseRow(row.id, row.row_version, row.state, row.process_id, row.model_version, row.legal_values)
    assert cases.store.workflows.take(stored, cases.runtime.dump_state) is not None  # verified against the row


def test_sub_processes_are_saved_in_the_order_loading_gives_them(sqlite_engine: Engine, library: SpecLibrary,
                                                                  clock: VirtualClock) -> None:
    """The library's engine steps take sub-processes of one depth in the order the workflow holds them;
    `settle` puts them in the order a load gives, so a kept workflow and a loaded one step alike."""
    cases = _engine(sqlite_engine, library, clock, 0)
    test_side_by_side.test_reflection_period_of_a_minor_runs_from_the_indication_not_from_the_late_guardian(
        cases, clock)
    with read_session(cases.sessions) as session:
        row = session.scalars(select(Case).order_by(Case.id.desc())).first()
        assert row is not None
        top, subs = cases.model_set(row.model_version).spec(row.process_id)
        state, legal_values = row.state, row.legal_values
    loaded = cases.runtime.load_state(state, top, subs, legal_values)
    order = list(loaded.subprocesses)
    assert len(order) >= 2, "the scenario runs procedures side by side"
    reversed_order = dict(reversed(list(loaded.subprocesses.items())))
    loaded.subprocesses.clear()
    loaded.subprocesses.update(reversed_order)
    cases.runtime.settle(loaded)
    assert list(loaded.subprocesses) == order
    assert cases.runtime.dump_state(loaded) == state  # saved settled: a load changes nothing


def test_threads_of_one_process_share_the_kept_workflows_safely(db_engine: Engine, library: SpecLibrary,
                                                               clock: VirtualClock) -> None:
    """Server threads stepping their own cases, and two racing on the same task: each case's workflow
    is handed to one step at a time, the race has one winner, and every hit is verified against the
    stored state."""
    cases = _engine(db_engine, library, clock, 8)
    own = [cases.start_case("reference_case", {}, ACTOR) for _ in range(4)]
    shared = cases.complete_task(own[0].id, own[0].tasks[0].id, INTAKE, ACTOR)
    outcomes: dict[str, object] = {}

    def step(name: str, action: Any) -> None:
        try:
            outcomes[name] = action()
        except Exception as error:  # noqa: BLE001 - the outcome is what the test inspects
            outcomes[name] = error

    jobs = {f"own-{i}": (lambda c=c: cases.complete_task(c.id, c.tasks[0].id, INTAKE, ACTOR)) for i, c in
            enumerate(own[1:])}
    jobs.update({f"race-{i}": (lambda: cases.complete_task(shared.id, shared.tasks[0].id, DECISION, ACTOR))
                 for i in range(2)})
    threads = [threading.Thread(target=step, args=(name, action)) for name, action in jobs.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert all(not isinstance(outcomes[f"own-{i}"], Exception) for i in range(3)), outcomes
    raced = [outcomes["race-0"], outcomes["race-1"]]
    assert sum(not isinstance(o, Exception) for o in raced) == 1, raced
    assert all(isinstance(o, (InvalidTransition, Conflict)) for o in raced if isinstance(o, Exception)), raced
    # Every case's next step goes on from what is stored, kept or not.
    for view in own[1:]:
        after = cases.complete_task(view.id, _open_task(cases, view.id), DECISION, ACTOR)
        assert "investigation_closed" in after.waiting_messages


def _open_task(cases: CaseEngine, case_id: int) -> str:
    with read_session(cases.sessions) as session:
        return session.scalars(select(OpenTask.task_id).where(OpenTask.case_id == case_id)).one()
