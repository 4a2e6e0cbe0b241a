"""Signed checkpoints of the event log's head, so that removing the newest entries is detected.

The hash chain (engine.store.event_log) shows an edit or a removal in the middle: every later entry stops
matching. Removing the newest entries leaves a shorter chain that is intact. A checkpoint records the
head - entry id, its hash, the number of entries - signed with a key derived from the master key, which
is not in the database: whoever can delete rows cannot sign a checkpoint that agrees with the shorter
chain. The timer worker writes one periodically; `erkend audit verify` checks every checkpoint.

Checkpoints in the database cannot show entries removed together with every checkpoint after them. So a
checkpoint can leave the installation as a *receipt* (`erkend audit receipt`: one JSON line, signed, to
be appended to a file kept elsewhere), and `erkend audit verify --against FILE` checks the log against
every receipt in that file: the newest entries removed with their checkpoints are then found as long as a
receipt names one of them. What still cannot be shown: entries newer than the newest receipt kept
elsewhere."""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from engine.clock import Clock
from engine.secrets_box import SecretBox
from engine.store.db import UnitOfWork
from engine.store.event_log import lock_case
from engine.store.tables import AuditCheckpoint, Event

EVERY = dt.timedelta(minutes=1)


def _message(checkpoint: AuditCheckpoint) -> str:
    at = checkpoint.at.astimezone(dt.timezone.utc).isoformat()
    return f"erkend-checkpoint|{checkpoint.event_id}|{checkpoint.event_hash}|{checkpoint.entries}|{at}"


def write_checkpoint(session: Session, box: SecretBox, now: dt.datetime) -> AuditCheckpoint | None:
    """Sign the current head; None when the log is empty or the newest checkpoint already names it."""
    # the case-less chain's lock: two checkpoints never sign at once. Writers of cases go on, so an entry
    # with a lower id may still commit after this count: verification only flags fewer entries than signed.
    lock_case(session, None)
    head = session.execute(select(Event.id, Event.hash).order_by(Event.id.desc()).limit(1)).first()
    if head is None or head.id == session.scalar(select(func.max(AuditCheckpoint.event_id))):
        return None
    entries = session.scalar(select(func.count()).select_from(Event).where(Event.id <= head.id)) or 0
    checkpoint = AuditCheckpoint(event_id=head.id, event_hash=head.hash, entries=entries, at=now, signature="")
    checkpoint.signature = box.sign(_message(checkpoint))
    session.add(checkpoint)
    return checkpoint


def checkpoint_faults(session: Session, box: SecretBox) -> list[str]:
    """Every checkpoint the log no longer agrees with, in words (empty: all hold)."""
    faults = []
    for checkpoint in session.scalars(select(AuditCheckpoint).order_by(AuditCheckpoint.id)):
        fault = _fault(session, box, checkpoint)
        if fault:
            faults.append(f"checkpoint {checkpoint.id}: {fault}")
    return faults


def _fault(session: Session, box: SecretBox, checkpoint: AuditCheckpoint) -> str | None:
    if not box.signature_ok(_message(checkpoint), checkpoint.signature):
        return "signature does not match (edited or forged)"
    stored = session.scalar(select(Event.hash).where(Event.id == checkpoint.event_id))
    entries = session.scalar(select(func.count()).select_from(Event).where(Event.id <= checkpoint.event_id)) or 0
    if stored is None:
        return f"entry {checkpoint.event_id} is missing (the newest entries were removed)"
    if stored != checkpoint.event_hash:
        return f"entry {checkpoint.event_id} differs from the signed hash"
    if entries < checkpoint.entries:
        return f"{entries} entries up to {checkpoint.event_id}, signed {checkpoint.entries}"
    return None


RECEIPT_FIELDS = ("event_id", "event_hash", "entries", "at", "signature")


def receipt(checkpoint: AuditCheckpoint) -> dict[str, Any]:
    """The checkpoint as a receipt to keep outside the installation (it holds no case data)."""
    return {"event_id": checkpoint.event_id, "event_hash": checkpoint.event_hash, "entries": checkpoint.entries,
            "at": checkpoint.at.astimezone(dt.timezone.utc).isoformat(), "signature": checkpoint.signature}


def receipt_faults(session: Session, box: SecretBox, kept: Mapping[str, Any], label: str = "receipt") -> list[str]:
    """What the log no longer agrees with in a receipt kept elsewhere (empty: it holds). A receipt that
    is not one (a field missing or malformed) is a fault too, named by its field."""
    try:
        checkpoint = AuditCheckpoint(event_id=int(kept["event_id"]), event_hash=str(kept["event_hash"]),
                                     entries=int(kept["entries"]), at=dt.datetime.fromisoformat(str(kept["at"])),
                                     signature=str(kept["signature"]))
    except (KeyError, TypeError, ValueError) as error:
        missing = [name for name in RECEIPT_FIELDS if name not in kept]
        return [f"{label}: not a receipt ({', '.join(missing) or 'a field'} "
                f"{'missing' if missing else 'malformed'}: {type(error).__name__})"]
    if checkpoint.at.tzinfo is None:
        return [f"{label}: not a receipt (at has no time zone)"]
    fault = _fault(session, box, checkpoint)
    if fault is None and session.scalar(select(AuditCheckpoint.id).where(
            AuditCheckpoint.event_id == checkpoint.event_id)) is None:
        fault = f"the checkpoint of entry {checkpoint.event_id} is gone from the database"
    return [f"{label} (entry {checkpoint.event_id}): {fault}"] if fault else []


def newest_checkpoint(session: Session) -> AuditCheckpoint | None:
    return session.scalar(select(AuditCheckpoint).order_by(AuditCheckpoint.id.desc()).limit(1))


@dataclass
class Checkpointer:
    """A chore of the timer worker: a checkpoint whenever the newest is older than `every` (real time)."""

    sessions: sessionmaker[Session]
    box: SecretBox
    wall: Clock
    every: dt.timedelta = EVERY
    last: dt.datetime | None = None

    def __call__(self) -> None:
        now = self.wall.now()
        if self.last is not None and now - self.last < self.every:
            return
        with UnitOfWork(self.sessions) as uow:
            write_checkpoint(uow.session, self.box, now)
            uow.commit()
        self.last = now
