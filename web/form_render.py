"""Task forms generated from a form's JSON Schema (forms/ exports it): the fields to draw, the posted
values turned back into typed data for the engine, and marshmallow's reasons in the user's language."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Mapping

from forms.fields import DUTCH_REASONS

TEXTAREA_FROM = 200  # strings that may be longer than this get a text area
EMPTY_ROWS = 2  # blank rows offered for a list of structured items (indicators, panel members)
MAX_ROWS = 50


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
    rows: list[list["FormField"]] = field(default_factory=list)  # widget "rows": one field list per item


def _types(prop: Mapping[str, Any]) -> set[str]:
    kind = prop.get("type", "string")
    return set(kind) if isinstance(kind, list) else {kind}


def _item_schema(prop: Mapping[str, Any], defs: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """The object schema of a list's items, following a local `#/$defs/` reference."""
    items = prop.get("items") or {}
    ref = items.get("$ref", "")
    if ref.startswith("#/$defs/"):
        items = defs.get(ref.rsplit("/", 1)[-1], {})
    return items if items.get("type") == "object" and items.get("properties") else None


def _widget(prop: Mapping[str, Any], defs: Mapping[str, Any] | None = None) -> str:
    kinds = _types(prop) - {"null"}
    if "array" in kinds and _item_schema(prop, defs or {}) is not None:
        return "rows"
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


def _field_words(name: str, lang: str) -> str:
    """A field without a label in the exported schema (the rows of a nested list lose theirs) by the
    label its form declares (forms.vocabulary), never by its code."""
    from forms.vocabulary import words

    return words("field", name, lang) or name.replace("_", " ")


def _text(value: Any, lang: str) -> str | None:
    if isinstance(value, Mapping):
        return value.get(lang) or value.get("nl") or next(iter(value.values()), None)
    return value


def form_fields(
    schema: Mapping[str, Any],
    lang: str,
    values: Mapping[str, Any] | None = None,
    errors: Mapping[str, list[str]] | None = None,
    prefix: str = "",
    defs: Mapping[str, Any] | None = None,
) -> list[FormField]:
    defs = defs if defs is not None else schema.get("$defs", {})
    required = set(schema.get("required", []))
    out = []
    for name, prop in (schema.get("properties") or {}).items():
        widget = _widget(prop, defs)
        options = [
            str(o)
            for o in (
                prop.get("items", {}).get("enum", [])
                if widget == "checkboxes"
                else prop.get("enum", [])
                if "enum" in prop
                else []
            )
        ]
        value = (values or {}).get(name)
        own_errors = (errors or {}).get(f"{prefix}{name}", [])
        rows: list[list[FormField]] = []
        if widget == "rows":
            items = _item_schema(prop, defs) or {}
            present = value if isinstance(value, list) else []
            rows = [
                form_fields(
                    items, lang, row if isinstance(row, Mapping) else {}, errors, f"{prefix}{name}.{i}.", defs
                )
                for i, row in enumerate(present + [{}] * EMPTY_ROWS)
            ]
        out.append(
            FormField(
                name=f"{prefix}{name}",
                label=_text(prop.get("x-label"), lang) or _field_words(name, lang),
                widget=widget,
                required=name in required,
                help=_text(prop.get("x-help"), lang),
                options=[o for o in options if o != "None"],
                value=value,
                errors=[translate(m, lang) for m in own_errors],
                rows=rows,
            )
        )
    return out


