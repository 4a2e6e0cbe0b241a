"""The IND inbox: decisions taken in identification cases, newest first."""

from __future__ import annotations

from flask import Blueprint, render_template

from engine.application.overviews import ind_inbox
from web.pages.common import services
from web.route_policy import current_actor, policy

bp = Blueprint("ind", __name__, url_prefix="/ind")


@bp.get("/")
@policy("ind.inbox")
def inbox():  # type: ignore[no-untyped-def]
    rows = ind_inbox(services(), current_actor())
    return render_template("ind_inbox.html", rows=rows)
