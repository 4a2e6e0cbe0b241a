"""Seed a load-test database: accounts, N open cases of the decoupled procedure, and issued letters.

Starting 10,000 cases one by one through the engine takes longer than the load run itself on a small
machine, so one case is started through the engine and copied N times in SQL: each copy has its own
row, reference, open task and timer rows, and the same workflow state (task ids repeat across cases,
which the engine allows: they are unique per case). The references inside the copied state repeat
the template's; nothing in the load reads them. One decision letter, rendered by the real letter
code, is copied onto every 10th case with a delivery to the coordinators' inbox.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, insert, literal, select

from engine.accounts import create_user
from engine.cases import CaseEngine
from engine.clock import SystemClock
from engine.legal_values import load_policy
from engine.letter_issuing import case_data_loader, make_letter_issuer
from engine.ports import Actor
from engine.specs import SpecLibrary
from engine.store.db import UnitOfWork, refresh_statistics, session_factory
from engine.store.tables import Case, Letter, LetterDelivery, OpenTask, Timer
from forms.catalogue import all_forms
from letters.render import render_letter

LETTER_MODELS = Path(__file__).resolve().parent.parent / "letters" / "models"
API_USER, PAGE_USER, PAGE_PASSWORD = "load-api", "load-coco", "load-test-password-1"  # fictional accounts
TEMPLATE = ("procedure", "nl-decoupled")
LETTER_EVERY = 10


@dataclass(frozen=True)
class Seeded:
    token: str
    case_ids: list[int]
    letters: list[tuple[int, int]]  # (case id, letter id)


def seed(db: Engine, cases: int) -> Seeded:
    sessions, clock, actor = session_factory(db), SystemClock(), Actor.system("load-seed", purpose="load test")
    with UnitOfWork(sessions) as uow:
        _, token = create_user(uow.session, API_USER, ("coordinator",), clock.now(), with_token=True, by="cli")
        create_user(uow.session, PAGE_USER, ("coordinator",), clock.now(), password=PAGE_PASSWORD, by="cli")
        uow.commit()
    assert token is not None
    engine = CaseEngine(sessions, SpecLibrary(), clock, all_forms(), policy_loader=load_policy)
    template = engine.start_case(TEMPLATE[0], {}, actor, variant=TEMPLATE[1]).id
    letter_id = _one_letter(db, clock)
    with sessions() as session:
        _copy_cases(session, template, cases)
        ids = list(session.scalars(select(Case.id).where(Case.reference.like("LOAD-%")).order_by(Case.id)))
        letters = _copy_letter(session, letter_id, ids[::LETTER_EVERY])
        session.commit()
    refresh_statistics(db)  # as a database that grew to this size has statistics
    return Seeded(token, ids, letters)



def _copy_cases(session, template: int, count: int) -> None:  # type: ignore[no-untyped-def]
    row = session.get(Case, template)
    now = dt.datetime.now(dt.timezone.utc)
    batch = [dict(reference=f"LOAD-{i + 1:06d}", process_id=row.process_id, variant=row.variant,
                  model_version=row.model_version, status="running", created_at=now, updated_at=now,
                  state=row.state, serializer_version=row.serializer_version, row_version=1,
                  legal_values=row.legal_values)  # the case's legal values live on its row, not in its state
             for i in range(count)]
    for start in range(0, count, 500):
        session.execute(insert(Case), batch[start:start + 500])
    session.flush()
    tasks = list(session.scalars(select(OpenTask).where(OpenTask.case_id == template)))
    timers = list(session.scalars(select(Timer).where(Timer.case_id == template)))
    new_ids = select(Case.id).where(Case.reference.like("LOAD-%"))
    for task in tasks:
        session.execute(insert(OpenTask).from_select(
            ["case_id", "task_id", "name", "title", "lane", "form_key", "process_id", "ready_since"],
            select(Case.id, literal(task.task_id), literal(task.name), literal(task.title), literal(task.lane),
                   literal(task.form_key), literal(task.process_id), literal(task.ready_since, OpenTask.ready_since.type))
            .where(Case.id.in_(new_ids))))
    for timer in timers:
        session.execute(insert(Timer).from_select(
            ["case_id", "task_id", "name", "due_at", "status", "attempts", "process_id", "derivation"],
            select(Case.id, literal(timer.task_id), literal(timer.name), literal(timer.due_at, Timer.due_at.type),
                   literal(timer.status), literal(0), literal(timer.process_id),
                   literal(timer.derivation, Timer.derivation.type))
            .where(Case.id.in_(new_ids))))


def _one_letter(db: Engine, clock: SystemClock) -> int:
    """A decision letter issued by the real letter code on the letter test model."""
    from tests.letters.conftest import case_data

    library = SpecLibrary(LETTER_MODELS)
    issuer = make_letter_issuer(render_letter, case_data_loader(library))
    engine = CaseEngine(session_factory(db), library, clock, all_forms(), outbox_handlers={"issue_letter": issuer})
    panel = Actor("load-panel", frozenset({"panel"}), "panel")
    view = engine.start_case("letter_decision", case_data(), Actor.system("load-seed"))
    engine.complete_task(view.id, view.tasks[0].id, {"outcome": "positive", "reasons": "Fictieve motivering voor de "
                                                     "belastingtest van erkend."}, panel)
    with session_factory(db)() as session:
        return int(session.scalar(select(Letter.id).where(Letter.case_id == view.id)))


def _copy_letter(session, letter_id: int, case_ids: list[int]) -> list[tuple[int, int]]:  # type: ignore[no-untyped-def]
    letter = session.get(Letter, letter_id)
    out = []
    for case_id in case_ids:
        copy = Letter(case_id=case_id, letter_type=letter.letter_type, decision_key=letter.decision_key, version=1,
                      sha256=letter.sha256, pdf=letter.pdf, size=letter.size, decided_on=letter.decided_on,
                      sent_on=letter.sent_on, objection_deadline=letter.objection_deadline,
                      issued_at=letter.issued_at, issued_by=letter.issued_by, payload={}, details={})
        session.add(copy)
        session.flush()
        session.add(LetterDelivery(letter_id=copy.id, role="coordinator", user=None, party="inbox",
                                   delivered_at=letter.issued_at))
        out.append((case_id, copy.id))
    return out
