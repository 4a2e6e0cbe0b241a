"""Timers that never stop the queue: claim, fail, retry with backoff, park as an incident.

The worker claims one due timer at a time in a short transaction that touches the timer row only
(SKIP LOCKED on PostgreSQL) and leaves a lease on it: `attempts` goes up by one and `next_attempt_at`
moves past the lease, so no other worker takes it meanwhile and a worker that dies while firing it
gives it back when the lease ends. The timer is then fired in a transaction of its own through the same
path as a user action (CaseEngine), so it takes its locks in the same order as every other writer.

A failure - any exception - is written onto the row in a third transaction: the error's class and a
short message that never carries case data, and the time of the next attempt, doubling each time. After
`max_attempts` the row is parked as an `incident` and skipped until an operator retries it. The claim
orders by the time a timer may next be tried, so a timer that keeps failing waits behind the others
instead of blocking them after every restart.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from engine.errors import ErkendError, InvalidTransition, NotFound
from engine.ports import Actor
from engine.store.db import UnitOfWork
from engine.store.event_log import append_event
from engine.store.tables import Case, Timer

# SpiffWorkflow fires a timer only once its due time lies strictly in the past.
GRACE = dt.timedelta(seconds=1)
PARKED = ("incident", "stuck")


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how soon a failed timer is tried again. Operational values, not legal ones: a
    statutory term has passed either way; this only decides how quickly its effects follow."""

    first_delay: dt.timedelta = dt.timedelta(minutes=1)
    factor: float = 2.0
    max_delay: dt.timedelta = dt.timedelta(hours=6)
    max_attempts: int = 8  # 1 + 2 + 4 + ... + 64 minutes: parked about two hours after the first failure
    lease: dt.timedelta = dt.timedelta(minutes=5)  # longer than any firing takes
    conflict_retries: int = 3  # lost races with a user on the same case, tried again at once

    def delay(self, attempts: int) -> dt.timedelta:
        return min(self.max_delay, self.first_delay * self.factor ** max(0, attempts - 1))


RETRY_POLICY = RetryPolicy()


class TimerAbandoned(ErkendError):
    """More claims than attempts allowed: earlier ones ended without a result (the worker stopped)."""

    code = "timer_abandoned"


@dataclass(frozen=True)
class ClaimedTimer:
    id: int
    attempts: int


@dataclass(frozen=True)
class TimerProblem:
    """A timer an operator should know about: parked (incident, stuck) or failing and waiting to retry."""

    id: int
    case_id: int
    case_reference: str
    name: str
    due_at: dt.datetime
    status: str
    attempts: int
    last_error_class: str | None
    last_error: str | None
    last_failed_at: dt.datetime | None
    next_attempt_at: dt.datetime | None


def claim_due_timer(sessions: sessionmaker[Session], now: dt.datetime, policy: RetryPolicy) -> ClaimedTimer | None:
    """The due timer that may be tried soonest, leased to the caller; None when nothing is due."""
    with UnitOfWork(sessions) as uow:
        session = uow.session
        query = (select(Timer)
                 .where(Timer.status == "pending", Timer.due_at <= now - GRACE,
                        or_(Timer.next_attempt_at.is_(None), Timer.next_attempt_at <= now))
                 .order_by(func.coalesce(Timer.next_attempt_at, Timer.due_at), Timer.id).limit(1))
        if session.get_bind().dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        timer = session.scalar(query)
        if timer is None:
            return None
        timer.attempts += 1
        timer.next_attempt_at = now + policy.lease
        uow.commit()
        return ClaimedTimer(timer.id, timer.attempts)


def record_failure(sessions: sessionmaker[Session], timer_id: int, error: BaseException, now: dt.datetime,
                   policy: RetryPolicy, actor: Actor) -> str | None:
    """Write the failed attempt onto the timer and into the event log; park it after the last attempt.
    Returns the timer's new status, or None when someone else settled the timer meanwhile."""
    with UnitOfWork(sessions) as uow:
        session = uow.session
        timer = session.get(Timer, timer_id)
        if timer is None or timer.status != "pending":
            return None
        error_class, message = describe_failure(error)
        parked = timer.attempts >= policy.max_attempts
        # The event first: the event log's lock is taken before the timer row is written.
        append_event(session, case_id=timer.case_id, at=now, kind="timer_incident" if parked else "timer_failed",
                     actor=actor.user, role=actor.role, purpose=actor.purpose,
                     details={"timer": timer.name, "attempt": timer.attempts, "error": error_class})
        timer.last_error_class, timer.last_error, timer.last_failed_at = error_class, message, now
        timer.status = "incident" if parked else "pending"
        timer.next_attempt_at = None if parked else now + policy.delay(timer.attempts)
        uow.commit()
        return timer.status


def describe_failure(error: BaseException) -> tuple[str, str]:
    """(class name, short message) of a failure, for the timer row. Never the exception's own text:
    that may quote case data (a script's variables, a row's values)."""
    name = type(error).__name__[:128]
    if isinstance(error, ErkendError):
        return name, f"refused by the engine ({error.code})"
    if isinstance(error, DBAPIError):
        state = getattr(error.orig, "sqlstate", None)
        lost = " - connection lost" if error.connection_invalidated else ""
        return name, f"database error {type(error.orig).__name__}" + (f" (SQLSTATE {state})" if state else "") + lost
    task_spec = getattr(error, "task_spec", None)
    if task_spec is not None:
        element = getattr(task_spec, "bpmn_id", None) or getattr(task_spec, "name", "?")
        inner = getattr(error, "error_type", None) or type(error.__cause__ or error).__name__
        return name, f"model element {element} failed ({inner})"[:256]
    return name, "unexpected error; the worker log has the trace"


def problem_timers(session: Session) -> list[TimerProblem]:
    """Parked timers, and pending ones whose last attempt failed, oldest due first."""
    failing = (Timer.status == "pending") & Timer.last_error_class.is_not(None)
    rows = session.execute(select(Timer, Case.reference).join(Case, Case.id == Timer.case_id)
                           .where(Timer.status.in_(PARKED) | failing).order_by(Timer.due_at, Timer.id))
    return [TimerProblem(t.id, t.case_id, reference or "", t.name, t.due_at, t.status, t.attempts,
                         t.last_error_class, t.last_error, t.last_failed_at, t.next_attempt_at)
            for t, reference in rows]


def retry_timer(sessions: sessionmaker[Session], timer_id: int, now: dt.datetime, actor: Actor) -> None:
    """Put a parked or failing timer back in the queue with a clean slate: the next worker pass fires
    it. The operator's decision is written to the event log."""
    with UnitOfWork(sessions) as uow:
        session = uow.session
        timer = session.get(Timer, timer_id)
        if timer is None:
            raise NotFound("no such timer")
        if timer.status not in PARKED and not (timer.status == "pending" and timer.last_error_class):
            raise InvalidTransition("only a parked or failing timer can be retried")
        append_event(session, case_id=timer.case_id, at=now, kind="timer_retried", actor=actor.user,
                     role=actor.role, purpose=actor.purpose,
                     details={"timer": timer.name, "status": timer.status, "attempts": timer.attempts})
        timer.status, timer.attempts, timer.next_attempt_at = "pending", 0, None
        timer.last_error_class = timer.last_error = timer.last_failed_at = None  # the log keeps the history
        uow.commit()
