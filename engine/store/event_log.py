"""The append-only, hash-chained event log: audit trail and, later, the process-mining log.

Each entry's hash covers its content and the previous entry's hash, so removing or editing any entry
breaks the chain from there on; `verify_chain` names the first broken entry. On PostgreSQL appends take
a transaction-scoped advisory lock so concurrent writers cannot fork the chain; SQLite writers are
already serialised by BEGIN IMMEDIATE.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from typing import Any, Iterator

from sqlalchemy import event as sa_event
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from engine.store.tables import AuditKey, Event

GENESIS = "0" * 64
_CHAIN_LOCK_KEY = 0x65726B656E64  # "erkend"


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def data_hash(session: Session, value: Any) -> str:
    """HMAC-SHA-256 of the value under the installation's audit key. An unkeyed hash of a form's answers
    is as good as the answers: hashing a handful of candidates finds the one that matches. Keyed, the
    log can still show that two entries carry the same data, but only the installation can tell what."""
    return hmac.new(audit_key(session), canonical_json(value).encode(), hashlib.sha256).hexdigest()


def audit_key(session: Session) -> bytes:
    """The per-installation key the migration created (`audit_key` table), cached per transaction."""
    key = session.info.get("audit_key")
    if key is None:
        stored = session.scalar(select(AuditKey.key).where(AuditKey.id == 1))
        if stored is None:
            raise RuntimeError("no audit key: run `erkend db upgrade`")
        key = session.info["audit_key"] = bytes.fromhex(stored)
    return key


def _entry_hash(prev_hash: str, event: Event) -> str:
    body = {"case_id": event.case_id, "at": event.at.astimezone(dt.timezone.utc).isoformat(),
            "kind": event.kind, "actor": event.actor, "role": event.role, "purpose": event.purpose,
            "details": event.details}
    return hashlib.sha256((prev_hash + canonical_json(body)).encode()).hexdigest()


def lock_event_log(session: Session) -> None:
    """Take the event log's lock for the rest of the transaction (PostgreSQL; a no-op on SQLite).

    Every writer takes it before it writes a case or timer row, so locks are always taken in one
    order - event log, case row, timer rows - and two writers cannot wait on each other. A writer that
    may change rows before its first event calls this first."""
    if session.get_bind().dialect.name == "postgresql" and not session.info.get("chain_locked"):
        with session.no_autoflush:  # the lock first, then any pending row changes
            session.execute(select(func.pg_advisory_xact_lock(_CHAIN_LOCK_KEY)))
        session.info["chain_locked"] = True


def append_event(session: Session, *, case_id: int | None, at: dt.datetime, kind: str, actor: str,
                 role: str | None = None, purpose: str | None = None, details: dict[str, Any] | None = None) -> Event:
    lock_event_log(session)
    prev = session.info.get("chain_head") or session.scalar(
        select(Event.hash).order_by(Event.id.desc()).limit(1)) or GENESIS
    event = Event(case_id=case_id, at=at, kind=kind, actor=actor, role=role, purpose=purpose,
                  details=details or {}, prev_hash=prev)
    event.hash = _entry_hash(prev, event)
    # No flush per event: rows of one table are inserted in the order they were added, so ids follow
    # the chain; the head is cached for the rest of the transaction.
    session.add(event)
    session.info["chain_head"] = event.hash
    return event


@sa_event.listens_for(Session, "after_transaction_end")
def _forget_chain_state(session: Session, transaction: Any) -> None:
    """The cached chain head and lock flag belong to one transaction only."""
    if transaction.parent is None:
        session.info.pop("chain_head", None)
        session.info.pop("chain_locked", None)
        session.info.pop("audit_key", None)


def events_for_case(session: Session, case_id: int) -> list[Event]:
    return list(session.scalars(select(Event).where(Event.case_id == case_id).order_by(Event.id)))


def _iter_events(session: Session, batch: int = 1000) -> Iterator[Event]:
    last_id = 0
    while True:
        rows = list(session.scalars(select(Event).where(Event.id > last_id).order_by(Event.id).limit(batch)))
        if not rows:
            return
        yield from rows
        last_id = rows[-1].id


def verify_chain(session: Session) -> tuple[int, int | None]:
    """(entries checked, id of the first broken entry or None)."""
    prev, count = GENESIS, 0
    for event in _iter_events(session):
        count += 1
        if event.prev_hash != prev or _entry_hash(prev, event) != event.hash:
            return count, event.id
        prev = event.hash
    return count, None
