"""The database as the operator handles it: bring the schema up to date, verify the event log and its
signed checkpoints (engine.audit_checkpoint), sign the log's head, seal its chains in an anchor."""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Callable

from engine.application.deps import Deps
from engine.audit_checkpoint import (
    Checkpointer,
    checkpoint_faults,
    newest_checkpoint,
    receipt,
    receipt_faults,
    write_checkpoint,
)
from engine.store.db import UnitOfWork, read_session
from engine.store.event_log import anchor_chains, verify_chain
from engine.store.migrate import upgrade


@dataclass(frozen=True)
class Anchored:
    id: int
    chains: int  # how many chains' heads the anchor seals


def upgrade_schema(deps: Deps) -> str:
    """Apply every pending migration; returns where the database is (without its password)."""
    upgrade(deps.db)
    return deps.db.url.render_as_string(hide_password=True)


def verify_log(deps: Deps) -> tuple[int, int | None]:
    """(entries checked, the first broken entry or None) of the event log's hash chain."""
    with read_session(deps.sessions) as session:
        return verify_chain(session)


@dataclass(frozen=True)
class Checkpoint:
    event_id: int
    event_hash: str
    at: dt.datetime


@dataclass(frozen=True)
class LogVerdict:
    entries: int
    broken: int | None  # the first broken entry of the hash chain
    faults: list[str]  # every checkpoint the log no longer agrees with, in words
    newest: Checkpoint | None


def verify_log_and_checkpoints(deps: Deps) -> LogVerdict:
    """The hash chain and every signed checkpoint, read in one transaction."""
    with read_session(deps.sessions) as session:
        count, broken = verify_chain(session)
        faults = checkpoint_faults(session, deps.box)
        newest = newest_checkpoint(session)
        seen = Checkpoint(newest.event_id, newest.event_hash, newest.at) if newest is not None else None
    return LogVerdict(count, broken, faults, seen)


def sign_log_head(deps: Deps) -> int | None:
    """Sign the event log's current head now; the entry signed, or None when there is nothing new."""
    with UnitOfWork(deps.sessions) as uow:
        checkpoint = write_checkpoint(uow.session, deps.box, deps.wall.now())
        event_id = checkpoint.event_id if checkpoint is not None else None
        uow.commit()
    return event_id


def log_receipt(deps: Deps) -> dict[str, Any] | None:
    """Sign the log's head if it moved, and give the newest checkpoint as a receipt to keep elsewhere
    (None while the log is empty)."""
    with UnitOfWork(deps.sessions) as uow:
        write_checkpoint(uow.session, deps.box, deps.wall.now())
        newest = newest_checkpoint(uow.session)
        kept = receipt(newest) if newest is not None else None
        uow.commit()
    return kept


def verify_against(deps: Deps, receipts: list[tuple[str, Mapping[str, Any]]]) -> list[str]:
    """Every receipt kept elsewhere that the log no longer agrees with, in words; (label, receipt) pairs."""
    with read_session(deps.sessions) as session:
        return [fault for label, kept in receipts for fault in receipt_faults(session, deps.box, kept, label)]


def checkpoint_chore(deps: Deps) -> Callable[[], None]:
    """The timer worker's chore: a signed checkpoint whenever the newest is a minute old (real time)."""
    return Checkpointer(deps.sessions, deps.box, deps.wall)


def anchor_log(deps: Deps, at: dt.datetime) -> Anchored:
    """Seal the head of every case's chain in a new anchor (the timer worker does so hourly)."""
    with UnitOfWork(deps.sessions) as uow:
        anchor = anchor_chains(uow.session, at)
        uow.commit()
    return Anchored(anchor.id, len(anchor.heads))
