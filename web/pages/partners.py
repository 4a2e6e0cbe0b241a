"""Police and prosecution: the cases they investigate, by reference only, a form to send a message into
one, and the tasks in their own lane (the current procedure's police identification and the prosecutor's
non-punishment assessment) as bare forms. Nothing of the identification file is shown here or anywhere
else to these roles."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for

from engine.application import tasks as task_uses
from engine.application.letters import list_letters
from engine.application.messages import awaited_messages
from engine.application.overviews import partner_inbox
from engine.errors import ValidationFailed
from web.form_render import form_fields, parse_submission
from web.pages.common import lang, services
from web.pages.message_form import message_form
from web.route_policy import current_actor, policy

bp = Blueprint("partners", __name__, url_prefix="/partners")


@bp.get("/")
@policy("partners.inbox")
def inbox():  # type: ignore[no-untyped-def]
    svc, actor = services(), current_actor()
    found = partner_inbox(svc, actor)
    references = found.cases
    letters = {case_id: list_letters(svc, actor, case_id, missing_ok=True) for case_id, _ in references}
    return render_template(
        "partners.html", cases=references, letters=letters, tasks=found.tasks,
        messages={case_id: awaited_messages(svc, actor, case_id) for case_id, _ in references},
    )


@bp.route("/cases/<int:case_id>/tasks/<task_id>", methods=["GET", "POST"])
@policy("partners.task", case_arg="case_id")
def task(case_id: int, task_id: str):  # type: ignore[no-untyped-def]
    """A task in the caller's own lane, as a bare form: the reference and the form, nothing else of the case."""
    svc = services()
    row = task_uses.lane_task(svc, current_actor(), case_id, task_id)
    schema = svc.forms.json_schema(row.form_key)
    values, errors, status = {}, {}, 200
    if request.method == "POST":
        values, errors = parse_submission(schema, request.form)
        if not errors:
            try:
                task_uses.complete_lane_task(svc, row, values)
                return redirect(url_for("partners.inbox", done=row.name))
            except ValidationFailed as failure:
                errors = failure.errors
        status = 422
    return render_template(
        "partner_task.html",
        reference=row.reference,
        title=row.title,
        fields=form_fields(schema, lang(), values, errors),
        has_errors=bool(errors),
    ), status


@bp.route("/cases/<int:case_id>/messages/<name>", methods=["GET", "POST"])
@policy("message.send", case_arg="case_id")
def send(case_id: int, name: str):  # type: ignore[no-untyped-def]
    return message_form(case_id, name, url_for("partners.inbox", sent=name))
