"""Database engines and the unit of work. `commit()` is called here and nowhere else."""
from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path
from types import TracebackType
from typing import Any, Callable, NamedTuple

from sqlalchemy import Connection, Engine, Executable, bindparam, create_engine, event
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
    _keep_prepared_statements(engine)
    return engine


def _keep_prepared_statements(engine: Engine) -> None:
    """A transaction that wrote nothing ends with COMMIT instead of ROLLBACK (PostgreSQL).

    psycopg prepares a statement on the server after a few executions, and forgets every prepared
    statement of the connection on any rollback (it sends DEALLOCATE ALL and starts counting again).
    Every read ends with a rollback when its session closes, so on a server that also answers reads
    the step's statements were hardly ever prepared: planned again on each execution. For a
    transaction that was assigned no transaction id (it changed nothing and locked no row) COMMIT and
    ROLLBACK end it alike; one that wrote is rolled back as before, and so is one that failed."""
    if engine.dialect.name != "postgresql":
        return
    import psycopg
    from psycopg.pq import TransactionStatus

    def rollback(dbapi_connection: Any) -> None:
        # The pool hands the driver's connection, or on a first connect its own record of it.
        driver = dbapi_connection if isinstance(dbapi_connection, psycopg.Connection) \
            else getattr(dbapi_connection, "dbapi_connection", None)
        if isinstance(driver, psycopg.Connection) and driver.info.transaction_status == TransactionStatus.INTRANS:
            with driver.cursor() as cursor:
                wrote_nothing = cursor.execute("SELECT txid_current_if_assigned() IS NULL").fetchone()
            if wrote_nothing is not None and wrote_nothing[0]:
                driver.commit()
                return
        dbapi_connection.rollback()

    engine.dialect.do_rollback = rollback  # type: ignore[method-assign]  # this engine's dialect only


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
        driver_rows(conn, "BEGIN IMMEDIATE" if options.get(WRITE) and not options.get(READ_ONLY) else "BEGIN", ())


def driver_rows(connection: Connection, sql: str, params: Any) -> list[Any]:
    """The rows of one statement in the driver's own SQL and parameter style (none for a statement that
    returns none), sent on the driver's cursor without SQLAlchemy's result around it: building a
    result's column metadata on every execution costs more than a small statement itself (SQLite 21
    against 3 µs for a one-row read; on PostgreSQL the driver also builds its column descriptions
    for it). Listeners of `before_cursor_execute` (statement counts) still see the statement, and a
    driver error reaches the caller as SQLAlchemy's, as from `exec_driver_sql`; an error that means the
    connection is lost invalidates it first, so the pool does not hand it out again."""
    dialect = connection.dialect
    fairy = connection.connection  # checked out for this Connection: never None here
    cursor = fairy.driver_connection.cursor()  # type: ignore[union-attr]  # checked out: never None
    try:
        for listener in connection.dispatch.before_cursor_execute:
            sql, params = listener(connection, cursor, sql, params, None, False)
        cursor.execute(sql, params)
        if not _returns_rows(cursor):
            return []
        rows: list[Any] = cursor.fetchall()
        return rows
    except dialect.loaded_dbapi.Error as error:
        lost = bool(dialect.is_disconnect(error, fairy.dbapi_connection, cursor))
        if lost:
            connection.invalidate(error)
        raise DBAPIError.instance(sql, params, error, dialect.loaded_dbapi.Error, connection_invalidated=lost,
                                  dialect=dialect) from error
    finally:
        with contextlib.suppress(Exception):  # a cursor of a lost connection may fail to close
            cursor.close()


def _returns_rows(cursor: Any) -> bool:
    """Whether the statement produced rows to fetch. psycopg's own check reads its result's status;
    its `description` would build a column description for every execution."""
    result = getattr(cursor, "pgresult", None)
    if result is not None:
        from psycopg.pq import ExecStatus

        return bool(result.status == ExecStatus.TUPLES_OK)
    return cursor.description is not None


class DriverStatement(NamedTuple):
    """A statement compiled once to the driver's SQL, with each bind parameter's name, its fixed value
    (a literal) and the processor that turns a Python value into what the driver is handed, as
    SQLAlchemy's execute would (`driver_statement`)."""

    sql: str
    # (name, required, fixed value, processor), in the SQL's order when the driver takes them by position
    binds: tuple[tuple[str, bool, Any, Any], ...]
    positional: bool

    def params(self, values: dict[str, Any]) -> Any:
        """The driver's parameters for `values` (bind name -> Python value); a parameter without a fixed
        value must be given, as SQLAlchemy's execute requires."""
        out = {}
        for name, required, fixed, process in self.binds:
            if required and name not in values:
                raise KeyError(f"a value is required for bind parameter {name!r}")
            value = values.get(name, fixed)
            out[name] = process(value) if process is not None else value
        return tuple(out[name] for name, _, _, _ in self.binds) if self.positional else out


_DRIVER_STATEMENTS: dict[tuple[Any, ...], DriverStatement | None] = {}


