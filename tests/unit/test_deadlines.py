"""Statutory date arithmetic: Awb art. 6:8 and Algemene termijnenwet art. 1-3."""
from __future__ import annotations

import calendar
import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from engine.atw_holidays import atw_holiday, easter_sunday
from engine.deadlines import (
    Deadline,
    InvalidTerm,
    Rule,
    Step,
    Term,
    add_months,
    add_working_days,
    compute_deadline,
    due_datetime,
    is_working_day,
)

D = dt.date
AMS = ZoneInfo("Europe/Amsterdam")
UTC = dt.timezone.utc

dates = st.dates(min_value=D(1990, 1, 1), max_value=D(2100, 12, 31))
day_terms = st.builds(Term, days=st.integers(1, 400)) | st.builds(Term, weeks=st.integers(1, 60))
month_terms = st.builds(Term, months=st.integers(1, 36)) | st.builds(Term, years=st.integers(1, 5))
mixed_terms = (
    st.tuples(st.integers(0, 2), st.integers(0, 14), st.integers(0, 8), st.integers(0, 40))
    .filter(any)
    .map(lambda p: Term(*p))
)
terms = day_terms | month_terms | mixed_terms


def _free_days(base: dt.date, last: dt.date) -> int:
    """Days in (base, last] that are not Saturday, Sunday or an Atw holiday."""
    return sum(is_working_day(base + dt.timedelta(days=i)) for i in range(1, (last - base).days + 1))


def _texts(deadline: Deadline) -> str:
    return "\n".join(step.text for step in deadline.steps)


# --- known examples ---------------------------------------------------------------------------------


def test_six_weeks_ending_on_bevrijdingsdag_2026_runs_on_to_6_may() -> None:
    d = compute_deadline(D(2026, 3, 24), "P6W", "statutory")
    assert d.due == D(2026, 5, 6)
    first = "Term starts the day after 2026-03-24: 2026-03-25 (Awb art. 6:8)"
    assert d.steps[0] == Step(D(2026, 3, 25), first)
    assert Step(D(2026, 5, 5), "2026-05-05 is Bevrijdingsdag (Atw art. 3): term runs on") in d.steps
    assert compute_deadline(D(2026, 3, 24), "P6W").due == D(2026, 5, 5)  # calendar rule: no extension
    assert compute_deadline(D(2026, 3, 24), "P6W", Rule.CALENDAR).rule is Rule.CALENDAR


def test_term_ending_on_saturday_runs_on_to_monday() -> None:
    d = compute_deadline(D(2026, 6, 1), "P5D", Rule.STATUTORY)
    assert D(2026, 6, 6).weekday() == 5
    assert d.due == D(2026, 6, 8)
    assert "2026-06-06 is a Saturday: term runs on" in _texts(d)
    assert "2026-06-07 is a Sunday: term runs on" in _texts(d)


def test_fifth_of_may_on_a_friday_runs_on_past_the_weekend() -> None:
    assert compute_deadline(D(2028, 4, 21), "P2W", "statutory").due == D(2028, 5, 8)


def test_ascension_day_2026_runs_on_past_the_equated_friday() -> None:
    d = compute_deadline(D(2026, 4, 30), "P2W", "statutory")
    # 14 May Hemelvaartsdag, 15 May equated by decree (Atw art. 3 lid 3), then the weekend.
    assert d.due == D(2026, 5, 18)
    assert "2026-05-14 is Hemelvaartsdag (Atw art. 3)" in _texts(d)
    assert "2026-05-15 is Friday after Hemelvaartsdag" in _texts(d)


def test_ascension_2027_bevrijdingsdag_and_equated_friday_chain() -> None:
    # 5 May 2027 (Wed) Bevrijdingsdag, 6 May Hemelvaartsdag, 7 May equated, 8-9 May weekend.
    assert compute_deadline(D(2027, 4, 21), "P2W", "statutory").due == D(2027, 5, 10)


def test_ascension_without_a_known_decree_stops_on_friday() -> None:
    assert compute_deadline(D(2031, 5, 8), "P2W", "statutory").due == D(2031, 5, 23)


def test_christmas_runs_on_to_the_next_monday() -> None:
    d = compute_deadline(D(2025, 12, 11), "P2W", "statutory")
    assert d.due == D(2025, 12, 29)
    assert "eerste Kerstdag" in _texts(d) and "tweede Kerstdag" in _texts(d)


