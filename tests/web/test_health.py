"""/healthz tells the truth about the database and the timer worker; /readyz answers 503 while either is
missing."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from engine.clock import SystemClock
from engine.store.db import make_engine
from engine.timer_worker import TimerWorker, write_heartbeat
from web import create_app

from .conftest import WebEnv

UNREACHABLE = {
    "sqlite": "sqlite:////nonexistent-erkend-dir/erkend.sqlite3",  # the file cannot be opened
    "postgres": "postgresql://postgres@127.0.0.1:1/erkend",  # nothing listens on port 1
}


def test_health_with_the_database_up_and_no_worker_configured(env: WebEnv) -> None:
    client = env.client()
    health = client.get("/healthz").json
    assert health["status"] == "ok" and health["database"] == "ok" and health["training"] is False
    assert health["worker"] == {"status": "absent", "expected": False, "last_heartbeat": None,
                                "age_seconds": None, "failed_passes_in_a_row": 0}
    assert client.get("/readyz").status_code == 200


@pytest.mark.parametrize("backend", sorted(UNREACHABLE))
def test_with_the_database_down_healthz_says_so_and_readyz_answers_503(env: WebEnv, backend: str) -> None:
    services = dataclasses.replace(env.services, db=make_engine(UNREACHABLE[backend]))
    client = create_app(services=services).test_client()
    health = client.get("/healthz")
    assert health.status_code == 200 and health.json["status"] == "degraded"
    assert health.json["database"] == "unreachable"
    ready = client.get("/readyz")
    assert ready.status_code == 503 and ready.json["database"] == "unreachable"
    services.db.dispose()


def test_readyz_wants_a_fresh_heartbeat_when_a_worker_is_configured(env: WebEnv) -> None:
    settings = dataclasses.replace(env.services.settings, expect_worker=True, worker_stale_after=60)
    client = create_app(services=dataclasses.replace(env.services, settings=settings)).test_client()
    assert client.get("/readyz").status_code == 503  # no worker has ever beaten
    wall = SystemClock()
    write_heartbeat(env.services.sessions, "other-host:1", wall.now() - dt.timedelta(minutes=5), 0, 0)
    stale = client.get("/readyz")
    assert stale.status_code == 503 and stale.json["worker"]["status"] == "stale"
    write_heartbeat(env.services.sessions, "other-host:2", wall.now(), 0, 0)
    fresh = client.get("/readyz")
    assert fresh.status_code == 200 and fresh.json["worker"]["status"] == "ok"


def test_a_worker_in_this_process_counts_and_its_memory_speaks_when_the_database_cannot(env: WebEnv) -> None:
    worker = TimerWorker(env.services.cases, SystemClock(), name="in-process")
    services = dataclasses.replace(env.services, worker=worker)
    client = create_app(services=services).test_client()
    assert client.get("/readyz").status_code == 503  # configured by running it, not beaten yet
    assert worker.run_pass() == 0
    assert client.get("/readyz").status_code == 200
    down = dataclasses.replace(services, db=make_engine(UNREACHABLE["sqlite"]))
    health = create_app(services=down).test_client().get("/healthz").json
    assert health["database"] == "unreachable" and health["worker"]["status"] == "ok"
