"""Audited reads outside a case file, and the administrator's export of a case's audit trail.

Reads of case data on overviews and inboxes are audited too: one event per view, naming the cases
shown, so the audit trail answers "who saw this case, when, in which role"."""
from __future__ import annotations

import datetime as dt
from typing import Any, Iterable

from sqlalchemy.orm import Session

from engine.application.deps import Deps
from engine.errors import NotFound
from engine.ports import Actor
from engine.store.db import UnitOfWork
from engine.store.event_log import append_event
from engine.store.tables import Case

# Details the export keeps: which step, process, timer, message, letter or party an entry is about.
# Never outcomes, letter types, reasons or hashes of answers: the export leaves the installation, and an
# auditor needs who did what when, not what was decided.
EXPORT_KEYS = frozenset({"task", "title", "process", "variant", "model_version", "reference", "decision",
                         "message", "timer", "due_at", "attempt", "status", "letter_id", "letters", "version",
                         "username", "kind", "fields"})


def record_reads(session: Session, actor: Actor, kind: str, case_ids: Iterable[int], now: dt.datetime) -> None:
    """One read event per case shown, in the transaction of the read itself."""
    for case_id in sorted(set(case_ids)):
        append_event(session, case_id=case_id, at=now, kind=kind, actor=actor.user, role=actor.role,
                     purpose=actor.purpose)


def audit_entry(event: dict[str, Any]) -> dict[str, Any]:
    details = {k: v for k, v in (event.get("details") or {}).items() if k in EXPORT_KEYS}
    return {**event, "details": details}


def export_audit(deps: Deps, actor: Actor, case_id: int) -> list[dict[str, Any]]:
    """Every event of the case, reads included, with the allow-listed details. The export is logged."""
    with UnitOfWork(deps.sessions) as uow:
        if uow.session.get(Case, case_id) is None:
            raise NotFound("no such case")
        append_event(uow.session, case_id=case_id, at=deps.clock.now(), kind="audit_exported",
                     actor=actor.user, role=actor.role, purpose=actor.purpose)
        uow.commit()
    return [audit_entry(e) for e in deps.cases.events(case_id)]
