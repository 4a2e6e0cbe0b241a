"""The form that delivers a message into a case (report filed, objection lodged, guardian appointed...):
shared by the partners page and the case file. The payload is validated by the message's form; the
sender acts in the first of her roles that may send this message."""

from __future__ import annotations

from typing import Any

from flask import redirect, render_template, request
from sqlalchemy import select

from engine.errors import NotPermitted, ValidationFailed
from engine.policy.access import may_send
from engine.ports import Actor
from engine.store.tables import Case
from web.form_render import form_fields, parse_submission
from web.pages.common import lang, services
from web.route_policy import current_actor


def sendable(roles: frozenset[str], waiting: tuple[str, ...]) -> list[str]:
    """The messages the case waits for that one of these roles may send."""
    return [name for name in waiting if any(may_send(r, name) for r in roles)]


def message_form(case_id: int, name: str, done_url: str) -> Any:
    svc, actor = services(), current_actor()
    senders = [r for r in sorted(actor.roles) if may_send(r, name)]
    if not senders:
        raise NotPermitted("this role may not send this message")
    key = f"message.{name}"
    schema = svc.forms.json_schema(key) if svc.forms.has(key) else {"type": "object", "properties": {}}
    values: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    status = 200
    if request.method == "POST":
        values, errors = parse_submission(schema, request.form)
        if not errors:
            try:
                svc.cases.deliver_message(
                    case_id, name, values, Actor(actor.user, actor.roles, senders[0], purpose="message.send")
                )
                return redirect(done_url)
            except ValidationFailed as failure:
                errors = failure.errors
        status = 422
    with svc.sessions() as session:
        reference = session.scalar(select(Case.reference).where(Case.id == case_id))
    return render_template(
        "partner_message.html",
        case_id=case_id,
        reference=reference,
        name=name,
        fields=form_fields(schema, lang(), values, errors),
        has_errors=bool(errors),
    ), status
