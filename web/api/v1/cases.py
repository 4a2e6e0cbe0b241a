"""Cases through the API. Each handler: parse, ask the policy (the @policy decorator), call one engine
use case, disclose what the caller's role may see."""

from __future__ import annotations

from typing import Any

from flask import current_app, g
from flask_smorest import Blueprint
from sqlalchemy import select

from engine.errors import NotPermitted, ValidationFailed
from engine.policy import disclosure
from engine.policy.access import may_send
from engine.policy.eligible import is_minors_case
from engine.policy.parties import link_party, parties_of, visible_case_ids
from engine.ports import Actor
from engine.store.db import UnitOfWork
from engine.store.tables import Case
from web.api.v1 import schemas as s
from web.casefile import case_payload, completable_tasks
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


def _document_errors(*codes: int):  # type: ignore[no-untyped-def]
    def wrap(view):  # type: ignore[no-untyped-def]
        for code in codes:
            view = blp.alt_response(code, schema=s.ApiErrorSchema, description=ERRORS[code])(view)
        return view

    return wrap


@blp.route("/cases", methods=["POST"])
@policy("case.start")
@blp.arguments(s.StartCaseSchema)
@blp.response(201, s.CaseSchema)
@_document_errors(401, 403, 422)
def start_case(body: dict[str, Any]):  # type: ignore[no-untyped-def]
    """A referral starts a case of `process_id` (a top-level process of the variant's models)."""
    services = _services()
    if body["variant"] not in services.library.variants:
        raise ValidationFailed({"variant": ["unknown variant"]})
    if body["process_id"] not in services.library.current(body["variant"]).process_ids:
        raise ValidationFailed({"process_id": ["unknown process"]})
    actor = current_actor()
    case = services.cases.start_case(body["process_id"], body["data"], actor, variant=body["variant"])
    return case_payload(services, actor.role, case, actor.roles, frozenset())


@blp.route("/cases", methods=["GET"])
@policy("case.list")
@blp.arguments(s.CaseListQuery, location="query")
@blp.response(200, s.CaseListSchema)
@_document_errors(401, 403)
def list_cases(query: dict[str, Any]):  # type: ignore[no-untyped-def]
    """The cases the caller may see; police and prosecution get only the reference of their cases."""
    services, actor = _services(), current_actor()
    with services.sessions() as session:
        ids = visible_case_ids(session, actor.user, actor.role or "")
        stmt = select(Case).order_by(Case.id)
        if ids is not None:
            stmt = stmt.where(Case.id.in_(ids))
        if query.get("status"):
            stmt = stmt.where(Case.status == query["status"])
        rows = session.scalars(stmt.offset(query["offset"]).limit(query["limit"])).all()
    return {"cases": [disclosure.case_summary(actor.role, row_view(row)) for row in rows]}


def row_view(row: Case) -> Any:
    """The summary fields of a case row, in the shape disclosure reads (no workflow loaded)."""
    from types import SimpleNamespace

    return SimpleNamespace(
        id=row.id,
        reference=row.reference,
        process_id=row.process_id,
        variant=row.variant,
        status=row.status,
        version=row.row_version,
        created_at=row.created_at,
        updated_at=row.updated_at,
        completed_at=row.completed_at,
        data={},
    )


@blp.route("/cases/<int:case_id>", methods=["GET"])
@policy("case.read", case_arg="case_id")
@blp.response(200, s.CaseSchema)
@_document_errors(401, 404)
def get_case(case_id: int):  # type: ignore[no-untyped-def]
    services, actor = _services(), current_actor()
    case = services.cases.get_case(case_id, actor)
    return case_payload(services, actor.role, case, actor.roles, g.case_relations)


@blp.route("/cases/<int:case_id>/tasks", methods=["GET"])
@policy("task.list", case_arg="case_id")
@blp.response(200, s.TaskSchema(many=True))
@_document_errors(401, 404)
def list_tasks(case_id: int):  # type: ignore[no-untyped-def]
    """Ready tasks the caller may complete, each with its form as JSON Schema under `form_schema`."""
    services, actor = _services(), current_actor()
    case = services.cases.get_case(case_id, actor)
    return completable_tasks(case, actor.roles, g.case_relations)


