"""The worker loop outlives a database outage: it logs, waits longer after each failed pass, and fires
the due timers once the database is back; its heartbeat is in the database and in memory."""
from __future__ import annotations

import datetime as dt
import threading
import time
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from engine.cases import CaseEngine
from engine.clock import SystemClock
from engine.health import check_health
from engine.ports import Actor
from engine.script_env import FUNCTIONS
from engine.specs import SpecLibrary
from engine.store.db import make_engine, session_factory
from engine.store.tables import WorkerHeartbeat
from engine.timer_worker import TimerWorker
from tests.helpers import FIXTURES, forms_with_test_models
from tests.tcp_cut import TcpCut

IND = Actor("ingrid", frozenset({"ind"}), "ind", purpose="check")


class Outage:
    """A session factory that fails like an unreachable server while `down` (or for the next `calls`)."""

    def __init__(self, factory: Any) -> None:
        self.factory = factory
        self.down = False
        self.calls = 0

    def __call__(self) -> Session:
        if self.down or self.calls > 0:
            self.calls = max(0, self.calls - 1)
            raise OperationalError("connect", {}, ConnectionRefusedError("connection refused"))
        return self.factory()


def _setup(db_engine, clock):  # type: ignore[no-untyped-def]
    outage = Outage(session_factory(db_engine))
    functions = {**FUNCTIONS, "external_check": lambda reference: True}
    cases = CaseEngine(outage, SpecLibrary(FIXTURES / "models"), clock,  # type: ignore[arg-type]
                       forms_with_test_models(), functions=functions)
    case_ids = [cases.start_case("timed_check", {}, IND).id for _ in range(2)]
    clock.advance(dt.timedelta(days=3))
    return outage, cases, case_ids


def test_a_pass_during_an_outage_fails_softly_backs_off_and_the_next_one_recovers(db_engine, clock) -> None:  # type: ignore[no-untyped-def]
    outage, cases, case_ids = _setup(db_engine, clock)
    worker = TimerWorker(cases, clock, interval=5, max_backoff=60, name="w1")
    outage.down = True
    delays = []
    for _ in range(6):
        assert worker.run_pass() == 0
        delays.append(worker.delay())
    assert delays == [5, 10, 20, 40, 60, 60]
    assert worker.heartbeat.failures == 6 and worker.heartbeat.last_error_class == "OperationalError"
    assert worker.heartbeat.ok_at is None and worker.heartbeat.at is not None
    outage.down = False
    assert worker.run_pass() == 2
    assert worker.delay() == 5 and worker.heartbeat.ok_at == clock.now()
    assert all(cases.get_case(case_id).status == "completed" for case_id in case_ids)
    with outage.factory() as session:
        beat = session.get(WorkerHeartbeat, "w1")
        assert beat is not None and (beat.fired, beat.failed, beat.beat_at) == (2, 6, clock.now())


def test_the_loop_keeps_running_through_an_outage_and_fires_afterwards(db_engine, clock) -> None:  # type: ignore[no-untyped-def]
    """Any database error once killed the worker thread and left 36-hour timers pending."""
    outage, cases, case_ids = _setup(db_engine, clock)
    outage.calls = 5  # the next five connections fail: a cut of several passes
    worker = TimerWorker(cases, clock, interval=0.01, max_backoff=0.05, name="w2")
    stop = threading.Event()
    thread = threading.Thread(target=worker.run, args=(stop,), daemon=True)
    thread.start()
    try:
        _wait(lambda: worker.heartbeat.fired == 2)
        assert thread.is_alive() and worker.heartbeat.failures == 0
    finally:
        stop.set()
        thread.join(10)
    assert all(cases.get_case(case_id).status == "completed" for case_id in case_ids)


def test_a_real_network_cut_to_postgres_mid_run(db_engine, clock) -> None:  # type: ignore[no-untyped-def]
    """The worker talks to PostgreSQL through a link that is cut for a few seconds while timers fall
    due: the loop keeps going, the health check says the database is unreachable, and once the link is
    back the pool reconnects and the timers fire."""
    if db_engine.dialect.name != "postgresql":
        pytest.skip("a network cut needs a database server")
    with db_engine.connect() as conn:
        schema = conn.scalar(text("SELECT current_schema()"))
    link = TcpCut(db_engine.url.host or "127.0.0.1", db_engine.url.port or 5432)
    url = db_engine.url.set(host="127.0.0.1", port=link.port).render_as_string(hide_password=False)
    remote = make_engine(url, connect_args={"options": f"-csearch_path={schema}"})
    functions = {**FUNCTIONS, "external_check": lambda reference: True}
    cases = CaseEngine(session_factory(remote), SpecLibrary(FIXTURES / "models"), clock,
                       forms_with_test_models(), functions=functions)
    case_ids = [cases.start_case("timed_check", {}, IND).id for _ in range(2)]
    worker = TimerWorker(cases, SystemClock(), interval=0.05, max_backoff=0.4, name="w3")
    stop = threading.Event()
    thread = threading.Thread(target=worker.run, args=(stop,), daemon=True)
    thread.start()
    try:
        _wait(lambda: worker.heartbeat.ok_at is not None)
        link.cut()
        clock.advance(dt.timedelta(days=3))
        _wait(lambda: worker.heartbeat.failures >= 3)
        health = check_health(remote, SystemClock(), worker.heartbeat, True, 60)
        assert not health.database and not health.ready
        stop.wait(2)
        link.restore()
        _wait(lambda: worker.heartbeat.fired == 2)
        assert thread.is_alive() and worker.heartbeat.failures == 0
        assert check_health(remote, SystemClock(), worker.heartbeat, True, 60).ready
        assert all(cases.get_case(case_id).status == "completed" for case_id in case_ids)
    finally:
        stop.set()
        thread.join(10)
        remote.dispose()
        link.close()


def _wait(condition, seconds: float = 30) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)
