"""The people linked to a case (lawyer, guardian, panel members, investigators): list and link."""
from __future__ import annotations

from dataclasses import dataclass

from engine.application.deps import Deps
from engine.policy.parties import KIND_ROLE, link_party, parties_of
from engine.ports import Actor
from engine.store.db import UnitOfWork

PARTY_KINDS = sorted(KIND_ROLE)


@dataclass(frozen=True)
class Party:
    kind: str
    username: str


def parties(deps: Deps, case_id: int) -> list[Party]:
    with deps.sessions() as session:
        return [Party(p.kind, p.username) for p in parties_of(session, case_id)]


def link(deps: Deps, actor: Actor, case_id: int, username: str, kind: str) -> Party:
    """Link a user to the case (audited); ValidationFailed names the field when the link is refused."""
    with UnitOfWork(deps.sessions) as uow:
        link_party(uow.session, case_id, username, kind, actor.user, actor.role, deps.clock.now())
        uow.commit()
    return Party(kind, username)
