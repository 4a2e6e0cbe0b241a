"""Backups restore what they saved (cases with their letters, events and timers; the audit chain still
verifies), and retention purges only cases closed longer than the retention term, keeping a record."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from engine.backup import BackupError, backup, restore
from engine.cases import CaseEngine
from engine.clock import VirtualClock
from engine.legal_values import load_policy
from engine.letter_issuing import case_data_loader, make_letter_issuer
from engine.ports import Actor
from engine.retention import expiry, run_retention
from engine.specs import SpecLibrary
from engine.store.db import session_factory
from engine.store.event_log import verify_chain
from engine.store.tables import Case, Decision, Event, Letter, LetterDelivery, PurgedCase, Timer
from forms.catalogue import all_forms
from letters.render import render_letter
from tests.letters.conftest import MODELS, case_data

REASONS = "Het panel heeft de verklaringen en de documenten van de arbeidsinspectie gewogen."
OPERATOR = Actor.system("cli:operator", purpose="retention")


@pytest.fixture
def letter_cases(db_engine: Engine, clock: VirtualClock) -> CaseEngine:
    library = SpecLibrary(MODELS)
    issuer = make_letter_issuer(render_letter, case_data_loader(library))
    return CaseEngine(session_factory(db_engine), library, clock, all_forms(),
                      outbox_handlers={"issue_letter": issuer}, policy_loader=load_policy)


def _decided_case(cases: CaseEngine, coordinator: Actor, panel: Actor) -> int:
    view = cases.start_case("letter_decision", case_data(), coordinator)
    cases.complete_task(view.id, view.tasks[0].id, {"outcome": "positive", "reasons": REASONS}, panel)
    return view.id


def _case_with_timer(cases: CaseEngine, coordinator: Actor) -> int:
    view = cases.start_case("reference_case", {}, coordinator)
    cases.complete_task(view.id, view.tasks[0].id, {"person_alias": "Ada", "needs_review": False}, coordinator)
    return view.id


def _snapshot(db: Engine, case_ids: list[int]) -> dict[str, object]:
    with session_factory(db)() as session:
        return {
            "cases": [(c.id, c.reference, c.status, c.state, c.row_version)
                      for c in session.scalars(select(Case).where(Case.id.in_(case_ids)).order_by(Case.id))],
            "letters": [(x.id, x.sha256, bytes(x.pdf)) for x in session.scalars(select(Letter).order_by(Letter.id))],
            "deliveries": session.scalar(select(func.count()).select_from(LetterDelivery)),
            "timers": [(t.case_id, t.name, t.due_at, t.status) for t in session.scalars(select(Timer).order_by(Timer.id))],
            "events": [e.hash for e in session.scalars(select(Event).order_by(Event.id))],
        }


def test_a_backup_restores_cases_letters_events_and_timers(letter_cases: CaseEngine, cases: CaseEngine,
                                                           db_engine: Engine, coordinator: Actor, panel: Actor,
                                                           tmp_path: Path) -> None:
    decided = _decided_case(letter_cases, coordinator, panel)
    timed = _case_with_timer(cases, coordinator)
    before = _snapshot(db_engine, [decided, timed])
    assert before["letters"] and any(t[3] == "pending" for t in before["timers"])  # type: ignore[union-attr]

    made = backup(db_engine, tmp_path / "erkend.backup")
    assert made.size > 0
    with pytest.raises(BackupError):
        backup(db_engine, made.path)  # never overwrites
    # After the backup: one more step, and a case gone, as a mistake or a loss would leave it.
    cases.get_case(timed, coordinator)
    with session_factory(db_engine)() as session:
        session.execute(Timer.__table__.delete())
        session.commit()

    restore(db_engine, made.path)

    assert _snapshot(db_engine, [decided, timed]) == before
    with session_factory(db_engine)() as session:
        assert verify_chain(session)[1] is None
    if db_engine.dialect.name == "postgresql":  # the planner has statistics at once, not after autovacuum
        with db_engine.connect() as conn:
            unanalysed = conn.exec_driver_sql(
                "SELECT relname FROM pg_stat_user_tables WHERE schemaname = current_schema() "
                "AND relname IN ('cases', 'open_tasks', 'timers') AND last_analyze IS NULL").scalars().all()
        assert unanalysed == []
    view = cases.get_case(timed, coordinator)  # the restored case goes on, and the log with it
    assert view.tasks[0].name == "decide"
    with session_factory(db_engine)() as session:
        assert verify_chain(session)[1] is None


def test_restore_refuses_a_file_that_is_no_backup(db_engine: Engine, tmp_path: Path) -> None:
    bogus = tmp_path / "not-a-backup"
    bogus.write_bytes(b"hello")
    with pytest.raises(BackupError):
        restore(db_engine, bogus)
    with pytest.raises(BackupError):
        restore(db_engine, tmp_path / "missing")


def test_backup_without_the_postgres_tools_says_so_and_changes_nothing(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from sqlalchemy import create_engine

    monkeypatch.setattr("engine.backup.shutil.which", lambda name: None)
    engine = create_engine("postgresql+psycopg://nobody@127.0.0.1:1/none")
    with pytest.raises(BackupError, match="pg_dump is not installed"):
        backup(engine, tmp_path / "b.dump")
    assert not (tmp_path / "b.dump").exists()


def test_retention_purges_only_cases_closed_longer_than_the_term(letter_cases: CaseEngine, cases: CaseEngine,
                                                                 clock: VirtualClock, coordinator: Actor,
                                                                 panel: Actor) -> None:
    running = _case_with_timer(cases, coordinator)  # the oldest case, and still open
    older = _decided_case(letter_cases, coordinator, panel)
    clock.advance(dt.timedelta(days=1))
    newer = _decided_case(letter_cases, coordinator, panel)
    with letter_cases.sessions() as session:
        completed = {c.id: c.completed_at for c in session.scalars(select(Case).where(Case.id.in_([older, newer])))}
    term = load_policy("default")["case_retention"]
    # One second after the older case's term ran out: the newer one is a day inside its own.
    clock.set(expiry(completed[older], term) + dt.timedelta(seconds=1))
    assert expiry(completed[newer], term) > clock.now()

    listed = run_retention(letter_cases.sessions, clock.now(), load_policy, OPERATOR, dry_run=True)
    assert [e.case_id for e in listed] == [older]
    with letter_cases.sessions() as session:
        assert session.get(Case, older) is not None  # the dry run changed nothing

    purged = run_retention(letter_cases.sessions, clock.now(), load_policy, OPERATOR)

    assert [e.case_id for e in purged] == [older]
    with letter_cases.sessions() as session:
        assert session.get(Case, older) is None
        assert session.get(Case, newer) is not None and session.get(Case, running) is not None
        assert not list(session.scalars(select(Letter).where(Letter.case_id == older)))
        # the decision's outcome goes with the case; the newer case keeps its own
        assert [d.case_id for d in session.scalars(select(Decision).order_by(Decision.id))] == [newer]
        record = session.get(PurgedCase, older)
        assert record is not None and record.reference and record.letters == 1 and record.retention_term == "P10Y"
        (event,) = session.scalars(select(Event).where(Event.case_id == older, Event.kind == "case_purged"))
        assert set(event.details) == {"reference", "completed_at", "retention_term", "letters"}
        # The case's history stays in the log, and the chain holds.
        assert session.scalar(select(func.count()).select_from(Event).where(Event.case_id == older)) > 2
        assert verify_chain(session)[1] is None

    clock.advance(dt.timedelta(days=400 * 365))
    later = run_retention(letter_cases.sessions, clock.now(), load_policy, OPERATOR)
    assert [e.case_id for e in later] == [newer]  # an open case never goes, however old
