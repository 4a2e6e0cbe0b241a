"""The append-only, hash-chained event log: audit trail and, later, the process-mining log.

One chain per case: each entry's hash covers its content and the hash of the previous entry of the same
case (entries without a case form one chain of their own), so removing or editing an entry breaks its
case's chain from there on. Writers of different cases never wait on one another; on PostgreSQL an
append takes the case's lock (`lock_case`: its row, `FOR NO KEY UPDATE`), the same lock a use case takes
when it reads the case to write it, so two writers of one case cannot fork its chain. SQLite writers are
serialised by BEGIN IMMEDIATE anyway. The case row keeps its chain's head (`Case.chain_head`, written
with every append in the same transaction), so the writer holding the case's lock reads it with the row.

Anchors (`anchor_chains`, taken periodically) record the head of every chain and chain to each other,
so removing a chain's last entries before an anchor, or a whole chain, is found as well. Entries from
before per-case chains (up to the cut-over anchor the migration wrote) keep the old rule: each chains to
its predecessor in the whole log. `verify_chain` checks all three.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import weakref
from typing import Any, Iterator

from sqlalchemy import Engine, func, select, update
from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from engine.store.objects import new_object
from engine.store.tables import AuditKey, Case, ChainAnchor, Event

GENESIS = "0" * 64
_CASE_LOCK_CLASS = 0x65726B  # "erk": the advisory-lock namespace of case locks (two-key form)
_ANCHOR = "anchor"  # an anchor's kind (the migration wrote the first one, of kind "cutover"); not an event
_NO_CASE = 0  # the lock key and chain of entries without a case (case ids start at 1)
# The audit key never changes once the migration wrote it: read once per database engine.
_KEYS: weakref.WeakKeyDictionary[Engine, bytes] = weakref.WeakKeyDictionary()


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def data_hash(session: Session, value: Any) -> str:
    """HMAC-SHA-256 of the value under the installation's audit key. An unkeyed hash of a form's answers
    is as good as the answers: hashing a handful of candidates finds the one that matches. Keyed, the
    log can still show that two entries carry the same data, but only the installation can tell what."""
    return hmac.new(audit_key(session), canonical_json(value).encode(), hashlib.sha256).hexdigest()


def audit_key(session: Session) -> bytes:
    """The per-installation key the migration created (`audit_key` table), read once per database engine
    (it is never changed) and cached per transaction for sessions bound to something else."""
    bind = session.get_bind()
    engine = bind if isinstance(bind, Engine) else getattr(bind, "engine", None)
    key = session.info.get("audit_key") or (_KEYS.get(engine) if engine is not None else None)
    if key is None:
        stored = session.scalar(select(AuditKey.key).where(AuditKey.id == 1))
        if stored is None:
            raise RuntimeError("no audit key: run `erkend db upgrade`")
        key = bytes.fromhex(stored)
        if engine is not None:
            _KEYS[engine] = key
    session.info["audit_key"] = key
    return key


def forget_audit_key(engine: Engine) -> None:
    """After a restore the database may hold another installation's key: read it again."""
    _KEYS.pop(engine, None)


def _entry_hash(prev_hash: str, event: Event) -> str:
    body = {"case_id": event.case_id, "at": event.at.astimezone(dt.timezone.utc).isoformat(),
            "kind": event.kind, "actor": event.actor, "role": event.role, "purpose": event.purpose,
            "details": event.details}
    return hashlib.sha256((prev_hash + canonical_json(body)).encode()).hexdigest()


