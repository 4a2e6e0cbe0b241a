"""Issuing decision letters: an explicit step of the use case that took the decision.

A model throws `issue_letter` with a payload naming the letter type and the decision's fields. In the
decision's own transaction the issuer checks that the letter can be written (`check`: the letter's
context, without the PDF) and records it as due (`LetterDue`); a letter that cannot be written refuses
the decision. Once the decision committed, the use case hands the issuer the case data it already
has (`follow_up`): the letter is rendered outside any transaction, so no writer waits on WeasyPrint,
and stored in a short transaction of its own: the PDF with its SHA-256 and metadata (never changed
again), a `letter_issued` event and a delivery for every inbox allowed to receive it. Should the process
end between the two, the request is still due and `recover` (the timer worker's pass) issues it.
A second throw for the same decision issues nothing new; a re-issue (e.g. after a corrected address)
is a new version that leaves the earlier one byte-identical.

The renderer is handed in (engine never imports letters/): any `Render` callable producing a
`RenderedLetter` will do. Reading the letters once issued is engine.letter_reading.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from engine.case_data import case_data
from engine.errors import NotFound, ValidationFailed
from engine.ports import Actor
from engine.runtime import Runtime
from engine.specs import SpecLibrary
from engine.store.db import UnitOfWork, read_session
from engine.store.event_log import append_event, canonical_json, lock_case
from engine.store.tables import Case, Letter, LetterDelivery, LetterDue, ModelVersion

_log = logging.getLogger(__name__)

# Roles whose deliveries belong to one person: only the named user, or (unnamed) the user linked to
# the case in that role, may read them. Without a link check nobody in these roles reads (default deny).
PER_PERSON_ROLES = frozenset({"person", "lawyer", "guardian"})


@dataclass(frozen=True)
class LetterRequest:
    """Everything a renderer may use: the case as it stands and the decision as the model threw it."""

    case_id: int
    reference: str
    case_data: Mapping[str, Any]
    payload: Mapping[str, Any]
    sent_at: dt.datetime  # aware; the day of sending starts the objection term (Awb art. 6:8)


@dataclass(frozen=True)
class Recipient:
    role: str
    user: str | None = None  # for PER_PERSON_ROLES: the one reader, or None = whoever is linked in that role
    party: str = "inbox"  # addressee | copy | inbox


@dataclass(frozen=True)
class RenderedLetter:
    letter_type: str
    pdf: bytes
    decided_on: dt.date
    sent_on: dt.date
    objection_deadline: dt.date | None
    recipients: tuple[Recipient, ...]
    details: Mapping[str, Any] = field(default_factory=dict)


Render = Callable[[LetterRequest], RenderedLetter]
Check = Callable[[LetterRequest], None]  # raises ValidationFailed naming what the letter lacks; no PDF
CaseDataLoader = Callable[[Session, Case], Mapping[str, Any]]


def case_data_loader(library: SpecLibrary, runtime: Runtime | None = None) -> CaseDataLoader:
    """Reads the case data from the state just saved: the model version's specs from the store."""
    runtime = runtime or Runtime()

    def load(session: Session, case: Case) -> Mapping[str, Any]:
        def files(version: str) -> tuple[str, dict[str, bytes]]:
            row = session.get(ModelVersion, version)
            if row is None:
                raise NotFound(f"model version {version} is not stored")
            return row.variant, {k: v.encode() for k, v in row.files.items()}

        top, subs = library.by_version(case.model_version, files).spec(case.process_id)
        return case_data(runtime.load_state(case.state, top, subs, case.legal_values))

    return load


def decision_key(payload: Mapping[str, Any], case_version: int | None = None) -> str:
    """Same decision -> same key: the letter type plus the decision id when the model gives one. Without
    an id, the payload plus the case version the decision was taken on: the same throw seen twice in one
    state change is one decision, while a later decision with the same content (a second objection
    rejected on the same grounds) is a new one and gets its own letter."""
    basis = payload.get("decision_id")
    if basis not in (None, ""):
        ident = canonical_json(basis)
    else:
        ident = canonical_json({"payload": dict(payload), "case_version": case_version})
    return hashlib.sha256(f"{payload.get('letter_type')}\n{ident}".encode()).hexdigest()


