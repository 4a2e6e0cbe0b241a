"""A timer that fails is retried with backoff and in the end parked; it never blocks the other timers,
and the worker and a user acting on the same case never deadlock."""
from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from sqlalchemy import select

from engine.cases import CaseEngine
from engine.errors import Conflict, InvalidTransition
from engine.ports import Actor
from engine.script_env import FUNCTIONS
from engine.specs import SpecLibrary
from engine.store.db import session_factory
from engine.store.tables import Timer
from engine.timers import RETRY_POLICY, problem_timers, retry_timer
from tests.helpers import FIXTURES, forms_with_test_models

IND = Actor("ingrid", frozenset({"ind"}), "ind", purpose="check")
SECRET = "BSN 123456789"  # stands for case data that must not leak into the timer row or the log


class OutsideCheck:
    """The outside register a model consults: fails for the case references in `broken`."""

    def __init__(self) -> None:
        self.broken: set[str] = set()

    def __call__(self, reference: str) -> bool:
        if reference in self.broken:
            raise RuntimeError(f"register refused {SECRET} for {reference}")
        return True


def _engine(db_engine, clock, check: OutsideCheck | None = None) -> CaseEngine:  # type: ignore[no-untyped-def]
    functions = {**FUNCTIONS, "external_check": check or OutsideCheck()}
    return CaseEngine(session_factory(db_engine), SpecLibrary(FIXTURES / "models"), clock,
                      forms_with_test_models(), functions=functions)


def _timer(cases: CaseEngine, case_id: int) -> Timer:
    with cases.sessions() as session:
        return session.scalars(select(Timer).where(Timer.case_id == case_id)).one()


def _kinds(cases: CaseEngine, case_id: int) -> list[str]:
    return [e["kind"] for e in cases.events(case_id)]


