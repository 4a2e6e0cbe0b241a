"""Read models for worklists and overviews, already narrowed to what the user's roles may see.

Worklist: the ready tasks in the user's lanes on cases linked to her in that role, each with the
nearest pending deadline of its case; overdue first, then by deadline, then by how long it waited."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Iterable

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import Session

from engine.case_parties import visible_case_ids
from engine.store.decisions import decisions_of_cases
from engine.store.tables import Case, Decision, OpenTask, Timer


@dataclass(frozen=True)
class WorkItem:
    case_id: int
    reference: str
    task_id: str
    title: str
    lane: str
    process_id: str
    ready_since: dt.datetime
    due_at: dt.datetime | None
    deadline: str | None
    # every deadline running in the case (name, due moment), soonest first: the one due soonest above
    deadlines: tuple[tuple[str, dt.datetime], ...] = ()

    def overdue(self, now: dt.datetime) -> bool:
        return self.due_at is not None and self.due_at <= now


@dataclass
class CaseOverview:
    case_id: int
    reference: str
    process_id: str
    status: str
    open_tasks: list[str] = field(default_factory=list)
    next_due_at: dt.datetime | None = None
    next_deadline: str | None = None
    decisions: list[dict[str, Any]] = field(default_factory=list)


def _running_timers(session: Session, case_ids: Iterable[int]) -> dict[int, list[Timer]]:
    """Every pending timer of these cases, soonest (so the overdue ones) first."""
    out: dict[int, list[Timer]] = {}
    ids = list(case_ids)
    if not ids:
        return out
    for timer in session.scalars(
        select(Timer).where(Timer.case_id.in_(ids), Timer.status == "pending").order_by(Timer.due_at)
    ):
        out.setdefault(timer.case_id, []).append(timer)
    return out


def _next_timers(session: Session, case_ids: Iterable[int]) -> dict[int, Timer]:
    nearest: dict[int, Timer] = {}
    ids = list(case_ids)
    if not ids:
        return nearest
    for timer in session.scalars(
        select(Timer).where(Timer.case_id.in_(ids), Timer.status == "pending").order_by(Timer.due_at)
    ):
        nearest.setdefault(timer.case_id, timer)
    return nearest


# A worklist page shows this many tasks, the most urgent first: a coordinator of 10,000 open cases gets
# the first page in milliseconds instead of a 3 MB page that takes seconds to build (make load).
WORKLIST_LIMIT = 200


def _worklist_query(username: str, role: str, visible: list[int] | None) -> Select[OpenTask, str | None]:
    stmt = (
        select(OpenTask, Case.reference)
        .join(Case, Case.id == OpenTask.case_id)
        .where(OpenTask.lane == role, Case.status == "running")
    )
    return stmt if visible is None else stmt.where(OpenTask.case_id.in_(visible))


def worklist(session: Session, username: str, roles: Iterable[str], now: dt.datetime,
             limit: int = WORKLIST_LIMIT) -> list[WorkItem]:
    """The `limit` most urgent tasks: overdue first, then by the case's nearest deadline, then by how
    long they waited. The database orders and cuts, so the cost does not grow with the open tasks."""
    nearest = (
        select(Timer.case_id.label("case_id"), func.min(Timer.due_at).label("due_at"))
        .where(Timer.status == "pending")
        .group_by(Timer.case_id)
        .subquery()
    )
    items: list[WorkItem] = []
    for role in sorted(set(roles)):
        stmt = (
            _worklist_query(username, role, visible_case_ids(session, username, role))
            .outerjoin(nearest, nearest.c.case_id == OpenTask.case_id)
            .order_by(
                case((nearest.c.due_at <= now, 0), else_=1),
                nearest.c.due_at.is_(None),
                nearest.c.due_at,
                OpenTask.ready_since,
                OpenTask.case_id,
            )
            .limit(limit)
        )
        rows = session.execute(stmt).all()
        running = _running_timers(session, {task.case_id for task, _ in rows})
        for task, reference in rows:
            timers = running.get(task.case_id, [])
            timer = timers[0] if timers else None
            items.append(
                WorkItem(
                    task.case_id,
                    reference or "",
                    task.task_id,
                    task.title,
                    role,
                    task.process_id,
                    task.ready_since,
                    timer.due_at if timer else None,
                    timer.name if timer else None,
                    tuple((t.name, t.due_at) for t in timers),
                )
            )
    far = dt.datetime.max.replace(tzinfo=dt.timezone.utc)
    return sorted(items, key=lambda i: (not i.overdue(now), i.due_at or far, i.ready_since, i.case_id))[:limit]


def worklist_size(session: Session, username: str, roles: Iterable[str]) -> int:
    """How many tasks the whole worklist holds (the page shows the first `WORKLIST_LIMIT`)."""
    total = 0
    for role in sorted(set(roles)):
        query = _worklist_query(username, role, visible_case_ids(session, username, role)).subquery()
        total += session.scalar(select(func.count()).select_from(query)) or 0
    return total


def overview(session: Session, username: str, role: str) -> list[CaseOverview]:
    """Every case linked to the user in `role` with its open tasks, next deadline and decisions
    (the lawyer's and the guardian's overview)."""
    visible = visible_case_ids(session, username, role)
    stmt = select(Case).order_by(Case.id)
    if visible is not None:
        stmt = stmt.where(Case.id.in_(visible))
    cases = session.scalars(stmt).all()
    ids = [c.id for c in cases]
    timers = _next_timers(session, ids)
    out = {c.id: CaseOverview(c.id, c.reference or "", c.process_id, c.status) for c in cases}
    for task in session.scalars(
        select(OpenTask).where(OpenTask.case_id.in_(ids)).order_by(OpenTask.ready_since)
    ):
        out[task.case_id].open_tasks.append(task.title)
    for taken in decisions_of_cases(session, ids):
        out[taken.case_id].decisions.append({"at": taken.at, "decision": taken.decision, "outcome": taken.outcome})
    for case_id, timer in timers.items():
        out[case_id].next_due_at, out[case_id].next_deadline = timer.due_at, timer.name
    return sorted(
        out.values(),
        key=lambda o: (
            o.next_due_at is None,
            o.next_due_at or dt.datetime.max.replace(tzinfo=dt.timezone.utc),
            o.case_id,
        ),
    )


# The IND's inbox shows this many decisions a page, newest first: each decision's case is loaded to show
# the person, the letter and the IND's deadline, so an unbounded inbox grew with every decision ever taken.
INBOX_PAGE = 50


def decision_inbox(session: Session, username: str, role: str, limit: int | None = None,
                   offset: int = 0) -> list[dict[str, Any]]:
    """Decisions taken in cases visible to the role, newest first (the IND inbox); `limit` of them from
    `offset` on (all when `limit` is None)."""
    visible = visible_case_ids(session, username, role)
    stmt = select(Decision, Case.reference).join(Case, Case.id == Decision.case_id).order_by(Decision.event_id.desc())
    if visible is not None:
        stmt = stmt.where(Decision.case_id.in_(visible))
    if limit is not None:
        stmt = stmt.limit(limit).offset(offset)
    return [
        {"case_id": d.case_id, "reference": ref, "at": d.at, "decision": d.decision, "outcome": d.outcome}
        for d, ref in session.execute(stmt).all()
    ]


def decision_inbox_size(session: Session, username: str, role: str) -> int:
    """How many decisions the whole inbox holds."""
    visible = visible_case_ids(session, username, role)
    stmt = select(func.count()).select_from(Decision)
    if visible is not None:
        stmt = stmt.where(Decision.case_id.in_(visible))
    return int(session.scalar(stmt) or 0)