@pytest.mark.parametrize(
    "base, expected",
    [(D(2026, 3, 23), D(2026, 4, 7)), (D(2026, 3, 20), D(2026, 4, 7))],  # Easter Monday; Good Friday
)
def test_easter_holidays(base: dt.date, expected: dt.date) -> None:
    assert compute_deadline(base, "P2W", "statutory").due == expected


def test_koningsdag_2025_on_saturday_26_april_is_named() -> None:
    d = compute_deadline(D(2025, 4, 12), "P2W", "statutory")
    assert d.due == D(2025, 4, 28)
    assert "2025-04-26 is a Saturday and Koningsdag (Atw art. 3): term runs on" in _texts(d)


@pytest.mark.parametrize(
    "base, term, expected",
    [
        (D(2026, 1, 31), "P1M", D(2026, 2, 28)),
        (D(2028, 1, 31), "P1M", D(2028, 2, 29)),  # leap year
        (D(2028, 2, 29), "P1Y", D(2029, 2, 28)),
        (D(2028, 2, 29), "P4Y", D(2032, 2, 29)),
        (D(2026, 3, 31), "P1M", D(2026, 4, 30)),
        (D(2026, 8, 31), "P3M", D(2026, 11, 30)),
        (D(2027, 12, 31), "P1Y2M", D(2029, 2, 28)),
        (D(2026, 1, 15), "P1M", D(2026, 2, 15)),
        (D(2026, 11, 30), "P3M", D(2027, 2, 28)),
    ],
)
def test_month_end_clamping(base: dt.date, term: str, expected: dt.date) -> None:
    d = compute_deadline(base, term, "calendar")
    assert d.due == expected
    if expected.day < base.day:
        assert "last day of the month" in _texts(d)


def test_atw_art_2_christmas_three_day_term() -> None:
    # Term 25-27 Dec 2026: Christmas (Fri), 2e Kerstdag (Sat), Sunday -> art. 1 gives Mon 28; that term
    # holds only one ordinary day, so art. 2 extends it to Tue 29.
    d = compute_deadline(D(2026, 12, 24), "P3D", "statutory")
    assert d.due == D(2026, 12, 29)
    assert "Atw art. 2" in _texts(d)
    assert _free_days(D(2026, 12, 24), d.due) == 2


def test_atw_art_2_does_not_apply_to_a_two_day_term() -> None:
    d = compute_deadline(D(2026, 12, 24), "P2D", "statutory")
    assert d.due == D(2026, 12, 28)
    assert "Atw art. 2" not in _texts(d)


def test_working_days_skip_weekends_and_holidays() -> None:
    d = compute_deadline(D(2026, 3, 24), "P2W", "working-days")
    assert d.due == D(2026, 4, 9)  # 10 working days; Good Friday and Easter Monday skipped
    assert "2026-04-03 is Goede Vrijdag (Atw art. 3): not a working day" in _texts(d)
    assert compute_deadline(D(2026, 5, 8), "P5D", Rule.WORKING_DAYS).due == D(2026, 5, 19)
    assert add_working_days(D(2026, 5, 8), 5) == D(2026, 5, 19)
    assert add_working_days(D(2026, 5, 8), 0) == D(2026, 5, 8)


@pytest.mark.parametrize("term", ["P1M", "P1Y", "P1Y2D"])
def test_working_days_refuse_months_and_years(term: str) -> None:
    with pytest.raises(InvalidTerm, match=term):
        compute_deadline(D(2026, 3, 24), term, "working-days")


def test_add_working_days_refuses_negative() -> None:
    with pytest.raises(ValueError, match="-1"):
        add_working_days(D(2026, 3, 24), -1)


@pytest.mark.parametrize("rule", list(Rule))
def test_hour_terms_are_exact_and_never_extended(rule: Rule) -> None:
    base = dt.datetime(2026, 3, 28, 12, 0, tzinfo=AMS)  # DST starts on 29 March 2026
    d = compute_deadline(base, "PT36H", rule)
    assert d.due == dt.datetime(2026, 3, 29, 23, 0, tzinfo=UTC)
    assert d.due.tzinfo is UTC
    assert d.due.astimezone(AMS).replace(tzinfo=None) == dt.datetime(2026, 3, 30, 1, 0)
    assert d.due.astimezone(UTC) - base.astimezone(UTC) == dt.timedelta(hours=36)  # elapsed, across DST
    assert isinstance(d.due, dt.datetime) and d.due.tzinfo is not None
    assert "not terms in hours" in _texts(d)
    assert due_datetime(d) == dt.datetime(2026, 3, 29, 23, 0, tzinfo=UTC)


