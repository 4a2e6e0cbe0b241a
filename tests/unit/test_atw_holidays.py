"""The Algemene termijnenwet holiday list (art. 3) and Easter."""
from __future__ import annotations

import csv
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.atw_holidays import (
    EQUATED_DAYS_CSV,
    atw_holiday,
    easter_sunday,
    equated_days,
    kings_day,
    statutory_holidays,
)

D = dt.date
years = st.integers(min_value=1990, max_value=2100)


def _easter_knuth(year: int) -> dt.date:
    """Independent oracle: Knuth, TAOCP vol. 1, 1.3.2 exercise 14 (Gregorian)."""
    golden = year % 19 + 1
    century = year // 100 + 1
    x = 3 * century // 4 - 12
    z = (8 * century + 5) // 25 - 5
    d = 5 * year // 4 - x - 10
    epact = (11 * golden + 20 + z - x) % 30
    if (epact == 25 and golden > 11) or epact == 24:
        epact += 1
    n = 44 - epact
    if n < 21:
        n += 30
    n = n + 7 - (d + n) % 7
    return D(year, 4, n - 31) if n > 31 else D(year, 3, n)


@pytest.mark.parametrize(
    "year, expected",
    [
        (2024, D(2024, 3, 31)),
        (2025, D(2025, 4, 20)),
        (2026, D(2026, 4, 5)),
        (2038, D(2038, 4, 25)),  # latest possible date
        (2000, D(2000, 4, 23)),
        (2008, D(2008, 3, 23)),
        (2285, D(2285, 3, 22)),  # earliest possible date
    ],
)
def test_easter_known_years(year: int, expected: dt.date) -> None:
    assert easter_sunday(year) == expected


@given(st.integers(min_value=1583, max_value=4099))
def test_easter_is_a_sunday_in_range_and_matches_knuth(year: int) -> None:
    easter = easter_sunday(year)
    assert easter.weekday() == 6
    assert D(year, 3, 22) <= easter <= D(year, 4, 25)
    assert easter == _easter_knuth(year)


def test_easter_refuses_julian_years() -> None:
    with pytest.raises(ValueError, match="1500"):
        easter_sunday(1500)


def test_holidays_2026_exactly() -> None:
    names = {day: reason for day, reason in statutory_holidays(2026).items()}
    assert names == {
        D(2026, 1, 1): "Nieuwjaarsdag (Atw art. 3)",
        D(2026, 4, 3): "Goede Vrijdag (Atw art. 3)",
        D(2026, 4, 6): "tweede Paasdag (Atw art. 3)",
        D(2026, 4, 27): "Koningsdag (Atw art. 3)",
        D(2026, 5, 5): "Bevrijdingsdag (Atw art. 3)",
        D(2026, 5, 14): "Hemelvaartsdag (Atw art. 3)",
        D(2026, 5, 25): "tweede Pinksterdag (Atw art. 3)",
        D(2026, 12, 25): "eerste Kerstdag (Atw art. 3)",
        D(2026, 12, 26): "tweede Kerstdag (Atw art. 3)",
    }


def test_koningsdag_moves_to_26_april_when_27_april_is_a_sunday() -> None:
    assert D(2025, 4, 27).weekday() == 6
    assert atw_holiday(D(2025, 4, 26)) == "Koningsdag (Atw art. 3)"
    assert atw_holiday(D(2025, 4, 27)) is None
    assert kings_day(2025) == D(2025, 4, 26)
    assert kings_day(2026) == D(2026, 4, 27)


def test_koninginnedag_before_2014() -> None:
    assert atw_holiday(D(2013, 4, 30)) == "Koninginnedag (Atw art. 3)"
    assert atw_holiday(D(2006, 4, 29)) == "Koninginnedag (Atw art. 3)"  # 30 April 2006 was a Sunday
    assert atw_holiday(D(2013, 4, 27)) is None


@given(years)
def test_kings_day_is_never_a_sunday(year: int) -> None:
    assert kings_day(year).weekday() != 6
    assert "Koning" in (atw_holiday(kings_day(year)) or "")


@given(years)
def test_fifth_of_may_is_a_holiday_every_year(year: int) -> None:
    # Atw art. 3 lid 1: "de vijfde mei" -- not only in lustrum years as in many CAOs / the holidays package.
    assert "Bevrijdingsdag" in (atw_holiday(D(year, 5, 5)) or "")


