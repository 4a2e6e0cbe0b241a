"""Worklist, overviews and inboxes: lists of cases narrowed to what the caller's roles may see. Lists
that show case data write their read to the audit log in the same transaction."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from engine.application.audit import record_reads
from engine.application.deps import Deps
from engine.application.letters import list_letters
from engine.case_parties import visible_case_ids
from engine.deadline_lanes import timer_lanes
from engine.errors import ErkendError, NotFound, ValidationFailed
from engine.letter_reading import LetterSummary
from engine.ports import Actor
from engine.queries.worklists import (
    INBOX_PAGE,
    WORKLIST_LIMIT,
    CaseOverview,
    WorkItem,
    decision_inbox,
    decision_inbox_size,
    overview,
    worklist,
    worklist_size,
)
from engine.store.db import UnitOfWork
from engine.store.tables import Case, OpenTask
from engine.views import CaseView


def work_items(deps: Deps, actor: Actor) -> tuple[list[WorkItem], int]:
    """The most urgent ready tasks in the actor's lanes (at most WORKLIST_LIMIT, overdue first) and how many
    there are in all (the worklist shows no case data, so no audit)."""
    with deps.sessions() as session:
        items = worklist(session, actor.user, actor.roles, deps.clock.now(), limit=WORKLIST_LIMIT)
        total = worklist_size(session, actor.user, actor.roles) if len(items) >= WORKLIST_LIMIT else len(items)
    return items, total


def client_overview(deps: Deps, actor: Actor, role: str) -> list[CaseOverview]:
    """The lawyer's or guardian's linked cases; the read is audited as `overview_viewed`."""
    with UnitOfWork(deps.sessions) as uow:
        rows = overview(uow.session, actor.user, role)
        record_reads(uow.session, actor, "overview_viewed", [r.case_id for r in rows], deps.clock.now())
        uow.commit()
    return rows


def ind_inbox(deps: Deps, actor: Actor, page: int = 1) -> tuple[list[dict[str, Any]], int]:
    """One page of the decisions sent to the IND, newest first, and how many there are in all; the read
    of the cases shown is audited as `inbox_viewed`."""
    if page < 1:
        raise ValidationFailed({"page": ["must be 1 or more"]})
    with UnitOfWork(deps.sessions) as uow:
        total = decision_inbox_size(uow.session, actor.user, "ind")
        rows = decision_inbox(uow.session, actor.user, "ind", limit=INBOX_PAGE, offset=(page - 1) * INBOX_PAGE)
        record_reads(uow.session, actor, "inbox_viewed", [r["case_id"] for r in rows], deps.clock.now())
        uow.commit()
    return rows, total


@dataclass(frozen=True)
class IndInbox:
    """What the IND's inbox is assembled from (engine.ind_inbox.inbox_rows): the decisions newest first
    and, per case, the case, the letters delivered to the IND and the lane of each timer."""

    decisions: list[dict[str, Any]]
    cases: dict[int, CaseView]
    letters: dict[int, list[LetterSummary]]
    lanes: dict[int, dict[tuple[str, str], str]]
    page: int = 1
    total: int = 0  # decisions in the whole inbox

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // INBOX_PAGE))

    @property
    def first(self) -> int:  # the number of the first decision shown, counting from the newest
        return (self.page - 1) * INBOX_PAGE + 1 if self.decisions else 0

    @property
    def last(self) -> int:
        return (self.page - 1) * INBOX_PAGE + len(self.decisions)


def ind_decisions(deps: Deps, actor: Actor, page: int = 1) -> IndInbox:
    """One page of the IND's decisions with their cases, letters and timer lanes: only the cases of the
    decisions shown are loaded. The read is audited once as `inbox_viewed` (the cases are read without an
    entry each; listing the letters is audited by engine.letter_reading). A page past the last is a
    NotFound."""
    decisions, total = ind_inbox(deps, actor, page)
    if page > 1 and not decisions:
        raise NotFound(f"the inbox has {total} decisions: no page {page}")
    case_ids = sorted({r["case_id"] for r in decisions})
    cases = {case_id: deps.cases.get_case(case_id) for case_id in case_ids}
    letters = {case_id: list_letters(deps, actor, case_id, missing_ok=True) for case_id in case_ids}
    return IndInbox(decisions, cases, letters, {case_id: _lanes(deps, case) for case_id, case in cases.items()},
                    page, total)


def _lanes(deps: Deps, case: CaseView) -> dict[tuple[str, str], str]:
    try:
        top, subs = deps.cases.model_set(case.model_version).spec(case.process_id)
    except ErkendError:
        return {}
    return timer_lanes([top, *subs.values()])


@dataclass(frozen=True)
class PartnerInbox:
    """Police and prosecution: their cases by reference only, and the open tasks of their own lanes."""

    cases: list[tuple[int, str]]  # (case id, reference)
    tasks: dict[int, list[tuple[str, str]]]  # case id -> [(task id, title)]


def partner_inbox(deps: Deps, actor: Actor) -> PartnerInbox:
    with deps.sessions() as session:
        ids = visible_case_ids(session, actor.user, actor.role or "") or []
        references = [(case_id, reference or "") for case_id, reference in session.execute(
            select(Case.id, Case.reference).where(Case.id.in_(ids)).order_by(Case.id))]
        own_tasks = session.execute(
            select(OpenTask.case_id, OpenTask.task_id, OpenTask.title)
            .where(OpenTask.case_id.in_(ids), OpenTask.lane.in_(sorted(actor.roles)))
            .order_by(OpenTask.ready_since)).all()
    tasks: dict[int, list[tuple[str, str]]] = {}
    for case_id, task_id, title in own_tasks:
        tasks.setdefault(case_id, []).append((task_id, title))
    return PartnerInbox(references, tasks)
