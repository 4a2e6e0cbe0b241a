"""The calibration table: what a run of today's procedure (variant nl-current) produces, next to the
published Dutch figures (published_figures.json, each with its source), with the difference and
whether it falls within the tolerance the figure allows. A figure the run cannot produce (the
scenario sends no criminal-case messages, say) is listed as not modelled rather than left out."""
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
        off = abs(self.relative) if self.tolerance_kind == "relative" else abs(self.difference)
        return off <= self.tolerance + 1e-12


def published() -> list[dict[str, Any]]:
    figures: list[dict[str, Any]] = json.loads(FIGURES.read_text(encoding="utf-8"))["figures"]
    return figures


def _derived(rep: Kpis, arrival_days: float) -> Kpis:
    years = arrival_days / DAYS_PER_YEAR
    return {**rep, "registrations_per_year": rep.get("cases", math.nan) / years,
            "cosm_places_needed": rep.get("placed_non_dutch_adults", math.nan) / years
            * INTENDED_STAY_DAYS / DAYS_PER_YEAR}


def table(kpis: dict[str, list[Kpis]], arrival_days: float, variant: str = BASELINE) -> list[Row]:
    """Empty when the run has no baseline variant to calibrate."""
    if variant not in kpis:
        return []
    reps = [_derived(rep, arrival_days) for rep in kpis[variant]]
    return [Row(f["key"], f["label"], f["unit"], float(f["value"]), f["source"],
                interval([rep.get(f["key"], math.nan) for rep in reps]), float(f["tolerance"]), f["tolerance_kind"])
            for f in published()]


def as_json(rows: list[Row]) -> list[dict[str, Any]]:
    def number(x: float) -> float | None:
        return None if math.isnan(x) else x

    return [{"key": r.key, "label": r.label, "published": r.published, "source": r.source,
             "simulated": number(r.simulated.mean), "low": number(r.simulated.low), "high": number(r.simulated.high),
             "difference": number(r.difference), "within_tolerance": r.within, "modelled": r.modelled}
            for r in rows]
