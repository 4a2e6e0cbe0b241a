"""The demo data gives every demo login something to see: panel members, lawyer and guardian are linked
to the demo cases; a second seeding changes nothing."""
from __future__ import annotations

from sqlalchemy import func, select

from engine.demo import seed_demo
from engine.policy.parties import visible_case_ids
from engine.store.tables import CaseParty

from .conftest import WebEnv


def test_demo_links_are_made_once(env: WebEnv) -> None:
    svc = env.services
    seed_demo(svc.sessions, svc.cases, svc.clock)
    with svc.sessions() as session:
        count = session.scalar(select(func.count(CaseParty.id)))
        assert visible_case_ids(session, "lawyer", "lawyer") == [1, 2]
        assert visible_case_ids(session, "panel1", "panel") == [1, 2]
        assert visible_case_ids(session, "police", "investigator") == []  # a role, not a relation
        assert visible_case_ids(session, "police", "police") == [1]
    seed_demo(svc.sessions, svc.cases, svc.clock)
    with svc.sessions() as session:
        assert session.scalar(select(func.count(CaseParty.id))) == count
