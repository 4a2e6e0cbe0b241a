"""The pieces of the simulated world on their own: working calendars that skip weekends and the Dutch
public holidays, shelter places that refuse when full, seasonal arrivals, and DMN-style decision tables."""
from __future__ import annotations

import dataclasses
import datetime as dt

from engine.simulation.calendars import ORIGIN_HOUR, Calendar
from engine.simulation.population import arrivals
from engine.simulation.scenario import Scenario
from engine.simulation.shelters import Shelters, ShelterType

MONDAY = dt.date(2026, 4, 20)  # the week before King's Day (Monday 27 April 2026)
OFFICE = Calendar(("mon", "tue", "wed", "thu", "fri"), 9.0, 17.0, True)


def _moment(start: dt.date, at: float) -> tuple[dt.date, float]:
    hours = at * 24 + ORIGIN_HOUR
    return start + dt.timedelta(days=int(hours // 24)), round(hours % 24, 6)


def test_a_working_week_of_work_ends_on_friday_afternoon() -> None:
    assert _moment(MONDAY, OFFICE.finish(MONDAY, 0.0, 5.0)) == (dt.date(2026, 4, 24), 17.0)


def test_no_work_on_kings_day_or_the_weekend() -> None:
    """Work left on Friday evening resumes on Tuesday: Saturday, Sunday and King's Day (Atw) are skipped."""
    friday_evening = 4 + 8 / 24
    assert _moment(MONDAY, OFFICE.finish(MONDAY, friday_evening, 0.5)) == (dt.date(2026, 4, 28), 13.0)
    assert not OFFICE.works_on(dt.date(2026, 4, 27)) and not OFFICE.works_on(dt.date(2026, 4, 6))  # Easter Monday
    assert OFFICE.works_on(dt.date(2026, 4, 28))


def test_a_calendar_that_ignores_holidays_works_on_them() -> None:
    shops = dataclasses.replace(OFFICE, holidays=False)
    assert shops.works_on(dt.date(2026, 4, 27))


def test_a_panel_sitting_twice_a_week_sits_on_tuesday_and_thursday() -> None:
    panel = OFFICE.with_sessions(2)
    day, hour = _moment(MONDAY, panel.finish(MONDAY, 0.0, 1.5))
    assert (day, hour) == (dt.date(2026, 4, 23), 13.0)  # Tuesday whole day, Thursday till 13:00
    assert panel.working_days(MONDAY, 13) == 4  # Tue 21, Thu 23, Tue 28, Thu 30


def test_shelter_refuses_when_full_and_counts_the_nights() -> None:
    shelters = Shelters({"cosm": ShelterType(places=1, cost_per_night=100.0)})
    assert shelters.admit(1, "cosm", 0.0)
    assert not shelters.admit(2, "cosm", 1.0)  # full: refused
    assert shelters.admit(3, "youth", 1.0)  # a type without a limit never refuses
    shelters.release(1, 10.0)
    assert shelters.admit(2, "cosm", 10.0)
    shelters.close(15.0)
    cosm = shelters.types["cosm"]
    assert (cosm.refusals, cosm.admissions, cosm.nights) == (1, 2, 15.0)


def test_no_arrivals_in_a_month_with_no_season(small: Scenario) -> None:
    """Seasonality thins the Poisson process: a month weighted 0 gets nobody."""
    season = (1.0, 0.0) + (1.0,) * 10
    seasonal = dataclasses.replace(small, seasonality=season, rate_per_year=1200.0, arrival_days=90.0)
    people = arrivals(seasonal, 0)
    months = {(small.start + dt.timedelta(days=p.arrival_day)).month for p in people}
    assert 2 not in months and {1, 3} <= months


def test_a_decision_table_gives_the_first_matching_rule(small: Scenario) -> None:
    attributes = {"age_group": "minor", "exploitation_form": "labour", "signal_source": "self"}
    assert small.decision("first_stage", 0.5, attributes) == 0.90
    assert small.decision("first_stage", 0.5, {**attributes, "age_group": "adult"}) == 0.75
    assert small.decision("first_stage", 0.5, {**attributes, "age_group": "adult", "signal_source": "ngo"}) == 0.85
