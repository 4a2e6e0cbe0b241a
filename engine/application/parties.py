"""The people linked to a case (lawyer, guardian, panel members, investigators): list, offer and link."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from engine.application.deps import Deps
from engine.case_parties import KIND_ROLE, link_party, parties_of
from engine.ports import Actor
from engine.queries.eligible import display_names, eligible, is_minors_case, kinds_for
from engine.store.db import UnitOfWork

PARTY_KINDS = sorted(KIND_ROLE)


@dataclass(frozen=True)
class Party:
    kind: str
    username: str


@dataclass(frozen=True)
class LinkedPeople:
    """Who is linked (kind, user name), the names people know them by, and for a coordinator managing the
    case the users she may link in each capacity (user name, display name): not excluded by a conflict,
    a guardian only on a minor's case (engine.queries.eligible)."""

    linked: list[Party]
    names: dict[str, str]
    choices: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    def name(self, username: str) -> str:
        return self.names.get(username, username)


def parties(deps: Deps, case_id: int) -> list[Party]:
    with deps.sessions() as session:
        return [Party(p.kind, p.username) for p in parties_of(session, case_id)]


def linked_people(deps: Deps, case_id: int, manage: bool, case_data: Mapping[str, Any] | None = None) -> LinkedPeople:
    """The case's parties by name; with `manage`, the eligible users per capacity for the picker, which
    depend on the case's data: `case_data` where the caller has already read the case (the case file
    has), else the case is read here, without an audit entry (the case file reading it is audited)."""
    if manage and case_data is None:
        case_data = deps.cases.get_case(case_id).data
    kinds = kinds_for(case_data or {}) if manage else []
    with deps.sessions() as session:
        linked = [Party(p.kind, p.username) for p in parties_of(session, case_id)]
        names = display_names(session, (p.username for p in linked))
        choices = {kind: eligible(session, case_id, kind) for kind in kinds}
    return LinkedPeople(linked, names, choices)


def display_names_of(deps: Deps, usernames: Iterable[str]) -> dict[str, str]:
    """user name -> the name people know her by (for timelines and party lists)."""
    with deps.sessions() as session:
        return display_names(session, usernames)


def link(deps: Deps, actor: Actor, case_id: int, username: str, kind: str) -> Party:
    """Link a user to the case (audited); ValidationFailed names the field when the link is refused (a
    panel member in conflict, a guardian on a case that is not a minor's)."""
    minor = is_minors_case(deps.cases.get_case(case_id).data)
    with UnitOfWork(deps.sessions) as uow:
        link_party(uow.session, case_id, username, kind, actor.user, actor.role, deps.clock.now(), minor=minor)
        uow.commit()
    return Party(kind, username)
