"""Statutory date arithmetic: when does a term end, and why.

Legal basis, applied in this order:
  - Awb art. 6:8 -- a term starts on the day after the event (the decision was sent, the letter
    received, ...). The event day itself never counts.
  - Calendar end -- a term of N days or weeks ends N days / N weeks after the event day; a term of N
    months or years ends on the same day number N months later, or on the last day of that month when
    the day number does not exist there (31 January + 1 month = 28/29 February).
  - Algemene termijnenwet (Atw) art. 1 lid 1 -- a statutory term that ends on a Saturday, Sunday or
    recognised holiday runs on to the next day that is none of these.
  - Atw art. 2 -- a term of at least three days is extended as needed so that it contains at least
    two days that are not a Saturday, Sunday or recognised holiday.
  - Atw art. 3 -- the recognised holidays and the days equated to them: see ``engine.atw_holidays``.
  - Atw art. 4 -- lists terms to which the Act does not apply. Whether a given term is excepted (by
    art. 4 or by the statute that sets the term) is a legal choice made by the caller: such terms use
    ``Rule.CALENDAR`` instead of ``Rule.STATUTORY``. Backward-counted terms (Atw art. 1 lid 2) are not
    computed here at all.
Terms in hours are exact moments: the Atw extends terms that end on a *day*, so an hour term is never
extended, whatever the rule.

Pure functions; the only I/O is reading the equated-days table through ``engine.atw_holidays``.
"""
from __future__ import annotations

import calendar
import datetime as dt
import enum
import re
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from engine.atw_holidays import atw_holiday, statutory_holidays

UTC = dt.timezone.utc
LEGAL_TZ = "Europe/Amsterdam"  # the calendar day of an aware event is its day in this zone
_FREE = "a Saturday, Sunday or recognised holiday"
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WEEKDAYS_NL = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
_FREE_NL = "een zaterdag, zondag of algemeen erkende feestdag"
_TERM_RE = re.compile(
    r"P(?:(?P<years>[0-9]+)Y)?(?:(?P<months>[0-9]+)M)?(?:(?P<weeks>[0-9]+)W)?(?:(?P<days>[0-9]+)D)?"
    r"(?:T(?P<hours>[0-9]+)H)?"
)


class InvalidTerm(ValueError):
    """A term that cannot be used: not ISO-8601, zero, negative, or not allowed with the chosen rule."""


class Rule(str, enum.Enum):
    CALENDAR = "calendar"  # plain calendar arithmetic, no extension
    WORKING_DAYS = "working-days"  # count only Monday-Friday that are not Atw holidays
    STATUTORY = "statutory"  # calendar end, then Atw art. 1 and 2


_RULE_NL = {Rule.CALENDAR: "kalenderdagen", Rule.WORKING_DAYS: "werkdagen", Rule.STATUTORY: "wettelijke termijn (Atw)"}


@dataclass(frozen=True)
class Step:
    """One line of the derivation of a deadline."""

    day: dt.date | None
    text: str
    text_nl: str = field(default="", compare=False)  # the same line in Dutch, for the case file

    def to_dict(self) -> dict[str, Any]:
        return {"day": self.day.isoformat() if self.day else None, "text": self.text, "text_nl": self.text_nl}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Step":
        return cls(dt.date.fromisoformat(data["day"]) if data["day"] else None, data["text"],
                   data.get("text_nl", ""))


def _check_term(parts: tuple[Any, ...], text: str | None) -> None:
    """Shared validation of (years, months, weeks, days, hours); messages name ``text`` when given."""
    if any(not isinstance(p, int) or isinstance(p, bool) or p < 0 for p in parts):
        raise InvalidTerm(f"term {parts!r} (years, months, weeks, days, hours) must be whole numbers >= 0")
    name = repr(text) if text is not None else repr(parts)
    if not any(parts):
        raise InvalidTerm(f"term {name} is zero; a term is at least one day or one hour")
    if parts[4] and (parts[0] or parts[1]):
        raise InvalidTerm(f"term {name} mixes hours with months or years")


