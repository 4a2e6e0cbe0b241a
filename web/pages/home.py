"""The start page sends each user to her own work; the worklist shows ready tasks, overdue first."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for

from engine.access.rules import AUTHENTICATED
from engine.application.overviews import work_items
from web.pages.common import me, services
from web.route_policy import current_actor, policy

bp = Blueprint("home", __name__)
HOME_OF_ROLE = [
    ("coordinator", "home.worklist"),
    ("panel", "home.worklist"),
    ("ind", "ind.inbox"),
    ("lawyer", "lawyer.overview"),
    ("guardian", "guardian.overview"),
    ("police", "partners.inbox"),
    ("prosecutor", "partners.inbox"),
    ("policy", "policy.figures"),
    ("admin", "admin.users"),
]


@bp.get("/")
@policy(AUTHENTICATED)
def index():  # type: ignore[no-untyped-def]
    roles = me().roles
    for role, endpoint in HOME_OF_ROLE:
        if role in roles:
            return redirect(url_for(endpoint))
    return render_template("error.html", status=403, code="not_permitted", message="", fields=None), 403


@bp.get("/worklist", endpoint="worklist")
@policy("worklist.view")
def worklist_page():  # type: ignore[no-untyped-def]
    svc, actor = services(), current_actor()
    now = svc.clock.now()
    items, total = work_items(svc, actor)
    return render_template("worklist.html", items=items, total=total, now=now)
