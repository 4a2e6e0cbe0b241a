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


def test_0011_seals_totp_secrets_stored_plain_before(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """An installation upgraded from 0010 keeps its second factors, now sealed with the master key."""
    import datetime as dt

    from sqlalchemy import text

    from engine.secrets_box import SecretBox
    from engine.store.db import make_engine
    from engine.store.migrate import upgrade

    key = "a7" * 32
    monkeypatch.setenv("ERKEND_MASTER_KEY", key)
    engine = make_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    upgrade(engine, "0010_ind_links")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO users (username, display_name, roles, totp_secret, active, created_at) "
                          "VALUES ('coco', 'Coco', '[\"coordinator\"]', 'JBSWY3DPEHPK3PXP', 1, :at)"),
                     {"at": dt.datetime(2026, 1, 1)})
    upgrade(engine)
    with engine.connect() as conn:
        stored = conn.scalar(text("SELECT totp_secret FROM users WHERE username = 'coco'"))
    assert stored != "JBSWY3DPEHPK3PXP" and SecretBox(bytes.fromhex(key)).open(stored) == "JBSWY3DPEHPK3PXP"
    engine.dispose()
