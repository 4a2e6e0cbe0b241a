"""Who may be linked to a case in which capacity, so that the coordinator picks from a list instead of
typing an exact user name: active users holding the role the link needs (engine.case_parties), not yet
linked in that capacity, and for a panel seat not excluded by a conflict or an investigator link (the
panel decides independently of the investigation). A guardian is linked only to a minor's case: the
guardianship (Nidos) exists for unaccompanied minors, and a person whose age is in doubt is treated as
a minor until it is settled (benefit of the doubt, Vc 2000 B8/3; art. 1:233 BW)."""

from __future__ import annotations

from typing import Any, Iterable, Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.case_facts import values as fact_values
from engine.case_parties import EXCLUDES_PANEL, KIND_ROLE
from engine.store.tables import CaseParty, User

MINOR_STATUSES = frozenset({"minor", "doubt"})


def is_minors_case(data: Mapping[str, Any]) -> bool:
    """Whether the case is a minor's (or a presumed minor's): the recorded age status says so."""
    status = fact_values(data).get("age_status") or data.get("age_status")
    return status in MINOR_STATUSES or data.get("presumed_minor") is True


def kinds_for(data: Mapping[str, Any]) -> list[str]:
    """The capacities a user may be linked in on this case (a guardian only on a minor's case)."""
    return [k for k in ("panel", "lawyer", "guardian", "investigator", "conflict")
            if k != "guardian" or is_minors_case(data)]


def eligible(session: Session, case_id: int, kind: str) -> list[tuple[str, str]]:
    """(user name, display name) of every user who may be linked in `kind` now, by display name."""
    roles = set(KIND_ROLE.get(kind, ()))
    links: dict[str, set[str]] = {}
    for username, linked in session.execute(
        select(CaseParty.username, CaseParty.kind).where(CaseParty.case_id == case_id)
    ):
        links.setdefault(username, set()).add(linked)
    out = []
    for user in session.scalars(select(User).where(User.active.is_(True)).order_by(User.display_name)):
        if not roles & set(user.roles):
            continue
        already = links.get(user.username, set())
        if kind in already or (kind == "panel" and already & set(EXCLUDES_PANEL)):
            continue
        out.append((user.username, user.display_name or user.username))
    return out


def display_names(session: Session, usernames: Iterable[str]) -> dict[str, str]:
    """user name -> the name people know her by (the account's display name)."""
    names = set(usernames)
    if not names:
        return {}
    rows = session.execute(select(User.username, User.display_name).where(User.username.in_(names)))
    return {username: display or username for username, display in rows}
