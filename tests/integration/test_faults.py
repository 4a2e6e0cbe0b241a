"""Faults as tests (issue 12, item 9), with real processes on SQLite and PostgreSQL:

- an app worker (`erkend serve`) killed with SIGKILL in the middle of a burst of completions: every
  completion it acknowledged is in the event log exactly once, no case is half-written, and the cases
  it did not acknowledge can be completed after a restart;
- the timer worker (`erkend worker`) killed with SIGKILL while it fires a queue of due timers: after a
  restart every due timer has fired exactly once;
- the database away and back (a TCP link cut under a running server): clean 503s while it is away, and
  the same server process answers again once it is back, without a restart.
Waits poll with deadlines; nothing sleeps for a fixed time to let something happen."""
from __future__ import annotations

import datetime as dt
import os
import threading
from pathlib import Path
from typing import Iterator

import pytest
from sqlalchemy import func, select

from engine.accounts import create_user
from engine.cases import CaseEngine
from engine.clock import SystemClock
from engine.legal_values import load_policy
from engine.ports import Actor
from engine.specs import SpecLibrary
from engine.store.db import READ_ONLY, UnitOfWork, make_engine, session_factory
from engine.store.migrate import upgrade
from engine.store.tables import ClockSetting, Event, OpenTask, Timer
from forms.catalogue import all_forms
from tests.pg_schema import private_schema_url, scoped_url
from tests.server_process import ErkendProcess, call, process_env, serve, status, wait_until
from tests.tcp_cut import TcpCut

SEED = Actor.system("fault-seed")
INTAKE = {"person_alias": "Testpersoon F.", "needs_review": False}


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A migrated database the subprocesses reach by URL alone: a SQLite file, or a private schema."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'faults.sqlite3'}"
        engine = make_engine(url)
        upgrade(engine)
        engine.dispose()
        yield url
        return
    server = os.environ.get("TEST_DATABASE_URL")
    if not server:
        pytest.skip("TEST_DATABASE_URL is not set")
    with private_schema_url(server, prefix="faults") as schema:
        yield scoped_url(server, schema)


def _engine(url: str, library: SpecLibrary) -> CaseEngine:
    return CaseEngine(session_factory(make_engine(url)), library, SystemClock(), all_forms(), policy_loader=load_policy)


def _token(cases: CaseEngine, username: str, role: str) -> str:
    with UnitOfWork(cases.sessions) as uow:
        _, token = create_user(uow.session, username, [role], SystemClock().now(), with_token=True)
        uow.commit()
    assert token
    return token


def _completions(cases: CaseEngine, case_id: int, task: str) -> int:
    with cases.sessions() as session:
        kinds = session.scalars(select(Event.details).where(Event.case_id == case_id,
                                                            Event.kind == "task_completed")).all()
    return sum(1 for details in kinds if details.get("task") == task)


def _assert_whole(cases: CaseEngine, case_id: int) -> None:
    """The case loads, and what the worklists show is what its state says: nothing half-written."""
    view = cases.get_case(case_id)
    with cases.sessions() as session:
        listed = sorted(session.scalars(select(OpenTask.name).where(OpenTask.case_id == case_id)))
    assert listed == sorted(t.name for t in view.tasks), case_id
    done = _completions(cases, case_id, "intake")
    assert done <= 1, case_id
    assert ("intake" in listed) == (done == 0), case_id


def test_an_app_worker_killed_mid_burst_loses_no_acknowledged_completion(
        database_url: str, tmp_path: Path, library: SpecLibrary) -> None:
    cases = _engine(database_url, library)
    token = _token(cases, "coco", "coordinator")
    started = [cases.start_case("reference_case", {}, SEED) for _ in range(40)]
    work = [(c.id, c.tasks[0].id) for c in started]
    server, base = serve(process_env(database_url, tmp_path), tmp_path)
    acknowledged: list[int] = []
    lock = threading.Lock()

    def complete(items: list[tuple[int, str]]) -> None:
        for case_id, task_id in items:
            code, _body = call("POST", f"{base}/api/v1/cases/{case_id}/tasks/{task_id}", token, {"data": INTAKE})
            if code == 200:
                with lock:
                    acknowledged.append(case_id)

    threads = [threading.Thread(target=complete, args=(work[i::8],)) for i in range(8)]
    for thread in threads:
        thread.start()
    try:
        wait_until(lambda: len(acknowledged) >= 5, 90, "five completions acknowledged")
    finally:
        server.kill9()
    for thread in threads:
        thread.join(timeout=120)
    assert 5 <= len(acknowledged) < len(work), "the kill came in the middle of the burst"
    for case_id in acknowledged:
        assert _completions(cases, case_id, "intake") == 1, case_id
    for case_id, _task in work:
        _assert_whole(cases, case_id)
    restarted, base = serve(process_env(database_url, tmp_path), tmp_path)
    try:
        for case_id, task_id in work:
            if _completions(cases, case_id, "intake") == 0:
                code, _body = call("POST", f"{base}/api/v1/cases/{case_id}/tasks/{task_id}", token, {"data": INTAKE})
                assert code == 200, (case_id, code)
    finally:
        restarted.stop()
    for case_id, _task in work:
        assert _completions(cases, case_id, "intake") == 1
        _assert_whole(cases, case_id)
    cases.sessions.kw["bind"].dispose()