def lock_case(session: Session, case_id: int | None) -> None:
    """Take the case's lock for the rest of the transaction (PostgreSQL; a no-op on SQLite, whose writers
    hold the database's one write lock). One lock per case: the case row, its timers and its chain.

    The lock is the case row's own (`FOR NO KEY UPDATE`, which leaves inserts of rows that refer to the
    case free); a step takes it with its read of the row (`CaseStore.load`), so it is held from the
    first statement on. Every other writer of the case takes it here before it writes anything (its
    first event, or saving the case): a second writer waits, and then reads what the first committed.
    Entries without a case, and a case whose row is gone (purged), lock an advisory key instead.
    A transaction that touches several cases takes several locks: should two wait on each other,
    PostgreSQL ends one (deadlock_detected), which the unit of work reports as a Conflict to try again."""
    key = _NO_CASE if case_id is None else case_id
    locked: set[int] = session.info.setdefault("cases_locked", set())
    if key in locked or session.get_bind().dialect.name != "postgresql":
        return
    with session.no_autoflush:  # the lock first, then any pending row changes
        row = None if case_id is None else session.execute(
            select(Case.id, Case.chain_head).where(Case.id == case_id).with_for_update(key_share=True)).first()
        if row is None:
            session.execute(select(func.pg_advisory_xact_lock(_CASE_LOCK_CLASS, key)))
        else:
            remember_chain_head(session, key, row.chain_head)  # the locked row is the newest
    locked.add(key)


def case_locked(session: Session, case_id: int) -> None:
    """The case's row was read with its lock (`FOR NO KEY UPDATE`): `lock_case` need not lock it again."""
    session.info.setdefault("cases_locked", set()).add(case_id)


def _chain_head(session: Session, case_id: int | None) -> str:
    """The hash of the case's last entry (cached for the rest of the transaction)."""
    heads: dict[int | None, str] = session.info.setdefault("chain_heads", {})
    head = heads.get(case_id)
    if head is None:
        chain = Event.case_id.is_(None) if case_id is None else Event.case_id == case_id
        with session.no_autoflush:  # entries added in this transaction are in the cache already
            head = session.scalar(select(Event.hash).where(chain).order_by(Event.id.desc()).limit(1)) or GENESIS
    return head


def remember_chain_head(session: Session, case_id: int, head: str | None) -> None:
    """Keep the case's chain head as read from its row (`Case.chain_head`) with the case's lock held
    (a SQLite unit of work holds the database's write lock from its BEGIN; on PostgreSQL the row was
    read `FOR NO KEY UPDATE`, which returns its newest version), for the rest of the transaction. Every
    append writes the new head to the row in the same transaction (`_store_chain_heads`), so no other
    writer can have appended after it. For a case created in this transaction, the head its row was
    inserted with (`CaseStore.new_case`)."""
    session.info.setdefault("chain_heads", {}).setdefault(case_id, head or GENESIS)


def append_event(session: Session, *, case_id: int | None, at: dt.datetime, kind: str, actor: str,
                 role: str | None = None, purpose: str | None = None, details: dict[str, Any] | None = None) -> Event:
    lock_case(session, case_id)
    prev = _chain_head(session, case_id)
    event = new_object(Event, {"case_id": case_id, "at": at, "kind": kind, "actor": actor, "role": role,
                               "purpose": purpose, "details": details or {}, "prev_hash": prev})
    event.hash = _entry_hash(prev, event)
    # No flush per event: rows of one table are inserted in the order they were added, so ids follow
    # the chain; the head is cached for the rest of the transaction.
    session.add(event)
    session.info["chain_heads"][case_id] = event.hash
    if case_id is not None:
        session.info.setdefault("heads_to_store", {})[case_id] = event.hash
    return event


@sa_event.listens_for(Session, "before_flush")
def _store_chain_heads(session: Session, _flush_context: Any, _instances: Any) -> None:
    """The case row keeps its chain's head: written with the case's own UPDATE when the flush changes
    the case anyway (a step), else by a plain UPDATE of that column, which leaves the row version alone
    (an audited read or a letter does not make a form's version stale). A case row that is gone (purged)
    has nothing to keep."""
    for case_id, head in take_chain_heads(session).items():
        case = session.identity_map.get(identity_key(Case, case_id))
        if case is not None and case in session.deleted:
            continue
        if case is not None and (case in session.new or session.is_modified(case)):
            case.chain_head = head
        else:
            session.connection().execute(update(Case).where(Case.id == case_id).values(chain_head=head))


def take_chain_heads(session: Session) -> dict[int, str]:
    """The chain heads appended since the last write, to be stored on their case rows (and forgotten
    here: whoever takes them stores them)."""
    heads: dict[int, str] = session.info.pop("heads_to_store", {})
    return heads


