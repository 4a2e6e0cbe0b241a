"""The allow-listed functions BPMN expressions may call. No I/O, no imports, no wall clock:
"now" is the injected clock of the operation in progress.

Timer expressions use `due_in(term, rule)` (a `timeDate` expression) so that statutory terms are
computed by `engine.deadlines` (month ends, working days, Algemene termijnenwet) and not by
SpiffWorkflow's ISO arithmetic, which gives 31 Jan + P1M = 3 Mar.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Callable

from engine.clock import current_clock
from engine.deadlines import Rule, Term, compute_deadline, due_datetime


def due_in(term: str, rule: str = "calendar", since: str | None = None) -> str:
    """ISO due moment of `term` counted from `since` (ISO date/datetime) or from now."""
    parsed = Term.parse(term)
    base: dt.date | dt.datetime
    if since:
        base = dt.datetime.fromisoformat(since) if "T" in since else dt.date.fromisoformat(since)
    else:
        base = current_clock().now()
    if not parsed.hours and isinstance(base, dt.datetime):
        base = base.astimezone(_AMSTERDAM).date()
    return due_datetime(compute_deadline(base, parsed, Rule(rule))).isoformat()


def today() -> str:
    return current_clock().now().astimezone(_AMSTERDAM).date().isoformat()


def now() -> str:
    return current_clock().now().isoformat()


def _amsterdam() -> dt.tzinfo:
    from zoneinfo import ZoneInfo

    return ZoneInfo("Europe/Amsterdam")


_AMSTERDAM = _amsterdam()

FUNCTIONS: dict[str, Callable[..., Any]] = {"due_in": due_in, "today": today, "now": now}