class LetterIssuer:
    """The `issue_letter` outbox handler, a `FollowUpStep` (engine.case_sync). `record` raises
    ValidationFailed (field `letter_type`) on a payload without a letter type, and `check` raises it
    naming any other missing field: the decision is refused with it."""

    def __init__(self, render: Render, load_case_data: CaseDataLoader, check: Check | None = None) -> None:
        self.render, self.load_case_data, self.check = render, load_case_data, check

    def record(self, session: Session, case: Case, payload: dict[str, Any], now: dt.datetime, actor: Actor,
               case_data: Mapping[str, Any] | None) -> LetterDue | None:
        if not isinstance(payload.get("letter_type"), str) or not payload["letter_type"]:
            raise ValidationFailed({"letter_type": ["required: the payload of issue_letter names the letter type"]})
        key = decision_key(payload, case.row_version)
        pending = [o for o in session.new if isinstance(o, LetterDue) and o.case_id == case.id and o.decision_key == key]
        if pending or _latest(session, case.id, key) is not None or _due(session, case.id, key) is not None:
            return None  # this decision already has its letter; a re-issue is an explicit act
        if self.check is not None:
            data = case_data if case_data is not None else self.load_case_data(session, case)
            self.check(LetterRequest(case.id, case.reference or "", data, payload, now))
        due = LetterDue(case_id=case.id, decision_key=key, payload=_jsonable(payload), requested_at=now,
                        actor=actor.user, role=actor.role, purpose=actor.purpose, attempts=0)
        session.add(due)
        return due

    def __call__(self, session: Session, case: Case, payload: dict[str, Any], now: dt.datetime,
                 actor: Actor) -> None:
        """As a plain outbox handler: record the request; `recover` issues it."""
        self.record(session, case, payload, now, actor, None)

    def follow_up(self, sessions: sessionmaker[Session], requests: list[object],
                  case_data: Mapping[str, Any]) -> None:
        """Render each requested letter from the case data the decision produced, then store it. A
        failure is logged and counted on the request, which stays due: the decision stands."""
        for due in requests:
            assert isinstance(due, LetterDue)
            self._issue(sessions, due.id, due.case_id, case_data, dict(due.payload), due.requested_at)

    def recover(self, sessions: sessionmaker[Session], limit: int = 50) -> int:
        """Issue letters still due (their step committed, their issuing did not). Returns how many."""
        issued = 0
        with read_session(sessions) as session:
            open_ids = list(session.scalars(select(LetterDue.id).where(LetterDue.issued_letter_id.is_(None))
                                            .order_by(LetterDue.id).limit(limit)))
        for due_id in open_ids:
            with read_session(sessions) as session:
                due = session.get(LetterDue, due_id)
                case = session.get(Case, due.case_id) if due is not None else None
                if due is None or case is None or due.issued_letter_id is not None:
                    continue
                data = self.load_case_data(session, case)
                request = (due.case_id, dict(due.payload), due.requested_at)
            issued += self._issue(sessions, due_id, request[0], data, request[1], request[2])
        return issued

    def _issue(self, sessions: sessionmaker[Session], due_id: int, case_id: int, data: Mapping[str, Any],
               payload: dict[str, Any], requested_at: dt.datetime) -> int:
        try:
            with read_session(sessions) as session:
                reference = session.scalar(select(Case.reference).where(Case.id == case_id)) or ""
            rendered = self.render(LetterRequest(case_id, reference, data, payload, requested_at))
            with UnitOfWork(sessions) as uow:
                session = uow.session
                lock_case(session, case_id)  # one issuer per request: the follow-up and a recovery may race
                due, case = session.get(LetterDue, due_id), session.get(Case, case_id)
                if due is None or case is None or due.issued_letter_id is not None:
                    return 0
                actor = Actor(due.actor, frozenset({due.role} if due.role else ()), due.role, due.purpose)
                due.issued_letter_id = _store(session, case, due.decision_key, rendered, payload, requested_at,
                                              actor, supersedes=None, reason=None)
                uow.commit()
                return 1
        except Exception as error:  # noqa: BLE001 - the decision stands; the request stays due for recovery
            _log.warning("letter request %s not issued (%s)", due_id, type(error).__name__, exc_info=True)
            with UnitOfWork(sessions) as uow:
                due = uow.session.get(LetterDue, due_id)
                if due is not None:
                    due.attempts, due.last_error_class = due.attempts + 1, type(error).__name__[:128]
                    uow.commit()
            return 0


