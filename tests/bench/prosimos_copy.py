"""A flattened copy of the decoupled procedure that Prosimos 2.1 can read, built from a scenario file.

Prosimos (the reference Python BPMN simulator) reads plain tasks and exclusive gateways with weekly
resource calendars; user and business-rule tasks, call activities, subprocesses, boundary timers and
holidays are beyond it. The issue's yardstick for the simulator is Prosimos running such a copy: 9 tasks,
6 gateways and 3 resource pools at the national caseload. This module writes that copy from the same
scenario the real simulation runs, so both draw on the same arrival rate, branching shares, durations,
capacities and costs:

    register signal → safety and consent ─(no consent)→ end
      → placement ─(no place)→ escalation ─┐
                  └────────────────────────┴→ first-stage panel decision
      ─(negative)→ objection lodged? ─(yes)→ objection decision → end
      ─(positive)→ final panel decision ─(identified)→ residence permit → extension → end

What the copy cannot say, and the real models do: the reflection period and its timers, the procedures
running side by side (non-punishment, minors, residence tracks), messages from partners, holidays, the
panel's sittings of three members (here one sitting is one resource), and the person's attributes that
drive the decision tables (here the shares for everyone no rule matches).
"""
from __future__ import annotations

import math
from typing import Any
from xml.sax.saxutils import quoteattr

from engine.simulation.calendars import WEEKDAYS, Calendar
from engine.simulation.distributions import Distribution
from engine.simulation.scenario import Scenario

SECONDS_PER_DAY = 86_400.0
DAY_NAMES = {"mon": "MONDAY", "tue": "TUESDAY", "wed": "WEDNESDAY", "thu": "THURSDAY", "fri": "FRIDAY",
             "sat": "SATURDAY", "sun": "SUNDAY"}
POOLS = ("coordinator", "panel", "ind")
# (id, name, lane, the scenario's duration key)
TASKS = (
    ("register_signal", "Register signal", "coordinator", "register_signal"),
    ("safety_consent", "Safety and consent", "coordinator", "safety_check"),
    ("placement", "Placement", "coordinator", "placement"),
    ("escalation", "Escalation: no place", "coordinator", "escalate"),
    ("first_stage", "First-stage decision", "panel", "first_stage"),
    ("objection_decision", "Objection decision", "panel", "objection_decision"),
    ("final_decision", "Final decision", "panel", "final_decision"),
    ("permit_decision", "Residence permit", "ind", "permit_decision"),
    ("extend_permit", "Permit extension", "ind", "continued_residence"),
)
# (gateway, [(flow, target, share key or None for the rest)]) — a share key names the scenario value
# of the first branch; the second branch takes the rest.
FLOWS: tuple[tuple[str, str], ...] = (
    ("start", "register_signal"), ("register_signal", "safety_consent"), ("safety_consent", "g_consent"),
    ("g_consent", "placement"), ("g_consent", "end"),
    ("placement", "g_placed"), ("g_placed", "g_join"), ("g_placed", "escalation"), ("escalation", "g_join"),
    ("g_join", "first_stage"), ("first_stage", "g_first"),
    ("g_first", "final_decision"), ("g_first", "g_objection"),
    ("g_objection", "objection_decision"), ("g_objection", "end"), ("objection_decision", "end"),
    ("final_decision", "g_identified"), ("g_identified", "permit_decision"), ("g_identified", "end"),
    ("permit_decision", "extend_permit"), ("extend_permit", "end"),
)
GATEWAYS = ("g_consent", "g_placed", "g_join", "g_first", "g_objection", "g_identified")


def _flow_id(source: str, target: str) -> str:
    return f"f_{source}__{target}"


def branch_shares(scenario: Scenario) -> dict[str, float]:
    """The share of the first outgoing flow of each deciding gateway, from the scenario."""
    return {
        "g_consent": scenario.consent,
        "g_placed": scenario.decision("placement", 1.0),
        "g_first": scenario.decision("first_stage", 1.0),
        "g_objection": scenario.messages["objection_lodged"][0] if "objection_lodged" in scenario.messages else 0.0,
        "g_identified": scenario.decision("final_decision", 1.0),
    }


def bpmn(scenario: Scenario) -> str:
    """The copy as BPMN 2.0 XML: one process, a start event, plain tasks, exclusive gateways, end events."""
    elements = ['<startEvent id="start" name="Signal"/>']
    elements += [f"<task id={quoteattr(task_id)} name={quoteattr(name)}/>" for task_id, name, _, _ in TASKS]
    elements += [f'<exclusiveGateway id="{gateway}"/>' for gateway in GATEWAYS]
    elements.append('<endEvent id="end" name="Case closed"/>')  # Prosimos 2.1 takes one end event only
    elements += [f'<sequenceFlow id="{_flow_id(s, t)}" sourceRef="{s}" targetRef="{t}"/>' for s, t in FLOWS]
    body = "\n    ".join(elements)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="flattened" '
            'targetNamespace="erkend-bench">\n'
            f'  <process id="flattened_procedure" isExecutable="true">\n    {body}\n  </process>\n</definitions>\n')