def driver_statement(dialect: Any, shape: tuple[Any, ...], statement: Callable[[], Any]) -> DriverStatement | None:
    """The statement of this shape compiled for `dialect` once, to be sent with `driver_rows`; None for
    a statement whose SQL is not fixed at compile time (an expanding IN, a literal rendered per
    execution) or whose bind names the driver would see escaped: such a statement goes through
    SQLAlchemy's execute."""
    key = (dialect.name, shape)
    if key in _DRIVER_STATEMENTS:
        return _DRIVER_STATEMENTS[key]
    if len(_DRIVER_STATEMENTS) > 2048:
        _DRIVER_STATEMENTS.clear()
    compiled: Any = statement().compile(dialect=dialect)
    fixed = not (compiled.post_compile_params or compiled.literal_execute_params or compiled.escaped_bind_names
                 or any(b.callable is not None for b in compiled.bind_names))
    binds = {name: (name, bool(bind.required), bind.value, bind.type.dialect_impl(dialect).bind_processor(dialect))
             for bind, name in compiled.bind_names.items()}
    order = compiled.positiontup
    found = DriverStatement(str(compiled), tuple(binds[n] for n in order) if order else tuple(binds.values()),
                            bool(order)) if fixed else None
    _DRIVER_STATEMENTS[key] = found
    return found


def statement_rows(connection: Connection, shape: tuple[Any, ...], statement: Callable[[], Any],
                   values: dict[str, Any]) -> list[Any]:
    """The rows of the statement of this shape, built once: compiled once and sent on the driver's cursor
    (`driver_statement`, `driver_rows`), or through SQLAlchemy's execute when its SQL is not fixed."""
    compiled = driver_statement(connection.dialect, shape, statement)
    if compiled is not None:
        return driver_rows(connection, compiled.sql, compiled.params(values))
    return list(connection.execute(built(connection.dialect.name, shape, "", lambda _prefix: statement()), values))


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


class Write(NamedTuple):
    """A write whose result nothing needs, described so that its statement is built once: `shape`
    names the statement, `build(prefix)` builds it with bind parameters named `prefix` + name (a
    statement of several writes needs each write's names apart), `rows` holds the values, one set a
    row (the names without the prefix)."""

    shape: tuple[Any, ...]
    build: Callable[[str], Any]  # an INSERT, UPDATE or DELETE
    rows: list[dict[str, Any]]


_STATEMENTS: dict[tuple[Any, ...], Any] = {}  # (dialect, shape, prefix) -> a statement built once


def built(dialect: str, shape: tuple[Any, ...], prefix: str, build: Callable[[str], Any]) -> Any:
    """The statement of this shape, built on first use (SQLAlchemy then compiles it once, too)."""
    key = (dialect, shape, prefix)
    statement = _STATEMENTS.get(key)
    if statement is None:
        if len(_STATEMENTS) > 2048:
            _STATEMENTS.clear()
        statement = _STATEMENTS[key] = build(prefix)
    return statement


def insert_missing(session: Session, table: Any, rows: list[dict[str, Any]]) -> None:
    """Insert the rows whose key is not there yet, in one statement (`ON CONFLICT DO NOTHING`, which
    SQLite and PostgreSQL both speak): no read first to learn which are missing."""
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    table = getattr(table, "__table__", table)
    names = tuple(rows[0])

    def build(prefix: str) -> Executable:
        return insert(table).values({n: bindparam(prefix + n, type_=table.c[n].type) for n in names}) \
            .on_conflict_do_nothing()

    later(session, Write(("missing", table.name, names), build, rows))


def collect(session: Session) -> None:
    """From now on, `later` holds writes back until the step is written (engine.store.step_write)."""
    session.info.setdefault(_HELD_BACK, [])


def later(session: Session, write: Write) -> None:
    """Held back to go with the step's other writes while a step is being collected (`collect`), else
    sent now (several rows in one execution)."""
    held: list[Write] | None = session.info.get(_HELD_BACK)
    if held is not None:
        held.append(write)
        return
    execute_write(session, write)


def execute_write(session: Session, write: Write) -> None:
    """The write on its own (several rows in one execution). Its binds are named with a prefix: a bind
    named as its column is reserved for SQLAlchemy in an INSERT's VALUES and an UPDATE's SET."""
    statement = built(session.get_bind().dialect.name, write.shape, "v_", write.build)
    rows = [{f"v_{k}": v for k, v in row.items()} for row in write.rows]
    with session.no_autoflush:
        session.connection().execute(statement, rows if len(rows) > 1 else rows[0])


def take_held_back(session: Session) -> list[Write]:
    """The writes `later` held back, in order; collecting stops."""
    held: list[Write] = session.info.pop(_HELD_BACK, None) or []
    return held


@event.listens_for(Session, "before_commit")
def _send_held_back(session: Session) -> None:
    """Writes held back by a use case that collected but wrote no step are still sent with its commit."""
    for write in take_held_back(session):
        execute_write(session, write)


@event.listens_for(Session, "after_transaction_end")
def _forget_held_back(session: Session, transaction: Any) -> None:
    if transaction.parent is None:
        session.info.pop(_HELD_BACK, None)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def refresh_statistics(engine: Engine) -> None:
    """ANALYZE erkend's own tables after a bulk load (a restore, a seeded load test). PostgreSQL otherwise
    plans on the estimates of empty tables until autovacuum comes round, a minute or more: the worklist
    joined 3,000 open tasks to 3,000 cases by a nested loop, 2.5 s instead of 2 ms. Only the tables of
    erkend's schema: other schemas on the same server are not ours to scan. SQLite needs nothing here."""
    if engine.dialect.name != "postgresql":
        return
    with engine.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        tables = list(conn.exec_driver_sql(
            "SELECT quote_ident(tablename) FROM pg_tables WHERE schemaname = current_schema()").scalars())
        for table in tables:
            conn.exec_driver_sql(f"ANALYZE {table}")  # nosec B608 - names quoted by PostgreSQL itself