def test_hour_term_on_friday_evening_ends_on_sunday() -> None:
    base = dt.datetime(2026, 5, 1, 18, 0, tzinfo=UTC)
    assert compute_deadline(base, "PT36H", "statutory").due == dt.datetime(2026, 5, 3, 6, 0, tzinfo=UTC)


@pytest.mark.parametrize("base", [D(2026, 3, 24), dt.datetime(2026, 3, 24, 12, 0)])
def test_hour_terms_need_an_aware_datetime(base: dt.date) -> None:
    with pytest.raises(ValueError, match="aware datetime"):
        compute_deadline(base, "PT36H", "statutory")


def test_aware_base_is_placed_on_its_amsterdam_day() -> None:
    late = dt.datetime(2026, 3, 24, 23, 30, tzinfo=UTC)  # 00:30 on 25 March in Amsterdam
    assert compute_deadline(late, "P6W").due == D(2026, 5, 6)
    early = dt.datetime(2026, 3, 24, 22, 0, tzinfo=UTC)  # 23:00 on 24 March in Amsterdam
    assert compute_deadline(early, "P6W").due == D(2026, 5, 5)


def test_due_datetime_is_end_of_last_day_local() -> None:
    summer = compute_deadline(D(2026, 3, 24), "P6W", "statutory")
    assert due_datetime(summer) == dt.datetime(2026, 5, 6, 21, 59, 59, tzinfo=UTC)
    winter = compute_deadline(D(2026, 1, 31), "P1M")
    assert due_datetime(winter) == dt.datetime(2026, 2, 28, 22, 59, 59, tzinfo=UTC)
    assert due_datetime(winter, "UTC") == dt.datetime(2026, 2, 28, 23, 59, 59, tzinfo=UTC)


@pytest.mark.parametrize(
    "text",
    ["", "P", "PT", "P0D", "PT0H", "-P5D", "P-5D", "garbage", "P1.5D", "PT30M", "P1MT1H", "5D", "P5DT"],
)
def test_invalid_terms_name_the_bad_text(text: str) -> None:
    with pytest.raises(InvalidTerm) as info:
        compute_deadline(D(2026, 3, 24), text, "statutory")
    assert repr(text) in str(info.value)
    assert isinstance(info.value, ValueError)


def test_invalid_term_objects_and_types() -> None:
    with pytest.raises(InvalidTerm, match="-3"):
        Term(days=-3)
    with pytest.raises(InvalidTerm, match="zero"):
        Term()
    with pytest.raises(InvalidTerm, match="None"):
        Term.parse(None)  # type: ignore[arg-type]
    with pytest.raises(InvalidTerm, match="P8000Y.*9999"):
        compute_deadline(D(2026, 1, 1), "P8000Y", "statutory")
    with pytest.raises(InvalidTerm, match="P3000000D.*9999"):
        compute_deadline(D(2026, 1, 1), "P3000000D", "working-days")
    with pytest.raises(ValueError, match="'weekly'"):
        compute_deadline(D(2026, 3, 24), "P1W", "weekly")


@pytest.mark.parametrize(
    "text, parts", [("P6W", (0, 0, 6, 0, 0)), ("P3M", (0, 3, 0, 0, 0)), ("P1Y", (1, 0, 0, 0, 0)),
                    ("P5D", (0, 0, 0, 5, 0)), ("PT36H", (0, 0, 0, 0, 36)), ("P1Y2M", (1, 2, 0, 0, 0))],
)
def test_term_parse(text: str, parts: tuple[int, ...]) -> None:
    term = Term.parse(text)
    assert term.parts == parts
    assert term.isoformat() == text == str(term)


