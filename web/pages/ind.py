"""The IND inbox: decisions taken in identification cases, newest first, each with what the IND works
from (engine.ind_inbox): nationality and residence status, the letter, the IND's deadline and tasks."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_babel import gettext as _

from engine.application.overviews import ind_decisions
from engine.errors import ValidationFailed
from engine.ind_inbox import inbox_rows
from web.casefile import deadlines
from web.pages.common import lang, services
from web.route_policy import current_actor, policy

bp = Blueprint("ind", __name__, url_prefix="/ind")


@bp.get("/")
@policy("ind.inbox")
def inbox():  # type: ignore[no-untyped-def]
    svc = services()
    inbox = ind_decisions(svc, current_actor(), _page())
    rows = inbox_rows(
        inbox.decisions,
        inbox.cases,
        inbox.letters,
        {case_id: deadlines(svc, case, lang()) for case_id, case in inbox.cases.items()},
        inbox.lanes,
    )
    return render_template("ind_inbox.html", rows=rows, inbox=inbox, now=svc.clock.now())


def _page() -> int:
    raw = request.args.get("page", "1").strip()
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 6 and int(raw) >= 1):
        raise ValidationFailed({"page": [_("een paginanummer: 1 of meer")]})
    return int(raw)
