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

SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": SCHEMA_ID,
    "title": "erkend policy simulation scenario",
    "type": "object",
    "additionalProperties": False,
    "required": ["name", "variants", "seed", "start", "period", "arrivals", "decisions", "durations", "resources"],
    "properties": {
        "name": {"type": "string", "minLength": 1},
        "question": {"type": "string"},
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
            }},
        "decisions": {"type": "object", "description": "Per task name: the share of the favourable outcome.",
                      "additionalProperties": _sourced({"probability": PROBABILITY}, ["probability"])},
        "messages": {"type": "object", "description": "Per message name: how long after it is awaited it comes.",
                     "additionalProperties": _sourced({"probability": PROBABILITY, "after": DISTRIBUTION}, ["after"])},
        "durations": {"type": "object", "description": "Per task name (or 'default'): work time in days.",
                      "additionalProperties": SOURCED_DISTRIBUTION, "required": ["default"]},
        "resources": {"type": "object", "description": "Per lane (coordinator, panel, ind, police, ...): how many "
                      "work in parallel. A lane without an entry never queues.",
                      "additionalProperties": _sourced({"capacity": {"type": "integer", "minimum": 0}}, ["capacity"])},
    },
}

_TYPES: dict[str, type | tuple[type, ...]] = {"object": dict, "array": list, "string": str, "boolean": bool, "integer": int, "number": (int, float)}


def errors(value: Any, schema: dict[str, Any] = SCHEMA, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], str]]:
    """(path, reason) for every fault of `value` against `schema`."""
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
        yield path, "must not be empty"
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
