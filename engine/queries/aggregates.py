"""Figures for policy makers: counts and durations over pseudonymised cases, never a name or a
reference. The page shows one view at a time, a calendar period (all time, a year or a quarter, by the
day a case started in Europe/Amsterdam) and a variant (or all); free from/to dates are not offered, so the
views a reader can compare are fixed and disjoint periods.

Small groups are suppressed over all views at once (engine.access.small_groups): the cases form one table
of atoms (quarter × variant × process × status), merged into safe cells, and a figure of any view is shown
only when it is a union of whole cells. The decisions form a second table (quarter × variant × outcome)."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from collections.abc import Hashable
from dataclasses import dataclass
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.access.small_groups import HIDDEN, MIN_GROUP, Atom, Cells
from engine.store.tables import Case, Decision

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
LONG_OPEN = dt.timedelta(days=90)
# the dimensions of a case's atom, cheapest to merge first (engine.access.small_groups merges along the
# cheapest): running longer than 90 days or not, status, quarter, year, process, variant. Status before
# the period keeps a quarter's total where its cases are few: with 60 cases over two years, 18 of 22
# views show their total this way, 6 with the period merged first.
LONG, STATUS, QUARTER, YEAR, PROCESS, VARIANT = range(6)


@dataclass(frozen=True)
class Period:
    """All time (no year), a calendar year, or a quarter of one."""

    year: int | None = None
    quarter: int | None = None

    def holds(self, year: Hashable, quarter: Hashable) -> bool:
        return (self.year is None or self.year == year) and (self.quarter is None or self.quarter == quarter)

    def __str__(self) -> str:
        return "" if self.year is None else f"{self.year}-Q{self.quarter}" if self.quarter else str(self.year)


@dataclass(frozen=True)
class CaseFact:
    """What the figures know of one case: no name, no reference, no content."""

    year: int
    quarter: int
    variant: str
    process: str
    status: str
    long_open: bool
    days_to_first_decision: float | None = None

    def atom(self) -> Atom:
        return ("longer" if self.long_open else "", self.status, self.quarter, self.year, self.process,
                self.variant)


@dataclass(frozen=True)
class DecisionFact:
    year: int
    quarter: int
    variant: str
    outcome: str


def year_quarter(at: dt.datetime) -> tuple[int, int]:
    local = at.astimezone(AMSTERDAM)
    return local.year, (local.month - 1) // 3 + 1


def facts(session: Session, now: dt.datetime) -> tuple[list[CaseFact], list[DecisionFact]]:
    """Every case and every decision, reduced to what the figures count."""
    cases = session.execute(select(Case.id, Case.process_id, Case.variant, Case.status, Case.created_at)).all()
    by_id = {c.id: c for c in cases}
    first: dict[int, dt.datetime] = {}
    decisions: list[DecisionFact] = []
    # the outcomes are in the decisions table (the event log keeps only a keyed hash of each)
    for case_id, at, outcome in session.execute(
        select(Decision.case_id, Decision.at, Decision.outcome).order_by(Decision.event_id)
    ):
        case = by_id.get(case_id)
        if case is None:
            continue
        first.setdefault(case_id, at)
        decisions.append(DecisionFact(*year_quarter(case.created_at), case.variant, outcome or "none"))
    return [CaseFact(*year_quarter(c.created_at), c.variant, c.process_id, c.status,
                     c.status == "running" and now - c.created_at > LONG_OPEN,
                     (first[c.id] - c.created_at).total_seconds() / 86400 if c.id in first else None)
            for c in cases], decisions


def view_figures(cases: list[CaseFact], decisions: list[DecisionFact], period: Period,
                 variant: str | None) -> dict[str, Any]:
    """The figures of one view; a hidden figure is None. When the view's own total cannot be shown, only
    that is said (`too_few`)."""
    table = Cells(Counter(c.atom() for c in cases))

    def in_view(atom: Atom) -> bool:
        return period.holds(atom[YEAR], atom[QUARTER]) and variant in (None, atom[VARIANT])

    def count(**where: Any) -> int | None:
        dims = {"long": LONG, "status": STATUS, "process": PROCESS, "variant": VARIANT}
        return table.figure(lambda a: in_view(a) and all(a[dims[k]] == v for k, v in where.items()))

    mine = [c for c in cases if period.holds(c.year, c.quarter) and variant in (None, c.variant)]
    total = count()
    if total is HIDDEN:
        return {"too_few": True, "cases_total": None, "by_process": {}, "by_variant": {}, "by_status": {},
                "decision_outcomes": {}, "days_to_first_decision_median": None,
                "open_longer_than_90_days": None}
    days = [c.days_to_first_decision for c in mine if c.days_to_first_decision is not None]
    return {
        "too_few": False,
        "cases_total": total,
        "by_process": {p: count(process=p) for p in sorted({c.process for c in mine})},
        "by_variant": {v: count(variant=v) for v in sorted({c.variant for c in mine})},
        "by_status": {s: count(status=s) for s in sorted({c.status for c in mine})},
        "decision_outcomes": outcome_figures(decisions, period, variant),
        "days_to_first_decision_median": round(statistics.median(days), 1) if len(days) >= MIN_GROUP else None,
        "open_longer_than_90_days": count(long="longer"),
    }


def outcome_figures(decisions: list[DecisionFact], period: Period, variant: str | None) -> dict[str, int | None]:
    """The decisions per outcome in one view. The number of decisions is shown nowhere, but the outcomes
    of the views add up across periods and variants, so they are a table of their own."""
    table = Cells(Counter((d.quarter, d.year, d.outcome, d.variant) for d in decisions))
    listed = {d.outcome for d in decisions if period.holds(d.year, d.quarter) and variant in (None, d.variant)}
    return {o: table.figure(partial(_outcome_in_view, period, variant, o)) for o in sorted(listed)}


def _outcome_in_view(period: Period, variant: str | None, outcome: str, atom: Atom) -> bool:
    quarter, year, of, of_variant = atom
    return period.holds(year, quarter) and variant in (None, of_variant) and of == outcome


def aggregates(session: Session, now: dt.datetime, period: Period | None = None,
               variant: str | None = None) -> dict[str, Any]:
    """The figures of one view, all time when `period` is None (engine.access.small_groups keeps them safe
    across every view)."""
    cases, decisions = facts(session, now)
    return view_figures(cases, decisions, period or Period(), variant)


def periods(session: Session, now: dt.datetime) -> list[Period]:
    """The periods a reader can choose: every year and quarter from the first case's to now, newest first."""
    first = session.scalar(select(Case.created_at).order_by(Case.created_at).limit(1))
    start = year_quarter(first)[0] if first is not None else year_quarter(now)[0]
    this_year, this_quarter = year_quarter(now)
    chosen = [Period()]
    for year in range(this_year, start - 1, -1):
        chosen.append(Period(year))
        chosen.extend(Period(year, q) for q in range(this_quarter if year == this_year else 4, 0, -1))
    return chosen