def parse_submission(
    schema: Mapping[str, Any], form: Any, prefix: str = "", defs: Mapping[str, Any] | None = None
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """Posted strings -> typed data. Empty optional fields are left out (the schema's default applies);
    values that cannot be read are reported per field and never guessed. A list of structured items
    keeps each row in which anything was filled in."""
    defs = defs if defs is not None else schema.get("$defs", {})
    data: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for name, prop in (schema.get("properties") or {}).items():
        widget, key = _widget(prop, defs), f"{prefix}{name}"
        if widget == "rows":
            items = _item_schema(prop, defs) or {}
            rows = []
            for i in _row_numbers(form, key):
                row_prefix = f"{key}.{i}."
                if not any(k.startswith(row_prefix) and v.strip() for k, v in form.items(multi=True)):
                    continue
                if len(rows) == MAX_ROWS:
                    errors[key] = [f"Hoogstens {MAX_ROWS} regels. / At most {MAX_ROWS} rows."]
                    break
                row, row_errors = parse_submission(items, form, row_prefix, defs)
                errors.update({f"{key}.{len(rows)}.{k[len(row_prefix) :]}": v for k, v in row_errors.items()})
                rows.append(row)
            data[name] = rows
            continue
        if widget == "checkboxes":
            data[name] = form.getlist(key)
            continue
        raw = (form.get(key) or "").strip()
        if raw == "":
            if "null" in _types(prop) and key in form:
                data[name] = None
            continue
        try:
            data[name] = _convert(widget, prop, raw)
        except ValueError:
            errors[key] = [f"Not a valid {widget}."]
    return data, errors


def _row_numbers(form: Any, key: str) -> list[int]:
    """The row numbers a form sent for the list `key` (`key.3.name` is row 3), in order. Gaps are no
    matter (a row removed in the page, a blank row skipped): every row sent is read, whatever its number."""
    pattern = re.compile(rf"^{re.escape(key)}\.(\d{{1,6}})\.")
    return sorted({int(m.group(1)) for k in form.keys() if (m := pattern.match(k))})


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
    (re.compile(r"^no active user with this name$"), "Er is geen actieve gebruiker met deze naam."),
    (re.compile(r"^user does not hold the role (.+)$"), r"Deze gebruiker heeft niet de rol \1."),
    (re.compile(r"^panel member is linked to the investigating team of this case$"),
     "Dit panellid is gekoppeld aan het opsporingsteam van deze zaak en kan niet meebeslissen."),
    (re.compile(r"^already linked to this case in this capacity$"), "Al in deze hoedanigheid aan de zaak gekoppeld."),
    (re.compile(r"^a guardian is linked only to a minor's case$"),
     "Een voogd wordt alleen gekoppeld aan de zaak van een minderjarige."),
    (re.compile(r"^Not a valid date\.$"), "Geen geldige datum."),
    (re.compile(r"^Not a valid datetime\.$"), "Geen geldige datum en tijd."),
    (re.compile(r"^Not a valid boolean\.$"), "Kies ja of nee."),
    (re.compile(r"^Not a valid (integer|number)\.$"), "Geen geldig getal."),
    (re.compile(r"^Not a valid string\.$"), "Geen geldige tekst."),
    (re.compile(r"^Not a valid (\w+)\.$"), "Ongeldige waarde."),
    (re.compile(r"^Must be one of: (.*)\.$"), r"Kies een van: \1."),
    (
        re.compile(r"^Length must be between (\d+) and (\d+)\.$"),
        r"Lengte moet tussen \1 en \2 tekens liggen.",
    ),
    (re.compile(r"^Shorter than minimum length (\d+)\.$"), r"Minstens \1 tekens."),
    (re.compile(r"^Longer than maximum length (\d+)\.$"), r"Hoogstens \1 tekens."),
    (re.compile(r"^Must be greater than or equal to (\S+)\.?"), r"Moet minstens \1 zijn."),
    (re.compile(r"^Must be less than or equal to (\S+)\.?"), r"Mag hoogstens \1 zijn."),
]


def translate(message: str, lang: str) -> str:
    """marshmallow's reasons are English; Dutch users get them in Dutch (unknown ones stay as they are)."""
    if message.count(" / ") == 1:  # the forms' own reasons come as "Dutch / English"
        dutch, english = message.split(" / ")
        return dutch if lang == "nl" else english
    if lang != "nl":
        return message
    if message in DUTCH_REASONS:
        return DUTCH_REASONS[message]
    for pattern, dutch in _DUTCH:
        if pattern.search(message):
            return pattern.sub(dutch, message)
    return message
