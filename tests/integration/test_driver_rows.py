"""`driver_rows` and `driver_statement` (engine.store.db): statements on the driver's cursor behave as through
SQLAlchemy: the same rows, seen by statement listeners, and driver errors as SQLAlchemy's."""
from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import Engine, Integer, bindparam, event, insert, literal, select
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError

from engine.store.db import driver_rows, driver_statement
from engine.store.tables import Event


def test_rows_as_exec_driver_sql_gives_them_and_listeners_see_the_statement(db_engine: Engine) -> None:
    seen: list[str] = []

    def listener(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        seen.append(statement)

    placeholder = "?" if db_engine.dialect.name == "sqlite" else "%s"
    sql = f"SELECT version, variant FROM model_versions WHERE version = {placeholder}"
    event.listen(db_engine, "before_cursor_execute", listener)
    try:
        with db_engine.connect() as connection:
            assert driver_rows(connection, sql, ("none",)) == []
            assert [tuple(r) for r in driver_rows(connection, "SELECT 1, 'a'", ())] == [(1, "a")]
    finally:
        event.remove(db_engine, "before_cursor_execute", listener)
    assert sql in seen and "SELECT 1, 'a'" in seen


def test_driver_errors_reach_the_caller_as_sqlalchemy_errors(db_engine: Engine) -> None:
    sqlite = db_engine.dialect.name == "sqlite"
    with db_engine.connect() as connection, pytest.raises(OperationalError if sqlite else ProgrammingError) as missing:
        driver_rows(connection, "SELECT * FROM no_such_table", ())
    assert "no_such_table" in str(missing.value)
    if not sqlite:
        return
    with db_engine.begin() as connection:
        connection.exec_driver_sql("CREATE TEMP TABLE once (id INTEGER PRIMARY KEY)")
        driver_rows(connection, "INSERT INTO once VALUES (?)", (1,))
        with pytest.raises(IntegrityError):
            driver_rows(connection, "INSERT INTO once VALUES (?)", (1,))


def test_a_statement_without_rows_gives_none(db_engine: Engine) -> None:
    with db_engine.begin() as connection:
        connection.exec_driver_sql("CREATE TEMP TABLE nothing_back (id INTEGER PRIMARY KEY)")
        placeholder = "?" if db_engine.dialect.name == "sqlite" else "%s"
        assert driver_rows(connection, f"INSERT INTO nothing_back VALUES ({placeholder})", (1,)) == []
        assert [tuple(r) for r in driver_rows(connection, "SELECT id FROM nothing_back", ())] == [(1,)]


def test_a_compiled_statement_binds_values_as_sqlalchemys_execute_does(db_engine: Engine) -> None:
    """JSON, an aware datetime (stored as UTC) and a literal reach the database alike both ways."""
    table = Event.__table__
    at = dt.datetime(2026, 3, 1, 10, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))

    def insert_event(prefix: str) -> Any:
        names = ("case_id", "at", "kind", "actor", "details", "prev_hash", "hash")
        return insert(table).values({n: bindparam(prefix + n, type_=table.c[n].type) for n in names}) \
            .returning(table.c.id, literal(7, Integer), table.c.at)

    values = {"case_id": None, "at": at, "kind": "probe", "actor": "test", "details": {"a": [1, "twee"]},
              "prev_hash": "0" * 64}
    with db_engine.begin() as connection:
        through_sqlalchemy = connection.execute(insert_event(""), {**values, "hash": "a" * 64}).one()
        compiled = driver_statement(connection.dialect, ("probe_event",), lambda: insert_event(""))
        assert compiled is not None
        [through_driver] = driver_rows(connection, compiled.sql, compiled.params({**values, "hash": "b" * 64}))
        stored = connection.execute(select(table.c.hash, table.c.at, table.c.details)
                                    .where(table.c.kind == "probe").order_by(table.c.id)).all()
    assert through_driver[1] == through_sqlalchemy[1] == 7
    assert [(row.at, row.details) for row in stored] == [(at, {"a": [1, "twee"]})] * 2


def test_a_statement_rendered_per_execution_is_left_to_sqlalchemy(db_engine: Engine) -> None:
    expanding = select(Event.__table__.c.id).where(Event.__table__.c.kind.in_(bindparam("kinds", expanding=True)))
    assert driver_statement(db_engine.dialect, ("probe_in",), lambda: expanding) is None


def test_a_lost_connection_is_invalidated_and_not_handed_out_again(db_engine: Engine) -> None:
    if db_engine.dialect.name != "postgresql":
        pytest.skip("a server connection to lose")
    with db_engine.connect() as connection:
        pid = driver_rows(connection, "SELECT pg_backend_pid()", ())[0][0]
        with db_engine.connect() as other:
            other.exec_driver_sql(f"SELECT pg_terminate_backend({int(pid)})")
        with pytest.raises(OperationalError) as lost:
            driver_rows(connection, "SELECT 1", ())
        assert lost.value.connection_invalidated and connection.invalidated
    with db_engine.connect() as connection:  # the pool does not hand out the lost one
        assert driver_rows(connection, "SELECT 1", ()) == [(1,)]
        assert driver_rows(connection, "SELECT pg_backend_pid()", ())[0][0] != pid


def test_a_compiled_statement_refuses_a_missing_value_as_sqlalchemy_does(db_engine: Engine) -> None:
    table = Event.__table__
    statement = select(table.c.id).where(table.c.kind == bindparam("kind"), table.c.id > literal(0))
    compiled = driver_statement(db_engine.dialect, ("probe_required",), lambda: statement)
    assert compiled is not None
    with pytest.raises(KeyError, match="kind"):
        compiled.params({})
    with db_engine.connect() as connection:
        assert driver_rows(connection, compiled.sql, compiled.params({"kind": "none"})) == []
