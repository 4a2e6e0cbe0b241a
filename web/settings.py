"""Configuration from the environment, in one place (documented in README.md)."""
from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field

from engine.application.deps import default_database_url


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Settings:
    database_url: str = field(default_factory=default_database_url)
    secret_key: str = field(default_factory=lambda: os.environ.get("SECRET_KEY") or secrets.token_hex(32))
    training: bool = field(default_factory=lambda: _flag("ERKEND_TRAINING"))
    secure_cookies: bool = field(default_factory=lambda: not _flag("ERKEND_INSECURE_COOKIES"))
    # A timer worker runs as its own process (`erkend worker`): /readyz then requires its heartbeat.
    expect_worker: bool = field(default_factory=lambda: _flag("ERKEND_EXPECT_WORKER"))
    worker_stale_after: float = field(
        default_factory=lambda: float(os.environ.get("ERKEND_WORKER_STALE_AFTER") or 60))
    # 64 hex characters; without it, `instance/master.key` (engine.secrets_box), generated for a demo.
    master_key: str = field(default_factory=lambda: os.environ.get("ERKEND_MASTER_KEY", "").strip())
    # The browser tests start the engine's reference model from the coordinator's page; nothing else does.
    start_reference_model: bool = field(default_factory=lambda: _flag("ERKEND_START_REFERENCE_MODEL"))
    testing: bool = False
