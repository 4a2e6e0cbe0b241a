"""The scenario file's schema, written once as JSON Schema (exported by `erkend simulate schema` so
editors can complete a scenario) and checked by the small validator below, which covers the subset the
schema uses and names the field of every fault.

Every number a policy maker might question carries its provenance: `assumed: true` or a `source`.
"""
from __future__ import annotations

from typing import Any, Iterator

SCHEMA_ID = "https://erkend.example/schemas/simulation-scenario.json"
PROVENANCE = {"anyOf": [{"required": ["source"]}, {"required": ["assumed"]}]}
_PROVENANCE_PROPS = {"source": {"type": "string", "minLength": 1},
                     "assumed": {"type": "boolean", "enum": [True]},
                     "note": {"type": "string"}}


def _sourced(props: dict[str, Any], required: list[str]) -> dict[str, Any]:
    return {"type": "object", "properties": {**props, **_PROVENANCE_PROPS}, "required": required,
            "additionalProperties": False, **PROVENANCE}


PROBABILITY = {"type": "number", "minimum": 0, "maximum": 1}
DISTRIBUTION = {
    "type": "object",
    "description": "Days. fixed: value; exponential: mean; lognormal: median, sigma; triangular: low, mode, high.",
    "properties": {"dist": {"type": "string", "enum": ["fixed", "exponential", "lognormal", "triangular"]},
                   "value": {"type": "number", "minimum": 0}, "mean": {"type": "number", "minimum": 0},
                   "median": {"type": "number", "minimum": 0}, "sigma": {"type": "number", "minimum": 0},
                   "low": {"type": "number", "minimum": 0}, "mode": {"type": "number", "minimum": 0},
                   "high": {"type": "number", "minimum": 0}, **_PROVENANCE_PROPS},
    "required": ["dist"], "additionalProperties": False,
}
SOURCED_DISTRIBUTION = {**DISTRIBUTION, **PROVENANCE}
SHARES = _sourced({"values": {"type": "object", "additionalProperties": PROBABILITY, "minProperties": 1}}, ["values"])
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
SHELTER_TYPES = ("cosm", "omm", "regular", "youth")  # the shelter types of the placement forms
PERSON_ATTRIBUTES = ("age_group", "residence_status", "exploitation_form", "signal_source", "suspect", "reports",
                     "consents")
SEASONALITY = _sourced({"values": {
    "type": "object", "additionalProperties": False, "minProperties": 12,
    "description": "Arrivals per month relative to the average month (1 = average; the twelve should average 1).",
    "properties": {m: {"type": "number", "minimum": 0} for m in MONTHS}}}, ["values"])
# A decision table in the manner of DMN (hit policy FIRST): the first rule whose every input matches the
# person gives the probability; no rule matches, the entry's own `probability` applies.
TABLE = {
    "type": "object", "additionalProperties": False, "required": ["rules"],
    "description": "DMN-style decision table on the person's attributes, hit policy FIRST.",
    "properties": {
        "hit_policy": {"type": "string", "enum": ["FIRST"]},
        "rules": {"type": "array", "minItems": 1, "items": {
            "type": "object", "additionalProperties": False, "required": ["when", "probability"],
            "properties": {"when": {"type": "object", "minProperties": 1,
                                    "description": f"Inputs: {', '.join(PERSON_ATTRIBUTES)}; a value or a list."},
                           "probability": PROBABILITY, "note": {"type": "string"}}}}}}
CALENDAR = _sourced({
    "days": {"type": "array", "minItems": 1, "items": {"type": "string", "enum": list(WEEKDAYS)}},
    "hours": {"type": "array", "minItems": 2, "items": {"type": "number", "minimum": 0, "maximum": 24},
              "description": "[start, end] local time, e.g. [9, 17]."},
    "holidays": {"type": "boolean", "description": "true: no work on the Dutch public holidays (Atw)."}},
    ["days", "hours"])
RESOURCE = _sourced({
    "capacity": {"type": "integer", "minimum": 0, "description": "Tasks worked on at the same time."},
    "members": {"type": "integer", "minimum": 0, "description": "Panel members; with per_sitting gives the "
                "number of sittings at the same time."},
    "per_sitting": {"type": "integer", "minimum": 1, "description": "Members who sit on one case."},
    "calendar": {"type": "string", "minLength": 1, "description": "A name under `calendars`; none: around the clock."},
    "sessions_per_week": {"type": "integer", "minimum": 1, "maximum": 5,
                          "description": "Days a week the panel sits (spread over the calendar's week)."},
    "cost_per_hour": {"type": "number", "minimum": 0, "description": "Euro per person per working hour."},
    "backlog": {"type": "object", "additionalProperties": False, "required": ["cases", "task"],
                "description": "Cases already waiting for this lane when the simulation starts: each needs the "
                "work of `task` and waits ahead of that task's new cases; the lane's other tasks go first.",
                "properties": {"cases": {"type": "integer", "minimum": 0},
                               "task": {"type": "string", "minLength": 1,
                                        "description": "A task of this lane (its duration is the work)."}}}}, [])
SHELTER = _sourced({"places": {"type": "integer", "minimum": 0},
                    "cost_per_night": {"type": "number", "minimum": 0, "description": "Euro per occupied night."},
                    "stay": DISTRIBUTION}, ["places"])

BILINGUAL = {"type": "object", "additionalProperties": False, "required": ["nl", "en"],
             "properties": {"nl": {"type": "string", "minLength": 1}, "en": {"type": "string", "minLength": 1}}}

SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": SCHEMA_ID,
    "title": "erkend policy simulation scenario",
    "type": "object",
    "additionalProperties": False,
    "required": ["name", "variants", "seed", "start", "period", "arrivals", "decisions", "durations", "resources"],
    "properties": {
        "name": {"oneOf": [{"type": "string", "minLength": 1}, BILINGUAL],
                 "description": "One text, or Dutch and English: {nl: ..., en: ...}."},
        "question": {"oneOf": [{"type": "string"}, BILINGUAL]},
        "variants": {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1}},
        "seed": {"type": "integer"},
        "start": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "description": "First day of arrivals."},
        "replications": {"type": "integer", "minimum": 1},
        "period": {"type": "object", "additionalProperties": False, "required": ["arrival_days", "follow_up_days"],
                   "properties": {"arrival_days": {"type": "number", "minimum": 0},
                                  "follow_up_days": {"type": "number", "minimum": 0}}},
        "arrivals": {
            "type": "object", "additionalProperties": False,
            "required": ["rate_per_year", "age_group", "residence_status", "exploitation_form", "signal_source",
                         "suspect", "reports", "consent"],
            "properties": {
                "rate_per_year": _sourced({"value": {"type": "number", "minimum": 0}}, ["value"]),
                "age_group": SHARES, "residence_status": SHARES, "exploitation_form": SHARES, "signal_source": SHARES,
                "suspect": _sourced({"probability": PROBABILITY}, ["probability"]),
                "reports": _sourced({"probability": PROBABILITY}, ["probability"]),
                "consent": _sourced({"probability": PROBABILITY}, ["probability"]),
                "seasonality": SEASONALITY,
            }},
        "decisions": {"type": "object", "description": "Per task name: the share of the favourable outcome, "
                      "optionally per kind of person (table).",
                      "additionalProperties": _sourced({"probability": PROBABILITY, "table": TABLE}, ["probability"])},
        "messages": {"type": "object", "description": "Per message name: how often and how long after it is "
                     "awaited it comes (table: how often, per kind of person).",
                     "additionalProperties": _sourced({"probability": PROBABILITY, "after": DISTRIBUTION,
                                                       "table": TABLE}, ["after"])},
        "durations": {"type": "object", "description": "Per task name (or 'default'): work time in days.",
                      "additionalProperties": SOURCED_DISTRIBUTION, "required": ["default"]},
        "resources": {"type": "object", "description": "Per lane (coordinator, panel, ind, police, ...): how many "
                      "work in parallel (capacity, or panel members and members per sitting), when (calendar) "
                      "and at what cost. A lane without an entry never queues.",
                      "additionalProperties": RESOURCE},
        "calendars": {"type": "object", "description": "Named working calendars the resources refer to.",
                      "additionalProperties": CALENDAR},
        "shelter": {"type": "object", "additionalProperties": False,
                    "description": "Places per shelter type (a type not listed is unlimited and free).",
                    "properties": {t: SHELTER for t in SHELTER_TYPES}},
    },
}

_TYPES: dict[str, type | tuple[type, ...]] = {"object": dict, "array": list, "string": str, "boolean": bool, "integer": int, "number": (int, float)}


def errors(value: Any, schema: dict[str, Any] = SCHEMA, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], str]]:
    """(path, reason) for every fault of `value` against `schema`."""
    if "oneOf" in schema:  # the option of the value's type (the options here differ by type)
        options = [o for o in schema["oneOf"] if isinstance(value, _TYPES[o["type"]])]
        if not options:
            yield path, f"must be of type {' or '.join(o['type'] for o in schema['oneOf'])}"
            return
        yield from errors(value, options[0], path)
        return
    expected = schema.get("type")
    if expected:
        kind = _TYPES[expected]
        if not isinstance(value, kind) or (expected in ("integer", "number") and isinstance(value, bool)):
            yield path, f"must be of type {expected}"
            return
    if "enum" in schema and value not in schema["enum"]:
        yield path, f"must be one of {schema['enum']}"
    if "minimum" in schema and value < schema["minimum"]:
        yield path, f"must be at least {schema['minimum']}"
    if "maximum" in schema and value > schema["maximum"]:
        yield path, f"must be at most {schema['maximum']}"
    if "minLength" in schema and len(value) < schema["minLength"]:
        yield path, "must not be empty"
    if "pattern" in schema:
        import re

        if not re.match(schema["pattern"], value):
            yield path, f"must match {schema['pattern']}"
    if expected == "array":
        if len(value) < schema.get("minItems", 0):
            yield path, f"needs at least {schema['minItems']} item(s)"
        for i, item in enumerate(value):
            yield from errors(item, schema.get("items", {}), path + (str(i),))
    if expected == "object":
        yield from _object_errors(value, schema, path)


def _object_errors(value: dict[str, Any], schema: dict[str, Any], path: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], str]]:
    props = schema.get("properties", {})
    for name in schema.get("required", []):
        if name not in value:
            yield path + (name,), "is required"
    if len(value) < schema.get("minProperties", 0):
        yield path, "must not be empty" if schema["minProperties"] == 1 else f"needs all {schema['minProperties']} fields"
    extra = schema.get("additionalProperties", True)
    for name, item in value.items():
        if name in props:
            yield from errors(item, props[name], path + (str(name),))
        elif extra is False:
            yield path + (str(name),), f"unknown field (expected one of: {', '.join(sorted(props))})"
        elif isinstance(extra, dict):
            yield from errors(item, extra, path + (str(name),))
    if "anyOf" in schema and not any(all(r in value for r in option["required"]) for option in schema["anyOf"]):
        yield path, "needs a 'source' or 'assumed: true'"
