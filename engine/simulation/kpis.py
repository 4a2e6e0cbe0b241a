"""What a replication achieved, read from the events the runner recorded (tasks completed, timers fired,
facts recorded, letters requested) and the resources' use. Every KPI is a plain number per replication;
`statistics` turns replications into means with confidence intervals."""
from __future__ import annotations

import datetime as dt
import math
import statistics
from collections import defaultdict
from dataclasses import dataclass
from typing import Mapping, TypeVar

from engine.simulation import words
from engine.simulation.runner import Event
from engine.simulation.scheduler import Replication

Kpis = dict[str, float]
T = TypeVar("T")
PLACEMENT_TIMER = "36 uur verstreken"
FIRST_STAGE_TIMER = "5 werkdagen verstreken"
DEADLINE_PREFIX = "deadline:"  # + the timer's name in the model: how often that deadline ran out
MESSAGE_PREFIX = "event:"  # + the message's name: how often that case event came
SERIES_PREFIX = "series:"  # + series name + ":" + week number
BREACH_PREFIX = "breach:"  # + kind: a statutory or agreed deadline an authority missed
# The models' timers that mark a deadline missed (the others end a period: reflection, objection term).
BREACHES = {
    "36 uur verstreken": "placement within 36 hours",
    "36 uur verstreken zonder definitieve plaats": "final shelter place within 36 hours",
    "5 werkdagen verstreken": "panel first stage within 5 working days",
    "24 uur verstreken": "IND permit decision within 24 hours",
    "4 werkweken verstreken": "leads assessed within 4 working weeks (Dublin)",
    "Antwoordtermijn verstreken": "information answered within its term",
    "Beslistermijn bezwaar verstreken": "objection decided within its term",
}
HOURS_PER_WORKING_DAY = 8.0  # for the cost of a lane without a calendar


@dataclass(frozen=True)
class Kpi:
    key: str
    label: str
    unit: str
    better: str = "higher"  # which direction a policy maker wants


KPIS = [
    Kpi("cases", "Signals (cases started)", "cases", "-"),
    Kpi("reflection", "Reflection period granted", "cases"),
    Kpi("shelter", "Placed in shelter", "cases"),
    Kpi("permit", "Residence permit (B8/3 or on identification)", "cases"),
    Kpi("identified", "Identified as victim (positive final decision)", "cases"),
    Kpi("protected", "Protected (reflection period or permit)", "cases"),
    Kpi("protected_non_reporters", "Protected, among those who do not report", "cases"),
    Kpi("non_reporters", "People who do not report", "cases", "-"),
    Kpi("days_to_reflection", "Median days from signal to reflection period", "days", "lower"),
    Kpi("days_to_first_assessment", "Median days from signal to first assessment (police or panel first stage)",
        "days", "lower"),
    Kpi("days_to_final_decision", "Median days from signal to final identification decision", "days", "lower"),
    Kpi("p90_days_to_final_decision", "90th percentile days to final identification decision", "days", "lower"),
    Kpi("mean_days_to_final_decision_minor", "Mean days from signal to the final identification decision, children",
        "days", "lower"),
    Kpi("days_to_permit", "Median days from signal to residence permit", "days", "lower"),
    Kpi("placement_escalations", "Placements not decided within 36 hours (escalated)", "cases", "lower"),
    Kpi("first_stage_escalations", "First-stage decisions later than 5 working days (escalated)", "cases", "lower"),
    Kpi("objections", "Objections lodged against a panel or IND decision", "cases", "-"),
    Kpi("objections_upheld", "Objections upheld", "cases", "-"),
    Kpi("objections_rejected", "Objections rejected", "cases", "-"),
    Kpi("breaches_total", "Deadlines missed (all kinds)", "times", "lower"),
    Kpi("cost_total", "Cost: resource hours and shelter nights", "euro", "lower"),
    Kpi("running_at_end", "Cases still running at the end", "cases", "-"),
]


# The tasks that take the final identification decision: the panel's, or a local child panel's (uk-devolved).
FINAL_DECISION_TASKS = ("final_decision", "local_final_decision")


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else math.nan


