"""The forms' verdict on sampled data, remembered: the same data for the same form is checked once a day.

The sampler gives many cases the very same answer for a task on the same simulated day (an outcome, its
reasons, today's date), and checking it with the real form (marshmallow) was a twentieth of a simulated
case's time. A form's cleaned data depends on the data and, through the checks that read the clock, on
the day of the operation: the forms read the clock only for "not after today" (forms/fields.py
`PlausibleDay`, by the day in Amsterdam; tests/simulation/test_form_memo.py fails when a form reads it
otherwise). So the real form checks every distinct (form, data, day); what it cleaned is kept and handed
out again as a fresh copy, so that no two cases share a list or a dict of their task data:
- a check that did not read the clock holds on every day: kept beside the form and the data, up to
  `TIMELESS_LIMIT` entries (then forgotten and made anew, so a long run's memory stays bounded);
- a check that read it holds for that day: kept for the current day only.
Refusals are never kept: refused data is checked, and refused, every time. Data of any type other than
plain JSON values, dates and decimals goes to the form unremembered.
"""
from __future__ import annotations

import datetime as dt
import decimal
from typing import Any, Mapping
from zoneinfo import ZoneInfo

from engine.clock import Clock, current_clock, using_clock
from engine.ports import FormRegistry

AMSTERDAM = ZoneInfo("Europe/Amsterdam")  # the forms' today (forms/fields.py)
TIMELESS_LIMIT = 10_000
_SCALARS = frozenset({str, int, float, bool, type(None), dt.date, dt.datetime, decimal.Decimal})


def _plain(value: Any) -> bool:
    """Built of values whose repr names their type and value exactly, and of dicts and lists of them."""
    kind = type(value)
    if kind in _SCALARS:
        return True
    if kind is dict:
        return all(type(k) is str and _plain(v) for k, v in value.items())
    if kind is list:
        return all(_plain(v) for v in value)
    return False


def _fresh(value: Any) -> Any:
    """A copy of cleaned data sharing no dict or list with it (scalars are immutable)."""
    kind = type(value)
    if kind is dict:
        return {k: _fresh(v) for k, v in value.items()}
    if kind is list:
        return [_fresh(v) for v in value]
    return value


class _ReadingClock:
    """The clock of the operation, noting whether the form read it."""

    def __init__(self, clock: Clock) -> None:
        self.clock, self.read = clock, False

    def now(self) -> dt.datetime:
        self.read = True
        return self.clock.now()


class RememberedForms:
    """A FormRegistry in front of the real one for a simulation run: the same verdicts, each computed once."""

    def __init__(self, forms: FormRegistry) -> None:
        self.forms = forms
        self._timeless: dict[tuple[str, str], dict[str, Any]] = {}
        self._day: dt.date | None = None
        self._of_the_day: dict[tuple[str, str], dict[str, Any]] = {}

    def has(self, key: str) -> bool:
        return self.forms.has(key)

    def json_schema(self, key: str) -> dict[str, Any]:
        return self.forms.json_schema(key)

    def validate(self, key: str, data: Mapping[str, Any]) -> dict[str, Any]:
        if type(data) is not dict or not _plain(data):
            return self.forms.validate(key, data)
        clock = current_clock()
        day = clock.now().astimezone(AMSTERDAM).date()
        if day != self._day:
            self._day, self._of_the_day = day, {}
        memo = (key, repr(data))
        cleaned = self._timeless.get(memo)
        if cleaned is None:
            cleaned = self._of_the_day.get(memo)
        if cleaned is not None:
            fresh: dict[str, Any] = _fresh(cleaned)
            return fresh
        reading = _ReadingClock(clock)
        with using_clock(reading):
            cleaned = self.forms.validate(key, data)
        if _plain(cleaned):
            if not reading.read:
                if len(self._timeless) >= TIMELESS_LIMIT:
                    self._timeless = {}
                self._timeless[memo] = _fresh(cleaned)
            else:
                self._of_the_day[memo] = _fresh(cleaned)
        return cleaned
