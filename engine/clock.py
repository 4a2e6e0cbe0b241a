"""The only place that reads the wall clock.

Statutory timers run for months; tests, training sessions and policy simulations must be able to move
time. Every component receives a `Clock`; SpiffWorkflow's timer module is pointed at the clock of the
operation in progress through a context variable (see `engine.runtime`).
"""
from __future__ import annotations

import contextvars
import datetime as dt
import threading
from contextlib import contextmanager
from typing import Iterator, Protocol

UTC = dt.timezone.utc


class Clock(Protocol):
    def now(self) -> dt.datetime:
        """An aware UTC datetime."""


class SystemClock:
    def now(self) -> dt.datetime:
        return dt.datetime.now(UTC)


class VirtualClock:
    """A clock that only moves when told to: tests and simulation."""

    def __init__(self, start: dt.datetime | None = None) -> None:
        start = start or dt.datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
        if start.tzinfo is None:
            raise ValueError("VirtualClock needs an aware datetime")
        self._now = start.astimezone(UTC)
        self._lock = threading.Lock()

    def now(self) -> dt.datetime:
        with self._lock:
            return self._now

    def advance(self, delta: dt.timedelta) -> dt.datetime:
        if delta < dt.timedelta(0):
            raise ValueError("a clock does not run backwards")
        with self._lock:
            self._now += delta
            return self._now

    def set(self, moment: dt.datetime) -> None:
        with self._lock:
            self._now = moment.astimezone(UTC)


class OffsetClock:
    """Real time shifted by a fixed offset: training mode, where `erkend clock advance` stores the offset."""

    def __init__(self, offset: dt.timedelta, base: Clock | None = None) -> None:
        self.offset = offset
        self._base = base or SystemClock()

    def now(self) -> dt.datetime:
        return self._base.now() + self.offset


_SYSTEM_CLOCK = SystemClock()
_current: contextvars.ContextVar[Clock | None] = contextvars.ContextVar("erkend_clock", default=None)


def current_clock() -> Clock:
    """The clock of the operation in progress; the real clock outside one."""
    return _current.get() or _SYSTEM_CLOCK


@contextmanager
def using_clock(clock: Clock) -> Iterator[Clock]:
    token = _current.set(clock)
    try:
        yield clock
    finally:
        _current.reset(token)
