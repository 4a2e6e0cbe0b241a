"""Cases through the API. Each handler: parse, ask the policy (the @policy decorator), call one use case
of engine.application, disclose what the caller's role may see."""

from __future__ import annotations

from typing import Any

from flask import current_app, g
from flask_smorest import Blueprint

from engine.access import disclosure
from engine.application import cases as case_uses
from engine.application import messages, parties, tasks
from web.api.v1 import schemas as s
from web.casefile import case_payload
from web.route_policy import current_actor, policy

blp = Blueprint("api_cases", __name__, url_prefix="/api/v1", description="Cases, tasks, messages and events")
ERRORS = {
    401: "unauthenticated",
    403: "not permitted",
    404: "not found (or not visible to the caller)",
    409: "conflict",
    422: "validation failed",
}


def _services() -> Any:
    return current_app.extensions["erkend"]


def _document_errors(*codes: int, **described: str):  # type: ignore[no-untyped-def]
    """`described` overrides a code's description, e.g. `e422="..."` where a 422 depends on state."""

    def wrap(view):  # type: ignore[no-untyped-def]
        for code in codes:
            description = described.get(f"e{code}", ERRORS[code])
            view = blp.alt_response(code, schema=s.ApiErrorSchema, description=description)(view)
        return view

    return wrap


@blp.route("/cases", methods=["POST"])
@policy("case.start")
@blp.arguments(s.StartCaseSchema)
@blp.response(201, s.CaseSchema)
@_document_errors(401, 403, 422)
def start_case(body: dict[str, Any]):  # type: ignore[no-untyped-def]
    """A referral starts a case of the procedure in one of the variants; `data` is checked by the
    procedure's start form (the schema names the processes, variants and start form a client may use)."""
    services, actor = _services(), current_actor()
    case = case_uses.start_case(services, actor, body["process_id"], body["data"], variant=body["variant"],
                                with_reference=services.settings.start_reference_model)
    return case_payload(services, actor.role, case, actor.roles, frozenset())


@blp.route("/cases", methods=["GET"])
@policy("case.list")
@blp.arguments(s.CaseListQuery, location="query")
@blp.response(200, s.CaseListSchema)
@_document_errors(401, 403)
def list_cases(query: dict[str, Any]):  # type: ignore[no-untyped-def]
    """The cases the caller may see; police and prosecution get only the reference of their cases."""
    services, actor = _services(), current_actor()
    rows = case_uses.list_cases(services, actor, query.get("status"), query["offset"], query["limit"])
    return {"cases": [disclosure.case_summary(actor.role, row) for row in rows]}


@blp.route("/cases/<int:case_id>", methods=["GET"])
@policy("case.read", case_arg="case_id")
@blp.response(200, s.CaseSchema)
@_document_errors(401, 404)
def get_case(case_id: int):  # type: ignore[no-untyped-def]
    services, actor = _services(), current_actor()
    case = case_uses.read_case(services, actor, case_id)
    return case_payload(services, actor.role, case, actor.roles, g.case_relations)


@blp.route("/cases/<int:case_id>/tasks", methods=["GET"])
@policy("task.list", case_arg="case_id")
@blp.response(200, s.TaskSchema(many=True))
@_document_errors(401, 404)
def list_tasks(case_id: int):  # type: ignore[no-untyped-def]
    """Ready tasks the caller may complete, each with its form as JSON Schema under `form_schema`."""
    services, actor = _services(), current_actor()
    case = case_uses.read_case(services, actor, case_id)
    return tasks.completable_tasks(case, actor.roles, g.case_relations)


@blp.route("/cases/<int:case_id>/tasks/<task_id>", methods=["POST"])
@policy("task.complete", case_arg="case_id")
@blp.arguments(s.CompleteTaskSchema)
@blp.response(200, s.CaseSchema)
@_document_errors(401, 403, 404, 409, 422, e422="validation failed: `data` must fit the form of this task, whose "
                  "JSON Schema is `form_schema` of the task in GET /cases/{case_id}/tasks; `fields` names each "
                  "field refused")
