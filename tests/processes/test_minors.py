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
       "education": "Vmbo, veel verzuim.", "child_heard_on": "2026-01-05", "guardian_present": True,
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
    s.message("guardian_appointed", {"body": "Gecertificeerde instelling Jeugdbescherming", "appointed_on": "2026-01-05"})
    assert s.letter_payloads("minor_guardian_notice")[0]["guardian_body"].startswith("gecertificeerde instelling")
    s.do("best_interests", BIA)
    assert "np_assessment" not in s.ready(), "non-punishment waits for the identification's first stage"

    s.do("compose_panel", {"panel_members": steps.MEMBERS})
    assert "compose_panel" in s.ready(), "a child's panel without a child expert is sent back"
    steps.first_stage(s, minor=True)
    with pytest.raises(ValidationFailed) as caught:
        s.do("np_assessment", {**NON_PUNISHMENT, "child_specific_test": None})
    assert "child_specific_test" in caught.value.errors
    s.do("np_assessment", NON_PUNISHMENT)
    advice = s.letter_payloads("non_punishment_advice")[0]
    assert advice["recommendation"] == "sepot"
    assert advice["first_assessment"] == "positive", "the prosecutor has the first-stage outcome before deciding"
    with pytest.raises(ValidationFailed) as caught:  # departing from the advice without reasons
        s.message("prosecution_decision", {"decision": "summons", "follows_advice": False})
    assert "reasons" in caught.value.errors
    s.message("prosecution_decision", {"decision": "summons", "follows_advice": False,
                                       "reasons": "Eerdere veroordeling; rechter beoordeelt dwang."})
    s.do("np_departure", {"follow_up": "Advocaat geïnformeerd; advies ter zitting ingebracht."})

    steps.prepare(s, hearing=True)
    s.advance_to(dt.datetime(2026, 1, 14, 9, 0, tzinfo=UTC))
    s.do("hearing", {"heard_on": "2026-01-14", "guardian_present": True, "summary": "Gehoord met voogd."})
    s.advance(dt.timedelta(days=91))
    steps.final(s, "positive")

    case = s.case
    assert case.status == "completed"
    assert case.data["bia_summary"] == BIA["best_interests_summary"]
    for letter in ("non_punishment_advice", "identification_first_stage_positive", "identification_final_positive"):
        assert s.letter_payloads(letter)[0]["best_interests"] == BIA["best_interests_summary"], letter
    assert case.data["identification_outcome"] == "positive"
    assert s.decisions() == [("identification_first_stage", "positive"), ("non_punishment_advice", "sepot"),
                             ("identification_final", "positive")]
    assert s.letters() == ["referral_acknowledgement", "minor_guardian_notice", "identification_first_stage_positive",
                           "non_punishment_advice", "identification_final_positive"]
    route = s.route()
    assert route.index("first_stage") < route.index("np_assessment"), "identification never waits for the prosecutor"
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
    # The reflection period ran from intake regardless of the panel; he declines it.
    assert s.case.data["residence_outcome"] == "none", "a negative identification leaves the reflection period running"
    s.message("declined", {"declined_on": "2026-02-05"})
    # the negative first-stage decision stays open to objection until its term (6 weeks, to 16 February) and
    # the late window (2 weeks) have passed (issue 9 item 13)
    assert s.case.status == "running" and "objection_lodged" in s.case.waiting_messages
    s.advance_to(dt.datetime(2026, 3, 3, 9, 0, tzinfo=dt.timezone.utc))
    case = s.case
    assert case.status == "completed"
    assert case.data["identification_outcome"] == "negative" and case.data["residence_outcome"] == "reflection_ended"
    assert s.decisions() == [("identification_first_stage", "negative")]
    assert s.letters() == ["referral_acknowledgement", "reflection_granted", "identification_first_stage_negative",
                           "reflection_ended"]
    assert "guardian_appointed" not in {e["details"].get("message") for e in s.events()}


def test_minor_turning_18_during_the_minors_route_moves_to_the_adult_route(cases, clock) -> None:
    s = Scenario(cases, clock, "nl-decoupled")
    s.start()
    s.do("register_signal", steps.signal(birth_date="2008-02-10", unaccompanied=True))
    s.do("safety_check", {"immediate_danger": False, "safe_location": True, "emergency_bed": True})
    s.do("placement", {"shelter_type": "youth", "placement_start": "2026-01-05"})
    s.message("guardian_appointed", {"body": "Nidos", "appointed_on": "2026-01-05"})
    assert s.case.data["guardian"]["body"] == "Nidos"
    assert s.timer_due("18e verjaardag") == dt.date(2026, 2, 10)
    s.advance_to(dt.datetime(2026, 2, 9, 22, 0, tzinfo=UTC))  # 23:00 on the 9th in Amsterdam
    assert "best_interests" in s.ready()
    s.advance(dt.timedelta(hours=2))
    assert "18e verjaardag" in s.fired()
    case = s.case
    assert case.data["route"] == "adult" and case.data["age_status"] == "adult"
    assert case.data["guardian"] is None, "the guardian's role ends with the 18th birthday"
    assert "best_interests" not in s.ready() and "compose_panel" in s.ready()

    steps.first_stage(s, outcome="negative")
    negative = s.letter_payloads("identification_first_stage_negative")
    assert negative, "the first-stage letter is requested"
    from engine.case_data import case_data  # noqa: F401 - the letter reads the case as it stands
    assert cases.get_case(s.case_id).data["age_status"] == "adult"


