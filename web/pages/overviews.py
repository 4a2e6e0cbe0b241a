"""The lawyer's overview of all her clients' procedures and their next deadlines; the guardian's of
the minors she was appointed for. Only linked cases are listed (engine.policy.parties)."""

from __future__ import annotations

from flask import Blueprint, render_template

from engine.policy.worklists import overview as overview_rows
from web.audit_reads import audit_overview
from web.pages.common import services
from web.route_policy import current_actor, policy

lawyer_bp = Blueprint("lawyer", __name__, url_prefix="/lawyer")
guardian_bp = Blueprint("guardian", __name__, url_prefix="/guardian")


def _render(role: str):  # type: ignore[no-untyped-def]
    svc, actor = services(), current_actor()
    with svc.sessions() as session:
        rows = overview_rows(session, actor.user, role)
    audit_overview(svc, actor, "overview_viewed", [r.case_id for r in rows])
    return render_template("overview.html", rows=rows, role=role, now=svc.clock.now())


@lawyer_bp.get("/", endpoint="overview")
@policy("lawyer.overview")
def lawyer_overview():  # type: ignore[no-untyped-def]
    return _render("lawyer")


@guardian_bp.get("/", endpoint="overview")
@policy("guardian.overview")
def guardian_overview():  # type: ignore[no-untyped-def]
    return _render("guardian")
