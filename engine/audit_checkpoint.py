"""Signed checkpoints of the event log's head, so that removing the newest entries is detected.

The hash chain (engine.store.event_log) shows an edit or a removal in the middle: every later entry stops
matching. Removing the newest entries leaves a shorter chain that is intact. A checkpoint records the
head - entry id, its hash, the number of entries - signed with a key derived from the master key, which
is not in the database: whoever can delete rows cannot sign a checkpoint that agrees with the shorter
chain. The timer worker writes one periodically; `erkend audit verify` checks every checkpoint.

What it cannot show: entries newer than the newest checkpoint that are removed together with every
checkpoint after them. `erkend audit verify` prints the newest checkpoint so it can be recorded outside
the installation as well."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

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
        if not box.signature_ok(_message(checkpoint), checkpoint.signature):
            faults.append(f"checkpoint {checkpoint.id}: signature does not match (edited or forged)")
            continue
        stored = session.scalar(select(Event.hash).where(Event.id == checkpoint.event_id))
        entries = session.scalar(select(func.count()).select_from(Event).where(Event.id <= checkpoint.event_id)) or 0
        if stored is None:
            faults.append(f"checkpoint {checkpoint.id}: entry {checkpoint.event_id} is missing "
                          "(the newest entries were removed)")
        elif stored != checkpoint.event_hash:
            faults.append(f"checkpoint {checkpoint.id}: entry {checkpoint.event_id} differs from the signed hash")
        elif entries < checkpoint.entries:
            faults.append(f"checkpoint {checkpoint.id}: {entries} entries up to {checkpoint.event_id}, "
                          f"signed {checkpoint.entries}")
    return faults


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
