"""Backups of the whole database and their restore (`erkend backup PATH`, `erkend restore PATH`).

SQLite uses its online backup API: a consistent copy page by page while the server keeps running, and
the same API writes a backup back over the live file. PostgreSQL uses the server's own tools, pg_dump
(custom format) and pg_restore in one transaction, on the schema erkend runs in; without them installed
the command says so and does nothing. The audit key is part of the database, so a restored installation
hashes and verifies as before (see engine.store.event_log).
"""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess  # nosec B404  # runs only the PostgreSQL client tools, never a shell
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, text

from engine.case_store import forget_stored_versions
from engine.store.db import refresh_statistics
from engine.store.event_log import forget_audit_key


class BackupError(Exception):
    """A backup or restore that could not be made; the message says why, without database content."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int
    kind: str  # sqlite | pg_dump


def backup(engine: Engine, path: Path) -> BackupResult:
    if path.exists():
        raise BackupError(f"{path} exists already; a backup never overwrites a file")
    path.parent.mkdir(parents=True, exist_ok=True)
    if engine.dialect.name == "sqlite":
        with closing(_sqlite(engine)) as source, closing(sqlite3.connect(path)) as target:
            source.backup(target)
        return BackupResult(path, path.stat().st_size, "sqlite")
    if engine.dialect.name == "postgresql":
        tool = _tool("pg_dump")
        schema = _schema(engine)
        _run([tool, "--format=custom", f"--schema={schema}", "--no-owner", f"--file={path}",
              f"--dbname={_libpq_url(engine)}"], engine)
        return BackupResult(path, path.stat().st_size, "pg_dump")
    raise BackupError(f"no backup method for {engine.dialect.name}")


def restore(engine: Engine, path: Path) -> BackupResult:
    """Replace the database's content with the backup's. The caller verifies the audit chain after."""
    if not path.is_file():
        raise BackupError(f"{path}: no such backup file")
    engine.dispose()  # no pooled connection may hold the old content open
    forget_audit_key(engine)  # the backup may come from an installation with another audit key
    forget_stored_versions(engine)  # ... and lack a model version this process has stored
    if engine.dialect.name == "sqlite":
        _check_sqlite_backup(path)
        with closing(sqlite3.connect(path)) as source, closing(_sqlite(engine)) as target:
            source.backup(target)
        return BackupResult(path, path.stat().st_size, "sqlite")
    if engine.dialect.name == "postgresql":
        tool = _tool("pg_restore")
        _run([tool, "--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error",
              f"--dbname={_libpq_url(engine)}", str(path)], engine)
        engine.dispose()
        refresh_statistics(engine)  # pg_restore leaves the planner without statistics
        return BackupResult(path, path.stat().st_size, "pg_dump")
    raise BackupError(f"no restore method for {engine.dialect.name}")


def _sqlite(engine: Engine) -> sqlite3.Connection:
    database = engine.url.database
    if not database or database == ":memory:":
        raise BackupError("an in-memory database has nothing to back up")
    return sqlite3.connect(database, timeout=30)


def _check_sqlite_backup(path: Path) -> None:
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            found = conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'alembic_version'").fetchone()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is not a SQLite database") from error
    if not found or not found[0]:
        raise BackupError(f"{path} is not an erkend backup (no schema version in it)")


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} is not installed: install the PostgreSQL client tools of the server's version "
                          "(Debian: postgresql-client); nothing was changed")
    return found


def _schema(engine: Engine) -> str:
    with engine.connect() as conn:
        return str(conn.scalar(text("SELECT current_schema()")))


def _libpq_url(engine: Engine) -> str:
    """The URL for libpq, without the SQLAlchemy driver name and without the password (see `_run`)."""
    return engine.url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)


def _run(command: list[str], engine: Engine) -> None:
    env = dict(os.environ)
    if engine.url.password:
        env["PGPASSWORD"] = str(engine.url.password)  # not on the command line, where `ps` would show it
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # nosec B603
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed (exit {result.returncode}): "
                          f"{result.stderr.strip()[-500:]}")
