"""The IND inbox: decisions taken in identification cases, newest first."""

from __future__ import annotations

from flask import Blueprint, render_template

from engine.policy.worklists import decision_inbox
from web.audit_reads import audit_overview
from web.pages.common import services
from web.route_policy import current_actor, policy

bp = Blueprint("ind", __name__, url_prefix="/ind")


@bp.get("/")
@policy("ind.inbox")
def inbox():  # type: ignore[no-untyped-def]
    svc, actor = services(), current_actor()
    with svc.sessions() as session:
        rows = decision_inbox(session, actor.user, "ind")
    audit_overview(svc, actor, "inbox_viewed", [r["case_id"] for r in rows])
    return render_template("ind_inbox.html", rows=rows)
