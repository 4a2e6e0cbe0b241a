"""The form that delivers a message into a case (report filed, objection lodged, guardian appointed...):
shared by the partners page and the case file. The payload is validated by the message's form; who may
send it, and in which role, is engine.application.messages' decision."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from flask import redirect, render_template, request

from engine.application import messages
from engine.application.cases import case_reference
from engine.errors import ValidationFailed
from web.form_render import form_fields, parse_submission
from web.pages.common import lang, services
from web.route_policy import current_actor


@dataclass
class Submission:
    """A message's form as shown or as sent: the values typed, the reasons per field, the status to
    answer with, and where to go once the message went in."""

    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)
    status: int = 200
    done: Any = None  # the redirect after a successful send


def submit(schema: Any, send: Callable[[dict[str, Any]], None], done_url: str) -> Submission:
    """On a POST: parse the form by the message's schema and, when it parses, `send` the values; a
    refusal by the engine (ValidationFailed) is shown on the form like a parsing error, status 422."""
    if request.method != "POST":
        return Submission()
    values, errors = parse_submission(schema, request.form)
    if not errors:
        try:
            send(values)
            return Submission(values, {}, 302, redirect(done_url))
        except ValidationFailed as failure:
            errors = failure.errors
    return Submission(values, errors, 422)


def message_form(case_id: int, name: str, done_url: str) -> Any:
    svc, actor = services(), current_actor()
    schema = messages.message_schema(svc, actor, name)
    sent = submit(schema, lambda values: messages.send_message(svc, actor, case_id, name, values), done_url)
    if sent.done is not None:
        return sent.done
    return render_template(
        "partner_message.html",
        case_id=case_id,
        reference=case_reference(svc, case_id),
        name=name,
        fields=form_fields(schema, lang(), sent.values, sent.errors),
        has_errors=bool(sent.errors),
    ), sent.status
