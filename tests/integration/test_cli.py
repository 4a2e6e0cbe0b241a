"""The `erkend` command line against a temporary SQLite database."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from engine.clock import SystemClock
from engine.store.db import make_engine, session_factory
from engine.store.tables import Case, User
from web.cli import main


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("SECRET_KEY", "test-secret")
    monkeypatch.delenv("ERKEND_TRAINING", raising=False)
    monkeypatch.delenv("ERKEND_MASTER_KEY", raising=False)
    monkeypatch.setenv("ERKEND_INSTANCE_DIR", str(tmp_path / "instance"))
    return url


NOW = SystemClock().now


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def _count(url: str, table) -> int:  # type: ignore[no-untyped-def]
    with session_factory(make_engine(url))() as session:
        return session.scalar(select(func.count()).select_from(table)) or 0


def test_deadline_explains_a_statutory_term_ending_on_5_may() -> None:
    code, out = _run("deadline", "2026-03-24", "P6W", "--rule", "statutory")
    assert code == 0 and out.splitlines()[0].endswith("2026-05-06") or "2026-05-06" in out.splitlines()[0]
    assert "Bevrijdingsdag" in out


def test_deadline_json_has_deadline_and_steps() -> None:
    code, out = _run("deadline", "2026-03-24", "P6W", "--rule", "statutory", "--json")
    doc = json.loads(out)
    assert code == 0 and doc["deadline"] == "2026-05-06" and len(doc["steps"]) >= 2


@pytest.mark.parametrize("args, field", [(["2026-02-30", "P6W"], "BASE"), (["2026-03-24", "6 weeks"], "TERM")])
def test_deadline_rejects_bad_input_naming_the_argument(args: list[str], field: str) -> None:
    result = CliRunner().invoke(main, ["deadline", *args])
    assert result.exit_code == 2 and field in result.output


def test_demo_twice_changes_nothing(cli_env: str) -> None:
    assert _run("db", "upgrade")[0] == 0
    code, out = _run("demo")
    assert code == 0 and "coordinator" in out and "demo-coordinator" in out
    users, cases = _count(cli_env, User), _count(cli_env, Case)
    assert users >= 9 and cases >= 2
    code, out = _run("demo")
    assert code == 0 and "0 users and 0 cases created" in out
    assert (_count(cli_env, User), _count(cli_env, Case)) == (users, cases)


def test_users_create_prints_a_token_once(cli_env: str) -> None:
    _run("db", "upgrade")
    code, token = _run("users", "create", "--username", "ind-gateway", "--role", "ind", "--token")
    assert code == 0 and len(token.strip()) >= 40
    result = CliRunner().invoke(main, ["users", "create", "--username", "ind-gateway", "--role", "ind"])
    assert result.exit_code == 1 and "username" in result.output and "already taken" in result.output
    result = CliRunner().invoke(main, ["users", "create", "--username", "x", "--role", "sheriff"])
    assert result.exit_code == 1 and "roles" in result.output


def test_clock_advance_only_in_training_mode(cli_env: str, monkeypatch: pytest.MonkeyPatch) -> None:
    _run("db", "upgrade")
    result = CliRunner().invoke(main, ["clock", "advance", "P3M"])
    assert result.exit_code == 1 and "training mode" in result.output
    monkeypatch.setenv("ERKEND_TRAINING", "1")
    _run("demo")
    code, before = _run("clock", "show")
    code, out = _run("clock", "advance", "P3M")
    # After three months the decoupled demo case's 5-working-day first-stage term and the current-procedure
    # demo case's 36-hour placement term have run out; a reference case's 3-month decision term and both
    # procedure cases' 3-month reflection periods run to the end of their last day, so they fire by the
    # next day at the latest.
    import re

    assert code == 0
    first = int(re.search(r"fired (\d+) due", out).group(1))  # type: ignore[union-attr]
    code, out = _run("clock", "advance", "P1D")
    assert code == 0
    second = int(re.search(r"fired (\d+) due", out).group(1))  # type: ignore[union-attr]
    assert first >= 2 and first + second == 5
    code, after = _run("clock", "show")
    assert after.strip() > before.strip()


def test_audit_verify_reports_an_intact_chain(cli_env: str) -> None:
    _run("db", "upgrade")
    _run("demo")
    code, out = _run("audit", "verify")
    assert code == 0 and "intact" in out
    code, out = _run("audit", "anchor")
    assert code == 0 and "chains sealed" in out
    code, out = _run("audit", "verify")
    assert code == 0 and "intact" in out


def test_audit_verify_detects_that_the_newest_entries_were_deleted(cli_env: str) -> None:
    """The chain alone cannot tell a truncated log from a shorter one; the signed checkpoint can."""
    from sqlalchemy import delete

    from engine.store.tables import AuditCheckpoint, Event

    _run("db", "upgrade")
    _run("demo")
    code, out = _run("audit", "checkpoint")
    assert code == 0 and "checkpoint at entry" in out
    code, out = _run("audit", "verify")
    assert code == 0 and "newest checkpoint" in out
    engine = make_engine(cli_env)
    with engine.begin() as connection:
        newest = connection.scalar(select(func.max(Event.id)))
        connection.execute(delete(Event).where(Event.id > newest - 3))
    result = CliRunner().invoke(main, ["audit", "verify"])
    assert result.exit_code == 1 and "removed" in result.output
    with engine.begin() as connection:  # a forged checkpoint for the shorter log does not pass either
        connection.execute(AuditCheckpoint.__table__.update().values(event_id=newest - 3))
    result = CliRunner().invoke(main, ["audit", "verify"])
    assert result.exit_code == 1 and "signature" in result.output


def test_audit_verify_against_a_receipt_kept_elsewhere_finds_entries_removed_with_their_checkpoints(
        cli_env: str, tmp_path: Path) -> None:
    from sqlalchemy import delete

    from engine.store.tables import AuditCheckpoint, Event

    _run("db", "upgrade")
    _run("demo")
    code, first = _run("audit", "receipt")
    assert code == 0 and json.loads(first)["signature"]
    engine = make_engine(cli_env)
    with engine.begin() as connection:
        cut = connection.scalar(select(func.max(Event.id)))
    assert _run("users", "create", "--username", "beleid2", "--role", "policy")[0] == 0  # the log moves on
    code, second = _run("audit", "receipt")
    kept = tmp_path / "receipts.jsonl"
    kept.write_text(first + second)
    code, out = _run("audit", "verify", "--against", str(kept))
    assert code == 0 and "2 receipt(s) hold" in out, out
    with engine.begin() as connection:  # remove the newest entries and every checkpoint after the cut
        connection.execute(delete(Event).where(Event.id > cut))
        connection.execute(delete(AuditCheckpoint).where(AuditCheckpoint.event_id > cut))
    assert CliRunner().invoke(main, ["audit", "verify"]).exit_code == 0  # the database alone: no sign
    result = CliRunner().invoke(main, ["audit", "verify", "--against", str(kept)])
    assert result.exit_code == 1 and "receipts.jsonl:2" in result.output and "removed" in result.output
    kept.write_text("geen json\n")
    result = CliRunner().invoke(main, ["audit", "verify", "--against", str(kept)])
    assert result.exit_code == 1 and "line 1: not a receipt" in result.output


def test_the_worker_signs_a_checkpoint_as_it_runs(cli_env: str) -> None:
    from engine.store.tables import AuditCheckpoint

    _run("db", "upgrade")
    _run("demo")
    assert _run("worker", "--once")[0] == 0
    assert _count(cli_env, AuditCheckpoint) == 1


def test_worker_refuses_to_start_on_broken_models(cli_env: str, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from engine import specs

    broken = tmp_path / "models"
    broken.mkdir()
    (broken / "reference.bpmn").write_text((specs.PROCESSES_DIR / "reference.bpmn").read_text()
                                           .replace('due_in("P3M", "calendar")', "P3M"))
    (broken / "reference_review.bpmn").write_text((specs.PROCESSES_DIR / "reference_review.bpmn").read_text())
    monkeypatch.setattr(specs, "PROCESSES_DIR", broken)
    monkeypatch.setattr(specs.SpecLibrary.__init__, "__defaults__", (broken,))
    _run("db", "upgrade")
    result = CliRunner().invoke(main, ["worker", "--once"])
    assert result.exit_code == 1 and "decision_deadline" in result.output


def test_worker_once_fires_nothing_on_a_quiet_database(cli_env: str) -> None:
    _run("db", "upgrade")
    code, out = _run("worker", "--once")
    assert code == 0 and "fired" not in out


def test_timers_lists_an_incident_and_retry_puts_it_back(cli_env: str) -> None:
    from engine.store.db import UnitOfWork
    from engine.store.tables import Event, Timer

    _run("db", "upgrade")
    _run("demo")
    assert _run("timers") == (0, "no failed timers\n")
    sessions = session_factory(make_engine(cli_env))
    with UnitOfWork(sessions) as uow:
        timer = uow.session.scalars(select(Timer).where(Timer.status == "pending").order_by(Timer.id)).first()
        assert timer is not None
        timer.status, timer.attempts = "incident", 8
        timer.last_error_class, timer.last_error = "OperationalError", "database error (SQLSTATE 57P01)"
        timer_id = timer.id
        uow.commit()
    code, out = _run("timers", "list")
    assert code == 0 and f"{timer_id:>6}  incident" in out and "8 attempt(s)" in out and "57P01" in out
    code, out = _run("timers", "retry", str(timer_id))
    assert code == 0 and "pending again" in out
    with sessions() as session:
        timer = session.get(Timer, timer_id)
        assert timer is not None and (timer.status, timer.attempts) == ("pending", 0)
        kinds = list(session.scalars(select(Event.kind).where(Event.case_id == timer.case_id)))
    assert kinds[-1] == "timer_retried"
    assert _run("timers")[1] == "no failed timers\n"
    result = CliRunner().invoke(main, ["timers", "retry", str(timer_id)])
    assert result.exit_code == 1 and "parked or failing" in result.output
    result = CliRunner().invoke(main, ["timers", "retry", "999999"])
    assert result.exit_code == 1 and "no such timer" in result.output


def test_worker_once_fails_loudly_when_the_database_is_unreachable(cli_env: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """One pass for cron: the loop itself survives, but the exit code says the pass failed."""
    monkeypatch.setenv("DATABASE_URL", "sqlite:////nonexistent-erkend-dir/erkend.sqlite3")
    result = CliRunner().invoke(main, ["worker", "--once"])
    assert result.exit_code == 1 and "the pass failed (OperationalError)" in result.output


def test_account_changes_from_the_command_line_are_audited(cli_env: str) -> None:
    """Creating an account (with or without a token) and turning on its second factor are in the log."""
    from engine.store.tables import Event

    _run("db", "upgrade")
    assert _run("users", "create", "--username", "ind-gateway", "--role", "ind", "--token")[0] == 0
    assert _run("users", "totp", "--username", "ind-gateway")[0] == 0
    with session_factory(make_engine(cli_env))() as session:
        events = [(e.kind, e.actor, e.details) for e in session.scalars(select(Event).order_by(Event.id))]
    assert ("user_created", "cli", {"username": "ind-gateway", "roles": ["ind"], "password": False,
                                    "token": True, "pending_approval": False}) in events
    assert ("totp_enabled", "cli", {"username": "ind-gateway"}) in events


def test_a_revoked_token_stops_working_at_once(cli_env: str) -> None:
    from engine.accounts import user_for_token
    from engine.store.tables import Event

    _run("db", "upgrade")
    token = _run("users", "create", "--username", "ind-gateway", "--role", "ind", "--token")[1].strip()
    with session_factory(make_engine(cli_env))() as session:
        assert user_for_token(session, token, NOW()) is not None
    code, out = _run("users", "revoke", "--username", "ind-gateway")
    assert code == 0 and "revoked" in out
    with session_factory(make_engine(cli_env))() as session:
        assert user_for_token(session, token, NOW()) is None
        assert session.scalar(select(Event.actor).where(Event.kind == "token_revoked")) == "cli"
    result = CliRunner().invoke(main, ["users", "revoke", "--username", "nobody"])
    assert result.exit_code == 1 and "username" in result.output


def test_a_token_expires_after_its_days_and_a_new_one_replaces_it(cli_env: str) -> None:
    import datetime as dt

    from engine.accounts import user_for_token

    _run("db", "upgrade")
    first = _run("users", "create", "--username", "ind-gateway", "--role", "ind", "--token",
                 "--token-days", "2")[1].strip()
    with session_factory(make_engine(cli_env))() as session:
        assert user_for_token(session, first, NOW()) is not None
        assert user_for_token(session, first, NOW() + dt.timedelta(days=2, seconds=1)) is None
    code, second = _run("users", "token", "--username", "ind-gateway", "--days", "30")
    assert code == 0
    with session_factory(make_engine(cli_env))() as session:
        assert user_for_token(session, first, NOW()) is None
        assert user_for_token(session, second.strip(), NOW() + dt.timedelta(days=29)) is not None
        assert user_for_token(session, second.strip(), NOW() + dt.timedelta(days=31)) is None


def test_a_totp_secret_is_stored_sealed_with_a_key_outside_the_database(cli_env: str, tmp_path: Path) -> None:
    """The database holds the sealed secret only; the key is a file of its own, readable by its owner."""
    import pyotp

    from engine.secrets_box import SecretBox, load_master_key

    _run("db", "upgrade")
    _run("users", "create", "--username", "coco", "--role", "coordinator", "--password", "pw-coco-1234")
    uri = _run("users", "totp", "--username", "coco")[1].strip()
    secret = pyotp.parse_uri(uri).secret
    with session_factory(make_engine(cli_env))() as session:
        stored = session.scalar(select(User.totp_secret).where(User.username == "coco"))
    assert stored and secret not in stored and stored.startswith("v1:")
    key_file = tmp_path / "instance" / "master.key"
    assert key_file.stat().st_mode & 0o077 == 0
    assert SecretBox(load_master_key(create=False)).open(stored) == secret
