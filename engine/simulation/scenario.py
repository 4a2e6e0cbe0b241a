"""A scenario file (YAML) read into a `Scenario`: checked against the schema first, every fault named
with its file, line and field, so a policy maker can fix the file without reading Python."""
from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

import yaml  # type: ignore[import-untyped]  # PyYAML ships no type information

from engine.simulation import schema
from engine.simulation.calendars import Calendar
from engine.simulation.distributions import SHAPES, Distribution
from engine.simulation.resources import (
    Resource,
    Rule,
    ShelterSpec,
    build_resources,
    build_shelters,
    build_table,
    resource_errors,
    table_errors,
)


class ScenarioInvalid(ValueError):
    """The scenario file is refused; `faults` lists (location, field, reason)."""

    def __init__(self, faults: list[tuple[str, str, str]]) -> None:
        self.faults = faults
        super().__init__("; ".join(f"{where}: {name}: {reason}" for where, name, reason in faults))


@dataclass(frozen=True)
class Scenario:
    name: str
    variants: tuple[str, ...]
    seed: int
    start: dt.date
    arrival_days: float
    follow_up_days: float
    rate_per_year: float
    mix: dict[str, dict[str, float]]
    suspect: float
    reports: float
    consent: float
    decisions: dict[str, float]
    messages: dict[str, tuple[float, Distribution]]
    durations: dict[str, Distribution]
    capacities: dict[str, int]
    replications: int = 5
    question: str = ""
    # The English words of name and question (the file may give both languages); the Dutch ones above.
    name_en: str = ""
    question_en: str = ""
    raw: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    # Arrivals per month relative to the average month (Jan..Dec); None: the same all year.
    seasonality: tuple[float, ...] | None = None
    # Decision tables (hit policy FIRST) per task or message: rules on the person's attributes.
    tables: dict[str, tuple[Rule, ...]] = field(default_factory=dict)
    # When and at what cost each lane works; `capacities` stays the number working in parallel.
    resources: dict[str, Resource] = field(default_factory=dict)
    shelter: dict[str, ShelterSpec] = field(default_factory=dict)
    file_name: str = "<scenario>"
    lines: dict[tuple[str, ...], int] = field(default_factory=dict, repr=False, compare=False)

    def where(self, *path: str) -> str:
        """'file:line' of a field, for faults found after parsing (names the models lack)."""
        return f"{self.file_name}:{_line_of(self.lines, tuple(path))}"

    def duration(self, task: str) -> Distribution:
        return self.durations.get(task, self.durations["default"])

    def decision(self, task: str, default: float = 1.0, attributes: Mapping[str, Any] | None = None) -> float:
        """The probability of the favourable outcome at `task`: the first matching rule of its table
        for a person with these attributes, else the entry's own probability, else `default`."""
        if attributes is not None:
            for rule in self.tables.get(task, ()):
                if rule.matches(attributes):
                    return rule.probability
        return self.decisions.get(task, default)

    def message_probability(self, name: str, attributes: Mapping[str, Any]) -> float:
        for rule in self.tables.get(name, ()):
            if rule.matches(attributes):
                return rule.probability
        return self.messages[name][0]

    def calendar(self, lane: str) -> Calendar | None:
        resource = self.resources.get(lane)
        return resource.calendar if resource else None

    def assumptions(self) -> list[tuple[str, str]]:
        """(field, provenance) of every value in the file: 'assumed' or its source."""
        found: list[tuple[str, str]] = []
        _walk_provenance(self.raw, (), found)
        return found


def _walk_provenance(node: Any, path: tuple[str, ...], found: list[tuple[str, str]]) -> None:
    if isinstance(node, dict):
        if "source" in node or "assumed" in node:
            found.append((".".join(path), "assumed" if node.get("assumed") else str(node["source"])))
        for key, value in node.items():
            _walk_provenance(value, path + (str(key),), found)


def load(path: Path) -> Scenario:
    text = Path(path).read_text(encoding="utf-8")
    return parse(text, Path(path).name)


def parse(text: str, file_name: str = "<scenario>") -> Scenario:
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{file_name}:{mark.line + 1}" if mark else file_name
        raise ScenarioInvalid([(where, "-", f"not valid YAML: {getattr(exc, 'problem', exc)}")]) from exc
    if isinstance(data, dict) and isinstance(data.get("start"), dt.date):
        data["start"] = data["start"].isoformat()
    lines = _lines(node)
    faults = [(f"{file_name}:{_line_of(lines, path)}", ".".join(path) or "-", reason)
              for path, reason in schema.errors(data)]
    faults += [(f"{file_name}:{_line_of(lines, path)}", ".".join(path), reason)
               for path, reason in _share_errors(data) + _distribution_errors(data) + resource_errors(data)
               + table_errors(data)]
    if faults:
        raise ScenarioInvalid(faults)
    return dataclasses.replace(_build(data), file_name=file_name, lines=lines)


