"""Is erkend alive and ready? The answer behind /healthz and /readyz, told truthfully.

The database is asked (SELECT 1); the timer worker is judged by its latest heartbeat, from the database
(any worker process) or from memory (a worker running in this process). A worker is only required when
one is configured: a server started with --with-worker, or ERKEND_EXPECT_WORKER=1 when the worker runs
as its own process.
"""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from engine.clock import Clock
from engine.timer_worker import Heartbeat, latest_heartbeat

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Health:
    database: bool
    worker_expected: bool
    heartbeat_at: dt.datetime | None
    heartbeat_age: float | None
    stale_after: float
    worker_failures: int = 0

    @property
    def worker_ok(self) -> bool:
        return self.heartbeat_age is not None and self.heartbeat_age <= self.stale_after

    @property
    def ready(self) -> bool:
        return self.database and (self.worker_ok or not self.worker_expected)

    def to_dict(self) -> dict[str, Any]:
        if self.heartbeat_at is None:
            worker = "absent"
        else:
            worker = "ok" if self.worker_ok else "stale"
        return {"status": "ok" if self.ready else "degraded",
                "database": "ok" if self.database else "unreachable",
                "worker": {"status": worker, "expected": self.worker_expected,
                           "last_heartbeat": self.heartbeat_at.isoformat(timespec="seconds")
                           if self.heartbeat_at else None,
                           "age_seconds": round(self.heartbeat_age, 1) if self.heartbeat_age is not None else None,
                           "failed_passes_in_a_row": self.worker_failures}}


def check_health(db: Engine, wall: Clock, local: Heartbeat | None, worker_expected: bool,
                 stale_after: float) -> Health:
    database, stored = _ask_database(db)
    beats = [b for b in (stored, local.ok_at if local else None) if b is not None]
    beat = max(beats) if beats else None
    age = (wall.now() - beat).total_seconds() if beat else None
    return Health(database, worker_expected, beat, age, stale_after, local.failures if local else 0)


def _ask_database(db: Engine) -> tuple[bool, dt.datetime | None]:
    try:
        with Session(db) as session:
            session.execute(text("SELECT 1"))
            try:
                return True, latest_heartbeat(session)
            except Exception:  # noqa: BLE001 - reachable, but no heartbeat to read (schema not migrated?)
                _log.warning("health check: no worker heartbeat readable", exc_info=True)
                return True, None
    except Exception:  # noqa: BLE001 - whatever the reason, the database cannot be used
        _log.warning("health check: the database does not answer", exc_info=True)
        return False, None
