"""What one replication leaves behind for the output files: a row per case (attributes, key moments,
outcomes), a row per event, and daily series (queues, busy places, cases in procedure).

The case id is pseudonymous and the same for a person in every variant (`r{replication}-{number}`), so
a row of one variant can be set next to the same person's row in another. All people are synthetic.
"""
from __future__ import annotations

import bisect
import itertools
import json
import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Generator

import simpy

from engine.simulation.kpis import FINAL_DECISION_TASKS, Kpis
from engine.simulation.runner import Event
from engine.simulation.scheduler import Replication, Simulation

CASE_COLUMNS = [
    "variant", "replication", "case_id", "arrival_day", "age_group", "residence_status", "exploitation_form",
    "signal_source", "suspect", "reports", "consents", "started_at", "days_to_first_assessment",
    "days_to_reflection", "days_to_final_decision", "days_to_permit", "reflection", "shelter", "permit",
    "identified", "objections", "dismissal", "prosecution", "completed", "days_to_end", "events",
]
EVENT_COLUMNS = ["variant", "replication", "case_id", "at", "kind", "name", "value"]
CALIBRATION_PREFIX = "mix_"  # attribute shares added to the KPIs, read by the calibration table


def case_id(replication: int, number: int) -> str:
    return f"r{replication}-{number:05d}"


def value_text(value: Any) -> str:
    """An event's value as text: empty when absent, JSON for structures (keys sorted: same run, same bytes)."""
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return str(value)


@dataclass
class Series:
    """Samples once a simulated day: day number, and per name a value for each day."""

    days: list[float] = field(default_factory=list)
    values: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))


def attach_monitor(sim: Simulation, series: Series, every: float = 1.0) -> None:
    """Samples queue lengths and occupied places of every lane. It only reads, so the simulation's
    course (and its KPIs) is the same with or without it."""

    def sample() -> Generator[simpy.Event, Any, None]:
        while True:
            series.days.append(sim.env.now)
            for lane, pool in sorted(sim.result.pools.items()):
                series.values[f"queue_{lane}"].append(float(len(pool.resource.queue) + pool.never_served))
                series.values[f"busy_{lane}"].append(
                    pool.resource.count / pool.capacity if pool.capacity else 0.0)
            yield sim.env.timeout(every)

    sim.env.process(sample())


@dataclass
class _Case:
    started: Any = None
    firsts: dict[str, Any] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    objections: int = 0
    ended: Any = None
    events: int = 0


def _digest(events: list[Event]) -> dict[int, _Case]:
    cases: dict[int, _Case] = defaultdict(_Case)
    for e in events:
        c = cases[e.case]
        c.events += 1
        if e.kind == "case_started":
            c.started = e.at
        elif e.kind == "case_completed":
            c.ended = e.at
        elif e.kind == "letter_requested" and e.name == "reflection_granted":
            c.flags.add("reflection")
            c.firsts.setdefault("reflection", e.at)
        elif e.kind == "fact_recorded":
            if e.name == "placement_status" and e.value == "placed":
                c.flags.add("shelter")
            elif e.name == "residence_outcome" and e.value in ("permit", "continued"):
                c.flags.add("permit")
                c.firsts.setdefault("permit", e.at)
            elif e.name == "identification_outcome" and e.value == "positive":
                c.flags.add("identified")
            elif e.name == "first_assessment" and e.value is not None:
                c.firsts.setdefault("first_assessment", e.at)
        elif e.kind == "task_completed" and e.name in FINAL_DECISION_TASKS:
            c.firsts.setdefault("final_decision", e.at)
        elif e.kind == "message_received":
            if e.name == "objection_lodged":
                c.objections += 1
            elif e.name in ("dismissal", "prosecution_started"):
                c.flags.add(e.name)
    return cases


def _days(start: Any, at: Any) -> float:
    return (at - start).total_seconds() / 86400 if start is not None and at is not None else math.nan


def _event_list(result: Replication) -> list[Event]:
    """The replication's events one by one: the outputs need them, not only the KPI tally a long run keeps."""
    if not isinstance(result.events, list):
        raise ValueError("per-case outputs need the replication's events (run it with keep_events=True)")
    return result.events


def case_rows(result: Replication) -> list[dict[str, Any]]:
    digest = _digest(_event_list(result))
    rows = []
    for person in result.people:
        c = digest.get(person.number)
        if c is None or c.started is None:
            continue
        rows.append({
            "variant": result.variant, "replication": result.replication,
            "case_id": case_id(result.replication, person.number), "arrival_day": round(person.arrival_day, 6),
            "age_group": person.age_group, "residence_status": person.residence_status,
            "exploitation_form": person.exploitation_form, "signal_source": person.signal_source,
            "suspect": int(person.suspect), "reports": int(person.reports), "consents": int(person.consents),
            "started_at": c.started.isoformat(),
            **{f"days_to_{k}": round(_days(c.started, c.firsts.get(k)), 6)
               for k in ("first_assessment", "reflection", "final_decision", "permit")},
            **{k: int(k in c.flags) for k in ("reflection", "shelter", "permit", "identified")},
            "objections": c.objections, "dismissal": int("dismissal" in c.flags),
            "prosecution": int("prosecution_started" in c.flags), "completed": int(c.ended is not None),
            "days_to_end": round(_days(c.started, c.ended), 6), "events": c.events,
        })
    return rows


def event_rows(result: Replication) -> list[tuple[str, int, str, str, str, str, str]]:
    return [(result.variant, result.replication, case_id(result.replication, e.case), e.at.isoformat(), e.kind,
             e.name, value_text(e.value)) for e in _event_list(result)]


def mix_kpis(rows: list[dict[str, Any]], mix: dict[str, dict[str, float]]) -> Kpis:
    """Shares of each attribute value among the cases, and the dismissal share of criminal cases that
    ended in dismissal or prosecution: what the published figures can be set against."""
    out: Kpis = {}
    total = len(rows)
    for attribute in ("age_group", "signal_source", "exploitation_form", "residence_status"):
        counts: dict[str, int] = {value: 0 for value in mix.get(attribute, {})}  # a value no one drew: share 0
        for row in rows:
            counts[str(row[attribute])] = counts.get(str(row[attribute]), 0) + 1
        for value, count in sorted(counts.items()):
            out[f"{CALIBRATION_PREFIX}{attribute}_{value}"] = count / total if total else math.nan
    decided = sum(row["dismissal"] or row["prosecution"] for row in rows)
    out[f"{CALIBRATION_PREFIX}dismissal_share"] = (
        sum(row["dismissal"] for row in rows) / decided if decided else math.nan)
    # who the categorical shelter (COSM) is for: adults without Dutch nationality
    out["placed_non_dutch_adults"] = float(sum(1 for row in rows if row["shelter"] and row["age_group"] == "adult"
                                               and row["residence_status"] != "dutch"))
    return out


def running_series(rows: list[dict[str, Any]], days: list[float], key: str = "") -> list[float]:
    """Cases in procedure on each sampled day (optionally only those with `key` set, e.g. shelter):
    a case counts from its arrival until its end, on a running sum over the sampled days."""
    change = [0] * (len(days) + 1)
    for row in rows:
        if key and not row[key]:
            continue
        change[bisect.bisect_left(days, row["arrival_day"])] += 1
        if not math.isnan(row["days_to_end"]):
            change[bisect.bisect_right(days, row["arrival_day"] + row["days_to_end"])] -= 1
    return [float(n) for n in itertools.accumulate(change[:-1])]
