"""The schema comes from Alembic alone: one head, and the migrated tables match the models."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from engine.store.migrate import alembic_config
from engine.store.tables import Base


def test_migrations_have_a_single_head() -> None:
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    assert len(script.get_heads()) == 1


def test_migrated_schema_matches_the_models(db_engine) -> None:  # type: ignore[no-untyped-def]
    with db_engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    # Type-affinity differences SQLite reports are not schema drift; missing tables/columns/indexes are.
    structural = [d for d in diff if d[0] in ("add_table", "remove_table", "add_column", "remove_column",
                                               "add_index", "remove_index")]
    assert structural == []