@blp.route("/cases/<int:case_id>/tasks/<task_id>", methods=["POST"])
@policy("task.complete", case_arg="case_id")
@blp.arguments(s.CompleteTaskSchema)
@blp.response(200, s.CaseSchema)
@_document_errors(401, 403, 404, 409, 422)
def complete_task(body: dict[str, Any], case_id: int, task_id: str):  # type: ignore[no-untyped-def]
    """Complete a task: 200, 422 with field errors, 409 if the case changed or the task is no longer
    ready, 403 if the task belongs to a role the caller may not act in on this case."""
    services, actor = _services(), current_actor()
    actor = task_actor(services, case_id, task_id, actor, g.case_relations)
    case = services.cases.complete_task(
        case_id, task_id, body["data"], actor, expected_version=body["version"]
    )
    return case_payload(services, actor.role, case, actor.roles, g.case_relations)


def task_actor(services: Any, case_id: int, task_id: str, actor: Actor, relations: frozenset[str]) -> Actor:
    """The caller acting in the task's own role — only if the policy lets her act in it on this case."""
    from engine.errors import InvalidTransition

    case = services.cases.get_case(case_id)
    task = next((t for t in case.tasks if t.id == task_id), None)
    if task is None:
        raise InvalidTransition("task is not ready")
    if task not in completable_tasks(case, actor.roles, relations):
        raise NotPermitted("this task belongs to another role")
    return Actor(actor.user, frozenset({task.lane or ""}), task.lane, purpose=actor.purpose)


@blp.route("/cases/<int:case_id>/messages", methods=["POST"])
@policy("message.send", case_arg="case_id")
@blp.arguments(s.MessageSchema)
@blp.response(202, s.AcceptedSchema)
@_document_errors(401, 403, 404, 409, 422)
def send_message(body: dict[str, Any], case_id: int):  # type: ignore[no-untyped-def]
    """Deliver a message into a case. The answer says only that it was accepted: nothing of the case."""
    services, actor = _services(), current_actor()
    sender_roles = [r for r in sorted(actor.roles) if may_send(r, body["name"])]
    if not sender_roles:
        raise NotPermitted("this role may not send this message")
    actor = Actor(
        actor.user,
        actor.roles,
        sender_roles[0] if actor.role not in sender_roles else actor.role,
        purpose=actor.purpose,
    )
    services.cases.deliver_message(case_id, body["name"], body["payload"], actor)
    return {"accepted": True, "message": body["name"]}


@blp.route("/cases/<int:case_id>/events", methods=["GET"])
@policy("case.events", case_arg="case_id")
@blp.response(200, s.EventListSchema)
@_document_errors(401, 404)
def list_events(case_id: int):  # type: ignore[no-untyped-def]
    """The case's timeline from the event log, as much of it as the caller's role may see."""
    services, actor = _services(), current_actor()
    services.cases.get_case(case_id, actor)  # the read is audited
    return {"events": disclosure.timeline(actor.role, services.cases.events(case_id))}


@blp.route("/cases/<int:case_id>/parties", methods=["GET"])
@policy("parties.manage", case_arg="case_id")
@blp.response(200, s.PartyListSchema)
@_document_errors(401, 404)
def list_parties(case_id: int):  # type: ignore[no-untyped-def]
    with _services().sessions() as session:
        return {"parties": [{"username": p.username, "kind": p.kind} for p in parties_of(session, case_id)]}


@blp.route("/cases/<int:case_id>/parties", methods=["POST"])
@policy("parties.manage", case_arg="case_id")
@blp.arguments(s.PartySchema)
@blp.response(201, s.PartySchema)
@_document_errors(401, 404, 409, 422)
def add_party(body: dict[str, Any], case_id: int):  # type: ignore[no-untyped-def]
    """Link a lawyer, guardian, panel member or investigator to the case (or declare a panel conflict)."""
    services, actor = _services(), current_actor()
    with UnitOfWork(services.sessions) as uow:
        link_party(
            uow.session, case_id, body["username"], body["kind"], actor.user, actor.role, services.clock.now(),
            minor=is_minors_case(services.cases.get_case(case_id).data),
        )
        uow.commit()
    return body