@given(years)
def test_moveable_and_fixed_feasts_every_year(year: int) -> None:
    easter = easter_sunday(year)
    assert "Nieuwjaarsdag" in atw_holiday(D(year, 1, 1))
    assert "Goede Vrijdag" in atw_holiday(easter - dt.timedelta(days=2))
    assert "tweede Paasdag" in atw_holiday(easter + dt.timedelta(days=1))
    assert "Hemelvaartsdag" in atw_holiday(easter + dt.timedelta(days=39))
    assert "tweede Pinksterdag" in atw_holiday(easter + dt.timedelta(days=50))
    assert "eerste Kerstdag" in atw_holiday(D(year, 12, 25))
    assert "tweede Kerstdag" in atw_holiday(D(year, 12, 26))
    assert (easter + dt.timedelta(days=39)).weekday() == 3  # Ascension is a Thursday


@given(st.dates(min_value=D(1990, 1, 1), max_value=D(2100, 12, 31)))
def test_holiday_reasons_cite_the_atw(day: dt.date) -> None:
    reason = atw_holiday(day)
    assert reason is None or "(Atw art. 3" in reason
    # Easter Sunday and Whit Sunday are Sundays: no entry needed, and none is made.
    easter = easter_sunday(day.year)
    assert atw_holiday(easter) is None
    assert atw_holiday(easter + dt.timedelta(days=49)) is None


def test_coinciding_holidays_keep_both_names() -> None:
    assert atw_holiday(D(2005, 5, 5)) == "Bevrijdingsdag and Hemelvaartsdag (Atw art. 3)"


def test_datetime_argument_is_read_as_its_date() -> None:
    assert atw_holiday(dt.datetime(2026, 5, 5, 15, 0)) == "Bevrijdingsdag (Atw art. 3)"


def test_ordinary_days_are_not_holidays() -> None:
    for day in (D(2026, 3, 24), D(2026, 12, 24), D(2026, 12, 31), D(2025, 5, 1), D(2026, 4, 5)):
        assert atw_holiday(day) is None


@pytest.mark.parametrize(
    "day, fragment",
    [
        (D(2026, 5, 15), "Friday after Hemelvaartsdag"),
        (D(2026, 1, 2), "Friday after Nieuwjaarsdag"),
        (D(2024, 12, 27), "Friday after tweede Kerstdag"),
        (D(2023, 4, 28), "Friday after Koningsdag"),
        (D(2027, 5, 7), "Friday after Hemelvaartsdag"),
        (D(2018, 12, 24), "Monday before eerste Kerstdag"),
    ],
)
def test_equated_days_from_the_decrees(day: dt.date, fragment: str) -> None:
    reason = atw_holiday(day)
    assert reason is not None and fragment in reason and "Atw art. 3 lid 3" in reason


def test_equated_table_is_well_formed() -> None:
    with EQUATED_DAYS_CSV.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert rows, "the equated-days table is empty"
    assert list(rows[0]) == ["date", "reason", "source"]
    seen = set()
    for row in rows:
        day = D.fromisoformat(row["date"])
        assert day not in seen
        seen.add(day)
        assert row["source"].strip() and row["reason"].strip()
        assert day.weekday() < 5, f"{day} is a weekend day; equating it would be pointless"
        assert day not in statutory_holidays(day.year), f"{day} is already a holiday by statute"
    assert set(equated_days()) == seen


def test_friday_after_ascension_is_equated_in_every_verified_year() -> None:
    # Every decree found (2017-2028) equates the Friday after Hemelvaartsdag; a missing row is a typo.
    for year in range(2017, 2029):
        friday = easter_sunday(year) + dt.timedelta(days=40)
        assert friday in equated_days(), year


def test_unverified_years_are_not_invented() -> None:
    # No decree was found for 2031: the Friday after Ascension (23 May 2031) must not be guessed.
    assert easter_sunday(2031) + dt.timedelta(days=40) == D(2031, 5, 23)
    assert atw_holiday(D(2031, 5, 23)) is None
    assert all(2017 <= day.year <= 2028 for day in equated_days())
