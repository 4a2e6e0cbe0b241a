"""Administration: users, model versions, failed timers, a case's audit trail. No case content."""

from __future__ import annotations

import re

from flask import Blueprint, Response, json, redirect, render_template, request, url_for
from flask_babel import gettext as _

from engine.access.rules import ROLES
from engine.application import admin as admin_uses
from engine.application import cases as case_uses
from engine.application import timers_admin
from engine.application.audit import export_audit
from engine.errors import NotFound, ValidationFailed
from web.form_render import translate
from web.pages.common import lang, services
from web.route_policy import current_actor, policy

bp = Blueprint("admin", __name__, url_prefix="/admin")
REFERENCE = re.compile(r"ERK-\d{4}-\d{6}")


def _render_users(errors: dict | None = None, status: int = 200):  # type: ignore[no-untyped-def]
    found = admin_uses.users(services())
    errors = {k: [translate(m, lang()) for m in v] for k, v in (errors or {}).items()}
    return render_template(
        "admin_users.html",
        users=found.users,
        pending=found.pending,
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
    try:
        admin_uses.create_account(
            services(),
            current_actor(),
            request.form.get("username", "").strip(),
            request.form.getlist("roles"),
            password=request.form.get("password") or None,
            display_name=request.form.get("display_name") or None,
        )
    except ValidationFailed as failure:
        return _render_users(failure.errors, 422)
    return redirect(url_for("admin.users"))


@bp.post("/users/<username>/approve")
@policy("admin.users")
def approve(username: str):  # type: ignore[no-untyped-def]
    """The second administrator's approval of an account with a case role (refused to its creator)."""
    try:
        admin_uses.approve_account(services(), current_actor(), username)
    except ValidationFailed as failure:
        return _render_users(failure.errors, 422)
    return redirect(url_for("admin.users"))


@bp.post("/users/<username>/end-sessions")
@policy("admin.users")
def end_sessions(username: str):  # type: ignore[no-untyped-def]
    """Every sign-in session of the account ends at once (a lost laptop, a copied cookie); audited."""
    try:
        admin_uses.end_sessions(services(), current_actor(), username)
    except ValidationFailed as failure:
        return _render_users(failure.errors, 422)
    return redirect(url_for("admin.users"))


@bp.get("/models")
@policy("admin.models")
def models():  # type: ignore[no-untyped-def]
    found = admin_uses.model_versions(services())
    return render_template("admin_models.html", versions=found.versions, current=found.current,
                           in_use=found.in_use)


@bp.get("/cases/<int:case_id>/audit.json")
@policy("admin.audit_export")
def audit(case_id: int):  # type: ignore[no-untyped-def]
    events = export_audit(services(), current_actor(), case_id)
    reference = case_uses.case_reference(services(), case_id) or str(case_id)
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
        case_id = case_uses.case_by_reference(services(), reference)
    except NotFound:
        raise ValidationFailed({"case_reference": [_("geen zaak met dit kenmerk")]}) from None
    return redirect(url_for("admin.audit", case_id=case_id))


@bp.get("/timers")
@policy("admin.timers")
def timers():  # type: ignore[no-untyped-def]
    problems = timers_admin.problems(services())
    return render_template("admin_timers.html", problems=problems)


@bp.post("/timers/<int:timer_id>/retry")
@policy("admin.timers")
def retry(timer_id: int):  # type: ignore[no-untyped-def]
    """Back in the queue; the retry is written to the case's audit trail with the administrator's name."""
    timers_admin.retry(services(), current_actor(), timer_id)
    return redirect(url_for("admin.timers"))
