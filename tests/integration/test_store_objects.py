"""engine.store.objects: objects made without the constructor behave as the ORM's own: a row as read is
persistent with nothing to write and tracks a change; a new object is inserted."""
from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from engine.store.objects import as_read, new_object
from engine.store.tables import Event, ModelVersion

AT = dt.datetime(2026, 2, 3, 10, 0, tzinfo=dt.timezone.utc)
EVENT = {"case_id": None, "at": AT, "kind": "probe", "actor": "test", "role": None, "purpose": None,
         "details": {"x": 1}, "prev_hash": "0" * 64, "hash": "c" * 64}


def test_a_new_object_is_inserted_and_a_row_as_read_writes_only_its_changes(db_engine: Engine) -> None:
    with Session(db_engine) as session:
        event = new_object(Event, EVENT)
        session.add(event)
        assert event in session.new
        session.commit()
        event_id = event.id
    assert event_id is not None
    with Session(db_engine) as session:
        stored = session.execute(select(Event.__table__).where(Event.__table__.c.id == event_id)).one()._asdict()
        read = as_read(Event, stored)
        session.add(read)
        assert read not in session.new and not session.is_modified(read)
        read.kind = "probe-changed"
        assert session.is_modified(read)
        session.commit()
    with Session(db_engine) as session:
        assert session.get(Event, event_id).kind == "probe-changed"  # type: ignore[union-attr]


def test_objects_can_be_made_before_any_mapper_is_configured() -> None:
    """In a fresh process the first ORM object may be one of these (a server's first request reads a
    case): the mappers must be configured for it, as the constructor would."""
    code = ("from engine.store.objects import as_read\nfrom engine.store.tables import ModelVersion\n"
            "row = as_read(ModelVersion, {'version': 'v1', 'variant': 'default', 'files': {}, 'created_at': None})\n"
            "assert row.version == 'v1'\n")
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert ModelVersion  # the class the subprocess makes an object of
