"""Firing due timers: each claimed timer in a transaction of its own that loads and saves its case as a
user action does (the same locks in the same order); a failure is recorded, retried and in the end
parked (engine.timers), never fatal to the others."""
from __future__ import annotations

import datetime as dt
import logging
from typing import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from engine.case_store import CaseStore, Saved
from engine.case_view import CaseViews
from engine.clock import Clock, using_clock
from engine.errors import Conflict
from engine.ports import Actor
from engine.runtime import Runtime
from engine.store.db import UnitOfWork, read_session
from engine.store.event_log import append_event, lock_case
from engine.store.tables import Timer
from engine.timers import GRACE, ClaimedTimer, RetryPolicy, TimerAbandoned, claim_due_timer, record_failure
from engine.views import CaseView

TIMER_ACTOR = Actor.system("timer-worker", purpose="statutory timer")
_log = logging.getLogger(__name__)


class TimerFiring:
    """Part of `engine.cases.CaseEngine`, which provides these attributes."""

    sessions: sessionmaker[Session]
    clock: Clock
    runtime: Runtime
    store: CaseStore
    views: CaseViews
    retry: RetryPolicy
    _follow_up: Callable[[Saved, CaseView], None]

    def fire_due_timers(self, limit: int = 100) -> int:
        """Fire due timers, each in its own transaction (engine.timers), until none is due or `limit`
        claims were made. A timer that fails is recorded, retried later and in the end parked; the others
        go on. Returns the number of timers fired."""
        fired = 0
        for _ in range(limit):
            claim = claim_due_timer(self.sessions, self.clock.now(), self.retry)
            if claim is None:
                break
            try:
                fired += self._fire_claimed(claim)
            except Exception as error:  # noqa: BLE001 - any failure of one timer is recorded, never fatal
                _log.warning("timer %s failed on attempt %s", claim.id, claim.attempts, exc_info=True)
                record_failure(self.sessions, claim.id, error, self.clock.now(), self.retry, TIMER_ACTOR)
        return fired

    def _fire_claimed(self, claim: ClaimedTimer) -> int:
        """A lost race with a user on the same case (Conflict) is tried again at once, a few times."""
        races = 0
        while True:
            try:
                return self._fire_timer(claim)
            except Conflict:
                races += 1
                if races > self.retry.conflict_retries:
                    raise

    def _fire_timer(self, claim: ClaimedTimer) -> int:
        """Load and save the case as a user action does, so the locks are taken in the same order."""
        with UnitOfWork(self.sessions) as uow, using_clock(self.clock):
            session, now = uow.session, self.clock.now()
            timer = session.get(Timer, claim.id)
            if timer is None:
                return 0
            lock_case(session, timer.case_id)  # then read the row again: a user action may have moved it
            session.refresh(timer)
            if timer.status != "pending" or timer.due_at > now - GRACE:
                return 0  # fired, cancelled or armed again by a user action since the claim
            if timer.attempts > self.retry.max_attempts:
                raise TimerAbandoned("earlier attempts ended without a result")
            case, workflow = self.store.load(session, timer.case_id)
            self.runtime.advance(workflow)
            saved = self.store.save(session, case, workflow, now, TIMER_ACTOR)
            if timer.status == "pending" and timer.due_at <= now - GRACE:
                # The library did not fire a timer that is due: park it and say so in the log, so an
                # operator sees it instead of the worker retrying it forever.
                timer.status = "stuck"
                append_event(session, case_id=case.id, at=now, kind="timer_stuck", actor=TIMER_ACTOR.user,
                             role=TIMER_ACTOR.role, details={"timer": timer.name, "due_at": timer.due_at.isoformat()})
            uow.commit()
        view = self.views.without_rows(case, workflow) if saved.follow_ups else None
        self.store.keep(case, workflow)  # the workflow's last use here: the case's next step goes on with it
        if view is not None:
            self._follow_up(saved, view)
        return 1

    def next_timer_due(self) -> dt.datetime | None:
        with read_session(self.sessions) as session:
            return session.scalar(select(Timer.due_at).where(Timer.status == "pending").order_by(Timer.due_at).limit(1))