@dataclass(frozen=True)
class Term:
    """A parsed ISO-8601 duration. Only whole years, months, weeks, days and hours are supported."""

    years: int = 0
    months: int = 0
    weeks: int = 0
    days: int = 0
    hours: int = 0

    def __post_init__(self) -> None:
        _check_term(self.parts, None)

    @property
    def parts(self) -> tuple[int, int, int, int, int]:
        """(years, months, weeks, days, hours)."""
        return (self.years, self.months, self.weeks, self.days, self.hours)

    @classmethod
    def parse(cls, text: str) -> "Term":
        """Parse "P6W", "P3M", "P1Y", "P5D", "PT36H", "P1Y2M", ...; raise InvalidTerm naming ``text``."""
        if not isinstance(text, str):
            raise InvalidTerm(f"term must be an ISO-8601 duration string such as 'P6W', got {text!r}")
        clean = text.strip().upper()
        if clean.startswith("-"):
            raise InvalidTerm(f"term {text!r} is negative; terms run forward from the event")
        match = _TERM_RE.fullmatch(clean)
        if match is None or not any(match.groupdict().values()):
            raise InvalidTerm(
                f"term {text!r} is not an ISO-8601 duration in whole years, months, weeks, days or hours "
                "(e.g. P5D, P6W, P3M, P1Y, P1Y2M, PT36H)"
            )
        values = {k: int(v or 0) for k, v in match.groupdict().items()}
        _check_term(tuple(values.values()), text)
        return cls(**values)

    def isoformat(self) -> str:
        date_part = "".join(f"{v}{u}" for v, u in zip(self.parts[:4], "YMWD") if v)
        return "P" + date_part + (f"T{self.hours}H" if self.hours else "")

    __str__ = isoformat

    @property
    def in_hours(self) -> bool:
        return self.hours > 0

    def describe(self) -> str:
        names = zip(self.parts, ("year", "month", "week", "day", "hour"))
        parts = [f"{v} {n}{'' if v == 1 else 's'}" for v, n in names if v]
        return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


