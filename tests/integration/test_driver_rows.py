"""`driver_rows` (engine.store.db): SQLite's statements on the driver's cursor behave as through
SQLAlchemy: the same rows, seen by statement listeners, and driver errors as SQLAlchemy's."""
from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine, event
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError

from engine.store.db import driver_rows


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
