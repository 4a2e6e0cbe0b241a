"""Who may ask about which case: the access table (engine.access.rules) applied to the caller's
links to the case and its state. Every route names its action and calls `authorize` before it runs."""
from __future__ import annotations

from dataclasses import dataclass

from engine.access.rules import decide
from engine.application.deps import Deps
from engine.case_parties import relations
from engine.errors import InvalidTransition, NotFound, NotPermitted
from engine.ports import Actor
from engine.store.tables import Case


@dataclass(frozen=True)
class Authorization:
    """The actor the use case runs as, and her links to the case (empty without a case)."""

    actor: Actor
    relations: frozenset[str]


def authorize(deps: Deps, username: str, roles: frozenset[str], action: str,
              case_id: int | None = None) -> Authorization:
    """NotPermitted for a role the action does not name; NotFound for a case the caller may not see (its
    existence is not disclosed); InvalidTransition for a case in a state where the action is impossible."""
    if case_id is None:
        decision = decide(action, roles)
        if not decision.allowed:
            raise NotPermitted("not permitted")
        return Authorization(Actor(username, roles, decision.role, purpose=action), frozenset())
    with deps.sessions() as session:
        case = session.get(Case, case_id)
        if case is None:
            raise NotFound("no such case")
        links = relations(session, case.id, username)
        decision = decide(action, roles, links, case.status)
    if decision.refusal == "state":
        raise InvalidTransition("not possible in the case's current state")
    if not decision.allowed:
        raise NotFound("no such case")
    return Authorization(Actor(username, roles, decision.role, purpose=action), links)
