"""Messages into a case (a report filed, an objection lodged, a guardian appointed...). Who may send
which message is decided here, once, for the pages and the API alike."""
from __future__ import annotations

from typing import Any, Iterable, Mapping

from engine.access.rules import decide, may_send
from engine.application.deps import Deps
from engine.case_reopening import objectable_letters as letters_open_to_objection
from engine.errors import NotPermitted
from engine.ports import Actor
from engine.views import CaseView


def sender(actor: Actor, name: str) -> Actor:
    """The actor in the role she sends `name` as: the role she acts in if it may send it, else the first
    (alphabetically) of her roles that may. NotPermitted if none may."""
    senders = [role for role in sorted(actor.roles) if may_send(role, name)]
    if not senders:
        raise NotPermitted("this role may not send this message")
    role = actor.role if actor.role in senders else senders[0]
    return Actor(actor.user, actor.roles, role, purpose=actor.purpose)


def sendable(roles: Iterable[str], waiting: Iterable[str]) -> list[str]:
    """The messages the case waits for that one of these roles may send."""
    held = list(roles)
    return [name for name in waiting if any(may_send(role, name) for role in held)]


def awaited_messages(deps: Deps, actor: Actor, case_id: int) -> list[str]:
    """The messages this case waits for now that one of the caller's roles may send, sorted. Only the
    names of the waits are read, never the case's content, so the read has no audit entry of its own."""
    case = deps.cases.get_case(case_id)
    if case.status != "running":
        return []
    return sorted(sendable(actor.roles, case.waiting_messages))


def message_schema(deps: Deps, actor: Actor, name: str) -> dict[str, Any]:
    """The JSON Schema of the message's form (an empty object for a message without one), once the
    actor is known to be allowed to send it."""
    sender(actor, name)
    key = f"message.{name}"
    return deps.forms.json_schema(key) if deps.forms.has(key) else {"type": "object", "properties": {}}


def send_message(deps: Deps, actor: Actor, case_id: int, name: str, payload: Mapping[str, Any]) -> None:
    """Deliver a message into the case as the role that may send it."""
    deps.cases.deliver_message(case_id, name, payload, sender(actor, name))


def may_lodge_after_closure(actor: Actor, relations: frozenset[str], status: str) -> bool:
    """Whether the reader may lodge an objection after closure on this case (the access table's
    `objection.after_closure`: the client's lawyer or the coordinator, on a closed case)."""
    return decide("objection.after_closure", actor.roles, relations, status).allowed


def objectable_letters(deps: Deps, case_id: int) -> list[dict[str, Any]]:
    """The decision letters of a closed case an objection may still be lodged against (id, type, sent
    on, the objection deadline it named); for the route already authorized as `objection.after_closure`."""
    with deps.sessions() as session:
        return [{"id": row.id, "letter_type": row.letter_type, "sent_on": row.sent_on,
                 "objection_deadline": row.objection_deadline} for row in letters_open_to_objection(session, case_id)]


def lodge_objection_after_closure(deps: Deps, actor: Actor, case_id: int, letter_id: int,
                                  payload: Mapping[str, Any]) -> CaseView:
    """An objection against the decision of `letter_id`, received after the case closed: the case
    reopens with the objection procedure (engine.case_reopening), its lateness assessed first. The
    caller is authorized for `objection.after_closure` (the lawyer linked to the case, the coordinator)."""
    return deps.cases.reopen_for_objection(case_id, letter_id, payload, sender(actor, "objection_lodged"))
