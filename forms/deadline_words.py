"""How a deadline was computed, in words a caseworker or a lawyer reads: dates written out, terms as
"6 weken", the policy entry by its name ("Bezwaartermijn (Awb)"), never a key, an ISO date or a
duration code. The engine stores the derivation (engine.timer_derivation) and explains it for
operators; this is the explanation for the pages."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Mapping
from zoneinfo import ZoneInfo

from forms.vocabulary import words

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
_MONTHS = {
    "nl": ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
           "oktober", "november", "december"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"),
}
_UNITS = {  # ISO 8601 designator -> (nl singular, nl plural, en singular, en plural)
    "Y": ("jaar", "jaar", "year", "years"),
    "M": ("maand", "maanden", "month", "months"),
    "W": ("week", "weken", "week", "weeks"),
    "D": ("dag", "dagen", "day", "days"),
    "H": ("uur", "uur", "hour", "hours"),
}
_RULES = {
    "calendar": ("kalenderdagen", "calendar days"),
    "working-days": ("werkdagen", "working days"),
    "statutory": ("wettelijke termijn, verlengd volgens de Algemene termijnenwet",
                  "statutory term, extended under the General Time Limits Act"),
}
_LABELS = {
    "nl": {"last_day": "Laatste dag", "moment": "Uiterste moment", "term": "Termijn", "from": "vanaf",
           "policy": "Beleidswaarde", "source": "Bron", "paused": "Stilgezet van {0} tot {1}: het uiterste "
           "moment schuift evenveel op, naar {2}", "expression": "Berekend door het model"},
    "en": {"last_day": "Last day", "moment": "Deadline", "term": "Term", "from": "from",
           "policy": "Policy value", "source": "Source", "paused": "Paused from {0} to {1}: the deadline "
           "moves on by that time, to {2}", "expression": "Computed by the model"},
}
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(?:[+-]\d{2}:\d{2}|Z)?)?\b")
_DURATION = re.compile(r"\bP(?:\d+[YMWD])+(?:T\d+H)?\b|\bPT\d+H\b")


def _lang(lang: str) -> str:
    return "en" if lang == "en" else "nl"


def day_words(day: dt.date, lang: str) -> str:
    return f"{day.day} {_MONTHS[_lang(lang)][day.month - 1]} {day.year}"


def duration_words(term: str, lang: str) -> str:
    """"P6W" -> "6 weken" ("6 weeks"); "PT36H" -> "36 uur"; an unknown form is returned unchanged."""
    parts = re.findall(r"(\d+)([YMWDH])", term)
    if not parts or not _DURATION.fullmatch(term):
        return term
    en = _lang(lang) == "en"
    out = []
    for number, unit in parts:
        names = _UNITS[unit]
        name = names[2 + (number != "1")] if en else names[number != "1"]
        out.append(f"{int(number)} {name}")
    return (" and " if en else " en ").join(out)


def _iso_words(match: re.Match[str], lang: str) -> str:
    """A date as words; a moment with its zone in Amsterdam time (the pages show local time)."""
    if match.group(4) is None:
        return day_words(dt.date(*(int(g) for g in match.groups()[:3])), lang)
    try:
        moment = dt.datetime.fromisoformat(match.group(0).replace("Z", "+00:00"))
    except ValueError:
        return match.group(0)
    if moment.tzinfo is not None:
        moment = moment.astimezone(AMSTERDAM)
    return f"{day_words(moment.date(), lang)} {moment:%H:%M}"


def in_words(text: str, lang: str) -> str:
    """A derivation line with its ISO dates and duration codes written out."""
    text = _ISO.sub(lambda m: _iso_words(m, lang), text)
    return _DURATION.sub(lambda m: duration_words(m.group(0), lang), text)


def _due_words(value: Any, lang: str) -> tuple[str, str]:
    labels = _LABELS[_lang(lang)]
    text = str(value or "")
    return (labels["moment"] if "T" in text else labels["last_day"]), in_words(text, lang)


def explain_in_words(derivation: Mapping[str, Any] | None, lang: str) -> list[str]:
    """The derivation as lines for a page; empty when the engine stored none."""
    if not derivation:
        return []
    lang = _lang(lang)
    labels = _LABELS[lang]
    head, due = _due_words(derivation.get("deadline") or derivation.get("due"), lang)
    lines = [f"{head}: {due}"]
    if derivation.get("term"):
        rule = _RULES.get(str(derivation.get("rule")), (None, None))[lang == "en"]
        base = in_words(str(derivation.get("base") or ""), lang)
        lines.append(f"{labels['term']}: {duration_words(str(derivation['term']), lang)}"
                     + (f" ({rule})" if rule else "") + (f", {labels['from']} {base}" if base else ""))
    for step in derivation.get("steps") or []:
        text = (step.get("text_nl") if lang == "nl" else "") or step.get("text") or ""
        if text:
            lines.append(in_words(text, lang))
    if derivation.get("kind") not in ("due_in", "comes_of_age", None) and derivation.get("expression"):
        lines.append(labels["expression"])
    policy = derivation.get("policy") or {}
    if policy.get("name"):
        lines.append(f"{labels['policy']}: {words('policy', policy['name'], lang) or policy['name']}")
    if policy.get("source"):
        lines.append(f"{labels['source']}: {policy['source']}")
    for pause in derivation.get("pauses") or []:
        lines.append(labels["paused"].format(*(in_words(str(pause.get(k, "")), lang)
                                               for k in ("from", "to", "due_after"))))
    return lines
