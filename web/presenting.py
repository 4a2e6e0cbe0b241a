"""Codes and case data as people read them: every code as its words (forms.vocabulary; letter titles
from letters.catalogue), and every value formatted by its type: dates in the reader's language,
booleans as ja/nee, lists as lists, rows as a small table. No page shows a Python repr."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Mapping

from flask_babel import format_date, format_datetime
from flask_babel import gettext as _
from markupsafe import Markup, escape

from engine.case_facts import FACTS, STORE_KEY
from forms.vocabulary import EVENT_DETAILS, words
from letters.catalogue import CATALOGUE

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ISO_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
EMPTY = "—"

# Which vocabulary an event detail's value is a code of.
DETAIL_KINDS = {"process": "process", "decision": "decision", "outcome": "option", "message": "message",
                "letter_type": "letter", "fact": "field", "kind": "party", "variant": "variant",
                # the models name their tasks and timers in Dutch; the vocabulary gives each its English
                "title": "task_title", "timer": "deadline_title"}


def label(code: Any, kind: str, lang: str) -> str:
    """The words for a code; a code without words is shown as it is (tests/unit/test_vocabulary.py
    keeps that from happening for every code that can reach a page)."""
    if code is None or code == "":
        return EMPTY
    if kind == "letter":
        letter = CATALOGUE.get(str(code))
        if letter is not None:
            return letter.title_en if lang == "en" else letter.title_nl
        return str(code)
    return words(kind, code, lang) or str(code)


def _moment(value: dt.datetime) -> str:
    return format_datetime(value, "d MMMM yyyy HH:mm")


def _day(value: dt.date) -> str:
    return format_date(value, "d MMMM yyyy")


def text(value: Any, lang: str) -> str:
    """A single value as plain words."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    if isinstance(value, dt.datetime):
        return _moment(value)
    if isinstance(value, dt.date):
        return _day(value)
    if isinstance(value, str):
        if ISO_DATE.match(value):
            return _day(dt.date.fromisoformat(value))
        if ISO_MOMENT.match(value):
            try:
                return _moment(dt.datetime.fromisoformat(value))
            except ValueError:
                return value
        return words("option", value, lang) or value
    return str(value)


def show(value: Any, lang: str) -> Markup:
    """A value of any shape as HTML: lists as lists, rows (a list of objects) as a small table with the
    fields' labels as headers, an object as a list of labelled values."""
    if isinstance(value, Mapping):
        items = [(field_label(k, lang), show(v, lang)) for k, v in value.items() if v not in (None, "", [], {})]
        if not items:
            return Markup(EMPTY)  # nosec B704  # a constant
        return Markup('<dl class="nested">{}</dl>').format(
            Markup("").join(Markup("<dt>{}</dt><dd>{}</dd>").format(k, v) for k, v in items)
        )
    if isinstance(value, (list, tuple)):
        if not value:
            return Markup(EMPTY)  # nosec B704  # a constant
        if all(isinstance(row, Mapping) for row in value):
            return _table(value, lang)
        return Markup('<ul class="values">{}</ul>').format(
            Markup("").join(Markup("<li>{}</li>").format(show(v, lang)) for v in value)
        )
    return escape(text(value, lang))  # markupsafe.escape returns Markup


def _table(rows: list[Mapping[str, Any]] | tuple[Mapping[str, Any], ...], lang: str) -> Markup:
    columns: list[str] = []
    for row in rows:
        columns += [k for k, v in row.items() if k not in columns and v not in (None, "")]
    head = Markup("").join(Markup('<th scope="col">{}</th>').format(field_label(c, lang)) for c in columns)
    body = Markup("").join(
        Markup("<tr>{}</tr>").format(Markup("").join(Markup("<td>{}</td>").format(show(row.get(c), lang))
                                                    for c in columns))
        for row in rows
    )
    return Markup('<table class="rows"><thead><tr>{}</tr></thead><tbody>{}</tbody></table>').format(head, body)


def field_label(name: str, lang: str) -> str:
    return words("field", name, lang) or words("event_detail", name, lang) or name.replace("_", " ")


def case_data(data: Mapping[str, Any], lang: str) -> list[tuple[str, Markup]]:
    """The case data as labelled fields: what the forms recorded (labels from the form schemas) and the
    case facts (labels from the fact catalogue). Keys no form or fact names are the engine's own
    (policy values, routing flags, hashes) and are left out."""
    shown: dict[str, tuple[str, Markup]] = {}
    facts = data.get(STORE_KEY) or {}
    for name, spec in FACTS.items():
        entry = facts.get(name)
        if entry is not None:
            shown[name] = (spec.label_en if lang == "en" else spec.label_nl, show(entry.get("value"), lang))
    for key, value in data.items():
        if key in shown:
            continue
        labelled = words("field", key, lang)
        if labelled is not None and labelled not in {name for name, _ in shown.values()}:
            shown[key] = (labelled, show(value, lang))
    return sorted(shown.values(), key=lambda item: item[0].lower())


def event_details(details: Mapping[str, Any] | None, lang: str) -> list[tuple[str, str]]:
    """An event's details as labelled words, in the vocabulary's order; internal keys (hashes, ids,
    field lists) are left out."""
    out = []
    for key in EVENT_DETAILS:
        value = (details or {}).get(key)
        if value in (None, ""):
            continue
        kind = DETAIL_KINDS.get(key)
        shown = label(value, kind, lang) if kind else text(value, lang)
        out.append((words("event_detail", key, lang) or key, shown))
    return out
