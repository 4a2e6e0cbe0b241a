"""The timer worker's loop, which outlives the database going away.

Each pass fires the due timers (CaseEngine.fire_due_timers: a failing timer is recorded there, not
here), issues letters a crash left due (CaseEngine.recover_follow_ups), seals the event log's chains in
an anchor now and then, and writes a heartbeat row. Anything that still escapes a pass - the database unreachable, a
connection cut mid-transaction - is logged, and the loop waits longer after each failed pass (doubling up
to a ceiling) before it tries again; the connection pool checks connections before use, so the first
pass after the database returns reconnects. The heartbeat is kept in memory too, so a server that runs
the worker in a thread can say how it fares while the database cannot be asked.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
from dataclasses import dataclass
from typing import Callable, Sequence

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, sessionmaker

from engine.cases import CaseEngine
from engine.clock import Clock
from engine.store.db import UnitOfWork
from engine.store.event_log import anchor_chains
from engine.store.tables import WorkerHeartbeat
from engine.timers import describe_failure

_log = logging.getLogger(__name__)
HEARTBEATS_KEPT = dt.timedelta(days=7)


@dataclass
class Heartbeat:
    """What the loop knows about itself. `at`: the last pass, whatever its outcome; `ok_at`: the last
    pass that reached the database; `failures`: failed passes in a row."""

    at: dt.datetime | None = None
    ok_at: dt.datetime | None = None
    fired: int = 0
    failures: int = 0
    last_error_class: str | None = None


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:128]


class TimerWorker:
    def __init__(self, cases: CaseEngine, wall: Clock, interval: float = 5.0, max_backoff: float = 60.0,
                 name: str | None = None, report: Callable[[str], None] | None = None,
                 chores: Sequence[Callable[[], None]] = (),
                 anchor_every: dt.timedelta = dt.timedelta(hours=1)) -> None:
        self.cases = cases
        self.wall = wall  # heartbeats are real time, also in training mode
        self.interval = interval
        self.max_backoff = max_backoff
        self.name = name or worker_name()
        self.report = report
        self.heartbeat = Heartbeat()
        self.chores = tuple(chores)  # periodic work of the same loop (the audit checkpoint), after the timers
        # The event log's chains are sealed in an anchor this often (engine.store.event_log), so that
        # `erkend audit verify` also finds the last entries of a case removed.
        self.anchor_every = anchor_every
        self._anchored_at: dt.datetime | None = None

    def run(self, stop: threading.Event | None = None, passes: int | None = None) -> None:
        """Pass after pass until `stop` is set (or `passes` were made); never ends on an error."""
        stop = stop or threading.Event()
        done = 0
        while not stop.is_set():
            self.run_pass()
            done += 1
            if passes is not None and done >= passes:
                return
            stop.wait(self.delay())

    def delay(self) -> float:
        if not self.heartbeat.failures:
            return self.interval
        return min(self.max_backoff, self.interval * 2.0 ** (self.heartbeat.failures - 1))

    def run_pass(self) -> int:
        """Fire due timers and beat; on any error log it, count it and return 0."""
        beat = self.heartbeat
        try:
            fired = self.cases.fire_due_timers()
            self.cases.recover_follow_ups()  # letters a crash left due after their decision committed
            now = self.wall.now()
            self._anchor(now)
            write_heartbeat(self.cases.sessions, self.name, now, fired, beat.failures)
            for chore in self.chores:
                chore()
        except Exception as error:  # noqa: BLE001 - the loop outlives every error; the log has the trace
            beat.at, beat.failures = self.wall.now(), beat.failures + 1
            beat.last_error_class = describe_failure(error)[0]
            _log.warning("timer worker pass failed (%s in a row); next try in %.3g s", beat.failures, self.delay(),
                         exc_info=True)
            return 0
        if beat.failures:
            _log.warning("timer worker recovered after %s failed pass(es)", beat.failures)
        beat.at = beat.ok_at = now
        beat.fired, beat.failures, beat.last_error_class = beat.fired + fired, 0, None
        if fired and self.report:
            self.report(f"{now.isoformat(timespec='seconds')} fired {fired} timer(s)")
        return fired


    def _anchor(self, now: dt.datetime) -> None:
        if self._anchored_at is not None and now - self._anchored_at < self.anchor_every:
            return
        with UnitOfWork(self.cases.sessions) as uow:
            anchor_chains(uow.session, now)
            uow.commit()
        self._anchored_at = now


def write_heartbeat(sessions: sessionmaker[Session], name: str, now: dt.datetime, fired: int,
                    failed_before: int) -> None:
    with UnitOfWork(sessions) as uow:
        session = uow.session
        row = session.get(WorkerHeartbeat, name)
        if row is None:
            row = WorkerHeartbeat(name=name, beat_at=now, fired=0, failed=0)
            session.add(row)
            session.execute(delete(WorkerHeartbeat).where(WorkerHeartbeat.beat_at < now - HEARTBEATS_KEPT))
        row.beat_at, row.fired, row.failed = now, row.fired + fired, row.failed + failed_before
        uow.commit()


def latest_heartbeat(session: Session) -> dt.datetime | None:
    """The most recent heartbeat of any worker, in this process or another."""
    return session.scalar(select(func.max(WorkerHeartbeat.beat_at)))
