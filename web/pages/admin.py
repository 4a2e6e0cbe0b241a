"""Administration: users, model versions, failed timers, a case's audit trail. No case content."""

from __future__ import annotations

import re

from flask import Blueprint, Response, json, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select

from engine.accounts import ROLES, approve_user, create_user, pending_approval
from engine.errors import NotFound, ValidationFailed
from engine.store.db import UnitOfWork
from engine.store.tables import Case, ModelVersion, User
from engine.timers import problem_timers, retry_timer
from web.api.v1.admin import export_audit
from web.form_render import translate
from web.pages.common import lang, services
from web.route_policy import current_actor, policy

bp = Blueprint("admin", __name__, url_prefix="/admin")
REFERENCE = re.compile(r"ERK-\d{4}-\d{6}")


def _render_users(errors: dict | None = None, status: int = 200):  # type: ignore[no-untyped-def]
    with services().sessions() as session:
        users = session.scalars(select(User).order_by(User.username)).all()
        pending = pending_approval(session)
    errors = {k: [translate(m, lang()) for m in v] for k, v in (errors or {}).items()}
    return render_template(
        "admin_users.html",
        users=users,
        pending=pending,
        me=current_actor().user,
        roles=ROLES,
        errors=errors,
        form=request.form if request.method == "POST" else {},
    ), status


@bp.get("/")
@policy("admin.users")
def users():  # type: ignore[no-untyped-def]
    return _render_users()


@bp.post("/users")
@policy("admin.users")
def create():  # type: ignore[no-untyped-def]
    svc = services()
    try:
        with UnitOfWork(svc.sessions) as uow:
            create_user(
                uow.session,
                request.form.get("username", "").strip(),
                request.form.getlist("roles"),
                svc.clock.now(),
                password=request.form.get("password") or None,
                display_name=request.form.get("display_name") or None,
                by=current_actor().user,
                four_eyes=True,
            )
            uow.commit()
    except ValidationFailed as failure:
        return _render_users(failure.errors, 422)
    return redirect(url_for("admin.users"))


@bp.post("/users/<username>/approve")
@policy("admin.users")
def approve(username: str):  # type: ignore[no-untyped-def]
    """The second administrator's approval of an account with a case role (refused to its creator)."""
    svc = services()
    try:
        with UnitOfWork(svc.sessions) as uow:
            approve_user(uow.session, username, current_actor().user, svc.clock.now())
            uow.commit()
    except ValidationFailed as failure:
        return _render_users(failure.errors, 422)
    return redirect(url_for("admin.users"))


@bp.get("/models")
@policy("admin.models")
def models():  # type: ignore[no-untyped-def]
    svc = services()
    with svc.sessions() as session:
        versions = session.execute(
            select(ModelVersion.version, ModelVersion.variant, ModelVersion.created_at).order_by(
                ModelVersion.created_at.desc()
            )
        ).all()
        in_use = dict(
            session.execute(
                select(Case.model_version, func.count(Case.id)).group_by(Case.model_version)
            ).all()
        )
    current = {v: svc.library.current(v).version for v in svc.library.variants}
    return render_template("admin_models.html", versions=versions, current=current, in_use=in_use)


@bp.get("/cases/<int:case_id>/audit.json")
@policy("admin.audit_export")
def audit(case_id: int):  # type: ignore[no-untyped-def]
    events = export_audit(case_id)
    with services().sessions() as session:
        reference = session.scalar(select(Case.reference).where(Case.id == case_id)) or str(case_id)
    body = json.dumps({"case_id": case_id, "reference": reference, "events": events}, ensure_ascii=False,
                      indent=1)
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="audit-{reference}.json"'},
    )


@bp.post("/audit")
@policy("admin.audit_export")
def audit_lookup():  # type: ignore[no-untyped-def]
    """The audit export by the reference printed on every page and letter (ERK-2026-000123)."""
    reference = request.form.get("case_reference", "").strip().upper()
    if not REFERENCE.fullmatch(reference):
        raise ValidationFailed({"case_reference": [_("geen kenmerk van de vorm ERK-2026-000123")]})
    try:
        case_id = services().cases.find_by_reference(reference)
    except NotFound:
        raise ValidationFailed({"case_reference": [_("geen zaak met dit kenmerk")]}) from None
    return redirect(url_for("admin.audit", case_id=case_id))


@bp.get("/timers")
@policy("admin.timers")
def timers():  # type: ignore[no-untyped-def]
    with services().sessions() as session:
        problems = problem_timers(session)
    return render_template("admin_timers.html", problems=problems)


@bp.post("/timers/<int:timer_id>/retry")
@policy("admin.timers")
def retry(timer_id: int):  # type: ignore[no-untyped-def]
    """Back in the queue; the retry is written to the case's audit trail with the administrator's name."""
    svc = services()
    retry_timer(svc.sessions, timer_id, svc.clock.now(), current_actor())
    return redirect(url_for("admin.timers"))