@dataclass(frozen=True)
class Deadline:
    """The outcome of ``compute_deadline``: the last day (or moment) and the steps that led to it."""

    base: dt.date | dt.datetime
    term: str
    rule: Rule
    due: dt.date | dt.datetime  # a date for day/week/month/year terms; an aware UTC datetime for hours
    steps: tuple[Step, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "base": self.base.isoformat(),
            "term": self.term,
            "rule": self.rule.value,
            "deadline": self.due.isoformat(),
            "steps": [s.to_dict() for s in self.steps],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Deadline":
        """Inverse of ``to_dict`` (e.g. after a JSON round trip)."""
        return cls(
            base=_parse_iso(data["base"]),
            term=data["term"],
            rule=Rule(data["rule"]),
            due=_parse_iso(data["deadline"]),
            steps=tuple(Step.from_dict(s) for s in data["steps"]),
        )

    def explain(self, lang: str = "en") -> str:
        """Human-readable derivation: the last day (or moment) first, then every step (English or Dutch)."""
        if lang == "nl":
            head = "Uiterste moment" if isinstance(self.due, dt.datetime) else "Laatste dag"
            lines = [f"{head}: {self.due.isoformat()} (termijn {self.term} vanaf {self.base.isoformat()}, "
                     f"regel {_RULE_NL[self.rule]})"]
            lines += [f"  - {s.text_nl or s.text}" for s in self.steps]
            return "\n".join(lines)
        head = "Deadline" if isinstance(self.due, dt.datetime) else "Last day"
        lines = [
            f"{head}: {self.due.isoformat()} "
            f"(term {self.term} from {self.base.isoformat()}, rule {self.rule.value})"
        ]
        lines += [f"  - {s.text}" for s in self.steps]
        return "\n".join(lines)


def _parse_iso(text: str) -> dt.date | dt.datetime:
    return dt.datetime.fromisoformat(text) if "T" in text else dt.date.fromisoformat(text)


def is_working_day(day: dt.date) -> bool:
    """Monday-Friday and not a recognised holiday or equated day (Atw art. 3)."""
    return day.weekday() < 5 and atw_holiday(day) is None


def _why_not_working_nl(day: dt.date) -> str:
    reasons = [f"een {_WEEKDAYS_NL[day.weekday()]}"] if day.weekday() >= 5 else []
    holiday = statutory_holidays(day.year).get(day)
    if holiday:
        reasons.append(holiday)
    elif atw_holiday(day):
        reasons.append("een bij koninklijk besluit met een feestdag gelijkgestelde dag (Atw art. 3 lid 3)")
    return " en ".join(reasons)


def _why_not_working(day: dt.date) -> str:
    reasons = [f"a {_WEEKDAYS[day.weekday()]}"] if day.weekday() >= 5 else []
    holiday = atw_holiday(day)
    if holiday:
        reasons.append(holiday)
    return " and ".join(reasons)


def add_working_days(base: dt.date, days: int) -> dt.date:
    """The ``days``-th working day after ``base`` (counting starts the day after, Awb art. 6:8)."""
    if not isinstance(days, int) or days < 0:
        raise ValueError(f"add_working_days: days must be a whole number >= 0, got {days!r}")
    day = base
    while days:
        day += dt.timedelta(days=1)
        days -= is_working_day(day)
    return day


def add_months(day: dt.date, months: int) -> tuple[dt.date, bool]:
    """Same day number ``months`` later, clamped to the month end; also says whether it was clamped."""
    year, month0 = divmod(day.month - 1 + months, 12)
    year += day.year
    if year > dt.MAXYEAR:
        raise OverflowError(f"{day} + {months} months is beyond the year {dt.MAXYEAR}")
    last = calendar.monthrange(year, month0 + 1)[1]
    return dt.date(year, month0 + 1, min(day.day, last)), day.day > last


def _event_day(base: dt.date | dt.datetime) -> dt.date:
    if isinstance(base, dt.datetime):
        return base.astimezone(ZoneInfo(LEGAL_TZ)).date() if base.utcoffset() is not None else base.date()
    return base


def compute_deadline(
    base: dt.date | dt.datetime, term: str | Term, rule: Rule | str = Rule.CALENDAR
) -> Deadline:
    """Compute the end of ``term`` counted from the event at ``base`` under ``rule``.

    Day-based terms return the last day (a ``date``); an aware datetime base is first placed on its
    calendar day in Europe/Amsterdam. Hour terms need an aware datetime base and return base + hours.
    """
    if not isinstance(base, dt.date):
        raise TypeError(f"base must be a date or datetime, got {base!r}")
    parsed = term if isinstance(term, Term) else Term.parse(term)
    try:
        rule = Rule(rule)
    except ValueError:
        raise ValueError(f"unknown rule {rule!r}; expected one of {[r.value for r in Rule]}") from None
    due: dt.date | dt.datetime
    try:
        if parsed.in_hours:
            due, steps = _hour_term(base, parsed)
        else:
            due, steps = _day_term(_event_day(base), parsed, rule, base)
    except OverflowError:
        raise InvalidTerm(f"term {parsed} from {base.isoformat()} ends beyond the year 9999") from None
    return Deadline(base=base, term=parsed.isoformat(), rule=rule, due=due, steps=tuple(steps))


def _hour_term(base: dt.date | dt.datetime, term: Term) -> tuple[dt.datetime, list[Step]]:
    if not isinstance(base, dt.datetime) or base.utcoffset() is None:
        raise ValueError(
            f"an hour term ({term}) needs an aware datetime base (with a time zone), got {base.isoformat()!r}"
        )
    hours = term.hours + 24 * (term.days + 7 * term.weeks)
    # Elapsed time, computed in UTC: a term across a DST change still lasts exactly `hours` hours. The
    # result stays in UTC because local times in the autumn fold compare unequal across zones (PEP 495).
    due = base.astimezone(UTC) + dt.timedelta(hours=hours)
    return due, [
        Step(None, f"Hour term: {hours} hours run from the moment of the event, {base.isoformat()}",
             f"Termijn in uren: {hours} uur vanaf het moment van de gebeurtenis, {base.isoformat()}"),
        Step(None, f"{base.isoformat()} + {hours} hours = {due.isoformat()}",
             f"{base.isoformat()} + {hours} uur = {due.isoformat()}"),
        Step(None, "The Algemene termijnenwet (art. 1, 2) extends terms that end on a day, not terms in "
                   "hours: no extension",
             "De Algemene termijnenwet (art. 1, 2) verlengt termijnen die op een dag eindigen, geen termijnen "
             "in uren: geen verlenging"),
    ]


def _day_term(
    event: dt.date, term: Term, rule: Rule, base: dt.date | dt.datetime
) -> tuple[dt.date, list[Step]]:
    start = event + dt.timedelta(days=1)
    steps: list[Step] = []
    if isinstance(base, dt.datetime) and base.utcoffset() is not None and base.date() != event:
        steps.append(Step(event, f"The event at {base.isoformat()} falls on {event} in {LEGAL_TZ}",
                          f"De gebeurtenis op {base.isoformat()} valt op {event} ({LEGAL_TZ})"))
    steps.append(Step(start, f"Term starts the day after {event}: {start} (Awb art. 6:8)",
                      f"De termijn begint de dag na {event}: {start} (art. 6:8 Awb)"))
    if rule is Rule.WORKING_DAYS:
        return _working_days(event, term, steps)
    end, clamped = add_months(event, 12 * term.years + term.months)
    end += dt.timedelta(days=term.days + 7 * term.weeks)
    note = f" (day {event.day} does not exist in that month: last day of the month)" if clamped else ""
    note_nl = f" (dag {event.day} bestaat niet in die maand: laatste dag van de maand)" if clamped else ""
    steps.append(Step(end, f"Calendar end of a term of {term.describe()}: {end}{note}",
                      f"Kalendereinde van een termijn van {term.isoformat()}: {end}{note_nl}"))
    if rule is Rule.STATUTORY:
        end = _atw_extend(event, end, steps)
    else:
        steps.append(Step(end, "Rule 'calendar': not extended for weekends or holidays",
                          "Regel 'kalender': geen verlenging voor weekend of feestdagen"))
    steps.append(Step(end, f"Last day of the term: {end}", f"Laatste dag van de termijn: {end}"))
    return end, steps


def _atw_extend(event: dt.date, end: dt.date, steps: list[Step]) -> dt.date:
    """Atw art. 1 (run on past Saturday/Sunday/holiday) and art. 2 (at least two such-free days)."""
    calendar_end = end
    end = _run_on(end, steps)
    if end != calendar_end:
        steps.append(Step(end, f"{end} is the first day that is not {_FREE} (Atw art. 1)",
                          f"{end} is de eerste dag die niet {_FREE_NL} is (Atw art. 1)"))
    if (calendar_end - event).days >= 3:
        free = sum(is_working_day(event + dt.timedelta(days=i)) for i in range(1, (end - event).days + 1))
        if free < 2:
            steps.append(Step(end, (
                f"The term {event + dt.timedelta(days=1)}..{end} contains only {free} day(s) that are not "
                f"{_FREE}; a term of at least three days must contain two (Atw art. 2)"
            ), (
                f"De termijn {event + dt.timedelta(days=1)}..{end} bevat maar {free} dag(en) die niet "
                f"{_FREE_NL} zijn; een termijn van ten minste drie dagen moet er twee bevatten (Atw art. 2)"
            )))
            while free < 2:
                end = _run_on(end + dt.timedelta(days=1), steps)
                free += 1
            steps.append(Step(end, f"Extended to {end} (Atw art. 2)", f"Verlengd tot {end} (Atw art. 2)"))
    return end


def _run_on(day: dt.date, steps: list[Step]) -> dt.date:
    while not is_working_day(day):
        steps.append(Step(day, f"{day} is {_why_not_working(day)}: term runs on",
                          f"{day} is {_why_not_working_nl(day)}: de termijn loopt door"))
        day += dt.timedelta(days=1)
    return day


def _working_days(event: dt.date, term: Term, steps: list[Step]) -> tuple[dt.date, list[Step]]:
    if term.years or term.months:
        raise InvalidTerm(f"term {term} has months/years; rule 'working-days' counts only days and weeks")
    count = term.days + 5 * term.weeks
    event + dt.timedelta(days=count)  # fail fast (OverflowError): N working days take >= N calendar days
    steps.append(Step(None, (
        f"Counting {count} working days (Monday-Friday, not an Atw holiday or equated day)"
        + (f"; {term.weeks} week(s) count as 5 working days each" if term.weeks else "")
    ), (
        f"Telling van {count} werkdagen (maandag tot en met vrijdag, geen feestdag of gelijkgestelde dag "
        f"volgens de Atw)" + (f"; {term.weeks} week telt als 5 werkdagen" if term.weeks else "")
    )))
    day, counted = event, 0
    while counted < count:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            counted += 1
        else:
            steps.append(Step(day, f"{day} is {_why_not_working(day)}: not a working day",
                              f"{day} is {_why_not_working_nl(day)}: geen werkdag"))
    steps.append(Step(day, f"Last day of the term: {day} (working day {count})",
                      f"Laatste dag van de termijn: {day} (werkdag {count})"))
    return day, steps


def due_datetime(deadline: Deadline, tz: str = LEGAL_TZ) -> dt.datetime:
    """The moment the term expires, as an aware UTC datetime.

    For a day-based term: the end of the last day, 23:59:59 local time in ``tz``. For an hour term: the
    due moment itself.
    """
    if isinstance(deadline.due, dt.datetime):
        return deadline.due.astimezone(UTC)
    return dt.datetime.combine(deadline.due, dt.time(23, 59, 59), tzinfo=ZoneInfo(tz)).astimezone(UTC)


@dataclass(frozen=True)
class Resumption:
    """Where a paused deadline lands when the pause ends, and why (English and Dutch)."""

    due: dt.datetime
    text: str
    text_nl: str


def resume_after_pause(due: dt.datetime, paused_at: dt.datetime, resumed_at: dt.datetime,
                       rule: Rule | str | None) -> Resumption:
    """The due moment of a deadline that stood still from `paused_at` to `resumed_at` (a missing child):
    the term goes on with what it had left, counted the way the term itself counts.

    - working days: the working days still to come after the day of the pause (up to and including the
      last day) are counted again from the day of the return, so holidays and weekends in the new stretch
      count as they should, not as the calendar days of the old stretch did;
    - a statutory term (Atw): moves on by the time it stood still, and a new end on a Saturday, Sunday or
      holiday runs on to the next working day (Atw art. 1);
    - hours and plain calendar terms: move on by the time they stood still.
    """
    tz = ZoneInfo(LEGAL_TZ)
    local_due = due.astimezone(tz)
    try:
        rule = Rule(rule) if rule else Rule.CALENDAR
    except ValueError:
        rule = Rule.CALENDAR
    if rule is Rule.WORKING_DAYS:
        pause_day, due_day = paused_at.astimezone(tz).date(), local_due.date()
        left = sum(is_working_day(pause_day + dt.timedelta(days=i)) for i in range(1, (due_day - pause_day).days + 1))
        new_day = add_working_days(resumed_at.astimezone(tz).date(), left)
        moved = dt.datetime.combine(new_day, local_due.timetz().replace(tzinfo=None), tzinfo=tz).astimezone(UTC)
        return Resumption(moved, f"{left} working day(s) were left; counted again from the return: last day {new_day}",
                          f"Er restten {left} werkdag(en); opnieuw geteld vanaf de terugkeer: laatste dag {new_day}")
    moved = (due + (resumed_at - paused_at)).astimezone(UTC)
    if rule is Rule.STATUTORY:
        steps: list[Step] = []
        new_day = _run_on(moved.astimezone(tz).date(), steps)
        if new_day != moved.astimezone(tz).date():
            moved = dt.datetime.combine(new_day, local_due.timetz().replace(tzinfo=None), tzinfo=tz).astimezone(UTC)
            return Resumption(moved, f"Moved on by the time it stood still; the new end runs on to {new_day} "
                                     "(Atw art. 1)",
                              f"Schuift evenveel op als het stilstond; het nieuwe einde loopt door tot {new_day} "
                              "(art. 1 Atw)")
    return Resumption(moved, "Moved on by the time it stood still", "Schuift evenveel op als het stilstond")
