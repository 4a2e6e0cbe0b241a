"""Durations and delays as small named distributions drawn from a seeded `random.Random`.

Four shapes cover what the scenarios need without scipy: `fixed`, `exponential` (mean), `lognormal`
(median and sigma of the log, which is how waiting times are usually reported), `triangular`
(low, mode, high: an expert's 'at least, usually, at most'). Values are days.
"""
from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import Any, Mapping

SHAPES: dict[str, tuple[str, ...]] = {
    "fixed": ("value",),
    "exponential": ("mean",),
    "lognormal": ("median", "sigma"),
    "triangular": ("low", "mode", "high"),
}


@dataclass(frozen=True)
class Distribution:
    shape: str
    params: tuple[float, ...]

    @classmethod
    def from_mapping(cls, entry: Mapping[str, Any]) -> "Distribution":
        shape = str(entry["dist"])
        return cls(shape, tuple(float(entry[name]) for name in SHAPES[shape]))

    def sample(self, rng: random.Random) -> float:
        p = self.params
        if self.shape == "fixed":
            return p[0]
        if self.shape == "exponential":
            return rng.expovariate(1.0 / p[0]) if p[0] > 0 else 0.0
        if self.shape == "lognormal":
            return rng.lognormvariate(math.log(p[0]), p[1]) if p[0] > 0 else 0.0
        low, mode, high = p
        return rng.triangular(low, high, mode)

    def mean(self) -> float:
        p = self.params
        if self.shape == "fixed":
            return p[0]
        if self.shape == "exponential":
            return p[0]
        if self.shape == "lognormal":
            return p[0] * math.exp(p[1] ** 2 / 2)
        return sum(p) / 3


ZERO = Distribution("fixed", (0.0,))
