"""The lawyer's overview of all her clients' procedures and their next deadlines; the guardian's of
the minors she was appointed for. Only linked cases are listed (engine.case_parties)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template

from engine.access.person import person
from engine.application.letters import list_letters
from engine.application.overviews import client_overview
from web.casefile import deadlines
from web.pages.common import lang, services
from web.person import remedy_terms, running_deadlines, running_procedures
from web.route_policy import current_actor, policy

lawyer_bp = Blueprint("lawyer", __name__, url_prefix="/lawyer")
guardian_bp = Blueprint("guardian", __name__, url_prefix="/guardian")


def _render(role: str):  # type: ignore[no-untyped-def]
    svc, actor = services(), current_actor()
    rows = client_overview(svc, actor, role)
    now = svc.clock.now()
    cases = [_case_row(svc, actor, role, row, now) for row in rows]
    cases.sort(key=lambda c: (not c["deadlines"], *_first_key(c["deadlines"]), c["row"].case_id))
    return render_template("overview.html", cases=cases, role=role, now=now)


def _case_row(svc: Any, actor: Any, role: str, row: Any, now: Any) -> dict[str, Any]:
    """One client's case: the procedures running and every deadline running for the reader, the remedy
    terms of her letters included, overdue first. The case is read without a new audit entry: the
    overview's read is audited once for all its cases."""
    case = svc.cases.get_case(row.case_id)
    letters = list_letters(svc, actor, row.case_id, missing_ok=True)
    running = running_deadlines(deadlines(svc, case, lang()),
                                remedy_terms(letters, svc.cases.events(row.case_id), now, lang()))
    return {"row": row, "procedures": running_procedures(case, lang()),
            "person": person(role, case.data).get("person_alias"),
            "deadlines": [d for d in running if not d["paused"]]}


def _first_key(running: list[dict[str, Any]]) -> tuple[bool, Any]:
    if not running:
        return (True, None)
    return (not running[0]["overdue"], running[0]["due_at"])


@lawyer_bp.get("/", endpoint="overview")
@policy("lawyer.overview")
def lawyer_overview():  # type: ignore[no-untyped-def]
    return _render("lawyer")


@guardian_bp.get("/", endpoint="overview")
@policy("guardian.overview")
def guardian_overview():  # type: ignore[no-untyped-def]
    return _render("guardian")