def test_a_failing_timer_backs_off_doubling_and_is_parked_while_another_fires(db_engine, clock) -> None:  # type: ignore[no-untyped-def]
    check = OutsideCheck()
    cases = _engine(db_engine, clock, check)
    broken = cases.start_case("timed_check", {}, IND)
    healthy = cases.start_case("timed_check", {}, IND)
    check.broken.add(broken.reference)
    clock.advance(dt.timedelta(days=2))

    assert cases.fire_due_timers() == 1
    assert cases.get_case(healthy.id).status == "completed"
    delays = []
    for attempt in range(1, RETRY_POLICY.max_attempts + 1):
        timer = _timer(cases, broken.id)
        assert timer.attempts == attempt and timer.last_error_class == "WorkflowTaskException"
        assert timer.last_error == "model element check failed (RuntimeError)"
        if timer.status == "incident":
            break
        delays.append(timer.next_attempt_at - timer.last_failed_at)
        assert cases.fire_due_timers() == 0  # not before its next attempt time
        clock.set(timer.next_attempt_at)
        assert cases.fire_due_timers() == 0
    minutes = [int(d.total_seconds() // 60) for d in delays]
    assert minutes == [1, 2, 4, 8, 16, 32, 64]
    assert timer.status == "incident" and timer.next_attempt_at is None
    clock.advance(dt.timedelta(days=30))
    assert cases.fire_due_timers() == 0 and _timer(cases, broken.id).attempts == RETRY_POLICY.max_attempts
    kinds = _kinds(cases, broken.id)
    assert kinds.count("timer_failed") == RETRY_POLICY.max_attempts - 1 and kinds.count("timer_incident") == 1
    logged = [e["details"] for e in cases.events(broken.id) if e["kind"].startswith("timer_")]
    assert logged[-1] == {"timer": "Check day", "attempt": 8, "error": "WorkflowTaskException"}
    assert SECRET not in repr(logged) and SECRET not in repr(vars(timer))


def test_an_overdue_queue_behind_a_broken_timer_drains(db_engine, clock) -> None:  # type: ignore[no-untyped-def]
    """The broken timer is the oldest due; each pass claims one timer (a worker restarting after every
    timer); the broken one goes to the back of the queue and every other timer fires."""
    check = OutsideCheck()
    cases = _engine(db_engine, clock, check)
    broken = cases.start_case("timed_check", {}, IND)
    check.broken.add(broken.reference)
    clock.advance(dt.timedelta(minutes=10))
    waiting = [cases.start_case("timed_check", {}, IND).id for _ in range(6)]
    clock.advance(dt.timedelta(days=3))
    fired = [cases.fire_due_timers(limit=1) for _ in range(7)]
    assert fired == [0, 1, 1, 1, 1, 1, 1]
    assert all(cases.get_case(case_id).status == "completed" for case_id in waiting)
    assert _timer(cases, broken.id).status == "pending" and _timer(cases, broken.id).attempts == 1


def test_a_timer_that_recovers_fires_and_a_retried_incident_fires(db_engine, clock) -> None:  # type: ignore[no-untyped-def]
    check = OutsideCheck()
    cases = _engine(db_engine, clock, check)
    case = cases.start_case("timed_check", {}, IND)
    check.broken.add(case.reference)
    clock.advance(dt.timedelta(days=2))
    for _ in range(RETRY_POLICY.max_attempts):
        cases.fire_due_timers()
        clock.advance(dt.timedelta(hours=3))
    with cases.sessions() as session:
        (problem,) = problem_timers(session)
    assert problem.status == "incident" and problem.case_reference == case.reference
    check.broken.clear()
    assert cases.fire_due_timers() == 0  # parked: the worker leaves it alone
    admin = Actor("ada", frozenset({"admin"}), "admin", purpose="timer incident")
    retry_timer(cases.sessions, problem.id, clock.now(), admin)
    assert cases.fire_due_timers() == 1
    assert cases.get_case(case.id).status == "completed"
    retried = [e for e in cases.events(case.id) if e["kind"] == "timer_retried"]
    assert retried[0]["actor"] == "ada" and retried[0]["details"]["status"] == "incident"
    with pytest.raises(InvalidTransition):
        retry_timer(cases.sessions, problem.id, clock.now(), admin)


def test_a_worker_that_died_while_firing_gives_the_timer_back_and_it_is_parked_in_the_end(db_engine, clock) -> None:  # type: ignore[no-untyped-def]
    """A claim whose worker stops before any result is tried again once its lease ends; a timer that
    keeps killing its worker is parked like one that keeps failing."""
    from engine.timers import claim_due_timer

    cases = _engine(db_engine, clock)
    case = cases.start_case("timed_check", {}, IND)
    clock.advance(dt.timedelta(days=2))
    for _ in range(RETRY_POLICY.max_attempts):
        assert claim_due_timer(cases.sessions, clock.now(), RETRY_POLICY) is not None  # ... and the worker dies
        assert claim_due_timer(cases.sessions, clock.now(), RETRY_POLICY) is None  # leased
        clock.advance(RETRY_POLICY.lease)
    assert cases.fire_due_timers() == 0
    timer = _timer(cases, case.id)
    assert timer.status == "incident" and timer.last_error_class == "TimerAbandoned"


def test_the_worker_and_a_user_on_one_case_never_deadlock(db_engine, clock) -> None:  # type: ignore[no-untyped-def]
    """The worker fires an hourly timer while a user completes a task of the same case, thirty times,
    started together. Each side may lose the race (Conflict, or a task already gone) but no database
    error escapes and every timer fires exactly once."""
    if db_engine.dialect.name != "postgresql":
        pytest.skip("per-case row locks exist on PostgreSQL only")
    worker, user = _engine(db_engine, clock), _engine(db_engine, clock)
    case_id = user.start_case("noted_reminders", {"rounds": 1000}, IND).id
    escaped: list[BaseException] = []
    rounds = 30

    def run(barrier: threading.Barrier, act: Any) -> None:
        barrier.wait()
        try:
            act()
        except (Conflict, InvalidTransition):
            pass
        except BaseException as error:  # noqa: BLE001 - what escapes is what the test inspects
            escaped.append(error)

    def note() -> None:
        (task,) = user.get_case(case_id).tasks
        user.complete_task(case_id, task.id, {"renewed": True}, IND)

    for _ in range(rounds):
        clock.advance(dt.timedelta(hours=1, minutes=1))
        barrier = threading.Barrier(2, timeout=10)
        threads = [threading.Thread(target=run, args=(barrier, worker.fire_due_timers)),
                   threading.Thread(target=run, args=(barrier, note))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        worker.fire_due_timers()  # a timer the user's conflict left behind
    assert escaped == []
    assert _kinds(worker, case_id).count("timer_fired") == rounds
    assert "timer_failed" not in _kinds(worker, case_id)