def _due_timers(cases: CaseEngine, count: int) -> list[int]:
    """`count` cases past intake, each waiting on the panel with its 3-month decision deadline, and the
    shared training clock moved past every deadline."""
    ids = []
    for _ in range(count):
        case = cases.start_case("reference_case", {}, SEED)
        cases.complete_task(case.id, case.tasks[0].id, INTAKE, SEED)
        ids.append(case.id)
    _advance_training_clock(cases, dt.timedelta(days=120))
    return ids


def _advance_training_clock(cases: CaseEngine, delta: dt.timedelta) -> None:
    with UnitOfWork(cases.sessions) as uow:
        row = uow.session.get(ClockSetting, 1)
        if row is None:
            row = ClockSetting(id=1, offset_seconds=0.0)
            uow.session.add(row)
        row.offset_seconds += delta.total_seconds()
        uow.commit()


def _fired(cases: CaseEngine) -> int:
    """Read without taking SQLite's write lock (a plain BEGIN): a poll that queues for the lock behind a
    busy worker would only get its turn once the queue is done."""
    engine = cases.sessions.kw["bind"]
    with engine.connect().execution_options(**{READ_ONLY: True}) as conn:
        return conn.scalar(select(func.count()).select_from(Timer).where(Timer.status == "fired")) or 0


def test_the_timer_worker_killed_mid_queue_fires_every_due_timer_once_after_a_restart(
        database_url: str, tmp_path: Path, library: SpecLibrary) -> None:
    cases = _engine(database_url, library)
    ids = _due_timers(cases, 24)
    env = process_env(database_url, tmp_path, ERKEND_TRAINING="1")
    worker = ErkendProcess(["worker", "--interval", "0.2"], env, tmp_path / "worker-1.log")
    try:
        wait_until(lambda: _fired(cases) >= 1, 120, "the worker fires its first timer", step=0.01)
    finally:
        worker.kill9()
    assert _fired(cases) < len(ids), "the kill came in the middle of the queue"
    for case_id in ids:
        cases.get_case(case_id)  # loads: nothing half-written
    # The timer the dead worker held stays leased for a while; the training clock moves past the lease.
    _advance_training_clock(cases, dt.timedelta(minutes=10))
    again = ErkendProcess(["worker", "--interval", "0.2"], env, tmp_path / "worker-2.log")
    try:
        wait_until(lambda: _fired(cases) == len(ids), 180, "every due timer fired after the restart")
    finally:
        again.stop()
    with cases.sessions() as session:
        fired = session.scalars(select(Event.case_id).where(Event.kind == "timer_fired")).all()
        statuses = session.scalars(select(Timer.status).where(Timer.case_id.in_(ids))).all()
    assert sorted(fired) == sorted(ids), "each case's due timer fired exactly once"
    assert set(statuses) == {"fired"}
    for case_id in ids:
        assert [t.name for t in cases.get_case(case_id).tasks] != ["decide"], case_id
    cases.sessions.kw["bind"].dispose()


def test_the_database_away_and_back_gives_clean_503s_and_recovers_without_a_restart(
        tmp_path: Path, library: SpecLibrary) -> None:
    server_url = os.environ.get("TEST_DATABASE_URL")
    if not server_url:
        pytest.skip("TEST_DATABASE_URL is not set (the link to cut is a TCP link)")
    from sqlalchemy.engine import make_url

    target = make_url(server_url)
    link = TcpCut(target.host or "127.0.0.1", target.port or 5432)
    proxied = target.set(host="127.0.0.1", port=link.port).render_as_string(hide_password=False)
    server: ErkendProcess | None = None
    with private_schema_url(server_url, prefix="faults") as schema:
        url = scoped_url(proxied, schema)
        try:
            cases = _engine(url, library)
            token = _token(cases, "coco", "coordinator")
            case = cases.start_case("reference_case", {}, SEED)
            server, base = serve(process_env(url, tmp_path), tmp_path)
            assert call("GET", f"{base}/api/v1/cases/{case.id}", token)[0] == 200
            link.cut()
            wait_until(lambda: status(f"{base}/readyz") == 503, 30, "/readyz says 503 with the link cut")
            code, body = call("GET", f"{base}/api/v1/cases/{case.id}", token)
            assert code == 503 and body["error"]["code"] == "unavailable", (code, body)
            code, body = call("POST", f"{base}/api/v1/cases/{case.id}/tasks/{case.tasks[0].id}", token,
                              {"data": INTAKE})
            assert code == 503 and set(body["error"]) == {"code", "message"}, (code, body)
            link.restore()
            wait_until(lambda: status(f"{base}/readyz") == 200, 60, "/readyz recovers once the link is back")
            code, body = call("POST", f"{base}/api/v1/cases/{case.id}/tasks/{case.tasks[0].id}", token,
                              {"data": INTAKE})
            assert code == 200, (code, body)
            assert _completions(cases, case.id, "intake") == 1
            cases.sessions.kw["bind"].dispose()
        finally:
            if server is not None:
                server.stop()
            link.close()
