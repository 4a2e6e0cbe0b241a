"""The form that delivers a message into a case (report filed, objection lodged, guardian appointed...):
shared by the partners page and the case file. The payload is validated by the message's form; who may
send it, and in which role, is engine.application.messages' decision."""

from __future__ import annotations

from typing import Any

from flask import redirect, render_template, request

from engine.application import messages
from engine.application.cases import case_reference
from engine.errors import ValidationFailed
from web.form_render import form_fields, parse_submission
from web.pages.common import lang, services
from web.route_policy import current_actor


def message_form(case_id: int, name: str, done_url: str) -> Any:
    svc, actor = services(), current_actor()
    schema = messages.message_schema(svc, actor, name)
    values: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    status = 200
    if request.method == "POST":
        values, errors = parse_submission(schema, request.form)
        if not errors:
            try:
                messages.send_message(svc, actor, case_id, name, values)
                return redirect(done_url)
            except ValidationFailed as failure:
                errors = failure.errors
        status = 422
    return render_template(
        "partner_message.html",
        case_id=case_id,
        reference=case_reference(svc, case_id),
        name=name,
        fields=form_fields(schema, lang(), values, errors),
        has_errors=bool(errors),
    ), status
