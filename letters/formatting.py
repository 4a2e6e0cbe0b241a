"""How dates, terms and lists are written in a letter, in Dutch and in English."""

from __future__ import annotations

import datetime as dt

from engine.deadlines import Term

_MONTHS_NL = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
_MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_DAYS_NL = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
_DAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_NUMBERS_NL = (
    "nul",
    "één",
    "twee",
    "drie",
    "vier",
    "vijf",
    "zes",
    "zeven",
    "acht",
    "negen",
    "tien",
    "elf",
    "twaalf",
)
_NUMBERS_EN = (
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
)
_UNITS_NL = {
    "years": ("jaar", "jaar"),
    "months": ("maand", "maanden"),
    "weeks": ("week", "weken"),
    "days": ("dag", "dagen"),
}
_UNITS_EN = {
    "years": ("year", "years"),
    "months": ("month", "months"),
    "weeks": ("week", "weeks"),
    "days": ("day", "days"),
}


def nl_date(day: dt.date | None) -> str:
    """5 januari 2026 -- the form used in Dutch official letters."""
    return "" if day is None else f"{day.day} {_MONTHS_NL[day.month - 1]} {day.year}"


def en_date(day: dt.date | None) -> str:
    return "" if day is None else f"{day.day} {_MONTHS_EN[day.month - 1]} {day.year}"


def nl_weekday_date(day: dt.date | None) -> str:
    """The last day of a term, with its weekday, so nobody has to look it up: maandag 16 februari 2026."""
    return "" if day is None else f"{_DAYS_NL[day.weekday()]} {nl_date(day)}"


def en_weekday_date(day: dt.date | None) -> str:
    return "" if day is None else f"{_DAYS_EN[day.weekday()]} {en_date(day)}"


def _term_words(term: str, numbers: tuple[str, ...], units: dict[str, tuple[str, str]]) -> str:
    parsed = Term.parse(term)
    parts = []
    for name in ("years", "months", "weeks", "days"):
        value = getattr(parsed, name)
        if value:
            word = numbers[value] if value < len(numbers) else str(value)
            parts.append(f"{word} {units[name][value != 1]}")
    return " en ".join(parts) if units is _UNITS_NL else " and ".join(parts)


def nl_term(term: str) -> str:
    """P6W -> zes weken."""
    return _term_words(term, _NUMBERS_NL, _UNITS_NL)


def en_term(term: str) -> str:
    return _term_words(term, _NUMBERS_EN, _UNITS_EN)
