"""What a replication achieved, read from the events the runner recorded (tasks completed, timers fired,
facts recorded, letters requested) and the resources' use. Every KPI is a plain number per replication;
`statistics` turns replications into means with confidence intervals."""
from __future__ import annotations

import math
import statistics
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from engine.simulation.scheduler import Replication

Kpis = dict[str, float]
PLACEMENT_TIMER = "36 uur verstreken"
FIRST_STAGE_TIMER = "5 werkdagen verstreken"


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
    Kpi("days_to_permit", "Median days from signal to residence permit", "days", "lower"),
    Kpi("placement_escalations", "Placements not decided within 36 hours (escalated)", "cases", "lower"),
    Kpi("first_stage_escalations", "First-stage decisions later than 5 working days (escalated)", "cases", "lower"),
    Kpi("objections", "Objections lodged against a panel or IND decision", "cases", "-"),
    Kpi("objections_upheld", "Objections upheld", "cases", "-"),
    Kpi("running_at_end", "Cases still running at the end", "cases", "-"),
]


def _percentile(values: list[float], share: float) -> float:
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(math.ceil(share * len(ordered))) - 1)]


def measure(result: Replication) -> Kpis:
    started: dict[int, Any] = {}
    firsts: dict[str, dict[int, Any]] = defaultdict(dict)
    flags: dict[str, set[int]] = defaultdict(set)
    counts: dict[str, int] = defaultdict(int)  # timers fired by name, objections
    for e in result.events:
        if e.kind == "case_started":
            started[e.case] = e.at
        elif e.kind == "letter_requested" and e.name == "reflection_granted":
            flags["reflection"].add(e.case)
            firsts["reflection"].setdefault(e.case, e.at)
        elif e.kind == "fact_recorded":
            if e.name == "placement_status" and e.value == "placed":
                flags["shelter"].add(e.case)
            elif e.name == "residence_outcome" and e.value in ("permit", "continued"):
                flags["permit"].add(e.case)
                firsts["permit"].setdefault(e.case, e.at)
            elif e.name == "identification_outcome" and e.value == "positive":
                flags["identified"].add(e.case)
            elif e.name == "first_assessment" and e.value is not None:
                firsts["first_assessment"].setdefault(e.case, e.at)
        elif e.kind == "task_completed" and e.name == "final_decision":
            firsts["final_decision"].setdefault(e.case, e.at)
        elif e.kind == "timer_fired":
            counts[e.name] += 1
        elif e.kind == "message_received" and e.name == "objection_lodged":
            counts["objections"] += 1
        elif e.kind == "task_completed" and e.name == "objection_decision" and e.value == "upheld":
            counts["objections_upheld"] += 1

    def days(kind: str) -> list[float]:
        return [(at - started[case]).total_seconds() / 86400 for case, at in firsts[kind].items() if case in started]

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
        "days_to_permit": _median(days("permit")),
        "placement_escalations": float(counts[PLACEMENT_TIMER]),
        "first_stage_escalations": float(counts[FIRST_STAGE_TIMER]),
        "objections": float(counts["objections"]), "objections_upheld": float(counts["objections_upheld"]),
        "running_at_end": float(result.running_at_end),
    }
    for lane, pool in sorted(result.pools.items()):
        capacity_days = pool.capacity * result.horizon_days
        out[f"utilisation_{lane}"] = pool.busy_days / capacity_days if capacity_days else math.nan
        out[f"queue_peak_{lane}"] = float(pool.queue_peak)
        out[f"per_week_{lane}"] = pool.served / (result.horizon_days / 7) if result.horizon_days else math.nan
    return out


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else math.nan


def labels(keys: list[str]) -> dict[str, Kpi]:
    """Every key's description, the resource KPIs included."""
    known = {k.key: k for k in KPIS}
    for key in keys:
        if key.startswith("utilisation_"):
            known[key] = Kpi(key, f"Utilisation of {key.removeprefix('utilisation_')}", "share", "-")
        elif key.startswith("per_week_"):
            known[key] = Kpi(key, f"Tasks done per week by {key.removeprefix('per_week_')} (whole run)", "tasks", "-")
        elif key.startswith("queue_peak_"):
            known[key] = Kpi(key, f"Longest queue for {key.removeprefix('queue_peak_')}", "tasks", "lower")
    return known
