"""Reading issued letters: the use cases of engine.application.letters call these. They return only
letters delivered to the viewer and raise `NotFound` otherwise, so a viewer who may not see a letter
learns nothing about it, not even that it exists. Every list and download is audited.
(Issuing them is engine.letter_issuing.)"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from engine.clock import current_clock
from engine.errors import NotFound
from engine.letter_issuing import PER_PERSON_ROLES
from engine.store.event_log import append_event
from engine.store.tables import Letter, LetterDelivery

LinkCheck = Callable[[Session, int, str, str], bool]  # (session, case_id, role, user) -> linked?


@dataclass(frozen=True)
class LetterSummary:
    id: int
    case_id: int
    letter_type: str
    version: int
    sha256: str
    size: int
    decided_on: dt.date
    sent_on: dt.date
    objection_deadline: dt.date | None
    issued_at: dt.datetime
    superseded: bool

    @classmethod
    def of(cls, row: Letter, superseded: bool) -> "LetterSummary":
        """The one way a stored letter becomes a summary (lists, downloads, the API's LetterSchema)."""
        return cls(row.id, row.case_id, row.letter_type, row.version, row.sha256, row.size, row.decided_on,
                   row.sent_on, row.objection_deadline, row.issued_at, superseded)


def _may_read(
    session: Session,
    letter_id: int,
    case_id: int,
    role: str | None,
    user: str | None,
    linked: LinkCheck | None,
) -> bool:
    if not role or not user:
        return False
    for delivery in session.scalars(
        select(LetterDelivery).where(LetterDelivery.letter_id == letter_id, LetterDelivery.role == role)
    ):
        if delivery.user is not None:
            return delivery.user == user
        if linked is not None:
            # the user must be linked to this case in that role (a panel member assigned to it, the lawyer
            # the case names now, ...); a role-wide inbox is not a licence to read every case's letters
            return linked(session, case_id, role, user)
        return role not in PER_PERSON_ROLES
    return False


def letters_for_case(
    session: Session,
    case_id: int,
    viewer_role: str | None,
    viewer_user: str | None,
    linked: LinkCheck | None = None,
) -> list[LetterSummary]:
    """The case's letters delivered to the viewer, newest first. NotFound when there is none: the viewer
    cannot tell a case without letters for her from a case she may not see. The read is audited.

    `linked(session, case_id, role, user)` says whether the user is linked to the case in that role
    (engine.case_parties.is_linked); with it, a delivery to a role is read only by users so linked.
    Without it, role-wide inboxes are open to the role and per-person ones only to the named user."""
    rows = session.scalars(select(Letter).where(Letter.case_id == case_id).order_by(Letter.id.desc())).all()
    newest: dict[str, int] = {}
    for row in rows:
        newest.setdefault(row.decision_key, row.version)
    visible = [r for r in rows if _may_read(session, r.id, case_id, viewer_role, viewer_user, linked)]
    if not visible:
        raise NotFound("no letters")
    append_event(
        session,
        case_id=case_id,
        at=_now(session),
        kind="letters_listed",
        actor=viewer_user or "",
        role=viewer_role,
        details={"letters": [r.id for r in visible]},
    )
    return [
        LetterSummary.of(r, superseded=r.version < newest[r.decision_key])
        for r in visible
    ]


def letter_pdf(
    session: Session,
    letter_id: int,
    viewer_role: str | None,
    viewer_user: str | None,
    linked: LinkCheck | None = None,
) -> tuple[LetterSummary, bytes]:
    """The stored PDF, exactly as issued, for a viewer it was delivered to; NotFound otherwise. The
    download is audited with the letter's hash."""
    row = session.get(Letter, letter_id)
    if row is None or not _may_read(session, row.id, row.case_id, viewer_role, viewer_user, linked):
        raise NotFound("no such letter")
    newer = session.scalar(
        select(func.max(Letter.version)).where(
            Letter.case_id == row.case_id, Letter.decision_key == row.decision_key
        )
    )
    append_event(
        session,
        case_id=row.case_id,
        at=_now(session),
        kind="letter_downloaded",
        actor=viewer_user or "",
        role=viewer_role,
        details={"letter_id": row.id, "sha256": row.sha256},
    )
    summary = LetterSummary.of(row, superseded=row.version < (newer or 0))
    return summary, bytes(row.pdf)


def _now(session: Session) -> dt.datetime:
    """The audit time of a read: the clock of the operation in progress (`engine.clock.using_clock`)."""
    return current_clock().now()
