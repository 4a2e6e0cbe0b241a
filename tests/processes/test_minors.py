"""Scenarios of the minors' route: presumption of minority, age assessment, guardian, best-interests
assessment, child panel, non-punishment, the 18th birthday and a missing child."""
from __future__ import annotations

import datetime as dt

import pytest

from engine.errors import ValidationFailed
from tests.processes import steps
from tests.processes.scenario import Scenario

UTC = dt.timezone.utc
BIA = {"child_views": "Wil naar school.", "identity": "Nederlands.", "family_environment": "Moeder betrokken.",
       "care_protection_safety": "Risico op hernieuwde ronselactie.", "vulnerability": "LVB.", "health": "Goed.",
       "education": "Vmbo, veel verzuim.", "child_heard_on": "2026-01-08", "guardian_present": True,
       "best_interests_summary": "Bescherming en terugkeer naar school wegen zwaarder dan vervolging."}
NON_PUNISHMENT = {"identification_status": "signal", "exploitation_form": "criminal",
                  "offence": "Vervoer van cocaïne (art. 2 Opiumwet), Rotterdam", "offence_category": "consequential",
                  "max_penalty_years": 8, "violence_against_persons": False, "exclusion_like": False,
                  "compulsion_means": ["threats", "debt_bondage"], "compulsion_intensity": "direct_order",
                  "causal_link": "direct_consequence", "timing": "during", "proceeds_to": "exploiter",
                  "age_at_offence": 15, "child_specific_test": True, "recommendation": "sepot",
                  "reasons": "Direct gevolg van de uitbuiting; opbrengst naar de uitbuiter."}


def test_dutch_minor_in_criminal_exploitation_suspected_of_drug_running(cases, clock) -> None:
    s = Scenario(cases, clock, "nl-decoupled")
    s.start()
    s.do("register_signal", steps.signal(person_alias="Jesse K.", birth_date="2010-06-01", residence_status="dutch",
                                         exploitation_form="criminal", suspected_offence=True, signal_source="police"))
    s.do("safety_check", {"immediate_danger": True, "safe_location": True, "emergency_bed": False})
    assert "consent" not in s.ready(), "no consent is asked of a minor"
    s.do("placement", {"shelter_type": "youth", "placement_start": "2026-01-05"})
    assert s.case.data["route"] == "minor" and s.case.data["residence_track"] == "none"
    assert s.timer_due("18e verjaardag") == dt.date(2028, 6, 1)
    s.message("guardian_appointed", {"body": "Gecertificeerde instelling Jeugdbescherming", "appointed_on": "2026-01-07"})
    assert s.letter_payloads("minor_guardian_notice")[0]["guardian_body"].startswith("gecertificeerde instelling")
    s.do("best_interests", BIA)

    with pytest.raises(ValidationFailed) as caught:
        s.do("np_assessment", {**NON_PUNISHMENT, "child_specific_test": None})
    assert "child_specific_test" in caught.value.errors
    s.do("np_assessment", NON_PUNISHMENT)
    assert s.letter_payloads("non_punishment_advice")[0]["recommendation"] == "sepot"
    with pytest.raises(ValidationFailed) as caught:  # departing from the advice without reasons
        s.message("prosecution_decision", {"decision": "summons", "follows_advice": False})
    assert "reasons" in caught.value.errors
    s.message("prosecution_decision", {"decision": "summons", "follows_advice": False,
                                       "reasons": "Eerdere veroordeling; rechter beoordeelt dwang."})
    s.do("np_departure", {"follow_up": "Advocaat geïnformeerd; advies ter zitting ingebracht."})

    s.do("compose_panel", {"panel_members": steps.MEMBERS})
    assert s.ready() == ["compose_panel"], "a child's panel without a child expert is sent back"
    steps.first_stage(s, minor=True)
    steps.prepare(s, hearing=True)
    s.do("hearing", {"heard_on": "2026-01-14", "guardian_present": True, "summary": "Gehoord met voogd."})
    s.advance(dt.timedelta(days=91))
    steps.final(s, "positive")

    case = s.case
    assert case.status == "completed"
    assert case.data["bia_summary"] == BIA["best_interests_summary"]
    for letter in ("non_punishment_advice", "identification_first_stage_positive", "identification_final_positive"):
        assert s.letter_payloads(letter)[0]["best_interests"] == BIA["best_interests_summary"], letter
    assert case.data["identification_outcome"] == "positive"
    assert s.decisions() == [("non_punishment_advice", "sepot"), ("identification_first_stage", "positive"),
                             ("identification_final", "positive")]
    assert s.letters() == ["referral_acknowledgement", "minor_guardian_notice", "non_punishment_advice",
                           "identification_first_stage_positive", "identification_final_positive"]
    assert s.route()[:6] == ["register_signal", "safety_check", "placement", "best_interests", "np_assessment",
                             "np_departure"]
    assert [t.status for t in case.timers if t.name == "18e verjaardag"] == ["cancelled"]


