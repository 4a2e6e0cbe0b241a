"""The scenario's resources, shelter places and decision tables, read from the checked YAML data, and
the checks the JSON Schema cannot express (a panel given as members needs members per sitting; a
calendar named must exist; a table's inputs are the person's attributes, with values the scenario knows).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from engine.simulation.calendars import Calendar
from engine.simulation.distributions import Distribution
from engine.simulation.schema import PERSON_ATTRIBUTES

Fault = tuple[tuple[str, ...], str]
FLAGS = ("suspect", "reports", "consents")  # yes/no attributes; the others are shares in `arrivals`


@dataclass(frozen=True)
class Resource:
    """A lane's people: `capacity` tasks at once, each held by `per_task` people (a panel sitting),
    working by `calendar` (None: around the clock), paid `cost_per_hour` per person."""

    capacity: int
    per_task: int = 1
    calendar: Calendar | None = None
    cost_per_hour: float = 0.0
    backlog: int = 0  # cases waiting at the start for `backlog_task`, ahead of its new cases
    backlog_task: str = ""


@dataclass(frozen=True)
class ShelterSpec:
    places: int
    cost_per_night: float = 0.0
    stay: Distribution | None = None  # days; None: until the case ends


@dataclass(frozen=True)
class Rule:
    when: tuple[tuple[str, frozenset[Any]], ...]
    probability: float

    def matches(self, attributes: Mapping[str, Any]) -> bool:
        return all(attributes.get(name) in values for name, values in self.when)


def build_table(entry: Mapping[str, Any]) -> tuple[Rule, ...]:
    return tuple(Rule(tuple((name, frozenset(value if isinstance(value, list) else [value]))
                            for name, value in rule["when"].items()), float(rule["probability"]))
                 for rule in entry["rules"])


def build_resources(entries: Mapping[str, Any], calendars: Mapping[str, Any]) -> dict[str, Resource]:
    out = {}
    for lane, entry in entries.items():
        calendar = None
        if "calendar" in entry:
            c = calendars[entry["calendar"]]
            calendar = Calendar(tuple(c["days"]), float(c["hours"][0]), float(c["hours"][1]), c.get("holidays", True))
            if "sessions_per_week" in entry:
                calendar = calendar.with_sessions(entry["sessions_per_week"])
        per_task = entry.get("per_sitting", 1)
        capacity = entry["capacity"] if "capacity" in entry else entry["members"] // per_task
        backlog = entry.get("backlog") or {}
        out[lane] = Resource(capacity, per_task, calendar, float(entry.get("cost_per_hour", 0.0)),
                             int(backlog.get("cases", 0)), str(backlog.get("task", "")))
    return out


def build_shelters(entries: Mapping[str, Any]) -> dict[str, ShelterSpec]:
    return {kind: ShelterSpec(entry["places"], float(entry.get("cost_per_night", 0.0)),
                              Distribution.from_mapping(entry["stay"]) if "stay" in entry else None)
            for kind, entry in entries.items()}


def resource_errors(data: Any) -> list[Fault]:
    if not isinstance(data, dict) or not isinstance(data.get("resources"), dict):
        return []
    calendars: dict[str, Any] = data["calendars"] if isinstance(data.get("calendars"), dict) else {}
    out: list[Fault] = []
    for lane, entry in data["resources"].items():
        if not isinstance(entry, dict):
            continue
        where = ("resources", str(lane))
        if ("capacity" in entry) == ("members" in entry):
            out.append((where, "give either capacity or members (with per_sitting), not both or neither"))
        if "members" in entry and "per_sitting" not in entry:
            out.append((where + ("members",), "members needs per_sitting (members who sit on one case)"))
        if "calendar" in entry and entry["calendar"] not in calendars:
            out.append((where + ("calendar",), f"no calendar {entry['calendar']!r} under calendars"))
        if "sessions_per_week" in entry and "calendar" not in entry:
            out.append((where + ("sessions_per_week",), "sessions need a calendar (their hours)"))
    for name, c in calendars.items():
        hours = c.get("hours") if isinstance(c, dict) else None
        if isinstance(hours, list) and len(hours) == 2 and all(isinstance(h, (int, float)) for h in hours):
            if hours[0] >= hours[1]:
                out.append((("calendars", str(name), "hours"), "the start hour must come before the end hour"))
        elif isinstance(hours, list):
            out.append((("calendars", str(name), "hours"), "give two hours: [start, end]"))
    return out


def table_errors(data: Any) -> list[Fault]:
    """A table may only ask what a synthetic person has, and only the values the scenario can draw."""
    if not isinstance(data, dict):
        return []
    arrivals: dict[str, Any] = data["arrivals"] if isinstance(data.get("arrivals"), dict) else {}
    known: dict[str, set[Any]] = {flag: {True, False} for flag in FLAGS}
    for name in PERSON_ATTRIBUTES:
        values = (arrivals.get(name) or {}).get("values") if isinstance(arrivals.get(name), dict) else None
        if isinstance(values, dict):
            known[name] = set(values)
    out: list[Fault] = []
    for section in ("decisions", "messages"):
        entries: dict[str, Any] = data[section] if isinstance(data.get(section), dict) else {}
        for key, entry in entries.items():
            rules = entry.get("table", {}).get("rules") if isinstance(entry, dict) and isinstance(
                entry.get("table"), dict) else None
            for i, rule in enumerate(rules if isinstance(rules, list) else []):
                when = rule.get("when") if isinstance(rule, dict) else None
                for name, value in (when.items() if isinstance(when, dict) else []):
                    where = (section, str(key), "table", "rules", str(i), "when", str(name))
                    if name not in PERSON_ATTRIBUTES:
                        out.append((where, f"not an attribute of a person (one of: {', '.join(PERSON_ATTRIBUTES)})"))
                        continue
                    wrong = [v for v in (value if isinstance(value, list) else [value]) if v not in known.get(name, set())]
                    if wrong:
                        out.append((where, f"{', '.join(map(str, wrong))} is not a value of {name} "
                                    f"(known: {', '.join(sorted(map(str, known.get(name, set()))))})"))
    return out
