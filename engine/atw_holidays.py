"""The recognised holidays of the Algemene termijnenwet (Atw) and the days equated to them.

Atw art. 3 lid 1 names the "algemeen erkende feestdagen": Nieuwjaarsdag, the Christian tweede Paasdag
and tweede Pinksterdag, both Kerstdagen, Hemelvaartsdag, the day on which the King's birthday is
celebrated (Koningsdag: 27 April, or 26 April when 27 April is a Sunday) and 5 May (Bevrijdingsdag,
*every* year -- unlike many collective labour agreements and the ``holidays`` PyPI package, which treat
5 May as a day off only every fifth year). Easter Sunday and Whit Sunday are Sundays and need no entry.
Atw art. 3 lid 2 equates Goede Vrijdag. Atw art. 3 lid 3 lets the Crown equate further days by decree;
those are read from ``engine/data/atw_equated_days.csv`` (columns ``date, reason, source``).

Before 2014 the monarch's birthday was Koninginnedag, 30 April (29 April when 30 April was a Sunday);
that rule is applied for 1949-2013 so that historical dates come out right.

Sources for the equated days (Atw art. 3 lid 3). The decrees themselves (Staatscourant) could not be
read from here; each was found quoted by title or content on a secondary page, and every listed date
is the day the usual pattern predicts (Friday after Hemelvaartsdag, bridge days next to a holiday on a
Tuesday or Thursday):
  - 2017-2019: Besluit van 31 oktober 2016, Stcrt. 2016, 58653 (listed at uitvaart.nl, vraag 50535;
    2019 corroborated by deurwaarder pages).
  - 2020-2022: Besluit van 20 september 2019 (legal-support-office.nl; 2021 and 2022 corroborated).
  - 2023-2025: "Besluit gelijkstelling van 28 april 2023, 19 mei 2023, 10 mei 2024, 27 december 2024
    en 30 mei 2025 met een algemeen erkende feestdag" (title quoted at sterfgeval.nl, vraag 70745;
    2023 corroborated by deurwaarder pages).
  - 2026-2028: "Besluit gelijkstelling van 2 januari 2026, 15 mei 2026, 7 mei 2027, 28 april 2028 en
    26 mei 2028 met een algemeen erkende feestdag" (title quoted at sterfgeval.nl, vraag 70745).
UNVERIFIED: equated days before 2017 and from 2029 on are not in the table (no decree found / not yet
published). For those years only the statutory days of art. 3 lid 1 and 2 are known here; add rows to
the CSV when a decree is published -- never guess them.
"""
from __future__ import annotations

import csv
import datetime as dt
from functools import lru_cache
from pathlib import Path

EQUATED_DAYS_CSV = Path(__file__).with_name("data") / "atw_equated_days.csv"

_ART3 = "(Atw art. 3)"


def easter_sunday(year: int) -> dt.date:
    """Easter Sunday of the Gregorian calendar (anonymous Gregorian / Meeus-Jones-Butcher algorithm)."""
    if year < 1583:
        raise ValueError(f"easter_sunday: {year} is before the Gregorian calendar (1583)")
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def kings_day(year: int) -> dt.date:
    """The day the monarch's birthday is celebrated (Atw art. 3 lid 1).

    Koningsdag from 2014: 27 April, 26 April when 27 April is a Sunday. Koninginnedag 1949-2013: 30 April,
    29 April when 30 April is a Sunday.
    """
    if year >= 2014:
        day = dt.date(year, 4, 27)
    else:
        day = dt.date(year, 4, 30)
    return day - dt.timedelta(days=1) if day.weekday() == 6 else day


@lru_cache(maxsize=None)
def equated_days() -> dict[dt.date, str]:
    """Days equated to a recognised holiday by decree (Atw art. 3 lid 3), from the CSV table."""
    table: dict[dt.date, str] = {}
    with EQUATED_DAYS_CSV.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            day = dt.date.fromisoformat(row["date"].strip())
            if not row.get("reason", "").strip() or not row.get("source", "").strip():
                raise ValueError(f"{EQUATED_DAYS_CSV.name}: {day} needs a reason and a source")
            table[day] = row["reason"].strip()
    return table


@lru_cache(maxsize=256)
def statutory_holidays(year: int) -> dict[dt.date, str]:
    """The holidays of Atw art. 3 lid 1 and 2 in ``year``: date -> reason (Dutch name + "(Atw art. 3)")."""
    easter = easter_sunday(year)
    named: list[tuple[dt.date, str]] = [
        (dt.date(year, 1, 1), "Nieuwjaarsdag"),
        (easter - dt.timedelta(days=2), "Goede Vrijdag"),
        (easter + dt.timedelta(days=1), "tweede Paasdag"),
        (kings_day(year), "Koningsdag" if year >= 2014 else "Koninginnedag"),
        (dt.date(year, 5, 5), "Bevrijdingsdag"),
        (easter + dt.timedelta(days=39), "Hemelvaartsdag"),
        (easter + dt.timedelta(days=50), "tweede Pinksterdag"),
        (dt.date(year, 12, 25), "eerste Kerstdag"),
        (dt.date(year, 12, 26), "tweede Kerstdag"),
    ]
    names: dict[dt.date, list[str]] = {}
    for day, name in named:  # e.g. 5 May 2005 was both Bevrijdingsdag and Hemelvaartsdag
        names.setdefault(day, []).append(name)
    return {day: " and ".join(parts) + " " + _ART3 for day, parts in names.items()}


def atw_holiday(day: dt.date) -> str | None:
    """Why ``day`` is a recognised holiday or an equated day under Atw art. 3, or None if it is neither.

    Weekends are not holidays here: Saturday and Sunday are handled separately by Atw art. 1 and 2.
    """
    if isinstance(day, dt.datetime):
        day = day.date()
    reason = statutory_holidays(day.year).get(day)
    if reason is not None:
        return reason
    return equated_days().get(day)
