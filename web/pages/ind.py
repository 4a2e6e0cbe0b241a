"""The IND inbox: decisions taken in identification cases, newest first, each with what the IND works
from (engine.ind_inbox): nationality and residence status, the letter, the IND's deadline and tasks."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template

from engine.deadline_lanes import timer_lanes
from engine.errors import ErkendError
from engine.ind_inbox import inbox_rows
from engine.policy.worklists import decision_inbox
from web.audit_reads import audit_overview
from web.casefile import deadlines
from web.letters_access import list_letters
from web.pages.common import lang, services
from web.route_policy import current_actor, policy

bp = Blueprint("ind", __name__, url_prefix="/ind")


@bp.get("/")
@policy("ind.inbox")
def inbox():  # type: ignore[no-untyped-def]
    svc, actor = services(), current_actor()
    with svc.sessions() as session:
        decisions = decision_inbox(session, actor.user, "ind")
    case_ids = sorted({r["case_id"] for r in decisions})
    audit_overview(svc, actor, "inbox_viewed", case_ids)
    cases = {case_id: svc.cases.get_case(case_id) for case_id in case_ids}  # audited once, above
    rows = inbox_rows(
        decisions,
        cases,
        {case_id: list_letters(svc, case_id, actor, missing_ok=True) for case_id in case_ids},
        {case_id: deadlines(svc, case, lang()) for case_id, case in cases.items()},
        {case_id: _lanes(svc, case) for case_id, case in cases.items()},
    )
    return render_template("ind_inbox.html", rows=rows, now=svc.clock.now())


def _lanes(svc: Any, case: Any) -> dict[tuple[str, str], str]:
    try:
        top, subs = svc.cases.model_set(case.model_version).spec(case.process_id)
    except ErkendError:
        return {}
    return timer_lanes([top, *subs.values()])
