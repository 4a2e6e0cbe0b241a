"""Scenarios of referral and intake: the 36-hour placement decision and routing."""
from __future__ import annotations

import datetime as dt

from tests.processes import steps
from tests.processes.scenario import Scenario


def test_placement_not_decided_within_36_hours_is_escalated_and_the_case_goes_on(cases, clock) -> None:
    s = Scenario(cases, clock, "nl-current")
    s.start()
    s.do("register_signal", steps.signal(residence_status="eu", signal_source="labour_inspectorate"))
    s.do("safety_check", {"immediate_danger": True, "safe_location": False, "emergency_bed": True})
    s.do("consent", {"consent_given": True, "informed_in_language": "Pools"})
    [timer] = [t for t in s.case.timers if t.name == "36 uur verstreken"]
    assert timer.due_at.replace(tzinfo=dt.timezone.utc) == dt.datetime(2026, 1, 6, 20, 0, tzinfo=dt.timezone.utc)

    s.advance(dt.timedelta(hours=35))
    assert s.ready() == ["placement"], "no escalation before 36 hours have passed"
    s.advance(dt.timedelta(hours=2))
    assert s.ready() == ["placement", "placement_escalation"]
    assert s.fired() == ["36 uur verstreken"]

    s.do("placement_escalation", {"escalated_to": "Landelijk coördinator", "action_taken": "Noodbed verlengd."})
    s.do("placement", {"shelter_type": "omm", "placement_start": "2026-01-07"})
    s.do("eu_status", {"union_rights": True, "eu_residence_since": "2019-05-01"})  # over 5 years: no exemption
    s.do("police_assessment", {"indication": True, "offered_by": "police", "offered_on": "2026-01-07"})
    case = s.case
    assert case.status == "completed"
    assert case.data["route"] == "adult" and case.data["residence_track"] == "eu"  # EU citizen: no B8/3 track
    assert s.route() == ["register_signal", "safety_check", "consent", "placement_escalation", "placement",
                         "eu_status", "police_assessment"]
    assert s.letters() == ["referral_acknowledgement"]


def test_placement_on_time_arms_no_escalation(cases, clock) -> None:
    s = Scenario(cases, clock, "nl-current")
    steps.intake(s, residence_status="dutch")
    s.advance(dt.timedelta(hours=48))
    assert s.fired() == [] and "placement_escalation" not in s.ready()
    assert [t.status for t in s.case.timers if t.name == "36 uur verstreken"] == ["cancelled"]


def test_adult_who_refuses_consent_is_registered_and_closed(cases, clock) -> None:
    s = Scenario(cases, clock, "nl-decoupled")
    s.start()
    s.do("register_signal", steps.signal())
    s.do("safety_check", {"immediate_danger": False, "safe_location": True, "emergency_bed": False})
    s.do("consent", {"consent_given": False, "informed_in_language": "Engels"})
    assert s.case.status == "completed" and s.letters() == ["referral_acknowledgement"]