def test_to_dict_and_explain() -> None:
    d = compute_deadline(D(2026, 3, 24), "P6W", "statutory")
    data = d.to_dict()
    assert {k: data[k] for k in ("base", "term", "rule", "deadline")} == {
        "base": "2026-03-24", "term": "P6W", "rule": "statutory", "deadline": "2026-05-06"}
    assert data["steps"][0] == {"day": "2026-03-25",
                                "text": "Term starts the day after 2026-03-24: 2026-03-25 (Awb art. 6:8)",
                                "text_nl": "De termijn begint de dag na 2026-03-24: 2026-03-25 (art. 6:8 Awb)"}
    text = d.explain().splitlines()
    assert text[0].startswith("Last day: 2026-05-06")
    assert len(text) == 1 + len(d.steps)
    assert all(step.text in line for step, line in zip(d.steps, text[1:]))


def test_every_step_is_explained_in_dutch_too() -> None:
    """The case file is read in Dutch: every line of a derivation has a Dutch text, holidays by name."""
    for base, term, rule in [(D(2026, 3, 24), "P6W", "statutory"), (D(2026, 5, 8), "P5D", "working-days"),
                             (D(2026, 1, 31), "P1M", "calendar"), (D(2026, 12, 24), "P3D", "statutory")]:
        d = compute_deadline(base, term, rule)
        assert all(step.text_nl and step.text_nl != step.text for step in d.steps)
    nl = compute_deadline(D(2026, 3, 24), "P6W", "statutory").explain("nl")
    assert nl.startswith("Laatste dag: 2026-05-06") and "Bevrijdingsdag" in nl and "de termijn loopt door" in nl
    working = compute_deadline(D(2026, 5, 8), "P5D", "working-days").explain("nl")
    assert "2026-05-15 is een bij koninklijk besluit met een feestdag gelijkgestelde dag" in working


# --- properties -------------------------------------------------------------------------------------


@given(dates, terms)
def test_statutory_due_is_never_a_weekend_or_holiday(base: dt.date, term: Term) -> None:
    due = compute_deadline(base, term, Rule.STATUTORY).due
    assert due.weekday() < 5 and atw_holiday(due) is None


@given(dates, terms)
def test_statutory_due_is_the_earliest_day_allowed_by_atw(base: dt.date, term: Term) -> None:
    cal = compute_deadline(base, term, Rule.CALENDAR).due
    stat = compute_deadline(base, term, Rule.STATUTORY)
    assert stat.due >= cal
    art2 = (cal - base).days >= 3
    # Oracle: first day >= calendar end that is free and (art. 2) leaves two free days in the term.
    expected = cal
    while not (is_working_day(expected) and (not art2 or _free_days(base, expected) >= 2)):
        expected += dt.timedelta(days=1)
    assert stat.due == expected
    between = [cal + dt.timedelta(days=i) for i in range((stat.due - cal).days)]
    if "Atw art. 2" not in _texts(stat):
        assert all(not is_working_day(day) for day in between)
    else:
        assert _free_days(base, stat.due) == 2


@st.composite
def _near_holiday_clusters(draw: st.DrawFn) -> dt.date:
    """Event days just before Christmas, Easter and Ascension, where Atw art. 2 actually bites."""
    year = draw(st.integers(1990, 2100))
    easter = easter_sunday(year)
    anchors = [D(year, 12, 24), easter - dt.timedelta(days=3), easter + dt.timedelta(days=38)]
    anchor = draw(st.sampled_from(anchors))
    return anchor + dt.timedelta(days=draw(st.integers(-3, 1)))


@given(_near_holiday_clusters(), st.integers(1, 6))
def test_short_terms_around_holiday_clusters(base: dt.date, days: int) -> None:
    d = compute_deadline(base, Term(days=days), Rule.STATUTORY)
    assert is_working_day(d.due)
    free = _free_days(base, d.due)
    if days >= 3:
        assert free >= 2  # Atw art. 2
    expected = base + dt.timedelta(days=days)
    while not (is_working_day(expected) and (days < 3 or _free_days(base, expected) >= 2)):
        expected += dt.timedelta(days=1)
    assert d.due == expected


@given(dates, day_terms)
def test_calendar_day_terms_are_plain_addition(base: dt.date, term: Term) -> None:
    due = compute_deadline(base, term, Rule.CALENDAR).due
    assert (due - base).days == term.days + 7 * term.weeks


