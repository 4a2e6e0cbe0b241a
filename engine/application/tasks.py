"""Tasks: which ready tasks a caller may complete, completing one in the task's own role, the tasks of a
partner's own lane (police, prosecution) as bare forms."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from sqlalchemy import and_, select

from engine.access.rules import decide
from engine.application.deps import Deps
from engine.errors import InvalidTransition, NotFound, NotPermitted
from engine.ports import Actor
from engine.runtime_specs import decision_of
from engine.store.db import read_session
from engine.store.tables import Case, OpenTask
from engine.views import CaseView, TaskView


def completable_tasks(case: CaseView, roles: Iterable[str], relations: frozenset[str]) -> list[TaskView]:
    """Ready tasks the caller may complete: her role is the task's lane and the access table allows it."""
    held = set(roles)
    return [t for t in case.tasks
            if t.lane in held and decide("task.complete", {t.lane}, relations, case.status).allowed]


def acting_in_lane(deps: Deps, actor: Actor, relations: frozenset[str], case_id: int, task_id: str) -> Actor:
    """The caller acting in the task's own role — only if the access table lets her act in it on this case.
    Read from the case's open-task row (its ready user tasks as the last step saved them) and its status,
    so the case's workflow is not loaded twice for one submission; completing the task checks again that
    it is ready and in this lane. Nothing of the case leaves this function, so the read is not audited."""
    with read_session(deps.sessions) as session:
        found = session.execute(
            select(Case.status, OpenTask.task_id, OpenTask.lane)
            .outerjoin(OpenTask, and_(OpenTask.case_id == Case.id, OpenTask.task_id == task_id))
            .where(Case.id == case_id)).first()
    if found is None:
        raise NotFound("no such case")
    status, open_task, lane = found
    if open_task is None:
        raise InvalidTransition("task is not ready")
    if lane is None or lane not in actor.roles or not decide("task.complete", {lane}, relations, status).allowed:
        raise NotPermitted("this task belongs to another role")
    return Actor(actor.user, frozenset({lane}), lane, purpose=actor.purpose)


@dataclass(frozen=True)
class TaskDone:
    """The case after the task, and the actor it was completed as (the task's lane)."""

    actor: Actor
    case: CaseView


def complete_task(deps: Deps, actor: Actor, relations: frozenset[str], case_id: int, task_id: str,
                  data: Mapping[str, Any], expected_version: int | None = None) -> TaskDone:
    acting = acting_in_lane(deps, actor, relations, case_id, task_id)
    case = deps.cases.complete_task(case_id, task_id, data, acting, expected_version=expected_version)
    return TaskDone(acting, case)


@dataclass(frozen=True)
class LaneTask:
    """A task of the caller's own lane, as a partner sees it: the case's reference and the form."""

    case_id: int
    task_id: str
    name: str
    title: str
    reference: str
    form_key: str
    actor: Actor  # the caller acting in the task's lane


def lane_task(deps: Deps, actor: Actor, case_id: int, task_id: str) -> LaneTask:
    """The open task if it lies in one of the caller's roles and has a form; NotFound otherwise."""
    with deps.sessions() as session:
        row = session.get(OpenTask, (case_id, task_id))
        reference = session.scalar(select(Case.reference).where(Case.id == case_id))
        if row is None or row.lane not in actor.roles or not row.form_key:
            raise NotFound("no such task")
        acting = Actor(actor.user, frozenset({row.lane}), row.lane, purpose=actor.purpose)
        return LaneTask(case_id, task_id, row.name, row.title, reference or "", row.form_key, acting)


def complete_lane_task(deps: Deps, task: LaneTask, data: Mapping[str, Any]) -> CaseView:
    return deps.cases.complete_task(task.case_id, task.task_id, data, task.actor)


def task_decision(deps: Deps, case: CaseView, task: TaskView) -> str | None:
    """The decision a ready task takes in the models the case runs on (None if it takes none): the
    task form then offers a preview of the letter it would produce."""
    return decision_of(deps.cases.model_set(case.model_version), case.process_id, task.process_id, task.name)


def preview_completion(deps: Deps, acting: Actor, case_id: int, task_id: str,
                       data: Mapping[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """What completing the task would do, nothing saved: the case data after the step and the payloads of
    the letters the models would ask for (validated exactly as the submit is; the same errors)."""
    return deps.cases.dry_run_completion(case_id, task_id, data, acting)


def finished_step(deps: Deps, case_id: int, task_id: str) -> dict[str, Any] | None:
    """Who completed this step and when (or that it lapsed), for the page of a step no longer open; None
    while it is still open or unknown."""
    return deps.cases.finished_step(case_id, task_id)
