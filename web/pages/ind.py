"""The IND inbox: decisions taken in identification cases, newest first, each with what the IND works
from (engine.ind_inbox): nationality and residence status, the letter, the IND's deadline and tasks."""

from __future__ import annotations

from flask import Blueprint, render_template

from engine.application.overviews import ind_decisions
from engine.ind_inbox import inbox_rows
from web.casefile import deadlines
from web.pages.common import lang, services
from web.route_policy import current_actor, policy

bp = Blueprint("ind", __name__, url_prefix="/ind")


@bp.get("/")
@policy("ind.inbox")
def inbox():  # type: ignore[no-untyped-def]
    svc = services()
    inbox = ind_decisions(svc, current_actor())
    rows = inbox_rows(
        inbox.decisions,
        inbox.cases,
        inbox.letters,
        {case_id: deadlines(svc, case, lang()) for case_id, case in inbox.cases.items()},
        inbox.lanes,
    )
    return render_template("ind_inbox.html", rows=rows, now=svc.clock.now())
