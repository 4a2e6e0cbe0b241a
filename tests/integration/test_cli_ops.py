"""The operator's commands: model migration, backup and restore, retention (SQLite, through the CLI)."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from engine.specs import SpecLibrary
from engine.store.db import make_engine, session_factory
from engine.store.tables import Case, Event
from web.cli import main


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("SECRET_KEY", "test-secret")
    monkeypatch.delenv("ERKEND_TRAINING", raising=False)
    return url


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def _cases(url: str) -> int:
    with session_factory(make_engine(url))() as session:
        return session.scalar(select(func.count()).select_from(Case)) or 0


def test_migrate_reports_cases_already_on_the_version_and_refuses_an_unknown_one(cli_env: str) -> None:
    _run("db", "upgrade")
    _run("demo")
    current = SpecLibrary().current("default").version
    code, out = _run("cases", "migrate", "--to", current[:12], "--dry-run")
    assert code == 0 and "dry run: 0 migrated, 0 refused" in out
    code, out = _run("cases", "migrate", "--to", "ffffffffffff")
    assert code == 1 and "no model version" in out
    with session_factory(make_engine(cli_env))() as session:
        assert not session.scalar(select(func.count()).select_from(Event).where(Event.kind.like("case_migr%")))


def test_backup_then_restore_brings_back_what_was_lost(cli_env: str, tmp_path: Path) -> None:
    _run("db", "upgrade")
    _run("demo")
    cases = _cases(cli_env)
    assert cases > 0
    code, out = _run("backup", str(tmp_path / "b.sqlite3"))
    assert code == 0 and "backup written" in out
    database = Path(cli_env.removeprefix("sqlite:///"))
    for lost in (database, database.with_name(database.name + "-wal"), database.with_name(database.name + "-shm")):
        lost.unlink(missing_ok=True)  # the disk is gone
    code, out = _run("restore", str(tmp_path / "b.sqlite3"), "--yes")
    assert code == 0 and "event log intact" in out
    assert _cases(cli_env) == cases
    code, out = _run("restore", str(tmp_path / "missing.sqlite3"), "--yes")
    assert code == 1 and "no such backup file" in out


def test_retention_dry_run_lists_nothing_on_fresh_demo_data(cli_env: str) -> None:
    _run("db", "upgrade")
    _run("demo")
    code, out = _run("retention", "run", "--dry-run")
    assert code == 0 and "dry run: 0 case(s) would be purged" in out
