"""Letters are an explicit step of the decision's use case: requested in the decision's transaction,
rendered after it outside the write lock from the case data the step already has, stored in a short
transaction of their own; a request a crash left behind is issued on recovery, once."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest
from sqlalchemy import func, select, text

from engine.cases import CaseEngine
from engine.letter_issuing import LetterIssuer, LetterRequest, RenderedLetter, reissue_letter
from engine.ports import Actor
from engine.store.tables import Event, Letter, LetterDue
from tests.letters.conftest import case_data
from tests.letters.test_issuing import REASONS


def _issuer(cases: CaseEngine) -> LetterIssuer:
    issuer = cases.outbox_handlers["issue_letter"]
    assert isinstance(issuer, LetterIssuer)
    return issuer


def _counts(cases: CaseEngine, case_id: int) -> tuple[int, int, int]:
    """(letters, requests still due, decisions taken) of the case."""
    with cases.sessions() as session:
        letters = session.scalar(select(func.count()).select_from(Letter).where(Letter.case_id == case_id))
        due = session.scalar(select(func.count()).select_from(LetterDue).where(
            LetterDue.case_id == case_id, LetterDue.issued_letter_id.is_(None)))
        decided = session.scalar(select(func.count()).select_from(Event).where(
            Event.case_id == case_id, Event.kind == "decision_taken"))
    return letters or 0, due or 0, decided or 0


def test_a_crash_between_the_decision_and_its_letter_issues_the_letter_on_recovery(
        issuing_cases: CaseEngine, panel_member: Actor, coordinator: Actor, monkeypatch: pytest.MonkeyPatch) -> None:
    view = issuing_cases.start_case("letter_decision", case_data(), coordinator)

    def crash(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("simulated crash after the decision committed")

    monkeypatch.setattr(_issuer(issuing_cases), "follow_up", crash)
    with pytest.raises(RuntimeError):
        issuing_cases.complete_task(view.id, view.tasks[0].id, {"outcome": "positive", "reasons": REASONS},
                                    panel_member)
    assert _counts(issuing_cases, view.id) == (0, 1, 1)  # the decision stands, its letter is due
    monkeypatch.undo()
    assert issuing_cases.recover_follow_ups() == 1
    assert _counts(issuing_cases, view.id) == (1, 0, 1)
    assert issuing_cases.recover_follow_ups() == 0  # issued once
    assert _counts(issuing_cases, view.id) == (1, 0, 1)


def test_a_letter_that_fails_to_render_stays_due_and_the_decision_stands(
        issuing_cases: CaseEngine, panel_member: Actor, coordinator: Actor, monkeypatch: pytest.MonkeyPatch) -> None:
    issuer = _issuer(issuing_cases)
    working = issuer.render

    def broken(request: LetterRequest) -> RenderedLetter:
        raise OSError("the PDF engine is gone")

    monkeypatch.setattr(issuer, "render", broken)
    view = issuing_cases.start_case("letter_decision", case_data(), coordinator)
    issuing_cases.complete_task(view.id, view.tasks[0].id, {"outcome": "positive", "reasons": REASONS}, panel_member)
    assert _counts(issuing_cases, view.id) == (0, 1, 1)
    with issuing_cases.sessions() as session:
        due = session.scalars(select(LetterDue).where(LetterDue.case_id == view.id)).one()
        assert (due.attempts, due.last_error_class) == (1, "OSError")
    monkeypatch.setattr(issuer, "render", working)
    assert issuing_cases.recover_follow_ups() == 1 and _counts(issuing_cases, view.id) == (1, 0, 1)


def test_the_letter_is_rendered_outside_the_write_lock_from_the_steps_own_case_data(
        issuing_cases: CaseEngine, panel_member: Actor, coordinator: Actor, monkeypatch: pytest.MonkeyPatch) -> None:
    """While the PDF is made another writer can take the lock (the decision has committed), and the
    issuer never loads the case again: it gets the data the decision produced."""
    issuer = _issuer(issuing_cases)
    render, loads, free = issuer.render, [], []

    def observed(request: LetterRequest) -> RenderedLetter:
        free.append(_write_lock_is_free(issuing_cases, request.case_id))
        return render(request)

    def load(*args: Any) -> Any:
        loads.append(args)
        raise AssertionError("the issuer loaded the case again")

    monkeypatch.setattr(issuer, "render", observed)
    monkeypatch.setattr(issuer, "load_case_data", load)
    view = issuing_cases.start_case("letter_decision", case_data(), coordinator)
    issuing_cases.complete_task(view.id, view.tasks[0].id, {"outcome": "positive", "reasons": REASONS}, panel_member)
    assert free == [True] and not loads and _counts(issuing_cases, view.id) == (1, 0, 1)


def test_a_reissued_letter_is_rendered_outside_the_write_lock_too(
        issuing_cases: CaseEngine, panel_member: Actor, coordinator: Actor) -> None:
    """A re-issue reads the letter and the case, renders with no transaction open, then stores version 2."""
    view = issuing_cases.start_case("letter_decision", case_data(), coordinator)
    issuing_cases.complete_task(view.id, view.tasks[0].id, {"outcome": "positive", "reasons": REASONS}, panel_member)
    issuer, free = _issuer(issuing_cases), []
    with issuing_cases.sessions() as session:
        first = session.scalars(select(Letter).where(Letter.case_id == view.id)).one()

    def observed(request: LetterRequest) -> RenderedLetter:
        free.append(_write_lock_is_free(issuing_cases, request.case_id))
        return issuer.render(request)

    new_id = reissue_letter(issuing_cases.sessions, first.id, observed, issuer.load_case_data,
                            issuing_cases.clock.now(), coordinator, reason="adres gecorrigeerd")
    with issuing_cases.sessions() as session:
        versions = [(row.id, row.version, row.supersedes_id) for row in session.scalars(
            select(Letter).where(Letter.case_id == view.id).order_by(Letter.version))]
    assert free == [True] and versions == [(first.id, 1, None), (new_id, 2, first.id)]


def _write_lock_is_free(cases: CaseEngine, case_id: int) -> bool:
    engine = cases.sessions.kw["bind"]
    if engine.dialect.name == "sqlite":
        other = sqlite3.connect(engine.url.database, timeout=0.2, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
            return True
        except sqlite3.OperationalError:
            return False
        finally:
            other.close()
    with engine.connect() as conn:  # the case's lock is its row's (engine.store.event_log.lock_case)
        free = conn.execute(text("SELECT id FROM cases WHERE id = :c FOR NO KEY UPDATE SKIP LOCKED"),
                            {"c": case_id}).first() is not None
        conn.rollback()
        return free
