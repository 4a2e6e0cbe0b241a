"""What every use case needs, wired once by the composition root (web/services.py, the CLI)."""
from __future__ import annotations

from typing import Protocol

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from engine.cases import CaseEngine
from engine.clock import Clock
from engine.ports import FormRegistry
from engine.secrets_box import SecretBox
from engine.specs import SpecLibrary
from engine.store.db import default_database_url, make_engine, session_factory
from engine.store.training_clock import StoredOffsetClock

# The handles the composition root keeps: opaque to the web layer, which only passes them back in.
Database = Engine
Sessions = sessionmaker[Session]
__all__ = ["Database", "Deps", "Sessions", "default_database_url", "open_database", "training_clock"]


class Deps(Protocol):
    """The services a use case may call. web.services.Services satisfies it."""

    db: Database
    sessions: Sessions
    library: SpecLibrary
    forms: FormRegistry
    clock: Clock
    cases: CaseEngine
    box: SecretBox  # TOTP secrets at rest, audit checkpoint signatures (engine.secrets_box)
    wall: Clock  # real time, also in training mode: sessions, tokens, the login limit, checkpoints


def open_database(url: str) -> tuple[Database, Sessions]:
    db = make_engine(url)
    return db, session_factory(db)


def training_clock(db: Database) -> Clock:
    """Training mode's clock: real time plus an offset shared through the database."""
    return StoredOffsetClock(db)
