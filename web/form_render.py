"""Task forms generated from a form's JSON Schema (forms/ exports it): the fields to draw, the posted
values turned back into typed data for the engine, and marshmallow's reasons in the user's language."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Mapping

TEXTAREA_FROM = 200  # strings that may be longer than this get a text area


@dataclass
class FormField:
    name: str
    label: str
    widget: str  # text | textarea | date | datetime | number | radio | select | checkboxes | boolean | json
    required: bool
    help: str | None = None
    options: list[str] = field(default_factory=list)
    value: Any = None
    errors: list[str] = field(default_factory=list)


def _types(prop: Mapping[str, Any]) -> set[str]:
    kind = prop.get("type", "string")
    return set(kind) if isinstance(kind, list) else {kind}


def _widget(prop: Mapping[str, Any]) -> str:
    kinds = _types(prop) - {"null"}
    if "boolean" in kinds:
        return "boolean"
    if kinds & {"integer", "number"}:
        return "number"
    if "array" in kinds and "enum" in (prop.get("items") or {}):
        return "checkboxes"
    if kinds & {"array", "object"}:
        return "json"
    if "enum" in prop:
        return "radio" if len(prop["enum"]) <= 5 else "select"
    fmt = prop.get("format")
    if fmt in ("date", "date-time"):
        return "date" if fmt == "date" else "datetime"
    return "textarea" if prop.get("maxLength", 0) > TEXTAREA_FROM else "text"


def _text(value: Any, lang: str) -> str | None:
    if isinstance(value, Mapping):
        return value.get(lang) or value.get("nl") or next(iter(value.values()), None)
    return value


def form_fields(schema: Mapping[str, Any], lang: str, values: Mapping[str, Any] | None = None,
                errors: Mapping[str, list[str]] | None = None) -> list[FormField]:
    required = set(schema.get("required", []))
    out = []
    for name, prop in (schema.get("properties") or {}).items():
        widget = _widget(prop)
        options = [str(o) for o in (prop.get("items", {}).get("enum", []) if widget == "checkboxes"
                                    else prop.get("enum", []) if "enum" in prop else [])]
        out.append(FormField(name=name, label=_text(prop.get("x-label"), lang) or name.replace("_", " "),
                             widget=widget, required=name in required, help=_text(prop.get("x-help"), lang),
                             options=[o for o in options if o != "None"],
                             value=(values or {}).get(name),
                             errors=[translate(m, lang) for m in (errors or {}).get(name, [])]))
    return out


def parse_submission(schema: Mapping[str, Any], form: Any) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """Posted strings -> typed data. Empty optional fields are left out (the schema's default applies);
    values that cannot be read are reported per field and never guessed."""
    data: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for name, prop in (schema.get("properties") or {}).items():
        widget = _widget(prop)
        if widget == "checkboxes":
            data[name] = form.getlist(name)
            continue
        raw = (form.get(name) or "").strip()
        if raw == "":
            if "null" in _types(prop) and name in form:
                data[name] = None
            continue
        try:
            data[name] = _convert(widget, prop, raw)
        except ValueError:
            errors[name] = [f"Not a valid {widget}."]
    return data, errors


def _convert(widget: str, prop: Mapping[str, Any], raw: str) -> Any:
    if widget == "boolean":
        if raw not in ("true", "false"):
            raise ValueError(raw)
        return raw == "true"
    if widget == "number":
        return int(raw) if "integer" in _types(prop) else float(raw)
    if widget == "json":
        return json.loads(raw)
    return raw


_DUTCH = [
    (re.compile(r"^Missing data for required field\.$"), "Dit veld is verplicht."),
    (re.compile(r"^Field may not be null\.$"), "Dit veld is verplicht."),
    (re.compile(r"^Unknown field\.$"), "Onbekend veld."),
    (re.compile(r"^Not a valid date\.$"), "Geen geldige datum."),
    (re.compile(r"^Not a valid datetime\.$"), "Geen geldige datum en tijd."),
    (re.compile(r"^Not a valid boolean\.$"), "Kies ja of nee."),
    (re.compile(r"^Not a valid (integer|number)\.$"), "Geen geldig getal."),
    (re.compile(r"^Not a valid string\.$"), "Geen geldige tekst."),
    (re.compile(r"^Not a valid (\w+)\.$"), "Ongeldige waarde."),
    (re.compile(r"^Must be one of: (.*)\.$"), r"Kies een van: \1."),
    (re.compile(r"^Length must be between (\d+) and (\d+)\.$"), r"Lengte moet tussen \1 en \2 tekens liggen."),
    (re.compile(r"^Shorter than minimum length (\d+)\.$"), r"Minstens \1 tekens."),
    (re.compile(r"^Longer than maximum length (\d+)\.$"), r"Hoogstens \1 tekens."),
    (re.compile(r"^Must be greater than or equal to (\S+)\.?"), r"Moet minstens \1 zijn."),
    (re.compile(r"^Must be less than or equal to (\S+)\.?"), r"Mag hoogstens \1 zijn."),
]


def translate(message: str, lang: str) -> str:
    """marshmallow's reasons are English; Dutch users get them in Dutch (unknown ones stay as they are)."""
    if lang != "nl":
        return message
    for pattern, dutch in _DUTCH:
        if pattern.search(message):
            return pattern.sub(dutch, message)
    return message
