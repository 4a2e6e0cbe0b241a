"""A migrated private schema on a PostgreSQL server, dropped afterwards: tests and benchmarks share one
server without seeing each other's rows."""
from __future__ import annotations

import uuid
from contextlib import contextmanager
from typing import Iterator

from sqlalchemy import Engine, text

from engine.store.db import make_engine
from engine.store.migrate import upgrade


def scoped_url(url: str, schema: str) -> str:
    """`url` with every connection's search path set to `schema`: what a subprocess needs to reach it."""
    return f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"


@contextmanager
def private_schema_url(url: str, prefix: str = "t", revision: str = "heads") -> Iterator[str]:
    """A new schema on the server at `url`, migrated up to `revision`, dropped afterwards (with everything
    in it); yields its name. Reach it through `scoped_url`, or `private_schema` for an engine."""
    schema = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = make_engine(url)
    try:
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        migrator = make_engine(scoped_url(url, schema))
        try:
            upgrade(migrator, revision)
        finally:
            migrator.dispose()
        yield schema
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


@contextmanager
def private_schema(url: str, prefix: str = "t", revision: str = "heads") -> Iterator[Engine]:
    """An engine on a migrated private schema (`private_schema_url`), disposed before the drop."""
    with private_schema_url(url, prefix, revision) as schema:
        engine = make_engine(url, connect_args={"options": f"-csearch_path={schema}"})
        try:
            yield engine
        finally:
            engine.dispose()
