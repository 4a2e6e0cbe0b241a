"""Demo data for `erkend demo`: fictional users and a few reference cases. Idempotent: a second run
finds what the first created and changes nothing."""
from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from engine.accounts import create_user
from engine.cases import CaseEngine
from engine.clock import Clock
from engine.ports import Actor
from engine.store.db import UnitOfWork
from engine.store.tables import Case, User

# Fictional people. Passwords are for the local demo only and are printed by `make run`.
DEMO_USERS: list[tuple[str, str, tuple[str, ...]]] = [
    ("coordinator", "Coco Coördinator", ("coordinator",)),
    ("panel1", "Pim Panellid", ("panel",)),
    ("panel2", "Pia Panellid", ("panel",)),
    ("ind", "Ingrid IND", ("ind",)),
    ("lawyer", "Lotte Advocaat", ("lawyer",)),
    ("guardian", "Gijs Voogd", ("guardian",)),
    ("police", "Paul Politie", ("police",)),
    ("prosecutor", "Olga Officier", ("prosecutor",)),
    ("policy", "Bas Beleid", ("policy",)),
    ("admin", "Ada Beheer", ("admin",)),
]
DEMO_CASES = [
    {"person_alias": "Demo A.", "needs_review": False},
    {"person_alias": "Demo B.", "needs_review": True},
]


# The demo people's nationality: a country of fiction (Anthony Hope's Ruritania) whose words the
# vocabulary holds in Dutch and English (forms.vocabulary), so that pages show "Ruritaans"/"Ruritanian".
DEMO_NATIONALITY = "ruritanian"


def demo_password(username: str) -> str:
    return f"demo-{username}"


def seed_demo(sessions: sessionmaker[Session], cases: CaseEngine, clock: Clock) -> dict[str, int]:
    created = {"users": 0, "cases": 0}
    with UnitOfWork(sessions) as uow:
        for username, name, roles in DEMO_USERS:
            if uow.session.scalar(select(User.id).where(User.username == username)) is None:
                create_user(uow.session, username, roles, clock.now(), password=demo_password(username),
                            display_name=name, by="demo-seed")
                created["users"] += 1
        uow.commit()
    with sessions() as session:
        existing = session.scalar(select(func.count(Case.id)).where(Case.process_id == "reference_case")) or 0
    actor = Actor.system("demo-seed", purpose="demo data")
    for data in DEMO_CASES[existing:]:
        case = cases.start_case("reference_case", {}, actor)
        cases.complete_task(case.id, case.tasks[0].id, data, actor)
        created["cases"] += 1
    created["cases"] += _seed_procedure_case(sessions, cases)
    today = clock.now().astimezone(ZoneInfo("Europe/Amsterdam")).date().isoformat()
    created["cases"] += _seed_procedure_case(sessions, cases, DEMO_PARALLEL, demo_parallel_steps(today))
    _link_demo_parties(sessions, cases, clock)
    return created


# A case of the decoupled procedure, walked through referral and intake to the panel's first-stage
# decision, so that a demo user can take it to a decision in the browser and see its letter and the
# objection deadline. Fictional person.
DEMO_PROCEDURE_STEPS: list[tuple[str, dict[str, Any]]] = [
    ("register_signal", {"signal_source": "ngo", "signal_date": "2026-01-05", "person_alias": "Demo C.", "legal_name": "Carla Demoveld",
                         "birth_date": "1994-03-12", "age_doubt": False, "residence_status": "tcn_unlawful",
                         "exploitation_form": "labour", "suspected_offence": False, "nationality": DEMO_NATIONALITY}),
    ("safety_check", {"immediate_danger": False, "safe_location": True, "emergency_bed": True}),
    ("consent", {"consent_given": True, "informed_in_language": "en"}),
    ("placement", {"shelter_type": "cosm", "placement_start": "2026-01-05"}),
    ("compose_panel", {"panel_members": [
        {"name": "Pim Panellid", "role": "chair", "voting": True},
        {"name": "Pia Panellid", "role": "care", "voting": True},
        {"name": "Demo Jurist", "role": "legal", "voting": True},
        {"name": "Demo Arbeidsdeskundige", "role": "labour", "voting": True}]}),
]
DEMO_PROCEDURE = ("procedure", "nl-decoupled")

