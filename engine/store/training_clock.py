"""Training mode's shared virtual clock: real time plus an offset kept in the database, so that
`erkend clock advance P3M` moves the clock of the web server and the worker alike."""
from __future__ import annotations

import calendar
import datetime as dt
import time

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from engine.clock import Clock, SystemClock
from engine.deadlines import Term
from engine.store.db import READ_ONLY, WRITE
from engine.store.tables import ClockSetting

_CACHE_SECONDS = 1.0


class StoredOffsetClock:
    def __init__(self, db: Engine, base: Clock | None = None) -> None:
        self._db = db
        self._base = base or SystemClock()
        self._offset = dt.timedelta(0)
        self._read_at = -_CACHE_SECONDS

    def offset(self) -> dt.timedelta:
        if time.monotonic() - self._read_at >= _CACHE_SECONDS:
            with self._db.connect().execution_options(**{READ_ONLY: True}) as conn:
                seconds = conn.scalar(select(ClockSetting.offset_seconds).where(ClockSetting.id == 1))
                self._offset = dt.timedelta(seconds=seconds or 0.0)
            self._read_at = time.monotonic()
        return self._offset

    def now(self) -> dt.datetime:
        return self._base.now() + self.offset()

    def advance(self, delta: dt.timedelta) -> dt.datetime:
        if delta <= dt.timedelta(0):
            raise ValueError("the training clock only moves forward")
        with Session(self._db, execution_options={WRITE: True}) as session, session.begin():
            row = session.get(ClockSetting, 1, with_for_update=True)
            if row is None:
                row = ClockSetting(id=1, offset_seconds=0.0)
                session.add(row)
            row.offset_seconds += delta.total_seconds()
        self._read_at = -_CACHE_SECONDS
        return self.now()


def term_delta(moment: dt.datetime, term: str) -> dt.timedelta:
    """How far `erkend clock advance TERM` moves the clock: months and years as calendar months,
    clamped to the month end (31 Jan + P1M = 28 Feb), the rest as fixed lengths."""
    parsed = Term.parse(term)
    months = parsed.years * 12 + parsed.months
    year, month = divmod(moment.month - 1 + months, 12)
    year += moment.year
    month += 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    shifted = moment.replace(year=year, month=month, day=day)
    return (shifted - moment) + dt.timedelta(weeks=parsed.weeks, days=parsed.days, hours=parsed.hours)