@given(dates, st.integers(1, 1200))
def test_calendar_months_never_overshoot_the_month_end(base: dt.date, months: int) -> None:
    due = compute_deadline(base, Term(months=months), Rule.CALENDAR).due
    assert (due.year - base.year) * 12 + due.month - base.month == months
    last = calendar.monthrange(due.year, due.month)[1]
    assert due.day == min(base.day, last)
    assert add_months(base, months) == (due, base.day > last)


@given(dates, day_terms)
def test_working_days_count_exactly_n(base: dt.date, term: Term) -> None:
    n = term.days + 5 * term.weeks
    d = compute_deadline(base, term, Rule.WORKING_DAYS)
    assert is_working_day(d.due)
    assert _free_days(base, d.due) == n
    assert d.due == add_working_days(base, n)
    assert d.due >= base + dt.timedelta(days=n)


@given(dates, terms, st.sampled_from(list(Rule)))
def test_to_dict_round_trips_as_json(base: dt.date, term: Term, rule: Rule) -> None:
    assume(not (rule is Rule.WORKING_DAYS and (term.years or term.months)))
    d = compute_deadline(base, term, rule)
    data = json.loads(json.dumps(d.to_dict()))
    assert data == d.to_dict()
    assert Deadline.from_dict(data) == d
    assert d.steps[0].day == base + dt.timedelta(days=1)
    assert "(Awb art. 6:8)" in d.steps[0].text


@given(st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2100, 1, 1),
                    timezones=st.sampled_from([UTC, AMS])), st.integers(1, 2000))
def test_hour_terms_are_elapsed_time(base: dt.datetime, hours: int) -> None:
    d = compute_deadline(base, Term(hours=hours), Rule.STATUTORY)
    assert d.due.astimezone(UTC) - base.astimezone(UTC) == dt.timedelta(hours=hours)
    assert d.due.tzinfo is UTC and due_datetime(d) == d.due
    assert Deadline.from_dict(json.loads(json.dumps(d.to_dict()))).due == d.due


@given(st.text(max_size=12))
def test_parse_never_fails_with_anything_but_invalid_term(text: str) -> None:
    try:
        term = Term.parse(text)
    except InvalidTerm as exc:
        assert repr(text) in str(exc)
    else:
        assert Term.parse(term.isoformat()) == term


def _local(day: str, time: str = "23:59:59") -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T{time}").replace(tzinfo=ZoneInfo("Europe/Amsterdam"))


def test_a_paused_working_day_term_counts_its_days_left_again_from_the_return() -> None:
    """Five working days from Monday 13 April 2026 end Monday 20 April. Paused on Wednesday 15 April with
    Thursday, Friday and Monday left; back on Friday 24 April, the three days are counted from there: King's
    Day (Monday 27 April) is no working day, so the term ends Thursday 30 April, not on the Wednesday a
    plain shift by nine calendar days would give."""
    from engine.deadlines import resume_after_pause

    due = _local("2026-04-20")
    resumed = resume_after_pause(due, _local("2026-04-15", "10:00:00"), _local("2026-04-24", "10:00:00"),
                                 "working-days")
    assert resumed.due == _local("2026-04-30").astimezone(dt.timezone.utc)
    assert "3 werkdag" in resumed.text_nl and "2026-04-30" in resumed.text


def test_a_paused_statutory_term_moves_on_and_runs_on_past_a_weekend() -> None:
    """A statutory term ending Friday 5 June 2026, paused for two days, would end on Sunday 7 June: it runs on
    to Monday 8 June (Atw art. 1)."""
    from engine.deadlines import resume_after_pause

    resumed = resume_after_pause(_local("2026-06-05"), _local("2026-05-11", "09:00:00"),
                                 _local("2026-05-13", "09:00:00"), "statutory")
    assert resumed.due == _local("2026-06-08").astimezone(dt.timezone.utc)
    assert "Atw" in resumed.text_nl


def test_a_paused_hour_or_calendar_term_moves_on_by_the_time_it_stood_still() -> None:
    from engine.deadlines import resume_after_pause

    due = dt.datetime(2026, 3, 3, 12, 0, tzinfo=dt.timezone.utc)
    for rule in ("calendar", None, "unknown-rule"):
        resumed = resume_after_pause(due, due - dt.timedelta(hours=10), due + dt.timedelta(hours=5), rule)
        assert resumed.due == due + dt.timedelta(hours=15), rule
