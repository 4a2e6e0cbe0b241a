"""Retention (`erkend retention run [--dry-run]`): a case closed longer than the retention term is purged.

The term is the policy value `case_retention` of the case's variant (processes/policy.json; assumed,
see its source), counted from the day the case completed and ending at the end of its last day in
Europe/Amsterdam. A running case is never purged, whatever its age.

Purging removes the case row with its state and everything derived from it: open tasks, timers, links
to parties, letter requests, issued letters and their deliveries. What stays: a `purged_cases` row
(reference, process, variant, dates, the term; no content) and the event log, which outlives retention (style habit 5) and
holds identifiers, types and keyed hashes only; the purge itself is logged there as `case_purged`.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Callable, Mapping

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, sessionmaker

from engine.deadlines import Rule, compute_deadline, due_datetime
from engine.ports import Actor
from engine.store.db import UnitOfWork
from engine.store.event_log import append_event, lock_case
from engine.store.tables import (
    Case,
    CaseParty,
    ClosedWorkflow,
    Decision,
    Letter,
    LetterDelivery,
    LetterDue,
    OpenTask,
    PurgedCase,
    Timer,
)

POLICY_KEY = "case_retention"
PolicyLoader = Callable[[str], Mapping[str, Any]]


@dataclass(frozen=True)
class Expired:
    case_id: int
    reference: str
    completed_at: dt.datetime
    expired_at: dt.datetime
    term: str


def expiry(completed_at: dt.datetime, entry: Mapping[str, Any]) -> dt.datetime:
    """The moment the retention term of a case completed at `completed_at` has run out."""
    return due_datetime(compute_deadline(completed_at, str(entry["term"]), Rule(entry.get("rule", "calendar"))))


def expired_cases(session: Session, now: dt.datetime, policy: PolicyLoader) -> list[Expired]:
    """Completed cases whose retention term ran out before `now`, oldest first."""
    rows = session.execute(select(Case.id, Case.reference, Case.variant, Case.completed_at)
                           .where(Case.status == "completed", Case.completed_at.is_not(None))
                           .order_by(Case.completed_at, Case.id))
    entries: dict[str, Mapping[str, Any]] = {}
    found = []
    for case_id, reference, variant, completed_at in rows:
        if completed_at is None:
            continue  # excluded by the query; says so to the type checker
        entry = entries.setdefault(variant, policy(variant)[POLICY_KEY])
        ends = expiry(completed_at, entry)
        if ends < now:
            found.append(Expired(case_id, reference or "", completed_at, ends, str(entry["term"])))
    return found


def run_retention(sessions: sessionmaker[Session], now: dt.datetime, policy: PolicyLoader, actor: Actor,
                  dry_run: bool = False) -> list[Expired]:
    """Purge every expired case, each in its own transaction; a dry run only lists them."""
    with sessions() as session:
        expired = expired_cases(session, now, policy)
    if not dry_run:
        for case in expired:
            _purge(sessions, case, now, actor)
    return expired


def _purge(sessions: sessionmaker[Session], expired: Expired, now: dt.datetime, actor: Actor) -> None:
    with UnitOfWork(sessions) as uow:
        session = uow.session
        lock_case(session, expired.case_id)  # the lock order of every writer: the case's lock, then its rows
        case = session.get(Case, expired.case_id)
        if case is None or case.status != "completed" or case.completed_at != expired.completed_at:
            return  # purged or changed meanwhile
        letter_ids = select(Letter.id).where(Letter.case_id == case.id)
        letters = session.scalar(select(func.count()).select_from(Letter).where(Letter.case_id == case.id)) or 0
        session.add(PurgedCase(case_id=case.id, reference=case.reference, process_id=case.process_id,
                               variant=case.variant, created_at=case.created_at, completed_at=expired.completed_at,
                               retention_term=expired.term, expired_at=expired.expired_at, purged_at=now,
                               purged_by=actor.user, letters=letters))
        append_event(session, case_id=case.id, at=now, kind="case_purged", actor=actor.user, role=actor.role,
                     purpose=actor.purpose,
                     details={"reference": case.reference, "completed_at": expired.completed_at.isoformat(),
                              "retention_term": expired.term, "letters": letters})
        # Letter requests first: an issued one names its letter.
        session.execute(delete(LetterDue).where(LetterDue.case_id == case.id))
        session.execute(delete(LetterDelivery).where(LetterDelivery.letter_id.in_(letter_ids)))
        # One statement for all of the case's letters: a re-issue names the letter it supersedes, and
        # both databases check that reference at the end of the statement.
        session.execute(delete(Letter).where(Letter.case_id == case.id))
        for table in (OpenTask, Timer, CaseParty, Decision, ClosedWorkflow):
            session.execute(delete(table).where(table.case_id == case.id))
        session.execute(delete(Case).where(Case.id == case.id))
        uow.commit()