def _percentile(values: list[float], share: float) -> float:
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(math.ceil(share * len(ordered))) - 1)]


class Tally:
    """Folds events into the KPIs' working state one at a time, so a long run need not keep its events
    (hand a Tally to the simulation as its event log); `measure` feeds it a kept list instead."""

    def __init__(self) -> None:
        self.started: dict[int, dt.datetime] = {}
        self.firsts: dict[str, dict[int, dt.datetime]] = defaultdict(dict)
        self.flags: dict[str, set[int]] = defaultdict(set)
        self.counts: dict[str, int] = defaultdict(int)  # timers fired by name, objections, case events

    def append(self, e: Event, /) -> None:
        if e.kind == "case_started":
            self.started[e.case] = e.at
        elif e.kind == "letter_requested" and e.name == "reflection_granted":
            self.flags["reflection"].add(e.case)
            self.firsts["reflection"].setdefault(e.case, e.at)
        elif e.kind == "fact_recorded":
            self._fact(e)
        elif e.kind == "task_completed":
            if e.name in FINAL_DECISION_TASKS:
                self.firsts["final_decision"].setdefault(e.case, e.at)
            elif e.name == "objection_decision":
                self.counts["objections_upheld" if e.value == "upheld" else "objections_rejected"] += 1
        elif e.kind == "timer_fired":
            self.counts[e.name] += 1
            self.counts[f"{DEADLINE_PREFIX}{e.name}"] += 1
            if e.name in BREACHES:
                self.counts[f"{BREACH_PREFIX}{BREACHES[e.name]}"] += 1
                self.counts["breaches_total"] += 1
        elif e.kind == "message_received":
            self.counts[f"{MESSAGE_PREFIX}{e.name}"] += 1
            if e.name == "objection_lodged":
                self.counts["objections"] += 1

    def _fact(self, e: Event) -> None:
        if e.name == "placement_status" and e.value == "placed":
            self.flags["shelter"].add(e.case)
        elif e.name == "residence_outcome" and e.value in ("permit", "continued"):
            self.flags["permit"].add(e.case)
            self.firsts["permit"].setdefault(e.case, e.at)
        elif e.name == "identification_outcome" and e.value == "positive":
            self.flags["identified"].add(e.case)
        elif e.name == "first_assessment" and e.value is not None:
            self.firsts["first_assessment"].setdefault(e.case, e.at)

    def days(self, kind: str, among: set[int] | None = None) -> list[float]:
        return [(at - self.started[case]).total_seconds() / 86400 for case, at in self.firsts[kind].items()
                if case in self.started and (among is None or case in among)]

    def kpis(self, result: Replication) -> Kpis:
        started, flags, counts, days = self.started, self.flags, self.counts, self.days
        non_reporters = {p.number for p in result.people if not p.reports and p.number in started}
        protected = flags["reflection"] | flags["permit"]
        out: Kpis = {
            "cases": float(len(started)),
            "reflection": float(len(flags["reflection"])), "shelter": float(len(flags["shelter"])),
            "permit": float(len(flags["permit"])), "identified": float(len(flags["identified"])),
            "protected": float(len(protected)), "protected_non_reporters": float(len(protected & non_reporters)),
            "non_reporters": float(len(non_reporters)),
            "days_to_reflection": _median(days("reflection")),
            "days_to_first_assessment": _median(days("first_assessment")),
            "days_to_final_decision": _median(days("final_decision")),
            "p90_days_to_final_decision": _percentile(days("final_decision"), 0.9),
            "mean_days_to_final_decision_minor": _mean(days("final_decision", {p.number for p in result.people
                                                                               if p.minor})),
            "days_to_permit": _median(days("permit")),
            "placement_escalations": float(counts[PLACEMENT_TIMER]),
            "first_stage_escalations": float(counts[FIRST_STAGE_TIMER]),
            "objections": float(counts["objections"]), "objections_upheld": float(counts["objections_upheld"]),
            "objections_rejected": float(counts["objections_rejected"]),
            "breaches_total": float(counts["breaches_total"]),
            "running_at_end": float(result.running_at_end),
        }
        out.update({key: float(n) for key, n in sorted(counts.items())
                    if key.startswith((DEADLINE_PREFIX, MESSAGE_PREFIX, BREACH_PREFIX))})
        out.update(_resources(result))
        out.update(_series(result))
        return out


