"""The decisions taken in cases, with their outcomes (table `decisions`). The outcome is an answer on a
form, so it is kept with the case (purged with it) and never in the event log: the `decision_taken`
event carries the decision, the model version and variant, and a keyed hash of the outcome."""

from __future__ import annotations

from typing import Any, Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.store.event_log import append_event, data_hash
from engine.store.tables import Decision

DECISION_EVENT = "decision_taken"


def record_decision(session: Session, event_of: dict[str, Any], decision: str, outcome: Any,
                    model_version: str | None, variant: str | None) -> Decision:
    """Append the `decision_taken` event and write its decisions row in the same transaction.
    `event_of` holds the event's case_id, at, actor, role and purpose."""
    event = append_event(session, kind=DECISION_EVENT, **event_of,
                         details={"decision": decision, "outcome_hash": data_hash(session, outcome),
                                  "model_version": model_version, "variant": variant})
    row = Decision(case_id=event.case_id, event=event, decision=decision,
                   outcome=None if outcome is None else str(outcome), at=event.at, actor=event.actor,
                   role=event.role, model_version=model_version, variant=variant)
    session.add(row)
    return row


def as_dict(row: Decision) -> dict[str, Any]:
    """The row as plain values, the moment in ISO form (as the case's events are handed out)."""
    return {"id": row.id, "case_id": row.case_id, "event_id": row.event_id, "at": row.at.isoformat(),
            "decision": row.decision, "outcome": row.outcome, "actor": row.actor, "role": row.role,
            "model_version": row.model_version, "variant": row.variant}


def decisions_of_cases(session: Session, case_ids: Iterable[int]) -> list[Decision]:
    """The decisions taken in these cases, in the order they were taken."""
    return list(session.scalars(select(Decision).where(Decision.case_id.in_(list(case_ids)))
                                .order_by(Decision.event_id)))

