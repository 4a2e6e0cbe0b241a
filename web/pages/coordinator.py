"""The coordinator's pages: every case (she routes them), a referral form that starts a case, and the
links of lawyers, guardians, panel members and investigators to a case."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext as _

from engine.application import cases as case_uses
from engine.application import parties as party_uses
from engine.errors import ValidationFailed
from web.form_render import translate
from web.pages.common import lang, services
from web.route_policy import current_actor, policy

bp = Blueprint("coordinator", __name__, url_prefix="/coordinator")


def _startable() -> list[tuple[str, str]]:
    """(variant, process id) a coordinator may start: the procedure in each variant (engine.start_rules)."""
    svc = services()
    return case_uses.startable(svc, svc.settings.start_reference_model)


@bp.get("/cases")
@policy("case.list")
def cases():  # type: ignore[no-untyped-def]
    return _render_cases()


def _render_cases(errors: dict | None = None, status: int = 200):  # type: ignore[no-untyped-def]
    svc, actor = services(), current_actor()
    rows = case_uses.recent_cases(svc, actor)
    return render_template(
        "coordinator_cases.html",
        cases=rows,
        processes=_startable(),
        may_start="coordinator" in actor.roles,
        errors=errors or {},
    ), status


@bp.post("/cases")
@policy("case.start")
def start():  # type: ignore[no-untyped-def]
    svc, actor = services(), current_actor()
    variant, _sep, process_id = request.form.get("process_id", "").rpartition(":")
    if (variant or "default", process_id) not in _startable():
        return _render_cases({"process_id": [_("Kies een procedure.")]}, 422)
    case = case_uses.start_case(svc, actor, process_id, {}, variant=variant or "default",
                                with_reference=svc.settings.start_reference_model)
    return redirect(url_for("cases.case_file", case_id=case.id))


@bp.post("/cases/<int:case_id>/parties")
@policy("parties.manage", case_arg="case_id")
def link(case_id: int):  # type: ignore[no-untyped-def]
    svc, actor = services(), current_actor()
    try:
        party_uses.link(svc, actor, case_id, request.form.get("username", "").strip(), request.form.get("kind", ""))
    except ValidationFailed as failure:
        messages = "; ".join(translate(m, lang()) for ms in failure.errors.values() for m in ms)
        return render_template(
            "error.html", status=422, code="validation_failed", message=messages, fields=failure.errors
        ), 422
    return redirect(url_for("cases.case_file", case_id=case_id))

