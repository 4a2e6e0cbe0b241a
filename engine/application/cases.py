"""Cases: start one, list the ones the caller may see, read one (audited), its reference."""
from __future__ import annotations

from typing import Any, Mapping

from sqlalchemy import select
from sqlalchemy.orm import defer

from engine.access import disclosure
from engine.application.deps import Deps
from engine.case_parties import visible_case_ids
from engine.errors import NotFound, ValidationFailed
from engine.ports import Actor
from engine.start_rules import start_data
from engine.start_rules import startable as startable_processes
from engine.store.tables import Case
from engine.views import CaseSummary, CaseView

COORDINATOR_LIST_LIMIT = 200


def summary_of(row: Case) -> CaseSummary:
    return CaseSummary(id=row.id, reference=row.reference or "", process_id=row.process_id,
                       variant=row.variant, status=row.status, version=row.row_version,
                       created_at=row.created_at, updated_at=row.updated_at, completed_at=row.completed_at)


def startable(deps: Deps, with_reference: bool = False) -> list[tuple[str, str]]:
    """(variant, process id) a coordinator may start: the procedure in each variant (engine.start_rules);
    the engine's reference model too where the settings allow it (`with_reference`)."""
    return sorted(startable_processes(deps.library, with_reference))


def start_case(deps: Deps, actor: Actor, process_id: str, data: Mapping[str, Any],
               variant: str = "default", with_reference: bool = False) -> CaseView:
    """A referral starts a case of the procedure in one of the variants; `data` is checked by the
    process's start form (engine.start_rules), ValidationFailed naming each bad field."""
    clean = start_data(deps.library, deps.forms, process_id, variant, data, with_reference)
    if process_id not in deps.library.current(variant).process_ids:
        raise ValidationFailed({"process_id": ["unknown process"]})
    return deps.cases.start_case(process_id, clean, actor, variant=variant)


def list_cases(deps: Deps, actor: Actor, status: str | None = None, offset: int = 0,
               limit: int = 100) -> list[CaseSummary]:
    """The cases the actor's role may see (oldest first), without loading their workflows."""
    with deps.sessions() as session:
        ids = visible_case_ids(session, actor.user, actor.role or "")
        stmt = select(Case).options(defer(Case.state)).order_by(Case.id)
        if ids is not None:
            stmt = stmt.where(Case.id.in_(ids))
        if status:
            stmt = stmt.where(Case.status == status)
        return [summary_of(row) for row in session.scalars(stmt.offset(offset).limit(limit))]


def recent_cases(deps: Deps, actor: Actor) -> list[CaseSummary]:
    """The coordinator's list: the newest cases first (she routes every case); nobody else's."""
    if actor.role != "coordinator":
        return []
    with deps.sessions() as session:
        # the state (the workflow, about 16 KB a case) stays in the database: a summary needs none of it
        rows = session.scalars(select(Case).options(defer(Case.state)).order_by(Case.id.desc())
                               .limit(COORDINATOR_LIST_LIMIT))
        return [summary_of(row) for row in rows]


def case_reference(deps: Deps, case_id: int) -> str:
    """The reference of a case, all a partner form shows of it."""
    with deps.sessions() as session:
        row = session.get(Case, case_id)
        if row is None:
            raise NotFound("no such case")
        return row.reference or ""


def case_by_reference(deps: Deps, reference: str) -> int:
    """The id of the case with this reference (printed on every page and letter); NotFound if none."""
    return deps.cases.find_by_reference(reference)


def read_case(deps: Deps, actor: Actor, case_id: int) -> CaseView:
    """The case, its read written to the audit log as the actor's."""
    return deps.cases.get_case(case_id, actor)


def read_case_with_diagrams(deps: Deps, actor: Actor, case_id: int,
                            words: Mapping[str, str]) -> tuple[CaseView, list[tuple[str, str]]]:
    """The case (its read audited) and, where the role sees them, the diagrams of its procedures with
    the case's position, from one load of the workflow."""
    if not disclosure.shows(actor.role, "diagram"):
        return deps.cases.get_case(case_id, actor), []
    return deps.cases.get_case_with_diagrams(case_id, actor, words)


def case_timeline(deps: Deps, actor: Actor, case_id: int) -> list[dict[str, Any]]:
    """The case's timeline as much as the actor's role may see of it; the read is audited."""
    deps.cases.get_case(case_id, actor)
    return disclosure.timeline(actor.role, deps.cases.events(case_id))