def complete_task(body: dict[str, Any], case_id: int, task_id: str):  # type: ignore[no-untyped-def]
    """Complete a task: 200, 422 with field errors, 409 if the case changed or the task is no longer
    ready, 403 if the task belongs to a role the caller may not act in on this case."""
    services = _services()
    done = tasks.complete_task(services, current_actor(), g.case_relations, case_id, task_id, body["data"],
                               expected_version=body["version"])
    return case_payload(services, done.actor.role, done.case, done.actor.roles, g.case_relations)


@blp.route("/cases/<int:case_id>/messages", methods=["POST"])
@policy("message.send", case_arg="case_id")
@blp.arguments(s.MessageSchema)
@blp.response(202, s.AcceptedSchema)
@_document_errors(401, 403, 404, 409, 422)
def send_message(body: dict[str, Any], case_id: int):  # type: ignore[no-untyped-def]
    """Deliver a message into a case. The answer says only that it was accepted: nothing of the case."""
    messages.send_message(_services(), current_actor(), case_id, body["name"], body["payload"])
    return {"accepted": True, "message": body["name"]}


@blp.route("/cases/<int:case_id>/objection-after-closure", methods=["GET"])
@policy("objection.after_closure", case_arg="case_id")
@blp.response(200, s.ObjectableLetterListSchema)
@_document_errors(401, 404, 409)
def objectable_letters(case_id: int):  # type: ignore[no-untyped-def]
    """The letters of a closed case an objection may still be lodged against (issue 9 item 13)."""
    return {"letters": messages.objectable_letters(_services(), case_id)}


@blp.route("/cases/<int:case_id>/objection-after-closure", methods=["POST"])
@policy("objection.after_closure", case_arg="case_id")
@blp.arguments(s.ObjectionAfterClosureSchema)
@blp.response(201, s.CaseSchema)
@_document_errors(401, 403, 404, 409, 422)
def lodge_objection_after_closure(body: dict[str, Any], case_id: int):  # type: ignore[no-untyped-def]
    """An objection received after the case closed: the case reopens with the objection procedure of the
    decision objected to, its lateness assessed first (art. 6:9 lid 2, 6:11 Awb). 409 while the case runs
    (send `objection_lodged` as a message then), 422 for a letter not open to objection or a bad form."""
    services, actor = _services(), current_actor()
    case = messages.lodge_objection_after_closure(services, actor, case_id, body["letter_id"], body["payload"])
    return case_payload(services, actor.role, case, actor.roles, g.case_relations)


@blp.route("/cases/<int:case_id>/events", methods=["GET"])
@policy("case.events", case_arg="case_id")
@blp.response(200, s.EventListSchema)
@_document_errors(401, 404)
def list_events(case_id: int):  # type: ignore[no-untyped-def]
    """The case's timeline from the event log, as much of it as the caller's role may see."""
    return {"events": case_uses.case_timeline(_services(), current_actor(), case_id)}


@blp.route("/cases/<int:case_id>/parties", methods=["GET"])
@policy("parties.manage", case_arg="case_id")
@blp.response(200, s.PartyListSchema)
@_document_errors(401, 404)
def list_parties(case_id: int):  # type: ignore[no-untyped-def]
    return {"parties": [{"username": p.username, "kind": p.kind} for p in parties.parties(_services(), case_id)]}


@blp.route("/cases/<int:case_id>/parties", methods=["POST"])
@policy("parties.manage", case_arg="case_id")
@blp.arguments(s.PartySchema)
@blp.response(201, s.PartySchema)
@_document_errors(401, 404, 409, 422, e422="validation failed: `username` must name an active account holding "
                  "the role the kind needs, not linked to the case in this capacity yet and not in conflict with "
                  "the case's other links; `fields` says which")
def add_party(body: dict[str, Any], case_id: int):  # type: ignore[no-untyped-def]
    """Link a lawyer, guardian, panel member or investigator to the case (or declare a panel conflict)."""
    parties.link(_services(), current_actor(), case_id, body["username"], body["kind"])
    return body
