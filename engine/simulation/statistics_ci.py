"""Means over replications with 95 % t-intervals (Student's t, n-1 degrees of freedom), without scipy."""
from __future__ import annotations

import math
import statistics
from dataclasses import dataclass

# Two-sided 95 % critical values of Student's t for 1..30 degrees of freedom; beyond, the normal 1.96.
T95 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
       2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042]


def t95(df: int) -> float:
    return T95[df - 1] if 1 <= df <= len(T95) else 1.96


@dataclass(frozen=True)
class Interval:
    mean: float
    low: float
    high: float
    n: int

    @property
    def half_width(self) -> float:
        return (self.high - self.low) / 2


def interval(values: list[float]) -> Interval:
    """Mean and 95 % CI of the replications that have a value (a median of no cases is NaN, left out)."""
    present = [v for v in values if not math.isnan(v)]
    if not present:
        return Interval(math.nan, math.nan, math.nan, 0)
    mean = statistics.fmean(present)
    if len(present) < 2:
        return Interval(mean, math.nan, math.nan, len(present))
    half = t95(len(present) - 1) * statistics.stdev(present) / math.sqrt(len(present))
    return Interval(mean, mean - half, mean + half, len(present))


def summarise(replications: list[dict[str, float]]) -> dict[str, Interval]:
    keys = list(dict.fromkeys(k for rep in replications for k in rep))
    return {key: interval([rep.get(key, math.nan) for rep in replications]) for key in keys}


def difference(a: list[dict[str, float]], b: list[dict[str, float]]) -> dict[str, Interval]:
    """b − a per KPI, paired by replication (the same people met both variants): the CI of the paired
    differences; it excludes 0 when the difference is significant at 5 %."""
    out = {}
    for key in dict.fromkeys(k for rep in a for k in rep):
        pairs = [y.get(key, math.nan) - x.get(key, math.nan) for x, y in zip(a, b)]
        out[key] = interval(pairs)
    return out
