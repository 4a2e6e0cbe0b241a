"""Scenarios of an EU citizen: no B8/3 while the person derives rights from Union law; in the first 5 years
of residence the IND exemption (ontheffing) to use shelter, on a police or medical statement that reporting
is impossible; without rights under Union law the B8/3 track as for third-country nationals."""
from __future__ import annotations

import datetime as dt

import pytest

from engine.errors import ValidationFailed
from tests.processes import steps
from tests.processes.scenario import Scenario

THREAT = {"ground": "threat", "statement_by": "police", "statement_date": "2026-01-05"}


def _eu_intake(cases, clock, variant: str = "nl-current") -> Scenario:  # type: ignore[no-untyped-def]
    s = Scenario(cases, clock, variant)
    steps.intake(s, residence_status="eu", person_alias="Maria P.", exploitation_form="labour")
    assert s.case.data["residence_track"] == "eu"
    tasks = {(t.name, t.lane) for t in s.case.tasks}
    assert ("eu_status", "coordinator") in tasks
    assert ("police_assessment", "police") in tasks or ("compose_panel", "panel") in tasks, \
        "identification runs beside the EU route, never behind it"
    return s


def test_eu_citizen_in_her_first_five_years_gets_the_ind_shelter_exemption_and_no_b83(cases, clock) -> None:
    s = _eu_intake(cases, clock)
    s.do("eu_status", {"union_basis": "worker", "lawful_residence_since": "2024-03-01"})
    assert s.case.data["eu_exemption_needed"] is True  # 5 years run to 1 March 2029
    with pytest.raises(ValidationFailed) as caught:  # the statement is what the exemption rests on
        s.do("eu_exemption_request", {"ground": "threat", "statement_by": "police"})
    assert list(caught.value.errors) == ["statement_date"]
    s.do("eu_exemption_request", THREAT)
    assert ("eu_exemption_decision", "ind") in [(t.name, t.lane) for t in s.case.tasks]
    s.do("eu_exemption_decision", {"outcome": "granted", "reasons": "Aangifte onmogelijk wegens bedreiging."})
    s.advance_to(dt.datetime(2026, 1, 7, 9, 0, tzinfo=dt.timezone.utc))
    s.do("police_assessment", {"indication": True, "offered_by": "police", "offered_on": "2026-01-07"})

    case = s.case
    assert case.status == "completed"
    assert case.data["shelter_exemption"] == "granted" and case.data["shelter_exemption_on"] == "2026-01-05"
    assert s.route() == ["register_signal", "safety_check", "consent", "placement", "eu_status",
                         "eu_exemption_request", "eu_exemption_decision", "police_assessment"]
    assert "reflection_granted" not in s.letters(), "no B8/3 for a Union citizen"
    assert s.letters() == ["referral_acknowledgement", "eu_exemption_granted"]
    assert s.decisions() == [("eu_shelter_exemption", "granted"), ("reflection_offer", "indication")]
    assert "objection_lodged" not in case.waiting_messages, "a granted exemption opens no objection route"


def _refused(s: Scenario) -> None:
    s.do("eu_status", {"union_basis": "worker", "lawful_residence_since": "2024-03-01"})
    s.do("eu_exemption_request", THREAT)
    s.do("eu_exemption_decision", {"outcome": "refused", "reasons": "Verklaring politie onvoldoende onderbouwd."})
    assert s.decisions() == [("eu_shelter_exemption", "refused")]
    assert s.letters() == ["referral_acknowledgement", "eu_exemption_refused"]
    assert s.letter_payloads("eu_exemption_refused")[0]["reasons"] == "Verklaring politie onvoldoende onderbouwd."
    case = s.case
    assert case.data["shelter_exemption"] == "refused" and case.data["objection_subject"] == "eu_exemption"
    assert "objection_lodged" in case.waiting_messages
    # sent Monday 5 January 2026: 4 weeks (art. 69 Vw 2000) from the day after sending end Monday 2 February
    assert s.timer_due("Bezwaartermijn verstreken") == dt.date(2026, 2, 2)


def test_refused_exemption_opens_the_four_week_objection_term_and_becomes_final_without_objection(
        cases, clock) -> None:
    s = _eu_intake(cases, clock)
    _refused(s)
    s.advance(dt.timedelta(days=27))
    assert "objection_lodged" in s.case.waiting_messages, "the term still runs on its last day"
    s.advance(dt.timedelta(days=2))
    assert "Bezwaartermijn verstreken" in s.fired()
    case = s.case
    assert case.data["objection_status"] == "final" and case.data["shelter_exemption"] == "refused"
    assert s.ready() == ["police_assessment"], "the police's assessment never waited for the exemption"


def test_upheld_objection_against_a_refused_exemption_has_the_ind_decide_again(cases, clock) -> None:
    s = _eu_intake(cases, clock)
    _refused(s)
    s.advance(dt.timedelta(days=15))  # Tuesday 20 January, within the four weeks
    s.message("objection_lodged", {"lodged_on": "2026-01-20", "grounds": "Medische verklaring niet gewogen."})
    s.advance_to(dt.datetime(2026, 2, 3, 9, 0, tzinfo=dt.timezone.utc))
    s.do("objection_hearing", {"heard_on": "2026-02-03", "waived": False, "notes": "Gehoord."})
    s.do("objection_decision", {"outcome": "upheld", "reasons": "Verklaring van de arts alsnog gewogen."})
    assert s.letter_payloads("objection_decision")[0]["subject"] == "eu_exemption"
    assert s.ready() == ["eu_exemption_decision", "police_assessment"]
    s.do("eu_exemption_decision", {"outcome": "granted", "reasons": "Aangifte onmogelijk om medische redenen."})
    assert s.decisions() == [("eu_shelter_exemption", "refused"), ("objection", "upheld"),
                             ("eu_shelter_exemption", "granted")]
    assert s.letters()[-4:] == ["eu_exemption_refused", "objection_acknowledgement", "objection_decision",
                              "eu_exemption_granted"]
    assert s.case.data["shelter_exemption"] == "granted"
    assert s.ready() == ["police_assessment"]


def test_eu_citizen_resident_more_than_five_years_needs_no_exemption(cases, clock) -> None:
    s = _eu_intake(cases, clock, "nl-decoupled")
    s.do("eu_status", {"union_basis": "worker", "lawful_residence_since": "2021-01-05"})  # 5 years ended 5 Jan 2026
    assert s.case.data["eu_exemption_needed"] is False
    assert s.ready() == ["compose_panel"], "identification only; no exemption"


def test_eu_national_without_rights_under_union_law_follows_b83(cases, clock) -> None:
    s = _eu_intake(cases, clock)
    s.do("eu_status", {"union_basis": "none"})
    assert s.case.data["residence_track"] == "b83"
    s.do("police_assessment", {"indication": True, "offered_by": "police", "offered_on": "2026-01-05"})
    assert s.timer_due("Bedenktijd verstreken") == dt.date(2026, 4, 5)  # 3 months
    assert s.letters() == ["referral_acknowledgement", "reflection_granted"]
    assert "eu_exemption_request" not in s.route()
