"""The IND's access to a case rests on a recorded link (case_links, role `ind`) written with the decision
that goes to the IND, not on a search of the audit log; migration 0008 backfills the links."""
from __future__ import annotations

from alembic import command
from sqlalchemy import Engine, select, text

from engine.case_parties import relations, visible_case_ids
from engine.cases import CaseEngine
from engine.ports import Actor
from engine.store.db import session_factory
from engine.store.migrate import alembic_config, upgrade
from engine.store.tables import CaseLink

DECIDE = {"outcome": "positive", "reasons": "Sterke indicatoren."}


def _to_decision(cases: CaseEngine, coordinator: Actor) -> int:
    case = cases.start_case("reference_case", {}, coordinator)
    case = cases.complete_task(case.id, case.tasks[0].id, {"person_alias": "Fictief F.", "needs_review": False},
                               coordinator)
    return case.id


def _decide(cases: CaseEngine, case_id: int, panel: Actor) -> None:
    case = cases.get_case(case_id)
    cases.complete_task(case_id, case.tasks[0].id, DECIDE, panel)


def test_the_ind_is_linked_to_a_case_by_its_decision_and_not_before(db_engine: Engine, cases: CaseEngine,
                                                                     coordinator: Actor, panel: Actor) -> None:
    sessions = session_factory(db_engine)
    case_id = _to_decision(cases, coordinator)
    with sessions() as session:
        assert "decision" not in relations(session, case_id, "ivy")
        assert case_id not in (visible_case_ids(session, "ivy", "ind") or [])
    _decide(cases, case_id, panel)
    with sessions() as session:
        link = session.get(CaseLink, (case_id, "ind"))
        assert link is not None and link.because == "decision_taken"
        assert "decision" in relations(session, case_id, "ivy")
        assert visible_case_ids(session, "ivy", "ind") == [case_id]


def test_ind_access_does_not_follow_the_audit_log_once_the_link_is_gone(db_engine: Engine, cases: CaseEngine,
                                                                        coordinator: Actor, panel: Actor) -> None:
    """The event log still holds the decision; without the link the IND does not see the case."""
    case_id = _to_decision(cases, coordinator)
    _decide(cases, case_id, panel)
    with db_engine.begin() as conn:
        conn.execute(text("DELETE FROM case_links"))
    with session_factory(db_engine)() as session:
        assert "decision" not in relations(session, case_id, "ivy")
        assert visible_case_ids(session, "ivy", "ind") == []


def test_the_ind_links_migration_backfills_a_link_for_every_case_with_a_logged_decision(
        db_engine: Engine, cases: CaseEngine, coordinator: Actor, panel: Actor) -> None:
    decided = _to_decision(cases, coordinator)
    _decide(cases, decided, panel)
    undecided = _to_decision(cases, coordinator)
    # The database as it was before the links migration: the decision only in the event log.
    config = alembic_config(db_engine.url.render_as_string(hide_password=False))
    with db_engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0009_retention")
    upgrade(db_engine)
    with session_factory(db_engine)() as session:
        links = session.execute(select(CaseLink.case_id, CaseLink.role, CaseLink.because)).all()
        assert [tuple(row) for row in links] == [(decided, "ind", "decision_taken")]
        assert undecided not in (visible_case_ids(session, "ivy", "ind") or [])