def _lines(node: Any, path: tuple[str, ...] = ()) -> dict[tuple[str, ...], int]:
    """The line (1-based) where each field of the YAML document starts."""
    out: dict[tuple[str, ...], int] = {}
    if node is None:
        return out
    out[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            child = path + (str(key.value),)
            out[child] = key.start_mark.line + 1
            out.update({k: v for k, v in _lines(value, child).items() if k != child})
    elif isinstance(node, yaml.SequenceNode):
        for i, value in enumerate(node.value):
            out.update(_lines(value, path + (str(i),)))
    return out


def _line_of(lines: Mapping[tuple[str, ...], int], path: tuple[str, ...]) -> int:
    while path and path not in lines:
        path = path[:-1]
    return lines.get(path, 1)


def _share_errors(data: Any) -> list[tuple[tuple[str, ...], str]]:
    if not isinstance(data, dict) or not isinstance(data.get("arrivals"), dict):
        return []
    out: list[tuple[tuple[str, ...], str]] = []
    for name in ("age_group", "residence_status", "exploitation_form", "signal_source"):
        values = (data["arrivals"].get(name) or {}).get("values") if isinstance(data["arrivals"].get(name), dict) else None
        if isinstance(values, dict) and values and all(isinstance(v, (int, float)) for v in values.values()):
            if abs(sum(values.values()) - 1.0) > 1e-6:
                out.append((("arrivals", name, "values"), f"shares must add up to 1 (they add up to {sum(values.values()):g})"))
    messages: dict[str, Any] = data["messages"] if isinstance(data.get("messages"), dict) else {}
    shares = [messages[m].get("probability") for m in ("dismissal", "prosecution_started")
              if isinstance(messages.get(m), dict)]
    if all(isinstance(x, (int, float)) for x in shares) and sum(shares) > 1 + 1e-9:
        out.append((("messages", "dismissal", "probability"), "dismissal and prosecution_started are one decision: "
                    f"their shares add up to at most 1 (they add up to {sum(shares):g})"))
    return out


def _distribution_errors(data: Any) -> list[tuple[tuple[str, ...], str]]:
    if not isinstance(data, dict):
        return []
    found: list[tuple[tuple[str, ...], Any]] = []
    for task, entry in (data.get("durations") or {}).items() if isinstance(data.get("durations"), dict) else []:
        found.append((("durations", str(task)), entry))
    for name, entry in (data.get("messages") or {}).items() if isinstance(data.get("messages"), dict) else []:
        if isinstance(entry, dict):
            found.append((("messages", str(name), "after"), entry.get("after")))
    for kind, entry in (data.get("shelter") or {}).items() if isinstance(data.get("shelter"), dict) else []:
        if isinstance(entry, dict) and "stay" in entry:
            found.append((("shelter", str(kind), "stay"), entry.get("stay")))
    out = []
    for path, entry in found:
        if isinstance(entry, dict) and entry.get("dist") in SHAPES:
            missing = [p for p in SHAPES[entry["dist"]] if not isinstance(entry.get(p), (int, float))]
            if missing:
                out.append((path, f"{entry['dist']} needs {', '.join(missing)}"))
    return out


def _words(value: Any) -> tuple[str, str]:
    """(Dutch, English) of a text given in one language (both the same) or as {nl: ..., en: ...}."""
    if isinstance(value, dict):
        return str(value["nl"]), str(value["en"])
    return str(value), str(value)


def _build(data: dict[str, Any]) -> Scenario:
    arrivals = data["arrivals"]
    (name, name_en), (question, question_en) = _words(data["name"]), _words(data.get("question", ""))
    resources = build_resources(data["resources"], data.get("calendars") or {})
    return Scenario(
        name=name, question=question, name_en=name_en, question_en=question_en, variants=tuple(data["variants"]), seed=data["seed"],
        start=dt.date.fromisoformat(data["start"]), replications=data.get("replications", 5),
        arrival_days=float(data["period"]["arrival_days"]), follow_up_days=float(data["period"]["follow_up_days"]),
        rate_per_year=float(arrivals["rate_per_year"]["value"]),
        mix={name: dict(arrivals[name]["values"]) for name in ("age_group", "residence_status", "exploitation_form",
                                                               "signal_source")},
        suspect=arrivals["suspect"]["probability"], reports=arrivals["reports"]["probability"],
        consent=arrivals["consent"]["probability"],
        decisions={task: entry["probability"] for task, entry in data["decisions"].items()},
        messages={name: (entry.get("probability", 1.0), Distribution.from_mapping(entry["after"]))
                  for name, entry in (data.get("messages") or {}).items()},
        durations={task: Distribution.from_mapping(entry) for task, entry in data["durations"].items()},
        capacities={lane: resource.capacity for lane, resource in resources.items()},
        raw=data, seasonality=_seasonality(arrivals.get("seasonality")),
        tables={name: build_table(entry["table"]) for section in ("decisions", "messages")
                for name, entry in (data.get(section) or {}).items() if "table" in entry},
        resources=resources, shelter=build_shelters(data.get("shelter") or {}),
    )


def _seasonality(entry: Mapping[str, Any] | None) -> tuple[float, ...] | None:
    if not entry:
        return None
    return tuple(float(entry["values"][month]) for month in schema.MONTHS)
