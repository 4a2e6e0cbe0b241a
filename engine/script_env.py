"""The allow-listed functions BPMN expressions may call. No I/O, no imports, no wall clock:
"now" is the injected clock of the operation in progress.

Timer expressions use `due_in(term, rule)` (a `timeDate` expression) so that statutory terms are
computed by `engine.deadlines` (month ends, working days, Algemene termijnenwet) and not by
SpiffWorkflow's ISO arithmetic, which gives 31 Jan + P1M = 3 Mar.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Callable, Mapping

from engine.clock import current_clock
from engine.deadlines import Deadline, Rule, Term, compute_deadline, due_datetime


def due_in(term: str | Mapping[str, Any], rule: str = "calendar",
           since: str | dt.date | None = None) -> str:
    """ISO due moment of `term` counted from `since` (ISO date/datetime, or a date) or from now.

    `term` may be a policy entry ({"term": "P3M", "rule": "calendar", "source": ...}): its own rule
    then applies, so a model names the legal value instead of repeating it."""
    return due_datetime(deadline_of(term, rule, since)).isoformat()


def deadline_of(term: str | Mapping[str, Any], rule: str = "calendar",
                since: str | dt.date | None = None) -> Deadline:
    """The deadline `due_in` returns the moment of, with the steps that led to it."""
    if isinstance(term, Mapping):
        rule = str(term.get("rule", "calendar"))
        term = str(term["term"])
    parsed = Term.parse(term)
    base: dt.date | dt.datetime
    if isinstance(since, (dt.date, dt.datetime)):
        base = since
    elif since:
        base = dt.datetime.fromisoformat(since) if "T" in since else dt.date.fromisoformat(since)
    else:
        base = current_clock().now()
    if not parsed.hours and isinstance(base, dt.datetime):
        base = base.astimezone(_AMSTERDAM).date()
    return compute_deadline(base, parsed, Rule(rule))


def today() -> str:
    return current_clock().now().astimezone(_AMSTERDAM).date().isoformat()


def now() -> str:
    return current_clock().now().isoformat()


def _amsterdam() -> dt.tzinfo:
    from zoneinfo import ZoneInfo

    return ZoneInfo("Europe/Amsterdam")


_AMSTERDAM = _amsterdam()

def _as_date(value: str | dt.date) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def age_on(birth_date: str | dt.date, on: str | dt.date | None = None) -> int:
    """Age in whole years on `on` (default: today, Amsterdam)."""
    born, day = _as_date(birth_date), _as_date(on or today())
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def comes_of_age(birth_date: str | dt.date, majority: int | Mapping[str, Any] = 18) -> str:
    """ISO moment (00:00 Amsterdam) the person reaches `majority` (a number or the policy entry
    `policy["age_of_majority"]`, art. 1:233 BW): the date timer that moves a minor to the adult route.
    Someone born on 29 February comes of age on 1 March in a common year."""
    years = majority_years(majority)
    born = _as_date(birth_date)
    try:
        day = born.replace(year=born.year + years)
    except ValueError:
        day = dt.date(born.year + years, 3, 1)
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=_AMSTERDAM).isoformat()


def is_minor(birth_date: str | dt.date | None, majority: int | Mapping[str, Any] = 18) -> bool:
    if not birth_date:
        return False
    return age_on(birth_date) < majority_years(majority)


def majority_years(majority: int | Mapping[str, Any]) -> int:
    """The age of majority: a number, or the policy entry holding it (`policy["age_of_majority"]`)."""
    return int(majority["value"]) if isinstance(majority, Mapping) else int(majority)


def signal_moment(signal_date: str | dt.date, signal_time: str | None, received_at: str) -> str:
    """ISO moment of the signal (Amsterdam time): its date and time to the minute. Without a time, the
    moment of registration when the signal came in today, else the start of the signal's day, so the
    36-hour placement term never runs later than the law allows."""
    day = _as_date(signal_date)
    received = dt.datetime.fromisoformat(received_at).astimezone(_AMSTERDAM)
    if signal_time:
        hours, minutes = (int(part) for part in str(signal_time).split(":")[:2])
        return dt.datetime.combine(day, dt.time(hours, minutes), tzinfo=_AMSTERDAM).isoformat()
    if day == received.date():
        return received.isoformat()
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=_AMSTERDAM).isoformat()


def policy_term(entry: Mapping[str, Any]) -> str:
    """The term of a policy entry (for letters and documentation inside the models)."""
    return str(entry["term"])


FUNCTIONS: dict[str, Callable[..., Any]] = {"due_in": due_in, "today": today, "now": now, "age_on": age_on,
                                            "comes_of_age": comes_of_age, "is_minor": is_minor,
                                            "policy_term": policy_term, "signal_moment": signal_moment}
