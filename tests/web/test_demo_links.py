"""The demo data gives every demo login something to see: panel members, lawyer and guardian are linked
to the demo cases; a second seeding changes nothing."""

from __future__ import annotations

from sqlalchemy import func, select

from engine.case_parties import visible_case_ids
from engine.demo import seed_demo
from engine.store.tables import CaseParty

from .conftest import WebEnv


def test_demo_links_are_made_once(env: WebEnv) -> None:
    svc = env.services
    seed_demo(svc.sessions, svc.cases, svc.clock)
    with svc.sessions() as session:
        count = session.scalar(select(func.count(CaseParty.id)))
        assert visible_case_ids(session, "lawyer", "lawyer") == [1, 2, 3, 4]
        assert visible_case_ids(session, "panel1", "panel") == [1, 2, 3, 4]
        assert visible_case_ids(session, "police", "investigator") == []  # a role, not a relation
        assert visible_case_ids(session, "police", "police") == [1]
    seed_demo(svc.sessions, svc.cases, svc.clock)
    with svc.sessions() as session:
        assert session.scalar(select(func.count(CaseParty.id))) == count


def test_demo_procedure_case_waits_for_the_panels_first_stage_decision(env: WebEnv) -> None:
    """A new user can take the decoupled demo case to a decision in the browser."""
    svc = env.services
    seed_demo(svc.sessions, svc.cases, svc.clock)
    case = svc.cases.get_case(3)
    assert (case.process_id, case.variant) == ("procedure", "nl-decoupled")
    assert [t.name for t in case.tasks] == ["first_stage"]


def test_demo_seeds_a_case_with_several_procedures_running(env: WebEnv) -> None:
    """The current-procedure demo case: the reflection period runs from the police's indication while the
    minors' route waits for the guardian and placement is still to be decided."""
    svc = env.services
    seed_demo(svc.sessions, svc.cases, svc.clock)
    case = svc.cases.get_case(4)
    assert (case.process_id, case.variant) == ("procedure", "nl-current")
    running = {t.process_id for t in case.tasks} | {t.name for t in case.timers if t.status == "pending"}
    assert "shelter_placement" in running and "Bedenktijd verstreken" in running
    assert "guardian_appointed" in case.waiting_messages
