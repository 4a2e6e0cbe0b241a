"""Figures for policy makers: counts and durations over pseudonymised cases, never a name or a
reference. Small groups are suppressed so that no single person can be singled out."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.access.small_groups import MIN_GROUP, suppress
from engine.store.tables import Case, Decision


def aggregates(session: Session, now: dt.datetime, since: dt.datetime | None = None,
               until: dt.datetime | None = None, variant: str | None = None) -> dict[str, Any]:
    """The figures over the cases started in [since, until) and run under `variant` (each optional), each
    count safe against subtraction within that view (engine.access.small_groups): a hidden figure is None.
    When the cases are so few that every breakdown would single someone out, only that is said."""
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
    # the outcomes are in the decisions table (the event log keeps only a keyed hash of each)
    for case_id, at, outcome in session.execute(
        select(Decision.case_id, Decision.at, Decision.outcome).order_by(Decision.event_id)
    ):
        if case_id not in chosen:
            continue
        decided.setdefault(case_id, at)
        outcomes[outcome or "none"] += 1
    days = [(decided[c.id] - c.created_at).total_seconds() / 86400 for c in cases if c.id in decided]
    breakdowns = {name: suppress(Counter(str(getattr(c, field)) for c in cases))
                  for name, field in (("by_process", "process_id"), ("by_variant", "variant"), ("by_status", "status"))}
    too_few = any(total_hidden for _cells, total_hidden in breakdowns.values())
    running = breakdowns["by_status"][0].get("running")
    long_open = sum(1 for c in cases if c.status == "running" and (now - c.created_at) > dt.timedelta(days=90))
    # "open longer than 90 days" splits the running cases: with their number shown, it is a breakdown too
    split, _hidden = suppress({"longer": long_open, "shorter": (running or 0) - long_open},
                              total_known=running is not None)
    return {
        "too_few": too_few,
        "cases_total": None if too_few else len(cases),
        "by_process": {} if too_few else breakdowns["by_process"][0],
        "by_variant": {} if too_few else breakdowns["by_variant"][0],
        "by_status": {} if too_few else breakdowns["by_status"][0],
        # the number of decisions is shown nowhere, so this breakdown's total is unknown to the reader
        "decision_outcomes": {} if too_few else suppress(outcomes, total_known=False)[0],
        "days_to_first_decision_median": round(statistics.median(days), 1)
        if len(days) >= MIN_GROUP and not too_few
        else None,
        "open_longer_than_90_days": None if too_few else split.get("longer", 0),
    }