@sa_event.listens_for(Session, "after_transaction_end")
def _forget_chain_state(session: Session, transaction: Any) -> None:
    """The cached chain head and lock flag belong to one transaction only."""
    if transaction.parent is None:
        session.info.pop("chain_heads", None)
        session.info.pop("heads_to_store", None)
        session.info.pop("cases_locked", None)
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


def anchor_hash(prev_hash: str, kind: str, legacy_last_id: int | None, heads: dict[str, Any]) -> str:
    body = json.dumps({"kind": kind, "legacy_last_id": legacy_last_id, "heads": heads}, sort_keys=True,
                      separators=(",", ":"))
    return hashlib.sha256((prev_hash + body).encode()).hexdigest()


def anchor_chains(session: Session, at: dt.datetime) -> ChainAnchor:
    """Seal the head of every chain in a new anchor, chained to the previous one. Taken periodically
    (the timer worker, `erkend audit anchor`): an entry removed before it is found by `verify_chain`
    even when it was its case's last. Writers of cases are not held up: a head committed after the read
    is simply in the next anchor. Two anchors taken at once would both chain to the same predecessor: they queue on
    the lock of the chain without a case."""
    lock_case(session, None)
    last = session.scalars(select(ChainAnchor).order_by(ChainAnchor.id.desc()).limit(1)).first()
    newest = (select(Event.case_id, func.max(Event.id).label("head_id")).group_by(Event.case_id).subquery())
    rows = session.execute(select(newest.c.case_id, Event.id, Event.hash)
                           .join(Event, Event.id == newest.c.head_id)).all()
    heads = {str(_NO_CASE if case_id is None else case_id): [head_id, head] for case_id, head_id, head in rows}
    prev = last.hash if last is not None else GENESIS
    anchor = ChainAnchor(at=at, kind=_ANCHOR, legacy_last_id=None, heads=heads, prev_hash=prev,
                         hash=anchor_hash(prev, _ANCHOR, None, heads))
    session.add(anchor)
    session.flush()
    return anchor


def verify_chain(session: Session) -> tuple[int, int | None]:
    """(entries checked, id of the first broken entry or None). Broken: an entry whose hash does not
    match its content, or that does not chain to the entry before it (in the whole log up to the
    cut-over, in its case after it); or an anchored head that is missing or changed (the id the anchor
    names); or an anchor that does not chain to the one before it."""
    anchors = list(session.scalars(select(ChainAnchor).order_by(ChainAnchor.id)))
    legacy_last = next((a.legacy_last_id or 0 for a in anchors if a.kind == "cutover"), 0)
    legacy_prev, count = GENESIS, 0
    heads: dict[int | None, str] = {}
    seen: dict[int, tuple[int | None, str]] = {}  # anchored head id -> (chain, hash)
    wanted = {int(head_id) for a in anchors for head_id, _ in a.heads.values()}
    for event in _iter_events(session):
        count += 1
        prev = legacy_prev if event.id <= legacy_last else heads.get(event.case_id, GENESIS)
        if event.prev_hash != prev or _entry_hash(prev, event) != event.hash:
            return count, event.id
        heads[event.case_id] = legacy_prev = event.hash
        if event.id in wanted:
            seen[event.id] = (event.case_id, event.hash)
    prev_anchor = GENESIS
    for anchor in anchors:
        if anchor.prev_hash != prev_anchor or anchor_hash(prev_anchor, anchor.kind, anchor.legacy_last_id,
                                                          anchor.heads) != anchor.hash:
            return count, _first_head(anchor)
        prev_anchor = anchor.hash
        for key, (head_id, head) in sorted(anchor.heads.items()):
            found = seen.get(int(head_id))
            chain = None if key in ("legacy", str(_NO_CASE)) else int(key)
            if head_id and (found is None or found[1] != head or (key != "legacy" and found[0] != chain)):
                return count, int(head_id)
    return count, None


def _first_head(anchor: ChainAnchor) -> int:
    return min((int(head_id) for head_id, _ in anchor.heads.values()), default=0)
