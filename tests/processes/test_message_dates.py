"""A partner's message reports what has happened: a report filed, an objection received, a judgment
given. None of its dates can lie after today, judged by the engine's clock (the virtual or training
clock where one runs), and the refusal names the field in Dutch and in English (issue 11, item 6)."""
from __future__ import annotations

import datetime as dt

import pytest
from marshmallow import fields as mf

from engine.clock import VirtualClock, using_clock
from engine.errors import ValidationFailed
from forms.catalogue import all_forms
from forms.vocabulary import schema_fields
from tests.processes import steps
from tests.processes.scenario import Scenario
from web.form_render import translate

UTC = dt.timezone.utc
# Message dates that may lie ahead (a hearing scheduled, a term that will end). None so far: a message
# date added for a future day belongs here, with the reason.
NOT_PAST_EVENTS: frozenset[tuple[str, str]] = frozenset()


def _message_date_fields() -> list[tuple[str, str, dict[str, str]]]:
    registry, found = all_forms(), []
    for key in registry.keys():
        if not key.startswith("message."):
            continue
        for name, field in schema_fields(registry.schema(key)):
            if isinstance(field, mf.Date) and (key, name) not in NOT_PAST_EVENTS:
                found.append((key, name, field.metadata["label"]))
    return found


DATE_FIELDS = _message_date_fields()
# A day the wall clock has long passed and a virtual clock has not: the verdict must follow the engine's.
ENGINE_TODAY = dt.datetime(2026, 3, 2, 10, 0, tzinfo=UTC)  # 11:00 in Amsterdam, Monday 2 March


def _errors(key: str, data: dict[str, object]) -> dict[str, list[str]]:
    with using_clock(VirtualClock(ENGINE_TODAY)):
        try:
            all_forms().validate(key, data)
        except ValidationFailed as failure:
            return failure.errors
    return {}


def test_every_message_date_is_found() -> None:
    """The collector sees the dates the issue names, so the parametrised test below covers them."""
    names = {(key, name) for key, name, _ in DATE_FIELDS}
    assert {("message.report_filed", "filed_on"), ("message.objection_lodged", "lodged_on"),
            ("message.objection_lodged", "posted_on"), ("message.conviction", "on"),
            ("message.acquittal", "on"), ("message.investigation_closed", "closed_on")} <= names
    assert len(names) >= 19


@pytest.mark.parametrize("key,name,label", DATE_FIELDS, ids=[f"{k}.{n}" for k, n, _ in DATE_FIELDS])
def test_a_message_date_after_the_engines_today_is_refused_naming_the_field(
        key: str, name: str, label: dict[str, str]) -> None:
    [reason] = _errors(key, {name: "2026-03-03"})[name]
    assert translate(reason, "nl") == f"{label['nl']}: mag niet in de toekomst liggen"
    assert translate(reason, "en") == f"{label['en']}: cannot lie in the future"
    assert name not in _errors(key, {name: "2026-03-02"}), "today has happened"
    assert name not in _errors(key, {name: "2026-02-27"})


def test_the_engines_clock_judges_not_the_wall_clock() -> None:
    """A training clock set ahead of the wall clock accepts its own today; a clock behind it refuses a day
    the wall clock has passed."""
    ahead = dt.datetime.now(UTC) + dt.timedelta(days=400)
    day = ahead.date().isoformat()
    with using_clock(VirtualClock(ahead)):
        all_forms().validate("message.child_found", {"found_on": day})
    assert "found_on" in _errors("message.child_found", {"found_on": "2026-03-03"})


def test_the_engine_refuses_a_future_report_and_the_case_is_unchanged(cases, clock) -> None:  # type: ignore[no-untyped-def]
    s = Scenario(cases, clock, "nl-current")
    steps.intake(s)
    s.do("police_assessment", {"indication": True, "offered_by": "police", "offered_on": "2026-01-05"})
    before = s.events()
    with pytest.raises(ValidationFailed) as caught:
        s.message("report_filed", {"filed_on": "2026-01-06", "filed_with": "police", "report_ref": "PL-2026-0003"})
    assert list(caught.value.errors) == ["filed_on"]
    assert s.events() == before and "report_filed" in s.case.waiting_messages
    s.message("report_filed", {"filed_on": s.today(), "filed_with": "police", "report_ref": "PL-2026-0003"})
    assert s.case.data["reported"] is True
