"""The KPI file: per variant the KPIs of every replication, their means with 95 % CIs, and (with two or
more variants) the paired differences against the first variant with whether they are significant.
Written with sorted keys and NaN as null, so the same run gives the same bytes and any JSON reader
can load it."""
from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from engine.simulation.kpis import Kpis, labels
from engine.simulation.statistics_ci import Interval, difference, summarise


def _number(value: float) -> float | None:
    return None if math.isnan(value) else value


def interval_json(ci: Interval) -> dict[str, Any]:
    return {"mean": _number(ci.mean), "low": _number(ci.low), "high": _number(ci.high), "n": ci.n}


def significant(ci: Interval) -> bool:
    """The paired difference's 95 % CI excludes 0."""
    return not math.isnan(ci.low) and (ci.low > 0 or ci.high < 0)


def kpi_document(scenario_name: str, seed: int, kpis: dict[str, list[Kpis]],
                 extra: dict[str, Any] | None = None) -> dict[str, Any]:
    variants = list(kpis)
    keys = sorted({key for reps in kpis.values() for rep in reps for key in rep})
    described = labels(keys)
    doc: dict[str, Any] = {
        "scenario": scenario_name, "seed": seed,
        "kpis": {key: {"label": described[key].label, "unit": described[key].unit} for key in keys
                 if key in described},
        "variants": {v: {"replications": [{k: _number(x) for k, x in rep.items()} for rep in reps],
                         "summary": {k: interval_json(ci) for k, ci in summarise(reps).items()}}
                     for v, reps in kpis.items()},
    }
    if len(variants) > 1:
        base = variants[0]
        doc["differences"] = {
            f"{other} - {base}": {k: {**interval_json(ci), "significant": significant(ci)}
                                  for k, ci in difference(kpis[base], kpis[other]).items()}
            for other in variants[1:]}
    doc.update(extra or {})
    return doc


def write_kpis(path: Path, document: dict[str, Any]) -> None:
    path.write_text(json.dumps(document, indent=1, sort_keys=True, ensure_ascii=False, allow_nan=False) + "\n",
                    encoding="utf-8")