def make_letter_issuer(render: Render, load_case_data: CaseDataLoader, check: Check | None = None) -> LetterIssuer:
    """The `issue_letter` outbox handler: see `LetterIssuer`. Without `check` a letter that cannot be
    written is found only after the decision committed (the request stays due, its error counted)."""
    return LetterIssuer(render, load_case_data, check)


def _due(session: Session, case_id: int, key: str) -> LetterDue | None:
    with session.no_autoflush:
        return session.scalar(select(LetterDue).where(LetterDue.case_id == case_id, LetterDue.decision_key == key))


def reissue_letter(
    sessions: sessionmaker[Session],
    letter_id: int,
    render: Render,
    load_case_data: CaseDataLoader,
    now: dt.datetime,
    actor: Actor,
    reason: str,
) -> int:
    """A new version of a letter, rendered from the stored decision and the case as it stands now (e.g.
    a corrected address). The sending date, and so the objection term, start again. Returns its id.

    As a first issue is: the letter and the case are read, the letter is rendered outside any
    transaction (no writer of the case waits on WeasyPrint), then stored in a short transaction that
    takes the case's lock. A version stored meanwhile is superseded in its turn. Nothing is recorded
    before the store, so a crash in between leaves no trace and the re-issue is simply asked again."""
    if not reason or not reason.strip():
        raise ValidationFailed({"reason": ["required: say why the letter is issued again"]})
    with read_session(sessions) as session:
        old = session.get(Letter, letter_id)
        if old is None:
            raise NotFound("no such letter")
        case = session.get(Case, old.case_id)
        assert case is not None  # letters reference cases by foreign key
        key, payload = old.decision_key, dict(old.payload)
        request = LetterRequest(case.id, case.reference or "", load_case_data(session, case), payload, now)
    rendered = render(request)
    with UnitOfWork(sessions) as uow:
        session = uow.session
        lock_case(session, request.case_id)
        case = session.get(Case, request.case_id)
        if case is None:
            raise NotFound("no such letter")  # the case was purged meanwhile
        new_id = _store(session, case, key, rendered, payload, now, actor,
                        supersedes=_latest(session, case.id, key), reason=reason.strip())
        uow.commit()
    return new_id


def _latest(session: Session, case_id: int, key: str) -> Letter | None:
    return session.scalar(
        select(Letter)
        .where(Letter.case_id == case_id, Letter.decision_key == key)
        .order_by(Letter.version.desc())
        .limit(1)
    )


def _store(
    session: Session,
    case: Case,
    key: str,
    rendered: RenderedLetter,
    payload: dict[str, Any],
    now: dt.datetime,
    actor: Actor,
    supersedes: Letter | None,
    reason: str | None,
) -> int:
    digest = hashlib.sha256(rendered.pdf).hexdigest()
    letter = Letter(
        case_id=case.id,
        letter_type=rendered.letter_type,
        decision_key=key,
        version=(supersedes.version + 1) if supersedes else 1,
        supersedes_id=supersedes.id if supersedes else None,
        sha256=digest,
        pdf=rendered.pdf,
        size=len(rendered.pdf),
        decided_on=rendered.decided_on,
        sent_on=rendered.sent_on,
        objection_deadline=rendered.objection_deadline,
        issued_at=now,
        issued_by=actor.user,
        payload=_jsonable(payload),
        details={
            **_jsonable(dict(rendered.details)),
            "model_version": case.model_version,
            **({"reissue_reason": reason} if reason else {}),
        },
    )
    session.add(letter)
    session.flush()
    for r in rendered.recipients:
        session.add(
            LetterDelivery(letter_id=letter.id, role=r.role, user=r.user, party=r.party, delivered_at=now)
        )
    append_event(
        session,
        case_id=case.id,
        at=now,
        kind="letter_issued",
        actor=actor.user,
        role=actor.role,
        purpose=actor.purpose,
        details={
            "letter_id": letter.id,
            "letter_type": letter.letter_type,
            "version": letter.version,
            "sha256": digest,
            "sent_on": letter.sent_on.isoformat(),
            "objection_deadline": letter.objection_deadline.isoformat()
            if letter.objection_deadline
            else None,
            "recipients": sorted({r.role for r in rendered.recipients}),
            **({"supersedes": supersedes.id, "reason": reason} if supersedes else {}),
        },
    )
    session.flush()
    return letter.id


def _jsonable(value: Any) -> Any:
    """Dates and other non-JSON scalars as ISO text, so the JSON columns accept any payload."""
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)
