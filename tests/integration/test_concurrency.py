"""Two writers on one case, and several timer workers side by side: nothing lost, nothing done twice."""
from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
from sqlalchemy import func, select

from engine.cases import CaseEngine
from engine.clock import using_clock
from engine.errors import Conflict, InvalidTransition
from engine.ports import Actor
from engine.runtime import Runtime
from engine.specs import SpecLibrary
from engine.store.db import UnitOfWork, session_factory
from engine.store.tables import Event
from forms.catalogue import all_forms

DECISIONS = [{"outcome": "positive", "reasons": "Eerste panellid: positief."},
             {"outcome": "negative", "reasons": "Tweede panellid: negatief."}]


def _engine(db_engine, clock) -> CaseEngine:  # type: ignore[no-untyped-def]
    return CaseEngine(session_factory(db_engine), SpecLibrary(), clock, all_forms())


def _decision_case(cases: CaseEngine, coordinator: Actor):  # type: ignore[no-untyped-def]
    case = cases.start_case("reference_case", {}, coordinator)
    return cases.complete_task(case.id, case.tasks[0].id, {"person_alias": "Fictief F.", "needs_review": False},
                               coordinator)


def _race(engines, case, panel, monkeypatch, rendezvous: bool):  # type: ignore[no-untyped-def]
    if rendezvous:
        # Both writers have loaded the same version before either saves: the real lost-update race.
        barrier = threading.Barrier(2, timeout=10)
        original = Runtime.complete_task

        def complete_after_both_loaded(self, workflow, task_id, data):  # type: ignore[no-untyped-def]
            barrier.wait()
            return original(self, workflow, task_id, data)

        monkeypatch.setattr(Runtime, "complete_task", complete_after_both_loaded)
    return _both_write(engines, case, panel)


def _both_write(engines, case, panel, before=lambda index: None) -> list[object]:  # type: ignore[no-untyped-def]
    """Each engine completes the case's task in a thread of its own (`before(index)` first); the outcome
    of each, a view or the error it raised."""
    outcomes: list[object] = [None, None]

    def writer(index: int) -> None:
        before(index)
        try:
            outcomes[index] = engines[index].complete_task(case.id, case.tasks[0].id, DECISIONS[index], panel)
        except Exception as error:  # noqa: BLE001 - the outcome is what the test inspects
            outcomes[index] = error

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return outcomes