def test_missing_child_keeps_every_procedure_where_it_stood(cases, clock) -> None:
    """A missing child: the minors' route is not restarted, its waiting position stays, the police are
    alerted once; the 18th birthday, a fact of life, is not paused."""
    s = Scenario(cases, clock, "nl-decoupled")
    s.start()
    s.do("register_signal", steps.signal(birth_date="2011-04-02", unaccompanied=True))
    s.do("safety_check", {"immediate_danger": False, "safe_location": True, "emergency_bed": True})
    s.do("placement", {"shelter_type": "youth", "placement_start": "2026-01-05"})
    s.message("child_missing", {"missing_since": "2026-01-05", "risk_level": "high"})
    sent = [e["details"]["message"] for e in s.events() if e["kind"] == "message_sent"]
    assert "missing_child_alert" in sent
    waiting = set(s.case.waiting_messages)
    assert {"child_found", "guardian_appointed"} <= waiting and "child_missing" not in waiting
    assert [t.status for t in s.case.timers if t.name == "18e verjaardag"] == ["pending"]
    assert [t.status for t in s.case.timers if t.name == "Bedenktijd verstreken"] == ["paused"]
    s.advance(dt.timedelta(days=20))
    s.message("child_found", {"found_on": "2026-01-25"})
    assert "guardian_appointed" in s.case.waiting_messages
    assert [t.status for t in s.case.timers if t.name == "18e verjaardag"] == ["pending"]
    assert s.case.data["missing"] is False


def test_missing_child_deadlines_resume_with_the_days_left(cases, clock) -> None:
    """The Vietnamese 15-year-old from a cannabis farm who goes missing from protected shelter and is
    found: every running procedure pauses its deadlines and resumes where it stopped, with the time it
    had left (no restart with fresh deadlines)."""
    s = Scenario(cases, clock, "nl-decoupled")
    s.start()
    s.do("register_signal", steps.signal(person_alias="Minh T.", birth_date="2010-09-15", unaccompanied=True,
                                         exploitation_form="criminal", suspected_offence=True, nationality="fictional"))
    s.do("safety_check", {"immediate_danger": True, "safe_location": True, "emergency_bed": True})
    s.do("placement", {"shelter_type": "youth", "placement_start": "2026-01-05"})
    s.message("guardian_appointed", {"body": "Nidos", "appointed_on": "2026-01-05"})
    s.do("best_interests", BIA)
    s.do("compose_panel", {"panel_members": [*steps.MEMBERS, steps.CHILD_EXPERT]})
    assert s.timer_due("5 werkdagen verstreken", "pending") == dt.date(2026, 1, 12)
    assert s.timer_due("Bedenktijd verstreken", "pending") == dt.date(2026, 4, 5)
    s.advance(dt.timedelta(days=2))  # Wednesday 7 January
    s.message("child_missing", {"missing_since": "2026-01-07", "risk_level": "high"})
    assert {t.name: t.status for t in s.case.timers}["5 werkdagen verstreken"] == "paused"
    assert "first_stage" in s.ready(), "the panel's task stays where it was"
    s.advance(dt.timedelta(days=14))
    assert s.fired() == [], "no deadline runs while the child is missing"
    s.message("child_found", {"found_on": "2026-01-21"})
    # 14 days missing: each deadline moves by the time it was paused, keeping the days it had left.
    assert s.timer_due("5 werkdagen verstreken", "pending") == dt.date(2026, 1, 26)
    assert s.timer_due("Bedenktijd verstreken", "pending") == dt.date(2026, 4, 19)
    s.do("first_stage", {"indicators": [steps.INDICATOR], "threshold": "suspect_cannot_prove", "outcome": "positive",
                         "reasons": "Uitgebuit in een hennepkwekerij."})
    assert "np_assessment" in s.ready()
    sent = [e["details"]["message"] for e in s.events() if e["kind"] == "message_sent"]
    assert sent.count("missing_child_alert") == 1
    assert [e["kind"] for e in s.events() if e["kind"] in ("timer_paused", "timer_resumed")].count("timer_paused") >= 2
