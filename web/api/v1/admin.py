"""Administration through the API: a case's audit trail (who read or changed what, when, in which role)."""

from __future__ import annotations

from flask import current_app
from flask_smorest import Blueprint

from engine.errors import NotFound
from engine.store.db import UnitOfWork
from engine.store.event_log import append_event
from engine.store.tables import Case
from web.api.v1 import schemas as s
from web.route_policy import current_actor, policy

blp = Blueprint("api_admin", __name__, url_prefix="/api/v1/admin", description="Administration")


@blp.route("/cases/<int:case_id>/audit", methods=["GET"])
@policy("admin.audit_export")
@blp.response(200, s.EventListSchema)
def audit_trail(case_id: int):  # type: ignore[no-untyped-def]
    """Every event of the case, reads included, with its hash. The export itself is logged."""
    return {"events": export_audit(case_id)}


# Details the export keeps: which step, process, timer, message, letter or party an entry is about.
# Never outcomes, letter types, reasons or hashes of answers: the export leaves the installation, and an
# auditor needs who did what when, not what was decided.
EXPORT_KEYS = frozenset({"task", "title", "process", "variant", "model_version", "reference", "decision",
                         "message", "timer", "due_at", "attempt", "status", "letter_id", "letters", "version",
                         "username", "kind", "fields"})


def audit_entry(event: dict) -> dict:
    details = {k: v for k, v in (event.get("details") or {}).items() if k in EXPORT_KEYS}
    return {**event, "details": details}


def export_audit(case_id: int) -> list[dict]:
    services, actor = current_app.extensions["erkend"], current_actor()
    with UnitOfWork(services.sessions) as uow:
        if uow.session.get(Case, case_id) is None:
            raise NotFound("no such case")
        append_event(
            uow.session,
            case_id=case_id,
            at=services.clock.now(),
            kind="audit_exported",
            actor=actor.user,
            role=actor.role,
            purpose=actor.purpose,
        )
        uow.commit()
    return [audit_entry(e) for e in services.cases.events(case_id)]
