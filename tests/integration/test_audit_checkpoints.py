"""A signed checkpoint of the event log's head reveals removed newest entries, and cannot be forged
without the master key (SQLite and PostgreSQL)."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, func, select, update

from engine.audit_checkpoint import Checkpointer, checkpoint_faults, write_checkpoint
from engine.clock import VirtualClock
from engine.secrets_box import SecretBox
from engine.store.db import UnitOfWork, session_factory
from engine.store.event_log import append_event, verify_chain
from engine.store.tables import AuditCheckpoint, Event

BOX = SecretBox(bytes.fromhex("9d" * 32))
NOW = dt.datetime(2026, 1, 5, 8, 0, 0, 123456, tzinfo=dt.timezone.utc)


def _append(sessions, count: int) -> None:  # type: ignore[no-untyped-def]
    with UnitOfWork(sessions) as uow:
        for i in range(count):
            append_event(uow.session, case_id=None, at=NOW, kind="test_event", actor="t", details={"i": i})
        uow.commit()


def test_truncating_the_newest_entries_is_detected_though_the_chain_is_intact(db_engine) -> None:  # type: ignore[no-untyped-def]
    sessions = session_factory(db_engine)
    _append(sessions, 6)
    with UnitOfWork(sessions) as uow:
        assert write_checkpoint(uow.session, BOX, NOW) is not None
        assert write_checkpoint(uow.session, BOX, NOW) is None  # nothing new to sign
        uow.commit()
    with sessions() as session:
        assert checkpoint_faults(session, BOX) == []
    with db_engine.begin() as conn:
        newest = conn.scalar(select(func.max(Event.id)))
        conn.execute(delete(Event).where(Event.id >= newest - 1))
    with sessions() as session:
        assert verify_chain(session)[1] is None  # the shorter chain is intact
        faults = checkpoint_faults(session, BOX)
    assert len(faults) == 1 and "removed" in faults[0]


def test_a_checkpoint_rewritten_without_the_key_fails_and_another_key_fails_all(db_engine) -> None:  # type: ignore[no-untyped-def]
    sessions = session_factory(db_engine)
    _append(sessions, 3)
    with UnitOfWork(sessions) as uow:
        write_checkpoint(uow.session, BOX, NOW)
        uow.commit()
    with db_engine.begin() as conn:
        conn.execute(update(AuditCheckpoint).values(entries=2))
    with sessions() as session:
        assert "signature" in checkpoint_faults(session, BOX)[0]
        assert checkpoint_faults(session, SecretBox(bytes.fromhex("11" * 32)))


def test_the_worker_chore_signs_at_most_once_per_interval(db_engine) -> None:  # type: ignore[no-untyped-def]
    sessions = session_factory(db_engine)
    wall = VirtualClock(NOW)
    chore = Checkpointer(sessions, BOX, wall, every=dt.timedelta(minutes=1))
    _append(sessions, 1)
    chore()
    _append(sessions, 1)
    chore()  # within the minute: no new checkpoint
    wall.advance(dt.timedelta(minutes=2))
    chore()
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(AuditCheckpoint)) == 2
        assert checkpoint_faults(session, BOX) == []


def test_entries_removed_with_their_checkpoints_are_found_by_a_receipt_kept_elsewhere(db_engine) -> None:  # type: ignore[no-untyped-def]
    """The gap left open: truncate the log and delete every checkpoint after the cut; the checkpoints in
    the database agree with the shorter log, a receipt kept outside does not."""
    from engine.audit_checkpoint import receipt, receipt_faults

    sessions = session_factory(db_engine)
    _append(sessions, 4)
    with UnitOfWork(sessions) as uow:
        early = write_checkpoint(uow.session, BOX, NOW)
        uow.commit()
    _append(sessions, 3)
    with UnitOfWork(sessions) as uow:
        late = write_checkpoint(uow.session, BOX, NOW + dt.timedelta(minutes=1))
        assert early is not None and late is not None
        kept = receipt(late)
        uow.commit()
    with sessions() as session:
        assert receipt_faults(session, BOX, kept) == [] and checkpoint_faults(session, BOX) == []
    with db_engine.begin() as conn:
        conn.execute(delete(Event).where(Event.id > early.event_id))
        conn.execute(delete(AuditCheckpoint).where(AuditCheckpoint.event_id > early.event_id))
    with sessions() as session:
        assert verify_chain(session)[1] is None and checkpoint_faults(session, BOX) == []  # undetected inside
        faults = receipt_faults(session, BOX, kept)
    assert len(faults) == 1 and "removed" in faults[0] and f"entry {late.event_id}" in faults[0]


def test_a_receipt_edited_or_malformed_is_a_fault_that_names_what(db_engine) -> None:  # type: ignore[no-untyped-def]
    from engine.audit_checkpoint import receipt, receipt_faults

    sessions = session_factory(db_engine)
    _append(sessions, 3)
    with UnitOfWork(sessions) as uow:
        checkpoint = write_checkpoint(uow.session, BOX, NOW)
        assert checkpoint is not None
        kept = receipt(checkpoint)
        uow.commit()
    with sessions() as session:
        assert "signature" in receipt_faults(session, BOX, {**kept, "entries": 2})[0]
        assert "signature" in receipt_faults(session, SecretBox(bytes.fromhex("11" * 32)), kept)[0]
        assert "signature missing" in receipt_faults(session, BOX, {"event_id": 1})[0]
        assert "malformed" in receipt_faults(session, BOX, {**kept, "at": "gisteren"})[0]
    with db_engine.begin() as conn:  # the entries stay, the checkpoint row goes
        conn.execute(delete(AuditCheckpoint))
    with sessions() as session:
        assert "gone from the database" in receipt_faults(session, BOX, kept)[0]
