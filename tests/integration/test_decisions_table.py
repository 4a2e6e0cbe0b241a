"""Decisions and their outcomes live in the decisions table, purged with the case; the decision_taken
event keeps a keyed hash of the outcome (issue 12, item 5). Migration 0012 backfills the table from the
events written before it, and leaves those events as they are (the log is hash-chained)."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, select, text

from engine.cases import CaseEngine
from engine.ports import Actor
from engine.store.db import session_factory
from engine.store.event_log import append_event, data_hash, verify_chain
from engine.store.migrate import upgrade
from engine.store.tables import Decision, Event
from tests.integration.test_ind_links import _decide, _to_decision


def test_a_decision_writes_its_row_and_an_event_without_the_outcome(db_engine: Engine, cases: CaseEngine,
                                                                     coordinator: Actor, panel: Actor) -> None:
    case_id = _to_decision(cases, coordinator)
    _decide(cases, case_id, panel)
    with session_factory(db_engine)() as session:
        row = session.scalars(select(Decision).where(Decision.case_id == case_id)).one()
        event = session.get(Event, row.event_id)
        assert event is not None and event.kind == "decision_taken" and event.case_id == case_id
        assert row.outcome == "positive" and row.actor == panel.user and row.role == panel.role
        assert "outcome" not in event.details
        assert event.details["outcome_hash"] == data_hash(session, "positive")
        assert event.details["decision"] == row.decision
    assert [d["outcome"] for d in cases.decisions(case_id)] == ["positive"]


def test_the_decisions_migration_backfills_from_logged_outcomes_and_leaves_the_log_alone(
        db_engine: Engine, cases: CaseEngine, coordinator: Actor) -> None:
    case_id = _to_decision(cases, coordinator)
    at = dt.datetime(2026, 3, 2, 10, 30, tzinfo=dt.timezone.utc)
    sessions = session_factory(db_engine)
    with sessions() as session:  # decisions as the engine logged them before 0014: the outcome in the event
        for logged_case, outcome in ((case_id, "negative"), (987654, "positive")):  # the second case was purged
            append_event(session, case_id=logged_case, at=at, kind="decision_taken", actor="pien", role="panel",
                         details={"decision": "identification_first_stage", "outcome": outcome,
                                  "model_version": "v1", "variant": "nl-decoupled"})
        session.commit()
        before = [(e.id, e.details, e.hash) for e in session.scalars(select(Event).order_by(Event.id))]
    with db_engine.begin() as conn:
        conn.execute(text("DROP TABLE decisions"))
        conn.execute(text("UPDATE alembic_version SET version_num = '0013_letters_due'"))
    upgrade(db_engine, "0014_decisions")
    with sessions() as session:
        rows = session.scalars(select(Decision)).all()
        assert [(r.case_id, r.decision, r.outcome, r.actor, r.role, r.model_version, r.variant, r.at)
                for r in rows] == [(case_id, "identification_first_stage", "negative", "pien", "panel", "v1",
                                    "nl-decoupled", at)]
        logged = session.get(Event, rows[0].event_id)
        assert logged is not None and logged.details["outcome"] == "negative"  # old entries stay as written
        assert [(e.id, e.details, e.hash) for e in session.scalars(select(Event).order_by(Event.id))] == before
        assert verify_chain(session)[1] is None


def test_policy_figures_count_outcomes_from_the_decisions_table(db_engine: Engine, cases: CaseEngine,
                                                                coordinator: Actor, panel: Actor) -> None:
    """The figures count the outcomes kept in the table; a stray outcome in an event's details counts not."""
    from engine.access.small_groups import MIN_GROUP
    from engine.queries.aggregates import aggregates

    decided = [_to_decision(cases, coordinator) for _ in range(MIN_GROUP + 1)]
    for case_id in decided:
        _decide(cases, case_id, panel)
    sessions = session_factory(db_engine)
    with sessions() as session:
        append_event(session, case_id=decided[0], at=cases.clock.now(), kind="decision_taken", actor="pien",
                     role="panel", details={"decision": "identification_first_stage", "outcome": "negative"})
        session.commit()
        figures = aggregates(session, cases.clock.now())
    assert figures["too_few"] is False
    assert figures["decision_outcomes"] == {"positive": MIN_GROUP + 1}