def test_unaccompanied_minor_with_age_dispute_judged_adult_goes_the_adult_route(cases, clock) -> None:
    s = Scenario(cases, clock, "nl-decoupled")
    s.start()
    s.do("register_signal", steps.signal(person_alias="Samir A.", birth_date="2009-02-01", age_doubt=True,
                                         unaccompanied=True, exploitation_form="sexual"))
    s.do("safety_check", {"immediate_danger": False, "safe_location": True, "emergency_bed": True})
    assert "consent" not in s.ready(), "presumed a minor while the age is in doubt"
    s.do("placement", {"shelter_type": "youth", "placement_start": "2026-01-05"})
    assert s.case.data["presumed_minor"] is True
    s.do("age_assessment", {"method": "schouw", "assessors": 3, "outcome": "adult", "assessed_birth_date": "2005-01-01",
                            "reasons": "Drie beoordelaars: evident meerderjarig."})
    assert s.case.data["route"] == "adult" and s.case.data["presumed_minor"] is False
    steps.first_stage(s, outcome="negative")  # composed without a child expert: fine for an adult
    assert s.timer_due("Heroverwegingstermijn verstreken") == dt.date(2026, 2, 4)  # 30 days to ask reconsideration
    s.advance(dt.timedelta(days=31))
    # The residence track offers the reflection period regardless; he declines.
    s.do("shelter", {"shelter_type": "cosm", "shelter_confirmed": True})
    s.message("declined", {"declined_on": "2026-01-20"})
    case = s.case
    assert case.status == "completed"
    assert case.data["identification_outcome"] == "negative" and case.data["residence_outcome"] == "reflection_ended"
    assert s.decisions() == [("identification_first_stage", "negative")]
    assert s.letters() == ["referral_acknowledgement", "identification_first_stage_negative", "reflection_granted",
                           "reflection_ended"]
    assert "guardian_appointed" not in {e["details"].get("message") for e in s.events()}


def test_minor_turning_18_during_the_minors_route_moves_to_the_adult_route(cases, clock) -> None:
    s = Scenario(cases, clock, "nl-decoupled")
    s.start()
    s.do("register_signal", steps.signal(birth_date="2008-02-10", unaccompanied=True))
    s.do("safety_check", {"immediate_danger": False, "safe_location": True, "emergency_bed": True})
    s.do("placement", {"shelter_type": "youth", "placement_start": "2026-01-05"})
    assert s.timer_due("18e verjaardag") == dt.date(2026, 2, 10)
    s.advance_to(dt.datetime(2026, 2, 9, 22, 0, tzinfo=UTC))  # 23:00 on the 9th in Amsterdam
    assert "guardian_appointed" in s.case.waiting_messages
    s.advance(dt.timedelta(hours=2))
    assert "18e verjaardag" in s.fired()
    assert s.ready() == ["compose_panel"] and s.case.data["route"] == "adult"
    assert "guardian_appointed" not in s.case.waiting_messages


def test_missing_child_pauses_the_minors_route_and_restarts_it_on_return(cases, clock) -> None:
    s = Scenario(cases, clock, "nl-decoupled")
    s.start()
    s.do("register_signal", steps.signal(birth_date="2011-04-02", unaccompanied=True))
    s.do("safety_check", {"immediate_danger": False, "safe_location": True, "emergency_bed": True})
    s.do("placement", {"shelter_type": "youth", "placement_start": "2026-01-05"})
    s.message("child_missing", {"missing_since": "2026-01-06", "risk_level": "high"})
    sent = [e["details"]["message"] for e in s.events() if e["kind"] == "message_sent"]
    assert "missing_child_alert" in sent
    assert s.case.waiting_messages == ("child_found",)
    assert [t.status for t in s.case.timers if t.name == "18e verjaardag"] == ["cancelled"]
    s.advance(dt.timedelta(days=20))
    s.message("child_found", {"found_on": "2026-01-26"})
    assert "guardian_appointed" in s.case.waiting_messages
    assert [t.status for t in s.case.timers if t.name == "18e verjaardag"] == ["cancelled", "pending"]


def test_missing_child_pauses_the_identification_deadlines_and_restarts_them_on_return(cases, clock) -> None:
    s = Scenario(cases, clock, "nl-decoupled")
    s.start()
    s.do("register_signal", steps.signal(birth_date="2011-04-02", residence_status="dutch", exploitation_form="criminal"))
    s.do("safety_check", {"immediate_danger": False, "safe_location": True, "emergency_bed": True})
    s.do("placement", {"shelter_type": "youth", "placement_start": "2026-01-05"})
    s.message("guardian_appointed", {"body": "Jeugdbescherming", "appointed_on": "2026-01-06"})
    s.do("best_interests", BIA)
    s.do("compose_panel", {"panel_members": [*steps.MEMBERS, steps.CHILD_EXPERT]})
    assert s.timer_due("5 werkdagen verstreken", "pending") == dt.date(2026, 1, 12)
    s.advance(dt.timedelta(days=2))
    s.message("child_missing", {"missing_since": "2026-01-07", "risk_level": "high"})
    assert s.ready() == [] and s.case.waiting_messages == ("child_found",)
    assert [t.status for t in s.case.timers if t.name == "5 werkdagen verstreken"] == ["cancelled"]
    s.advance(dt.timedelta(days=14))
    assert s.fired() == [], "no deadline runs while the child is missing"
    s.message("child_found", {"found_on": "2026-01-21"})
    steps.first_stage(s, minor=True)
    assert s.timer_due("5 werkdagen verstreken") == dt.date(2026, 1, 28)  # a fresh term from the return
    sent = [e["details"]["message"] for e in s.events() if e["kind"] == "message_sent"]
    assert sent.count("missing_child_alert") == 1
