"""PostgreSQL: a transaction that wrote nothing ends with COMMIT, so the driver keeps the statements it
prepared on the server (psycopg forgets them all on a rollback); one that wrote, or failed, is still
rolled back (engine.store.db._keep_prepared_statements)."""
from __future__ import annotations

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from engine.store.db import session_factory

# psycopg prepares a statement on its fifth execution by default; a few more make it certain.
EXECUTIONS = 8
PROBE = "SELECT count(*) FROM model_versions WHERE version <> 'erkend-prepared-probe'"


@pytest.fixture
def postgres(db_engine: Engine) -> Engine:
    if db_engine.dialect.name != "postgresql":
        pytest.skip("psycopg's prepared statements are PostgreSQL's")
    return db_engine


def _prepared(session: Session) -> list[str]:
    return list(session.scalars(text("SELECT statement FROM pg_prepared_statements")))


def test_reads_that_end_without_commit_keep_the_prepared_statements(postgres: Engine) -> None:
    sessions = session_factory(postgres)
    for _ in range(EXECUTIONS):
        with sessions() as session:  # a read: the session closes without a commit
            session.execute(text(PROBE)).scalar_one()
    with sessions() as session:
        assert any("erkend-prepared-probe" in statement for statement in _prepared(session))


def test_a_session_that_wrote_and_did_not_commit_is_rolled_back(postgres: Engine) -> None:
    sessions = session_factory(postgres)
    with sessions() as session:
        session.execute(text("INSERT INTO model_versions (version, variant, files, created_at) "
                             "VALUES ('uncommitted', 'nl-current', '{}', now())"))
    with sessions() as session:
        assert session.scalar(text("SELECT count(*) FROM model_versions WHERE version = 'uncommitted'")) == 0


def test_a_failed_transaction_is_rolled_back_and_the_connection_serves_the_next(postgres: Engine) -> None:
    sessions = session_factory(postgres)
    with sessions() as session:
        with pytest.raises(DBAPIError):
            session.execute(text("SELECT 1 / 0"))
    with sessions() as session:
        assert session.scalar(text("SELECT 1")) == 1


def test_a_read_that_locked_a_row_is_rolled_back_not_committed(postgres: Engine) -> None:
    """Locking a row assigns a transaction id, so such a read is rolled back: its lock goes either way,
    and nothing it did is committed."""
    sessions = session_factory(postgres)
    with sessions() as session:
        session.execute(text("INSERT INTO model_versions (version, variant, files, created_at) "
                             "VALUES ('locked', 'nl-current', '{}', now())"))
        session.commit()
    with sessions() as session:
        assert session.execute(text("SELECT version FROM model_versions FOR UPDATE")).all()
        assert session.scalar(text("SELECT txid_current_if_assigned() IS NULL")) is False
    with sessions() as session:
        assert session.scalar(text("SELECT 1")) == 1
