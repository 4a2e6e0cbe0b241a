"""Links between people and cases: a lawyer to her client's case, a guardian to a minor's case, panel
members assigned to a case, investigators of the related criminal case. Access decisions rest on them.

A panel member linked to the investigating team of a case (an `investigator` link, or a declared
`conflict`) cannot be assigned to it: the panel decides independently of the investigation. The rule holds
whatever the order of the links: a conflict or an investigator link made after a panel assignment ends
that assignment (audited), and a panel seat is never honoured next to either.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.access.rules import ANY_CASE, CONFLICT, RELATION_OF_ROLE
from engine.errors import NotFound, ValidationFailed
from engine.input_bounds import text_fault
from engine.store.db import insert_missing
from engine.store.decisions import DECISION_EVENT
from engine.store.event_log import append_event
from engine.store.tables import Case, CaseLink, CaseParty, User

# kind of link -> the role the linked user must hold
KIND_ROLE: dict[str, tuple[str, ...]] = {
    "lawyer": ("lawyer",),
    "guardian": ("guardian",),
    "panel": ("panel",),
    "investigator": ("police", "prosecutor"),
    CONFLICT: ("panel",),
}
IND_ROLE = "ind"
# Decisions taken in these lanes stay with the investigation: the police's assessment of the signals (the
# offer of the reflection period) is recorded as a decision but does not by itself open the case to the IND
# (a Dutch national assessed by the police has nothing to do with the IND).
LANES_NOT_LINKING_IND = frozenset({"police", "prosecutor"})
# Links that exclude a panel seat on the same case, in whatever order they were made.
EXCLUDES_PANEL = (CONFLICT, "investigator")


def relations(session: Session, case_id: int, username: str) -> frozenset[str]:
    """The user's links to the case, plus `decision` once a decision was sent to the IND (a recorded
    case link, engine.case_parties.link_ind)."""
    kinds = set(
        session.scalars(
            select(CaseParty.kind).where(CaseParty.case_id == case_id, CaseParty.username == username)
        )
    )
    if session.get(CaseLink, (case_id, IND_ROLE)) is not None:
        kinds.add("decision")
    return frozenset(kinds)


def visible_case_ids(session: Session, username: str, role: str) -> list[int] | None:
    """Ids of the cases `role` may see for this user; None means every case (coordinator)."""
    relation = RELATION_OF_ROLE.get(role)
    if relation is None:
        return []
    if relation == ANY_CASE:
        return None
    if relation == "decision":
        return sorted(session.scalars(select(CaseLink.case_id).where(CaseLink.role == IND_ROLE)))
    linked = set(
        session.scalars(
            select(CaseParty.case_id).where(CaseParty.username == username, CaseParty.kind == relation)
        )
    )
    if role == "panel":
        linked -= set(
            session.scalars(
                select(CaseParty.case_id).where(
                    CaseParty.username == username, CaseParty.kind.in_(EXCLUDES_PANEL)
                )
            )
        )
    return sorted(linked)


def parties_of(session: Session, case_id: int) -> list[CaseParty]:
    return list(
        session.scalars(
            select(CaseParty).where(CaseParty.case_id == case_id).order_by(CaseParty.kind, CaseParty.username)
        )
    )


def link_party(
    session: Session, case_id: int, username: str, kind: str, by: str, role: str | None, now: dt.datetime,
    minor: bool | None = None,
) -> CaseParty:
    """Link a user to a case (audited). Refuses unknown users, users without the matching role, panel
    members linked to the case's investigation, and a guardian on a case the caller knows is not a
    minor's (`minor` from engine.queries.eligible.is_minors_case; None where the case data is not read)."""
    if session.get(Case, case_id) is None:
        raise NotFound("no such case")
    if kind not in KIND_ROLE:
        raise ValidationFailed({"kind": [f"unknown kind; one of {', '.join(sorted(KIND_ROLE))}"]})
    if kind == "guardian" and minor is False:
        raise ValidationFailed({"kind": ["a guardian is linked only to a minor's case"]})
    if text_fault(username) or len(username) > 64:
        raise ValidationFailed({"username": ["no active user with this name"]})
    user = session.scalar(select(User).where(User.username == username, User.active.is_(True)))
    if user is None:
        raise ValidationFailed({"username": ["no active user with this name"]})
    if not set(user.roles) & set(KIND_ROLE[kind]):
        raise ValidationFailed({"username": [f"user does not hold the role {' or '.join(KIND_ROLE[kind])}"]})
    existing = relations(session, case_id, username)
    if kind == "panel" and (CONFLICT in existing or "investigator" in existing):
        raise ValidationFailed(
            {"username": ["panel member is linked to the investigating team of this case"]}
        )
    if kind in existing:
        raise ValidationFailed({"username": ["already linked to this case in this capacity"]})
    party = CaseParty(case_id=case_id, username=username, kind=kind, linked_by=by, linked_at=now)
    session.add(party)
    if kind in EXCLUDES_PANEL:  # a conflict or an investigation ends an assignment made before it was known
        for row in session.scalars(
            select(CaseParty).where(
                CaseParty.case_id == case_id, CaseParty.username == username, CaseParty.kind == "panel"
            )
        ):
            session.delete(row)
            append_event(session, case_id=case_id, at=now, kind="party_unlinked", actor=by, role=role,
                         details={"username": username, "kind": "panel", "because": kind})
    append_event(
        session,
        case_id=case_id,
        at=now,
        kind="party_linked",
        actor=by,
        role=role,
        details={"username": username, "kind": kind},
    )
    session.flush()
    return party


def is_linked(session: Session, case_id: int, role: str, username: str) -> bool:
    """Whether `username` is linked to the case in `role` (the check letters use for per-person inboxes)."""
    relation = RELATION_OF_ROLE.get(role)
    if relation == ANY_CASE:
        return True
    return (
        relation is not None
        and relation in relations(session, case_id, username)
        and not (role == "panel" and set(EXCLUDES_PANEL) & relations(session, case_id, username))
    )


def link_ind(session: Session, case_id: int, now: dt.datetime, lane: str | None = None) -> None:
    """A decision was taken and goes to the IND: from now on the IND may read the case. Recorded once,
    at the first decision; the decision's own event says who took it. A decision of the investigation's
    lanes (LANES_NOT_LINKING_IND) links nothing."""
    if lane in LANES_NOT_LINKING_IND:
        return
    insert_missing(session, CaseLink, [{"case_id": case_id, "role": IND_ROLE, "because": DECISION_EVENT,
                                        "linked_at": now}])
