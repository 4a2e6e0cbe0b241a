"""The capacity answer: the smallest level of one resource at which a target holds, e.g.
`--find panel_members --target "p90_final_decision_days<=56"`.

Each level tried runs the scenario's replications; a target holds only when the whole 95 % CI is on
the right side (for `<=`: the CI's upper bound is at most the value), so the answer is not luck. The
search doubles from the scenario's own level until the target holds, then bisects; it assumes more
capacity never makes a KPI worse (a test checks that for decision times on a fixed seed). The answer
names the level and the run of the level below, which fails: the two runs that prove it.

Target grammar (spaces free):  target := clause (("and" | "&" | ",") clause)*
                               clause := KPI ("<=" | "<" | ">=" | ">") NUMBER
"""
from __future__ import annotations

import dataclasses
import math
import re
from dataclasses import dataclass, field
from typing import Callable

from engine.simulation.kpis import KPIS, Kpis
from engine.simulation.scenario import Scenario
from engine.simulation.statistics_ci import Interval, summarise

ALIASES = {"p90_final_decision_days": "p90_days_to_final_decision",
           "median_final_decision_days": "days_to_final_decision",
           "median_first_assessment_days": "days_to_first_assessment",
           "median_reflection_days": "days_to_reflection", "median_permit_days": "days_to_permit"}
RESOURCE_PREFIXES = ("utilisation_", "queue_peak_", "per_week_")
_CLAUSE = re.compile(r"\s*([A-Za-z_][A-Za-z0-9_]*)\s*(<=|>=|<|>)\s*([-+]?\d+(?:\.\d+)?)\s*$")
_JOINER = re.compile(r"\s+and\s+|\s*[&,]\s*", re.IGNORECASE)
MAX_LEVEL = 1024


class CapacityRefused(ValueError):
    """A target or resource the search cannot use; the message says which part and why."""


@dataclass(frozen=True)
class Clause:
    kpi: str
    op: str
    value: float
    written: str

    def holds(self, ci: Interval) -> bool:
        """The whole CI on the right side; with one replication (no CI) the mean decides."""
        if math.isnan(ci.mean):
            return False  # nothing measured (e.g. no decision at all): never good enough
        low = ci.mean if math.isnan(ci.low) else ci.low
        high = ci.mean if math.isnan(ci.high) else ci.high
        return {"<=": high <= self.value, "<": high < self.value,
                ">=": low >= self.value, ">": low > self.value}[self.op]


def known_kpis(lanes: list[str]) -> list[str]:
    return [k.key for k in KPIS] + [p + lane for p in RESOURCE_PREFIXES for lane in lanes] + list(ALIASES)


def parse_target(text: str, lanes: list[str]) -> list[Clause]:
    if not text.strip():
        raise CapacityRefused("--target is empty; write e.g. \"p90_final_decision_days<=56\"")
    known = set(known_kpis(lanes))
    clauses = []
    for part in _JOINER.split(text.strip()):
        match = _CLAUSE.match(part)
        if not match:
            raise CapacityRefused(f"--target: cannot read {part.strip()!r}; write KPI, one of <= < >= >, "
                                  "and a number, e.g. \"p90_final_decision_days<=56\"")
        name, op, number = match.groups()
        if name not in known:
            raise CapacityRefused(f"--target: unknown KPI {name!r}; known: {', '.join(sorted(known))}")
        clauses.append(Clause(ALIASES.get(name, name), op, float(number), part.strip()))
    return clauses


def resolve_resource(name: str, capacities: dict[str, int]) -> str:
    """The lane whose capacity `name` sets: the lane itself or `<lane>_members` (panel_members → panel)."""
    lane = name if name in capacities else name.removesuffix("_members")
    if lane not in capacities:
        known = sorted(list(capacities) + [f"{lane}_members" for lane in capacities])
        raise CapacityRefused(f"--find: unknown resource {name!r}; known: {', '.join(known)}")
    return lane


@dataclass(frozen=True)
class Trial:
    level: int
    intervals: dict[str, Interval]
    passed: bool


@dataclass
class Answer:
    resource: str
    lane: str
    variant: str
    target: str
    clauses: list[Clause]
    replications: int
    level: int | None = None
    trials: list[Trial] = field(default_factory=list)

    def trial(self, level: int) -> Trial | None:
        return next((t for t in self.trials if t.level == level), None)

    @property
    def proof(self) -> tuple[Trial | None, Trial | None]:
        """(the level below, which fails; the level found, which holds)."""
        if self.level is None:
            return None, None
        return self.trial(self.level - 1), self.trial(self.level)


Evaluate = Callable[[Scenario], list[Kpis]]  # KPIs per replication of the variant judged


def search(scenario: Scenario, resource: str, target: str, evaluate: Evaluate, variant: str | None = None,
           on_trial: Callable[[Trial], None] | None = None, max_level: int = MAX_LEVEL) -> Answer:
    lane = resolve_resource(resource, scenario.capacities)
    clauses = parse_target(target, sorted(scenario.capacities))
    chosen = variant or scenario.variants[-1]
    if chosen not in scenario.variants:
        raise CapacityRefused(f"--variant: {chosen!r} is not one of the scenario's ({', '.join(scenario.variants)})")
    answer = Answer(resource, lane, chosen, target, clauses, scenario.replications)
    single = dataclasses.replace(scenario, variants=(chosen,))

    def run(level: int) -> bool:
        found = answer.trial(level)
        if found is None:
            capacities = {**scenario.capacities, lane: level}
            intervals = summarise(evaluate(dataclasses.replace(single, capacities=capacities)))
            passed = all(c.holds(intervals.get(c.kpi, Interval(math.nan, math.nan, math.nan, 0))) for c in clauses)
            found = Trial(level, {c.kpi: intervals.get(c.kpi, Interval(math.nan, math.nan, math.nan, 0))
                                  for c in clauses}, passed)
            answer.trials.append(found)
            if on_trial:
                on_trial(found)
        return found.passed

    low, high = 0, max(scenario.capacities[lane], 1)
    while not run(high):
        low, high = high, high * 2
        if high > max_level:
            return answer  # not reached: every trial is listed, the level stays None
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (low, middle) if run(middle) else (middle, high)
    if run(low):  # only reachable for low == 0 (never run): a target that needs no one at all
        high = low
    answer.level = high
    answer.trials.sort(key=lambda t: t.level)
    return answer
