"""Scenarios of referral and intake: the 36-hour placement clock counted from the signal to the hour,
placement beside the other procedures, no place and interim placement, and an adult who refuses consent."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from engine.errors import ValidationFailed
from forms.catalogue import all_forms
from tests.processes import steps
from tests.processes.scenario import Scenario

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def _due(s: Scenario, name: str) -> dt.datetime:
    [timer] = [t for t in s.case.timers if t.name == name]
    due = timer.due_at if timer.due_at.tzinfo else timer.due_at.replace(tzinfo=dt.timezone.utc)
    return due.astimezone(AMSTERDAM)


def test_placement_not_decided_within_36_hours_is_escalated_and_the_case_goes_on(cases, clock) -> None:
    s = Scenario(cases, clock, "nl-current")
    s.start()
    s.do("register_signal", steps.signal(residence_status="eu", signal_source="labour_inspectorate"))
    s.do("safety_check", {"immediate_danger": True, "safe_location": False, "emergency_bed": True})
    s.do("consent", {"consent_given": True, "informed_in_language": "Pools"})
    # Registered Monday 5 January 09:00 on a signal of that day without a time: the clock runs from then.
    assert _due(s, "36 uur verstreken") == dt.datetime(2026, 1, 6, 21, 0, tzinfo=AMSTERDAM)
    assert {"placement", "police_assessment", "eu_status"} <= set(s.ready()), \
        "placement runs beside identification and the EU route; it blocks neither"

    s.advance(dt.timedelta(hours=35))
    assert "placement_escalation" not in s.ready(), "no escalation before 36 hours have passed"
    s.advance(dt.timedelta(hours=2))
    assert "placement_escalation" in s.ready()
    assert s.fired() == ["36 uur verstreken"]

    s.do("placement_escalation", {"escalated_to": "Landelijk coördinator", "action_taken": "Noodbed verlengd."})
    s.advance_to(dt.datetime(2026, 1, 7, 9, 0, tzinfo=dt.timezone.utc))
    s.do("placement", {"shelter_type": "omm", "placement_start": "2026-01-07"})
    s.do("eu_status", {"union_basis": "self_employed", "lawful_residence_since": "2019-05-01"})  # over 5 years: no exemption
    s.do("police_assessment", {"indication": True, "offered_by": "police", "offered_on": "2026-01-07"})
    case = s.case
    assert case.status == "completed"
    assert case.data["route"] == "adult" and case.data["residence_track"] == "eu"  # EU citizen: no B8/3 track
    assert case.data["placement_status"] == "placed"
    assert s.letters() == ["referral_acknowledgement"]


def test_signal_at_21_30_with_no_place_by_the_36th_hour(cases, clock) -> None:
    """Police contact on Friday 24 April 2026 at 21:30: the placement decision is due on Sunday 26 April
    at 09:30, to the hour, whenever the case was registered; no place and an interim place are recorded
    and escalated, and the reflection period does not wait for either."""
    clock.set(dt.datetime(2026, 4, 24, 22, 15, tzinfo=AMSTERDAM))
    s = Scenario(cases, clock, "nl-current")
    s.start()
    s.do("register_signal", steps.signal(signal_source="police", signal_date="2026-04-24", signal_time="21:30"))
    s.do("safety_check", {"immediate_danger": True, "safe_location": False, "emergency_bed": True})
    s.do("consent", {"consent_given": True, "informed_in_language": "Engels"})
    assert _due(s, "36 uur verstreken") == dt.datetime(2026, 4, 26, 9, 30, tzinfo=AMSTERDAM)

    s.do("police_assessment", {"indication": True, "offered_by": "police", "offered_on": "2026-04-24"})
    assert s.timer_due("Bedenktijd verstreken") == dt.date(2026, 7, 24), "reflection runs before any placement"

    s.do("placement", {"placement_outcome": "no_place", "shelter_type": "none", "placement_start": "2026-04-24"})
    assert s.case.data["placement_status"] == "no_place"
    assert "no_place_escalation" in s.ready()
    s.do("no_place_escalation", {"escalated_to": "Landelijk coördinator", "action_taken": "Tussenplaats gezocht."})
    s.advance_to(dt.datetime(2026, 4, 26, 9, 29, tzinfo=AMSTERDAM))
    assert "placement_final_escalation" not in s.ready()
    s.advance_to(dt.datetime(2026, 4, 26, 9, 31, tzinfo=AMSTERDAM))
    assert "placement_final_escalation" in s.ready(), "no longer-term place by the 36th hour is escalated"

    s.do("placement_final", {"placement_outcome": "interim", "shelter_type": "regular", "placement_start": "2026-04-26"})
    assert s.case.data["placement_status"] == "interim" and "placement_final" in s.ready()
    s.do("placement_final", {"placement_outcome": "placed", "shelter_type": "cosm", "placement_start": "2026-04-28"})
    assert s.case.data["placement_status"] == "placed"
    kinds = [e["details"]["fact"] for e in s.events() if e["kind"] == "fact_recorded"]
    assert kinds.count("placement_status") == 3, "each placement state is a new version of the fact"


def test_registered_days_after_the_signal_the_clock_still_counts_from_the_signal(cases, clock) -> None:
    clock.set(dt.datetime(2026, 4, 28, 9, 0, tzinfo=AMSTERDAM))
    s = Scenario(cases, clock, "nl-decoupled")
    s.start()
    s.do("register_signal", steps.signal(signal_source="police", signal_date="2026-04-24", signal_time="21:30"))
    s.do("safety_check", {"immediate_danger": False, "safe_location": True, "emergency_bed": False})
    s.do("consent", {"consent_given": True, "informed_in_language": "Engels"})
    assert "placement_escalation" in s.ready(), "a clock that ran out before registration escalates at once"
    assert s.case.data["signal_at"] == "2026-04-24T21:30:00+02:00"
    [timer] = [t for t in s.case.timers if t.name == "36 uur verstreken"]
    assert timer.status == "fired", "a deadline that ran out before it was armed still has its row"
    assert _due(s, "36 uur verstreken") == dt.datetime(2026, 4, 26, 9, 30, tzinfo=AMSTERDAM)
    assert s.fired() == ["36 uur verstreken"]


def test_placement_on_time_arms_no_escalation(cases, clock) -> None:
    s = Scenario(cases, clock, "nl-current")
    steps.intake(s, residence_status="dutch")
    s.advance(dt.timedelta(hours=48))
    assert s.fired() == [] and "placement_escalation" not in s.ready()
    assert [t.status for t in s.case.timers if t.name == "36 uur verstreken"] == ["cancelled"]


def test_adult_who_refuses_consent_is_still_offered_the_reflection_period_by_the_police(cases, clock) -> None:
    """Without consent there is no referral (no placement, no panel), but the police's duty to offer the
    reflection period at the slightest indication stays: the case stays open for it."""
    s = Scenario(cases, clock, "nl-decoupled")
    s.start()
    s.do("register_signal", steps.signal())
    s.do("safety_check", {"immediate_danger": False, "safe_location": True, "emergency_bed": False})
    s.do("consent", {"consent_given": False, "informed_in_language": "Engels"})
    case = s.case
    assert case.status == "running" and s.ready() == ["police_offer_assessment"]
    assert "placement" not in s.ready() and "compose_panel" not in s.ready()

    clock.advance(dt.timedelta(days=2))
    s.do("police_offer_assessment", {"indication": True, "offered_by": "kmar", "offered_on": "2026-01-07"})
    assert s.letter_payloads("reflection_granted")[0]["reflection_ends"].startswith("2026-04-07")
    assert s.timer_due("Bedenktijd verstreken") == dt.date(2026, 4, 7)
    assert s.letters() == ["referral_acknowledgement", "reflection_granted"]


def test_no_shelter_needed_ends_the_placement_without_escalation(cases, clock) -> None:
    """A person who stays with her own network needs no shelter: the placement ends there, with the fact
    recorded, no escalation and no 36-hour alert; the other procedures go on."""
    clock.set(dt.datetime(2026, 4, 24, 22, 15, tzinfo=AMSTERDAM))
    s = Scenario(cases, clock, "nl-current")
    s.start()
    s.do("register_signal", steps.signal(signal_source="police", signal_date="2026-04-24", signal_time="21:30"))
    s.do("safety_check", {"immediate_danger": False, "safe_location": True, "emergency_bed": False})
    s.do("consent", {"consent_given": True, "informed_in_language": "Engels"})
    s.do("placement", {"placement_outcome": "not_needed", "shelter_type": "none", "placement_start": "2026-04-24",
                       "reasons": "Verblijft bij familie."})
    assert s.case.data["placement_status"] == "not_needed"
    assert not {"no_place_escalation", "placement_final", "placement"} & set(s.ready())
    assert "police_assessment" in s.ready()
    [procedure] = [p for p in s.case.procedures if p.process_id == "shelter_placement"]
    assert procedure.status == "completed"
    s.advance_to(dt.datetime(2026, 4, 27, 9, 0, tzinfo=AMSTERDAM))
    assert "placement_escalation" not in s.ready() and s.fired() == []


def test_no_shelter_needed_names_no_shelter_and_says_why() -> None:
    forms = all_forms()
    base = {"placement_outcome": "not_needed", "placement_start": "2026-04-24"}
    with pytest.raises(ValidationFailed) as caught:
        forms.validate("coordinator.placement", {**base, "shelter_type": "cosm", "reasons": "Eigen woning."})
    assert "shelter_type" in caught.value.errors
    with pytest.raises(ValidationFailed) as caught:
        forms.validate("coordinator.placement", {**base, "shelter_type": "none"})
    assert "reasons" in caught.value.errors
    assert forms.validate("coordinator.placement", {**base, "shelter_type": "none", "reasons": "Eigen woning."})