def measure(result: Replication) -> Kpis:
    if isinstance(result.events, Tally):
        return result.events.kpis(result)
    tally = Tally()
    for event in result.events:  # type: ignore[attr-defined]  # a kept log is a list of events
        tally.append(event)
    return tally.kpis(result)


def _resources(result: Replication) -> Kpis:
    """Utilisation against the working time each lane's calendar offers; cost of the hours worked (a
    panel sitting pays every member who sits) and of the shelter nights."""
    out: Kpis = {}
    total = 0.0
    for lane, pool in sorted(result.pools.items()):
        offered = pool.calendar.working_days(result.start, result.horizon_days) if pool.calendar else result.horizon_days
        capacity_days = pool.capacity * offered
        out[f"utilisation_{lane}"] = pool.busy_days / capacity_days if capacity_days else math.nan
        out[f"queue_peak_{lane}"] = float(pool.queue_peak)
        out[f"per_week_{lane}"] = pool.served / (result.horizon_days / 7) if result.horizon_days else math.nan
        hours = pool.busy_days * (pool.calendar.hours_per_day if pool.calendar else HOURS_PER_WORKING_DAY)
        out[f"cost_{lane}"] = hours * pool.per_task * pool.cost_per_hour
        total += out[f"cost_{lane}"]
    for kind, shelter in sorted(result.shelters.types.items()):
        out[f"refusals_{kind}"] = float(shelter.refusals)
        out[f"admissions_{kind}"] = float(shelter.admissions)
        out[f"nights_{kind}"] = shelter.nights
        points = result.series.get(f"occupancy_{kind}", [])
        out[f"occupancy_{kind}"] = statistics.fmean(points) / shelter.places if points and shelter.places else math.nan
        out[f"cost_shelter_{kind}"] = shelter.nights * shelter.cost_per_night
        total += out[f"cost_shelter_{kind}"]
    out["cost_total"] = total
    return out


def _series(result: Replication) -> Kpis:
    return {series_key(name, week): value for name, points in sorted(result.series.items())
            for week, value in enumerate(points)}


def series_key(name: str, week: int) -> str:
    """A time series point as a KPI (so it gets its CI over replications like every other KPI)."""
    return f"{SERIES_PREFIX}{name}:{week:04d}"


def series_of(summary: Mapping[str, T]) -> dict[str, list[T]]:
    """Regroups per-point values (e.g. the intervals of `statistics_ci.summarise`) into one list per
    series, week by week: {'queue_panel': [week 0, week 1, ...], 'occupancy_cosm': [...]}."""
    out: dict[str, list[tuple[int, T]]] = defaultdict(list)
    for key, value in summary.items():
        if key.startswith(SERIES_PREFIX):
            name, week = key[len(SERIES_PREFIX):].rsplit(":", 1)
            out[name].append((int(week), value))
    return {name: [v for _, v in sorted(points, key=lambda p: p[0])] for name, points in out.items()}


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else math.nan


# Families of figures where less is better; the others are there to read, not to steer by.
_LOWER_IS_BETTER = ("queue_peak_", "cost_", "refusals_", BREACH_PREFIX)


def labels(keys: list[str]) -> dict[str, Kpi]:
    """Every key's description, the per-lane and per-type families included; their words and units come
    from engine.simulation.words, the one place that names them."""
    known = {k.key: k for k in KPIS}
    for key in keys:
        label, unit = words.kpi_words(key, "en"), words.family_unit(key)
        if key in known or label is None or unit is None:
            continue
        known[key] = Kpi(key, label, unit, "lower" if key.startswith(_LOWER_IS_BETTER) else "-")
    return known
