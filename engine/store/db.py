"""Database engines and the unit of work. `commit()` is called here and nowhere else."""
from __future__ import annotations

import os
import time
from pathlib import Path
from types import TracebackType
from typing import Any

from sqlalchemy import Engine, Executable, create_engine, event
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DBAPIError, DisconnectionError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from engine.errors import Conflict

READ_ONLY = "erkend_read_only"  # a read, said explicitly (reads are the default)
WRITE = "erkend_write"  # a transaction that will write: SQLite takes the write lock at BEGIN
# PostgreSQL: deadlock_detected, serialization_failure. Both roll the transaction back; trying the use
# case again is the remedy, as for a lost optimistic-lock race.
CONFLICT_SQLSTATES = frozenset({"40P01", "40001"})
PING_AFTER_IDLE = 1.0  # seconds a pooled PostgreSQL connection may sit unused before it is pinged
_HELD_BACK = "held_back_writes"  # session.info: writes `later` holds back for the step's write


def default_database_url() -> str:
    url = os.environ.get("DATABASE_URL")
    if url:
        return normalise_url(url)
    instance = Path.cwd() / "instance"
    instance.mkdir(exist_ok=True)
    return f"sqlite:///{instance / 'erkend.sqlite3'}"


def normalise_url(url: str) -> str:
    """`postgresql://` names psycopg 3, the driver erkend installs (SQLAlchemy would pick psycopg2)."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def make_engine(url: str, sqlite_synchronous: str = "FULL", **kwargs: Any) -> Engine:
    """`sqlite_synchronous=FULL` (the default) syncs every commit to disk so a power loss loses no
    completed step; NORMAL survives a crash of erkend itself but not of the machine (benchmarks only)."""
    url = normalise_url(url)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False}, **kwargs)
        _configure_sqlite(engine, sqlite_synchronous)
        return engine
    # A short connect timeout: during a network cut a health check or a worker iteration fails within
    # seconds instead of hanging on the operating system's TCP timeout.
    kwargs["connect_args"] = {"connect_timeout": 5, **kwargs.get("connect_args", {})}
    engine = create_engine(url, **kwargs)
    _ping_when_idle(engine)
    return engine


def _ping_when_idle(engine: Engine, idle: float = PING_AFTER_IDLE) -> None:
    """A pooled connection that sat idle may have lost its server (a restart, a network cut): it is
    pinged before use and replaced when the ping fails, as `pool_pre_ping` does, but only after `idle`
    seconds unused. A connection handed back a moment ago is used as it is, which saves busy servers
    a round trip per transaction; should it be dead after all, its statement fails, the pool drops
    every connection of that age and the next use case gets a fresh one."""

    @event.listens_for(engine, "checkin")
    def _checked_in(_dbapi_connection: Any, record: Any) -> None:
        record.info["checked_in"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _checked_out(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        if time.monotonic() - record.info.get("checked_in", float("-inf")) < idle:
            return
        try:
            alive = engine.dialect.do_ping(dbapi_connection)
        except Exception as error:  # noqa: BLE001 - any failure of the ping means: use another connection
            raise DisconnectionError("the pooled connection did not answer its ping") from error
        if not alive:
            raise DisconnectionError("the pooled connection did not answer its ping")


def _configure_sqlite(engine: Engine, synchronous: str) -> None:
    """WAL for concurrent readers. A unit of work (every write goes through one) begins with BEGIN
    IMMEDIATE, so two writers queue on the lock instead of both reading a case and one failing with
    SQLITE_BUSY on upgrade (the optimistic version check still guards the case rows). Every other
    transaction is a read and begins with a plain BEGIN: it never takes or waits for the write lock."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute(f"PRAGMA synchronous={'NORMAL' if synchronous == 'NORMAL' else 'FULL'}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        options = conn.get_execution_options()
        conn.exec_driver_sql("BEGIN IMMEDIATE" if options.get(WRITE) and not options.get(READ_ONLY) else "BEGIN")


class UnitOfWork:
    """One transaction per use case: rolls back unless `commit()` was called."""

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._factory = session_factory
        self.session: Session

    def __enter__(self) -> "UnitOfWork":
        self.session = self._factory()
        # Read when the session begins its transaction: on SQLite that BEGIN takes the write lock.
        self.session.execution_options = self.session.execution_options.union({WRITE: True})
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        try:
            self.session.rollback()
        finally:
            self.session.close()
        if isinstance(exc, StaleDataError):
            # An autoflush or flush inside the use case met a newer version of the case row.
            raise Conflict("the case was changed by someone else; reload and try again") from exc
        if isinstance(exc, DBAPIError) and is_conflict(exc):
            # A deadlock or serialization failure met by any statement of the use case.
            raise Conflict("the database was busy; try again") from exc

    def flush(self) -> None:
        try:
            self.session.flush()
        except StaleDataError as error:
            raise Conflict("the case was changed by someone else; reload and try again") from error

    def commit(self) -> None:
        try:
            self.session.commit()
        except StaleDataError as error:
            raise Conflict("the case was changed by someone else; reload and try again") from error
        except DBAPIError as error:
            if is_conflict(error):
                raise Conflict("the database was busy; try again") from error
            raise


def is_conflict(error: DBAPIError) -> bool:
    """A deadlock or serialization failure (PostgreSQL) or a lock wait that ran out (SQLite): the
    transaction lost a race and may be tried again."""
    if getattr(error.orig, "sqlstate", None) in CONFLICT_SQLSTATES:
        return True
    text = str(error.orig).lower()
    return "locked" in text or "could not serialize" in text or "deadlock detected" in text


def read_session(factory: sessionmaker[Session]) -> Session:
    """A session for reading only: on SQLite its transaction is a plain (deferred) BEGIN, so a read
    never takes or waits for the write lock (WAL readers see the last committed state). Use it as a
    context manager; it never commits."""
    session = factory()
    session.connection(execution_options={READ_ONLY: True})
    return session


def insert_missing(session: Session, table: Any, rows: list[dict[str, Any]]) -> None:
    """Insert the rows whose key is not there yet, in one statement (`ON CONFLICT DO NOTHING`, which
    SQLite and PostgreSQL both speak): no read first to learn which are missing."""
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    later(session, insert(table).on_conflict_do_nothing(), rows)


def collect(session: Session) -> None:
    """From now on, `later` holds writes back until the step is written (engine.store.step_write)."""
    session.info.setdefault(_HELD_BACK, [])


HeldBack = tuple[Executable, list[dict[str, Any]] | None]  # a statement and its rows (one execution each)


def later(session: Session, statement: Executable, rows: list[dict[str, Any]] | None = None) -> None:
    """A write whose result nothing needs: held back to go with the step's other writes while a step
    is being collected (`collect`), else sent now. `rows`: the statement's parameters, one set a row."""
    held: list[HeldBack] | None = session.info.get(_HELD_BACK)
    if held is None:
        with session.no_autoflush:
            session.execute(statement, rows)
    else:
        held.append((statement, rows))


def take_held_back(session: Session) -> list[HeldBack]:
    """The writes `later` held back, in order; collecting stops."""
    held: list[HeldBack] = session.info.pop(_HELD_BACK, None) or []
    return held


@event.listens_for(Session, "after_transaction_end")
def _forget_held_back(session: Session, transaction: Any) -> None:
    if transaction.parent is None:
        session.info.pop(_HELD_BACK, None)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