def _seconds(value: float) -> float:
    return round(value, 3)


def duration(distribution: Distribution, hours_per_day: float) -> dict[str, Any]:
    """A scenario distribution (working days) as a Prosimos one (seconds of working time). Prosimos 2.1
    draws no triangular distribution (its sampler has no branch for it), so a triangle becomes the normal
    with the same mean and spread, cut to the triangle's ends."""
    unit = hours_per_day * 3600.0
    shape, p = distribution.shape, distribution.params
    if shape == "fixed":
        return {"distribution_name": "fix", "distribution_params": [{"value": _seconds(p[0] * unit)}]}
    if shape == "exponential":
        return {"distribution_name": "expon", "distribution_params": [
            {"value": _seconds(p[0] * unit)}, {"value": 0.0}, {"value": _seconds(20 * p[0] * unit)}]}
    if shape == "lognormal":
        median, sigma = p
        mean = median * math.exp(sigma ** 2 / 2)
        variance = (math.exp(sigma ** 2) - 1) * median ** 2 * math.exp(sigma ** 2)
        return {"distribution_name": "lognorm", "distribution_params": [
            {"value": _seconds(mean * unit)}, {"value": _seconds(variance * unit ** 2)}, {"value": 0.0},
            {"value": _seconds(20 * mean * unit)}]}
    low, mode, high = p
    std = math.sqrt((low ** 2 + mode ** 2 + high ** 2 - low * mode - low * high - mode * high) / 18)
    return {"distribution_name": "norm", "distribution_params": [
        {"value": _seconds(distribution.mean() * unit)}, {"value": _seconds(std * unit)},
        {"value": _seconds(low * unit)}, {"value": _seconds(high * unit)}]}


def _periods(calendar: Calendar | None) -> list[dict[str, str]]:
    if calendar is None:
        calendar = Calendar(WEEKDAYS, 0.0, 24.0, False)
    end = "23:59:59" if calendar.end_hour >= 24 else f"{int(calendar.end_hour):02d}:00:00"
    return [{"from": DAY_NAMES[day], "to": DAY_NAMES[day], "beginTime": f"{int(calendar.start_hour):02d}:00:00",
             "endTime": end} for day in calendar.days]


def parameters(scenario: Scenario) -> dict[str, Any]:
    """Prosimos's simulation parameters: arrivals, branching shares, durations per resource, the three
    pools (a panel pool counts sittings: members ÷ members per sitting) and their weekly calendars."""
    pools: dict[str, dict[str, Any]] = {}
    for lane in POOLS:
        resource = scenario.resources[lane]
        pools[lane] = {"id": f"{lane}_pool", "name": lane, "cost_per_hour": resource.cost_per_hour * resource.per_task,
                       "amount": resource.capacity, "calendar": f"{lane}_calendar",
                       "assigned_tasks": [t for t, _, pool, _ in TASKS if pool == lane]}
    profiles = [{"id": task_id, "name": name, "resource_list": [pools[lane]]} for task_id, name, lane, _ in TASKS]
    task_durations = []
    for task_id, _, lane, key in TASKS:
        calendar = scenario.resources[lane].calendar
        hours = calendar.hours_per_day if calendar is not None else 24.0
        task_durations.append({"task_id": task_id, "resources": [
            {"resource_id": pools[lane]["id"], **duration(scenario.duration(key), hours)}]})
    shares = branch_shares(scenario)
    gateways = []
    for gateway, first in shares.items():
        targets = [t for s, t in FLOWS if s == gateway]
        gateways.append({"gateway_id": gateway, "probabilities": [
            {"path_id": _flow_id(gateway, targets[0]), "value": round(first, 6)},
            {"path_id": _flow_id(gateway, targets[1]), "value": round(1.0 - first, 6)}]})
    mean_gap = 365.0 * SECONDS_PER_DAY / scenario.rate_per_year
    return {
        "resource_profiles": profiles,
        "arrival_time_distribution": {"distribution_name": "expon", "distribution_params": [
            {"value": _seconds(mean_gap)}, {"value": 0.0}, {"value": _seconds(50 * mean_gap)}]},
        "arrival_time_calendar": _periods(None),
        "gateway_branching_probabilities": gateways,
        "task_resource_distribution": task_durations,
        "resource_calendars": [{"id": f"{lane}_calendar", "name": f"{lane}_calendar",
                                "time_periods": _periods(scenario.resources[lane].calendar)} for lane in POOLS],
        "event_distribution": {},
        "batch_processing": [],
    }