def test_two_writers_on_postgres_exactly_one_wins(db_engine, clock, coordinator, panel, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A step reads the case with its lock: the second writer waits at its read until the first committed,
    then reads the decision taken and finds the task no longer ready. Nothing of it is saved."""
    if db_engine.dialect.name != "postgresql":
        pytest.skip("row-level race needs PostgreSQL; SQLite serialises writers (next test)")
    engines = [_engine(db_engine, clock), _engine(db_engine, clock)]
    case = _decision_case(engines[0], coordinator)
    first_holds_the_case, second_started = threading.Event(), threading.Event()
    original = Runtime.complete_task
    calls: list[str] = []

    def complete_holding_the_lock(self, workflow, task_id, data):  # type: ignore[no-untyped-def]
        calls.append(data["reasons"])
        if len(calls) == 1:
            first_holds_the_case.set()
            second_started.wait(10)
            time.sleep(0.3)  # the second writer is now waiting for the case's lock
        return original(self, workflow, task_id, data)

    monkeypatch.setattr(Runtime, "complete_task", complete_holding_the_lock)

    def second_waits_for_the_first(index: int) -> None:
        if index == 1:
            first_holds_the_case.wait(10)
            second_started.set()

    winner, loser = _both_write(engines, case, panel, second_waits_for_the_first)
    assert not isinstance(winner, Exception) and isinstance(loser, InvalidTransition)
    assert calls == [DECISIONS[0]["reasons"]], "the second writer read the case only after the first committed"
    final = engines[0].get_case(case.id)
    assert final.data["reasons"] == DECISIONS[0]["reasons"]
    kinds = [e["kind"] for e in engines[0].events(case.id)]
    assert kinds.count("decision_taken") == 1


def test_a_writer_holding_an_older_version_gets_conflict(db_engine, clock, coordinator, panel) -> None:  # type: ignore[no-untyped-def]
    """The page's version guards against a lost update across requests: a form sent against the version
    it was shown on is refused once someone else changed the case."""
    cases = _engine(db_engine, clock)
    case = _decision_case(cases, coordinator)
    cases.get_case(case.id, coordinator)  # a read changes nothing
    cases.complete_task(case.id, case.tasks[0].id, DECISIONS[0], panel, expected_version=case.version)
    with pytest.raises(Conflict):
        cases.complete_task(case.id, case.tasks[0].id, DECISIONS[1], panel, expected_version=case.version)


def test_two_writers_on_sqlite_exactly_one_wins(sqlite_engine, clock, coordinator, panel, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    engines = [_engine(sqlite_engine, clock), _engine(sqlite_engine, clock)]
    case = _decision_case(engines[0], coordinator)
    outcomes = _race(engines, case, panel, monkeypatch, rendezvous=False)
    losers = [o for o in outcomes if isinstance(o, Exception)]
    assert len(losers) == 1 and isinstance(losers[0], (Conflict, InvalidTransition))
    assert [e["kind"] for e in engines[0].events(case.id)].count("decision_taken") == 1


def test_two_workers_fire_each_timer_exactly_once(db_engine, clock, coordinator) -> None:  # type: ignore[no-untyped-def]
    """Twelve cases wait on a P3M decision term; the clock moves past it; two workers race to fire."""
    setup = _engine(db_engine, clock)
    case_ids = [_decision_case(setup, coordinator).id for _ in range(12)]
    clock.advance(dt.timedelta(days=100))
    workers = [_engine(db_engine, clock), _engine(db_engine, clock)]
    fired = [0, 0]
    errors: list[BaseException] = []

    def work(index: int) -> None:
        try:
            while True:
                try:
                    count = workers[index].fire_due_timers(limit=3)
                except Conflict:
                    continue
                fired[index] += count
                if count == 0:
                    return
        except BaseException as error:  # noqa: BLE001
            errors.append(error)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors
    assert sum(fired) == 12
    with setup.sessions() as session:
        timer_events = session.scalar(select(func.count()).select_from(Event).where(Event.kind == "timer_fired"))
    assert timer_events == 12
    assert all(setup.get_case(case_id).status == "completed" for case_id in case_ids)


def test_a_deadlock_or_serialization_failure_reaches_the_caller_as_conflict(db_engine) -> None:  # type: ignore[no-untyped-def]
    """Two transactions lock two rows in opposite order; PostgreSQL aborts one (SQLSTATE 40P01), and the
    unit of work turns that into Conflict (409, try again) instead of a raw database error."""
    from sqlalchemy import update
    from sqlalchemy.exc import OperationalError

    from engine.store.db import UnitOfWork
    from engine.store.tables import WorkerHeartbeat

    sessions = session_factory(db_engine)

    class SerializationFailure(Exception):
        sqlstate = "40001"

    with pytest.raises(Conflict):
        with UnitOfWork(sessions):
            raise OperationalError("UPDATE", {}, SerializationFailure("could not serialize access"))
    if db_engine.dialect.name != "postgresql":
        return
    now = dt.datetime(2026, 1, 5, tzinfo=dt.timezone.utc)
    with UnitOfWork(sessions) as uow:
        uow.session.add_all([WorkerHeartbeat(name=n, beat_at=now, fired=0, failed=0) for n in "ab"])
        uow.commit()
    barrier = threading.Barrier(2, timeout=10)
    outcomes: list[BaseException | None] = [None, None]

    def lock(index: int, first: str, second: str) -> None:
        try:
            with UnitOfWork(sessions) as uow:
                for name in (first, second):
                    uow.session.execute(update(WorkerHeartbeat).where(WorkerHeartbeat.name == name)
                                        .values(fired=WorkerHeartbeat.fired + 1))
                    if name == first:
                        barrier.wait()
                uow.commit()
        except BaseException as error:  # noqa: BLE001 - the outcome is what the test inspects
            outcomes[index] = error

    threads = [threading.Thread(target=lock, args=(0, "a", "b")), threading.Thread(target=lock, args=(1, "b", "a"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    failed = [o for o in outcomes if o is not None]
    assert len(failed) == 1 and isinstance(failed[0], Conflict)
    assert getattr(failed[0].__cause__.orig, "sqlstate", None) == "40P01"  # type: ignore[union-attr]


def test_a_step_that_waited_for_the_case_works_on_the_timer_rows_the_first_writer_committed(
        db_engine, clock, coordinator) -> None:  # type: ignore[no-untyped-def]
    """PostgreSQL: a step reads the case with its lock and the timer rows in the same statement. When
    that read waits for another writer, the lock hands back the row the other committed while the
    joined timer rows are those of the snapshot taken before the wait; they are read again."""
    if db_engine.dialect.name != "postgresql":
        pytest.skip("SQLite writers take the write lock before they read")
    cases = _engine(db_engine, clock)
    case = cases.start_case("reference_case", {}, coordinator)
    seen: list[list[str]] = []

    def second_writer() -> None:
        with UnitOfWork(cases.sessions) as uow:
            loaded, _ = cases.store.load(uow.session, case.id)
            seen.append(sorted(t.name for t in loaded.timers))

    with UnitOfWork(cases.sessions) as first, using_clock(clock):  # the intake arms a timer
        loaded, workflow = cases.store.load(first.session, case.id)
        cases._complete(workflow, case.tasks[0].id, {"person_alias": "Fictief F.", "needs_review": False},
                        coordinator)
        cases.store.save(first.session, loaded, workflow, clock.now(), coordinator)
        armed = sorted(t.name for t in cases.runtime.armed_timers(workflow))
        thread = threading.Thread(target=second_writer)
        thread.start()
        thread.join(1.0)
        assert thread.is_alive(), "the second writer waits for the case's lock"
        first.commit()
    thread.join(20)
    assert armed and seen == [armed]
