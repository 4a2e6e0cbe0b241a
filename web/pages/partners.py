"""Police and prosecution: the cases they investigate, by reference only, a form to send a message into
one, and the tasks in their own lane (the current procedure's police identification and the prosecutor's
non-punishment assessment) as bare forms. Nothing of the identification file is shown here or anywhere
else to these roles."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, redirect, render_template, request, url_for
from sqlalchemy import select

from engine.errors import NotFound, ValidationFailed
from engine.policy.parties import visible_case_ids
from engine.ports import Actor
from engine.store.tables import Case, OpenTask
from web.form_render import form_fields, parse_submission
from web.letters_access import list_letters
from web.pages.common import lang, services
from web.pages.message_form import message_form, sendable
from web.route_policy import current_actor, policy

bp = Blueprint("partners", __name__, url_prefix="/partners")


def _messages(svc: Any, case_id: int, roles: frozenset[str]) -> list[str]:
    """The messages this case waits for now that one of the caller's roles may send, in the
    vocabulary's order of words. Only the names of the waits are read, never the case's content; the
    case is read without an audit entry of its own because nothing of it is shown."""
    case = svc.cases.get_case(case_id)
    if case.status != "running":
        return []
    return sorted(sendable(roles, case.waiting_messages))


@bp.get("/")
@policy("partners.inbox")
def inbox():  # type: ignore[no-untyped-def]
    svc, actor = services(), current_actor()
    with svc.sessions() as session:
        ids = visible_case_ids(session, actor.user, actor.role or "") or []
        references = session.execute(
            select(Case.id, Case.reference).where(Case.id.in_(ids)).order_by(Case.id)
        ).all()
        own_tasks = session.execute(
            select(OpenTask.case_id, OpenTask.task_id, OpenTask.title)
            .where(OpenTask.case_id.in_(ids), OpenTask.lane.in_(sorted(actor.roles)))
            .order_by(OpenTask.ready_since)
        ).all()
    letters = {case_id: list_letters(svc, case_id, actor, missing_ok=True) for case_id, _ in references}
    tasks: dict[int, list[tuple[str, str]]] = {}
    for case_id, task_id, title in own_tasks:
        tasks.setdefault(case_id, []).append((task_id, title))
    return render_template(
        "partners.html", cases=references, letters=letters, tasks=tasks,
        messages={case_id: _messages(svc, case_id, actor.roles) for case_id, _ in references},
    )


@bp.route("/cases/<int:case_id>/tasks/<task_id>", methods=["GET", "POST"])
@policy("partners.task", case_arg="case_id")
def task(case_id: int, task_id: str):  # type: ignore[no-untyped-def]
    """A task in the caller's own lane, as a bare form: the reference and the form, nothing else of the case."""
    svc, actor = services(), current_actor()
    with svc.sessions() as session:
        row = session.get(OpenTask, (case_id, task_id))
        reference = session.scalar(select(Case.reference).where(Case.id == case_id))
    if row is None or row.lane not in actor.roles or not row.form_key:
        raise NotFound("no such task")
    acting = Actor(actor.user, frozenset({row.lane}), row.lane, purpose="partners.task")
    schema = svc.forms.json_schema(row.form_key)
    values, errors, status = {}, {}, 200
    if request.method == "POST":
        values, errors = parse_submission(schema, request.form)
        if not errors:
            try:
                svc.cases.complete_task(case_id, task_id, values, acting)
                return redirect(url_for("partners.inbox", done=row.name))
            except ValidationFailed as failure:
                errors = failure.errors
        status = 422
    return render_template(
        "partner_task.html",
        reference=reference,
        title=row.title,
        fields=form_fields(schema, lang(), values, errors),
        has_errors=bool(errors),
    ), status


@bp.route("/cases/<int:case_id>/messages/<name>", methods=["GET", "POST"])
@policy("message.send", case_arg="case_id")
def send(case_id: int, name: str):  # type: ignore[no-untyped-def]
    return message_form(case_id, name, url_for("partners.inbox", sent=name))
