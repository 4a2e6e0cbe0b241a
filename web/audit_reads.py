"""Reads of case data outside a case file (overviews, inboxes) are audited too: one event per view,
naming the cases shown, so the audit trail answers "who saw this case, when, in which role"."""

from __future__ import annotations

from typing import Any, Iterable

from engine.ports import Actor
from engine.store.db import UnitOfWork
from engine.store.event_log import append_event


def audit_overview(services: Any, actor: Actor, kind: str, case_ids: Iterable[int]) -> None:
    with UnitOfWork(services.sessions) as uow:
        now = services.clock.now()
        for case_id in sorted(set(case_ids)):
            append_event(
                uow.session,
                case_id=case_id,
                at=now,
                kind=kind,
                actor=actor.user,
                role=actor.role,
                purpose=actor.purpose,
            )
        uow.commit()
