"""Figures for policy makers: counts and durations over pseudonymised cases, never a name or a
reference. Small groups are suppressed so that no single person can be singled out."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.store.tables import Case, Event

MIN_GROUP = 3  # a count below this is shown as "<3" (statistical disclosure control)


def _suppress(counter: Counter[Any]) -> dict[str, int | str]:
    return {str(k): (v if v >= MIN_GROUP else f"<{MIN_GROUP}") for k, v in sorted(counter.items(), key=str)}


def _suppressed(count: int) -> int | str:
    return count if count >= MIN_GROUP or count == 0 else f"<{MIN_GROUP}"


def aggregates(session: Session, now: dt.datetime, since: dt.datetime | None = None,
               until: dt.datetime | None = None, variant: str | None = None) -> dict[str, Any]:
    """The figures over the cases started in [since, until) and run under `variant` (each optional).
    A filter narrows the groups, so every count of a filtered view is suppressed below MIN_GROUP."""
    stmt = select(Case.id, Case.process_id, Case.variant, Case.status, Case.created_at)
    if since is not None:
        stmt = stmt.where(Case.created_at >= since)
    if until is not None:
        stmt = stmt.where(Case.created_at < until)
    if variant:
        stmt = stmt.where(Case.variant == variant)
    cases = session.execute(stmt).all()
    chosen = {c.id for c in cases}
    decided: dict[int, dt.datetime] = {}
    outcomes: Counter[Any] = Counter()
    for case_id, at, details in session.execute(
        select(Event.case_id, Event.at, Event.details)
        .where(Event.kind == "decision_taken")
        .order_by(Event.id)
    ):
        if case_id not in chosen:
            continue
        decided.setdefault(case_id, at)
        outcomes[(details or {}).get("outcome")] += 1
    days = [(decided[c.id] - c.created_at).total_seconds() / 86400 for c in cases if c.id in decided]
    filtered = since is not None or until is not None or bool(variant)
    open_long = sum(1 for c in cases if c.status == "running" and (now - c.created_at) > dt.timedelta(days=90))
    return {
        "cases_total": _suppressed(len(cases)) if filtered else len(cases),
        "by_process": _suppress(Counter(c.process_id for c in cases)),
        "by_variant": _suppress(Counter(c.variant for c in cases)),
        "by_status": _suppress(Counter(c.status for c in cases)),
        "decision_outcomes": _suppress(outcomes),
        "days_to_first_decision_median": round(statistics.median(days), 1)
        if len(days) >= MIN_GROUP
        else None,
        "open_longer_than_90_days": _suppressed(open_long) if filtered else open_long,
    }
