"""The calibration table: what a run of today's procedure (variant nl-current) produces, next to the
published Dutch figures (published_figures.json, each with its source), with the difference and
whether it falls within the tolerance the figure allows. A figure the run cannot produce (the
scenario sends no criminal-case messages, say) is listed as not modelled rather than left out.

A figure may name another variant (the UK-like arms) and, with `minus`, a second one: then the
simulated value is the difference between the two, replication by replication (the same people in
both). The tolerance `order_of_magnitude` asks the same sign and at most a factor 10^tolerance apart."""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.simulation.kpis import Kpis
from engine.simulation.population import DAYS_PER_YEAR
from engine.simulation.statistics_ci import Interval, interval

FIGURES = Path(__file__).with_name("published_figures.json")
BASELINE = "nl-current"
INTENDED_STAY_DAYS = 90  # COSM: intended stay at most three months (CoMensha)


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    unit: str
    published: float
    source: str
    simulated: Interval
    tolerance: float
    tolerance_kind: str
    variant: str = BASELINE
    minus: str = ""
    note: str = ""

    @property
    def difference(self) -> float:
        return self.simulated.mean - self.published

    @property
    def relative(self) -> float:
        return self.difference / self.published if self.published else math.nan

    @property
    def modelled(self) -> bool:
        return not math.isnan(self.simulated.mean)

    @property
    def within(self) -> bool:
        if not self.modelled:
            return False
        if self.tolerance_kind == "order_of_magnitude":
            ratio = self.simulated.mean / self.published if self.published else math.nan
            return ratio > 0 and abs(math.log10(ratio)) <= self.tolerance + 1e-12
        off = abs(self.relative) if self.tolerance_kind == "relative" else abs(self.difference)
        return off <= self.tolerance + 1e-12


def published() -> list[dict[str, Any]]:
    figures: list[dict[str, Any]] = json.loads(FIGURES.read_text(encoding="utf-8"))["figures"]
    return figures


def _derived(rep: Kpis, arrival_days: float) -> Kpis:
    years = arrival_days / DAYS_PER_YEAR
    return {**rep, "registrations_per_year": rep.get("cases", math.nan) / years,
            "cosm_places_needed": rep.get("placed_non_dutch_adults", math.nan) / years
            * INTENDED_STAY_DAYS / DAYS_PER_YEAR,
            "cosm_placements_per_year": rep.get("placed_non_dutch_adults", math.nan) / years}


def table(kpis: dict[str, list[Kpis]], arrival_days: float) -> list[Row]:
    """The figures whose variants the run has; empty when it has none of them."""
    rows = []
    for f in published():
        variant, minus = f.get("variant", BASELINE), f.get("minus", "")
        if variant not in kpis or (minus and minus not in kpis):
            continue
        values = [_derived(rep, arrival_days).get(f["key"], math.nan) for rep in kpis[variant]]
        if minus:
            values = [a - _derived(b, arrival_days).get(f["key"], math.nan) for a, b in zip(values, kpis[minus])]
        rows.append(Row(f["key"], f["label"], f["unit"], float(f["value"]), f["source"], interval(values),
                        float(f["tolerance"]), f["tolerance_kind"], variant, minus, f.get("note", "")))
    return rows


def as_json(rows: list[Row]) -> list[dict[str, Any]]:
    def number(x: float) -> float | None:
        return None if math.isnan(x) else x

    return [{"key": r.key, "label": r.label, "variant": r.variant, "minus": r.minus or None, "note": r.note or None,
             "published": r.published, "source": r.source,
             "simulated": number(r.simulated.mean), "low": number(r.simulated.low), "high": number(r.simulated.high),
             "difference": number(r.difference), "within_tolerance": r.within, "modelled": r.modelled}
            for r in rows]