# A second case, under the current procedure, with several procedures running at once: an unaccompanied
# third-country 15-year-old whose reflection period runs from the police's indication while the minors'
# route waits for the guardian and the placement decision is still open. Fictional person.
def demo_parallel_steps(today: str) -> list[tuple[str, dict[str, Any]]]:
    """The steps with today's date, so the demo's deadlines run from the day it is seeded."""
    return [(name, {k: (today if v == "TODAY" else v) for k, v in data.items()}) for name, data in _PARALLEL_STEPS]


_PARALLEL_STEPS: list[tuple[str, dict[str, Any]]] = [
    ("register_signal", {"signal_source": "police", "signal_date": "TODAY", "signal_time": "08:30",
                         "person_alias": "Demo M.", "legal_name": "Mo Demoveld", "birth_date": "2011-02-14", "age_doubt": False,
                         "unaccompanied": True, "residence_status": "tcn_unlawful", "exploitation_form": "criminal",
                         "suspected_offence": False, "nationality": DEMO_NATIONALITY}),
    ("safety_check", {"immediate_danger": True, "safe_location": True, "emergency_bed": True}),
    ("police_assessment", {"indication": True, "offered_by": "police", "offered_on": "TODAY"}),
]
DEMO_PARALLEL = ("procedure", "nl-current")


def _seed_procedure_case(sessions: sessionmaker[Session], cases: CaseEngine,
                         which: tuple[str, str] = DEMO_PROCEDURE,
                         steps: list[tuple[str, dict[str, Any]]] | None = None) -> int:
    process_id, variant = which
    steps = DEMO_PROCEDURE_STEPS if steps is None else steps
    with sessions() as session:
        if session.scalar(select(Case.id).where(Case.process_id == process_id, Case.variant == variant)):
            return 0
    actor = Actor.system("demo-seed", purpose="demo data")
    case = cases.start_case(process_id, {}, actor, variant=variant)
    for name, data in steps:
        task = next((t for t in case.tasks if t.name == name), None)
        if task is not None:
            case = cases.complete_task(case.id, task.id, data, actor)
    return 1


# Who is linked to the demo cases, so that each demo login has work: both panel members are assigned,
# the demo lawyer follows the cases, the demo guardian the minor's (a guardian is linked only to a
# minor's case, as on the page and in the API), the police officer investigates the first one.
DEMO_LINKS = [("panel1", "panel"), ("panel2", "panel"), ("lawyer", "lawyer"), ("guardian", "guardian")]


def _demo_case_ids(session: Session) -> list[int]:
    demo_ids = list(session.scalars(select(Case.id).where(Case.process_id == "reference_case")
                                    .order_by(Case.id).limit(len(DEMO_CASES))))
    for process_id, variant in (DEMO_PROCEDURE, DEMO_PARALLEL):
        demo_ids += list(session.scalars(select(Case.id).where(Case.process_id == process_id,
                                                               Case.variant == variant)
                                         .order_by(Case.id).limit(1)))
    return demo_ids


def _link_demo_parties(sessions: sessionmaker[Session], cases: CaseEngine, clock: Clock) -> None:
    from engine.case_parties import link_party, relations
    from engine.queries.eligible import is_minors_case

    with sessions() as session:
        demo_ids = _demo_case_ids(session)
    minors = {case_id: is_minors_case(cases.get_case(case_id).data) for case_id in demo_ids}
    with UnitOfWork(sessions) as uow:
        for index, case_id in enumerate(demo_ids):
            links = DEMO_LINKS + ([("police", "investigator")] if index == 0 else [])
            for username, kind in links:
                if kind == "guardian" and not minors[case_id]:
                    continue
                if kind not in relations(uow.session, case_id, username):
                    link_party(uow.session, case_id, username, kind, "demo-seed", "system", clock.now(),
                               minor=minors[case_id])
        uow.commit()
