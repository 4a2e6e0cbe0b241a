"""A migrated private schema on a PostgreSQL server, dropped afterwards: tests and benchmarks share one
server without seeing each other's rows."""
from __future__ import annotations

import uuid
from contextlib import contextmanager
from typing import Iterator

from sqlalchemy import Engine, text

from engine.store.db import make_engine
from engine.store.migrate import upgrade


@contextmanager
def private_schema(url: str, prefix: str = "t", revision: str = "heads") -> Iterator[Engine]:
    schema = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = make_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine = make_engine(url, connect_args={"options": f"-csearch_path={schema}"})
    try:
        upgrade(engine, revision)
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
