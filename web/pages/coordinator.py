"""The coordinator's pages: every case (she routes them), a referral form that starts a case, and the
links of lawyers, guardians, panel members and investigators to a case."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from engine.errors import ValidationFailed
from engine.policy.eligible import is_minors_case
from engine.policy.parties import KIND_ROLE, link_party
from engine.store.db import UnitOfWork
from engine.store.tables import Case
from web.form_render import translate
from web.pages.common import lang, services
from web.route_policy import current_actor, policy

bp = Blueprint("coordinator", __name__, url_prefix="/coordinator")


def _startable() -> list[tuple[str, str]]:
    """(variant, process id) for every process of every variant's current models."""
    library = services().library
    return [
        (variant, process_id)
        for variant in sorted(library.variants)
        for process_id in sorted(library.current(variant).process_ids)
    ]


@bp.get("/cases")
@policy("case.list")
def cases():  # type: ignore[no-untyped-def]
    return _render_cases()


def _render_cases(errors: dict | None = None, status: int = 200):  # type: ignore[no-untyped-def]
    svc, actor = services(), current_actor()
    with svc.sessions() as session:
        rows = (
            session.scalars(select(Case).order_by(Case.id.desc()).limit(200)).all()
            if actor.role == "coordinator"
            else []
        )
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
    case = svc.cases.start_case(process_id, {}, actor, variant=variant or "default")
    return redirect(url_for("cases.case_file", case_id=case.id))


@bp.post("/cases/<int:case_id>/parties")
@policy("parties.manage", case_arg="case_id")
def link(case_id: int):  # type: ignore[no-untyped-def]
    svc, actor = services(), current_actor()
    try:
        with UnitOfWork(svc.sessions) as uow:
            link_party(
                uow.session,
                case_id,
                request.form.get("username", "").strip(),
                request.form.get("kind", ""),
                actor.user,
                actor.role,
                svc.clock.now(),
                minor=is_minors_case(svc.cases.get_case(case_id).data),
            )
            uow.commit()
    except ValidationFailed as failure:
        messages = "; ".join(translate(m, lang()) for ms in failure.errors.values() for m in ms)
        return render_template(
            "error.html", status=422, code="validation_failed", message=messages, fields=failure.errors
        ), 422
    return redirect(url_for("cases.case_file", case_id=case_id))


PARTY_KINDS = sorted(KIND_ROLE)
