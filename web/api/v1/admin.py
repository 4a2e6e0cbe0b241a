"""Administration through the API: a case's audit trail (who read or changed what, when, in which role)."""

from __future__ import annotations

from flask import current_app
from flask_smorest import Blueprint

from engine.application.audit import export_audit
from web.api.v1 import schemas as s
from web.route_policy import current_actor, policy

blp = Blueprint("api_admin", __name__, url_prefix="/api/v1/admin", description="Administration")


@blp.route("/cases/<int:case_id>/audit", methods=["GET"])
@policy("admin.audit_export")
@blp.response(200, s.EventListSchema)
def audit_trail(case_id: int):  # type: ignore[no-untyped-def]
    """Every event of the case, reads included, with its hash. The export itself is logged."""
    return {"events": export_audit(current_app.extensions["erkend"], current_actor(), case_id)}
