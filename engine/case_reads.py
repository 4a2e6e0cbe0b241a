"""The reads of a case: its view (audited when an actor is named), its diagrams, events and decisions,
who finished a step. None of them takes a write lock."""
from __future__ import annotations

from typing import Any, Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from engine.case_store import CaseStore
from engine.case_view import CaseViews
from engine.clock import Clock
from engine.errors import NotFound
from engine.ports import Actor
from engine.runtime import Runtime, is_completed, is_ready
from engine.runtime_position import case_diagrams
from engine.store.db import UnitOfWork, read_session
from engine.store.decisions import as_dict as decision_dict
from engine.store.decisions import decisions_of_cases
from engine.store.event_log import append_event, events_for_case
from engine.store.tables import Case, User
from engine.views import CaseView


class CaseReads:
    """Part of `engine.cases.CaseEngine`, which provides these attributes."""

    sessions: sessionmaker[Session]
    clock: Clock
    runtime: Runtime
    store: CaseStore
    views: CaseViews

    def get_case(self, case_id: int, actor: Actor | None = None) -> CaseView:
        """The case with its data. With an actor, the read is written to the audit log.

        The case is read without the write lock; the audit record is appended after it in a short
        transaction of its own (on PostgreSQL it waits only for a writer of the same case), and the
        view is returned only once the record is committed."""
        with read_session(self.sessions) as session:
            case, workflow = self.store.load(session, case_id)
            view = self.views.view(case, workflow)
        if actor is not None:
            self._record_view(case.id, actor)
        return view

    def _record_view(self, case_id: int, actor: Actor) -> None:
        with UnitOfWork(self.sessions) as uow:
            append_event(uow.session, case_id=case_id, at=self.clock.now(), kind="case_viewed",
                         actor=actor.user, role=actor.role, purpose=actor.purpose)
            uow.commit()

    def finished_step(self, case_id: int, task_id: str) -> dict[str, Any] | None:
        """Who completed this user task and when, for a page that offered it to someone else too (the
        event log's `task_completed` of its model step). None while it is still open or unknown."""
        with self.sessions() as session:
            _case, workflow = self.store.load(session, case_id)
            task = self.runtime.find_task(workflow, task_id)
            if task is None or is_ready(task) or not task.task_spec.manual:
                return None
            spec = task.task_spec
            done = [e for e in events_for_case(session, case_id)
                    if e.kind == "task_completed" and (e.details or {}).get("task") == spec.bpmn_id]
            if not is_completed(task) or not done:
                return {"title": spec.bpmn_name, "completed": False, "by": None, "role": None, "at": None}
            last = done[-1]
            name = session.scalar(select(User.display_name).where(User.username == last.actor))
            return {"title": spec.bpmn_name, "completed": True, "by": name or last.actor, "role": last.role,
                    "at": last.at}

    def diagrams(self, case_id: int, words: Mapping[str, str] | None = None) -> list[tuple[str, str]]:
        """(process id, SVG with the case's position) for each process the case has entered."""
        with read_session(self.sessions) as session:
            case, workflow = self.store.load(session, case_id)
            return case_diagrams(self.store.model_set(case.model_version), workflow, words)

    def get_case_with_diagrams(self, case_id: int, actor: Actor,
                               words: Mapping[str, str] | None = None) -> tuple[CaseView, list[tuple[str, str]]]:
        """`get_case` (audited) and `diagrams` from one load of the workflow: the case file shows both,
        and deserializing the workflow is the larger part of reading a case."""
        with read_session(self.sessions) as session:
            case, workflow = self.store.load(session, case_id)
            view = self.views.view(case, workflow)
            drawn = case_diagrams(self.store.model_set(case.model_version), workflow, words)
        self._record_view(case.id, actor)
        return view, drawn

    def find_by_reference(self, reference: str) -> int:
        with read_session(self.sessions) as session:
            case_id = session.scalar(select(Case.id).where(Case.reference == reference))
            if case_id is None:
                raise NotFound("no such case")
            return case_id

    def events(self, case_id: int) -> list[dict[str, Any]]:
        with read_session(self.sessions) as session:
            return [{"id": e.id, "at": e.at.isoformat(), "kind": e.kind, "actor": e.actor, "role": e.role,
                     "purpose": e.purpose, "details": e.details, "hash": e.hash}
                    for e in events_for_case(session, case_id)]

    def decisions(self, case_id: int) -> list[dict[str, Any]]:
        """The decisions taken in the case, with their outcomes, in order (engine.store.decisions)."""
        with read_session(self.sessions) as session:
            return [decision_dict(row) for row in decisions_of_cases(session, [case_id])]
