"""When a resource works: days of the week, working hours and the Dutch public holidays.

A panel that sits on Tuesdays and Thursdays from 9 to 17, or an IND desk that works weekdays but not on
King's Day, turns the same amount of work into more calendar time. Work is measured in working days of
the resource's own calendar (a working day is its hours, e.g. 8); `finish` says when work started at a
given moment ends, carrying over to the next working day when a day runs out.

Simulated time is days (floats) since the scenario's origin, a day at 09:00 Amsterdam time. The calendar
reasons in local wall-clock time measured from local midnight of the start date, so a working day of
9-17 is always 9-17 local, summer or winter (a DST shift moves an hour of work, not a day).

Holidays are those of the Algemene termijnenwet (engine.atw_holidays), the same list the statutory
deadlines use: Easter, King's Day, Ascension, Whit Monday, Christmas, New Year, Liberation Day every
fifth year, and the equated days.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from functools import lru_cache

from engine.atw_holidays import atw_holiday

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ORIGIN_HOUR = 9.0  # the scenario's origin is 09:00 on its start date (see scheduler)
# The weekdays a panel sits on when only its number of sessions a week is given: spread over the week.
SESSION_DAYS = {1: ("wed",), 2: ("tue", "thu"), 3: ("mon", "wed", "fri"), 4: ("mon", "tue", "thu", "fri"),
                5: ("mon", "tue", "wed", "thu", "fri")}


@lru_cache(maxsize=4096)
def _holiday(day: dt.date) -> bool:
    return atw_holiday(day) is not None


@dataclass(frozen=True)
class Calendar:
    days: tuple[str, ...] = WEEKDAYS[:5]
    start_hour: float = 9.0
    end_hour: float = 17.0
    holidays: bool = True  # no work on the Dutch public holidays

    @property
    def hours_per_day(self) -> float:
        return self.end_hour - self.start_hour

    def with_sessions(self, per_week: int) -> "Calendar":
        return Calendar(SESSION_DAYS[per_week], self.start_hour, self.end_hour, self.holidays)

    def works_on(self, day: dt.date) -> bool:
        return WEEKDAYS[day.weekday()] in self.days and not (self.holidays and _holiday(day))

    def finish(self, start: dt.date, at: float, work_days: float) -> float:
        """The simulated moment (days since the origin, `start` 09:00) when `work_days` working days of
        work, begun at `at`, are done. Zero work ends at the next working moment."""
        hours_left = work_days * self.hours_per_day
        clock = (at * 24.0) + ORIGIN_HOUR  # hours since local midnight of `start`
        for _ in range(100_000):  # a calendar with no working day at all would loop for ever
            day_index = math.floor(clock / 24.0)
            hour = clock - day_index * 24.0
            if self.works_on(start + dt.timedelta(days=day_index)) and hour < self.end_hour:
                begin = max(hour, self.start_hour)
                available = self.end_hour - begin
                if hours_left <= available:
                    return (day_index * 24.0 + begin + hours_left - ORIGIN_HOUR) / 24.0
                hours_left -= available
            clock = (day_index + 1) * 24.0
        raise ValueError("the calendar has no working day")

    def working_days(self, start: dt.date, days: float) -> float:
        """How many working days (of this calendar's hours) the first `days` simulated days hold: the
        capacity a resource with this calendar offers, for its utilisation."""
        whole = int(days)
        count = sum(1 for i in range(whole + 1) if self.works_on(start + dt.timedelta(days=i)))
        return float(count)


ALWAYS = Calendar(WEEKDAYS, 0.0, 24.0, False)
