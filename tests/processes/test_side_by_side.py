"""Scenarios of the person's procedures running side by side, each asserting its timeline with dates:
the reflection period from the first indication whatever else runs, a report withdrawn under threat, an
acquittal at first instance with an appeal pending, an asylum application during the reflection period,
and events that reach every procedure."""
from __future__ import annotations

import datetime as dt

import pytest

from engine.errors import MessageNotExpected
from tests.processes import steps
from tests.processes.scenario import Scenario

UTC = dt.timezone.utc
BIA = {"child_views": "Wil bij zijn tante wonen.", "identity": "Vietnamees.", "family_environment": "Tante in Utrecht.",
       "care_protection_safety": "Risico op hernieuwde ronselactie.", "vulnerability": "Schuld aan smokkelaars.",
       "health": "Goed.", "education": "Geen school sinds 2024.", "child_heard_on": "2026-01-05",
       "guardian_present": True, "best_interests_summary": "Beschermde opvang en school gaan voor."}


def _report(s: Scenario) -> None:
    """The report is filed the day the police send word of it."""
    s.message("report_filed", {"filed_on": s.today(), "filed_with": "police", "report_ref": "PL-2026-0042"})


def test_reflection_period_of_a_minor_runs_from_the_indication_not_from_the_late_guardian(cases, clock) -> None:
    """A third-country 15-year-old (current procedure): the police's indication on 6 January starts the
    reflection period at once; the guardian is appointed only on 2 February and the period still ends on
    6 April. Identification (the police's assessment) never waited for the guardian either."""
    s = Scenario(cases, clock, "nl-current")
    s.start()
    s.do("register_signal", steps.signal(person_alias="Minh T.", birth_date="2010-09-15", unaccompanied=True,
                                         exploitation_form="criminal"))
    s.do("safety_check", {"immediate_danger": False, "safe_location": True, "emergency_bed": True})
    assert {"placement", "police_assessment"} <= set(s.ready())
    s.advance(dt.timedelta(days=1))
    s.do("police_assessment", {"indication": True, "offered_by": "police", "offered_on": "2026-01-06"})
    assert s.timer_due("Bedenktijd verstreken") == dt.date(2026, 4, 6)
    assert s.letter_payloads("reflection_granted")[0]["reflection_ends"].startswith("2026-04-06")
    assert "guardian_appointed" in s.case.waiting_messages, "the guardian is still to be appointed"

    s.advance_to(dt.datetime(2026, 2, 2, 9, 0, tzinfo=UTC))
    s.message("guardian_appointed", {"body": "Nidos", "appointed_on": "2026-02-02"})
    s.do("placement", {"shelter_type": "youth", "placement_start": "2026-02-02"})
    assert s.timer_due("Bedenktijd verstreken") == dt.date(2026, 4, 6), "a late guardian does not move the period"
    assert s.letters()[:3] == ["referral_acknowledgement", "reflection_granted", "minor_guardian_notice"]


def test_dutch_16_year_old_groomed_by_a_loverboy_is_identified_without_waiting_for_the_minors_route(cases, clock):
    s = Scenario(cases, clock, "nl-current")
    s.start()
    s.do("register_signal", steps.signal(person_alias="Lisa M.", birth_date="2009-11-03", residence_status="dutch",
                                         exploitation_form="sexual", signal_source="care_coordinator"))
    s.do("safety_check", {"immediate_danger": True, "safe_location": False, "emergency_bed": True})
    s.do("police_assessment", {"indication": True, "offered_by": "police", "offered_on": "2026-01-05"})
    case = s.case
    assert case.data["identification_outcome"] == "indication" and case.data["residence_track"] == "none"
    assert "Bedenktijd verstreken" not in [t.name for t in case.timers], "a Dutch national needs no B8/3"
    s.message("report_filed", {"filed_on": "2026-01-05", "filed_with": "police", "report_ref": "PL-2026-0007"})
    assert s.case.data["reported"] is True, "the report reaches the case whatever procedure runs"
    s.message("guardian_appointed", {"body": "Jeugdbescherming", "appointed_on": "2026-01-05"})
    s.do("best_interests", {**BIA, "identity": "Nederlands."})
    s.do("placement", {"shelter_type": "youth", "placement_start": "2026-01-05"})
    case = s.case
    assert case.status == "completed", "every procedure has ended; the birthday no longer matters"
    assert case.data["bia_summary"] == BIA["best_interests_summary"]
    assert [t.status for t in case.timers if t.name == "18e verjaardag"] == ["cancelled"]
    assert s.route() == ["register_signal", "safety_check", "police_assessment", "best_interests", "placement"]


def test_dublin_claimant_who_reports_and_withdraws_under_threat_keeps_the_permit(cases, clock) -> None:
    """A Nigerian Dublin claimant reports, gets the permit, then withdraws the report under threats: she
    cannot cooperate for compelling reasons, the permit goes on on that ground and a later dismissal does
    not end it."""
    s = Scenario(cases, clock, "nl-current")
    steps.intake(s, person_alias="Blessing O.", residence_status="dublin", asylum_applied_on="2025-12-15",
                 exploitation_form="sexual")
    s.do("police_assessment", {"indication": True, "offered_by": "police", "offered_on": "2026-01-05"})
    assert s.timer_due("Bedenktijd verstreken") == dt.date(2026, 2, 4)  # 30 days for a Dublin claimant
    s.advance_to(dt.datetime(2026, 1, 20, 9, 0, tzinfo=UTC))
    _report(s)
    s.advance_to(dt.datetime(2026, 1, 27, 9, 0, tzinfo=UTC))
    s.message("leads_assessment", {"leads_in_nl": True, "presence_needed": True, "assessed_on": "2026-01-27"})
    steps.permit(s)
    assert s.case.data["reported"] is True

    s.advance_to(dt.datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    s.message("report_withdrawn", {"withdrawn_on": "2026-03-02", "under_threat": True})
    case = s.case
    assert case.data["reported"] is False and case.data["report_withdrawn_under_threat"] is True
    assert "threat_statement" in case.waiting_messages, "ground (d) waits for the police's statement"
    assert case.data["residence_basis"] == "criminal_case"
    assert s.timer_due("Termijn verklaring dreiging verstreken of vergunning verlopen") == dt.date(2026, 3, 30)  # 4 weeks, unverified
    s.advance_to(dt.datetime(2026, 3, 9, 9, 0, tzinfo=UTC))
    s.message("threat_statement", {"confirmed": True, "statement_by": "police", "statement_date": "2026-03-09"})
    case = s.case
    assert case.data["residence_basis"] == "cannot_cooperate" and "withdraw_permit" not in s.ready()
    assert s.letters()[-1] == "residence_granted"
    changed = s.letter_payloads("residence_granted")[-1]
    assert changed["ground_changed"] is True and changed["basis"] == "cannot_cooperate"
    s.advance_to(dt.datetime(2026, 4, 1, 9, 0, tzinfo=UTC))
    s.message("dismissal", {"on": "2026-04-01", "articles": ["273f Sr"]})
    assert "withdraw_permit" not in s.ready(), "a permit on the ground of threats is not withdrawn on a dismissal"
    assert s.case.data["residence_outcome"] == "permit"
    facts = [e["details"] for e in s.events() if e["kind"] == "fact_recorded" and e["details"]["fact"] == "reported"]
    assert [f["version"] for f in facts] == [1, 2] and [f["by"] for f in facts] == ["report_record", "withdrawal_record"]
    assert all("value" not in f for f in facts), "the event log names the fact, never its content"


def test_withdrawn_under_threat_without_a_statement_in_time_leads_to_the_withdrawal_decision(cases, clock) -> None:
    """The person's word alone does not carry ground (d): when no statement confirms the threat within the
    term (threat_statement_term, a design choice), the IND decides on withdrawal, with its letter and objection."""
    s = Scenario(cases, clock, "nl-current")
    steps.permit_on_a_report(s)
    s.advance_to(dt.datetime(2026, 2, 10, 9, 0, tzinfo=UTC))
    s.message("report_withdrawn", {"withdrawn_on": "2026-02-10", "under_threat": True})
    assert "withdraw_permit" not in s.ready()
    s.advance(dt.timedelta(days=29))
    assert "Termijn verklaring dreiging verstreken of vergunning verlopen" in s.fired()
    assert "intend_withdrawal" in s.ready()
    steps.withdraw(s, "Geen verklaring over dreiging ontvangen.")
    assert s.letters()[-1] == "residence_refused"


def test_a_statement_that_denies_the_threat_leads_to_the_withdrawal_decision(cases, clock) -> None:
    s = Scenario(cases, clock, "nl-current")
    steps.permit_on_a_report(s)
    s.advance_to(dt.datetime(2026, 2, 10, 9, 0, tzinfo=UTC))
    s.message("report_withdrawn", {"withdrawn_on": "2026-02-10", "under_threat": True})
    s.advance_to(dt.datetime(2026, 2, 12, 9, 0, tzinfo=UTC))
    s.message("threat_statement", {"confirmed": False, "statement_by": "kmar", "statement_date": "2026-02-12"})
    assert "intend_withdrawal" in s.ready() and s.case.data["residence_basis"] == "criminal_case"


def test_report_withdrawn_without_threat_leads_to_the_withdrawal_decision(cases, clock) -> None:
    s = Scenario(cases, clock, "nl-current")
    steps.permit_on_a_report(s)
    s.advance_to(dt.datetime(2026, 2, 10, 9, 0, tzinfo=UTC))
    s.message("report_withdrawn", {"withdrawn_on": "2026-02-10", "under_threat": False})
    assert "intend_withdrawal" in s.ready()


def test_acquittal_at_first_instance_with_an_appeal_pending_does_not_end_the_permit(cases, clock) -> None:
    """The permit runs for the prosecution and the trial in feitelijke aanleg (Vc B8/3): an acquittal at
    first instance with the prosecutor's appeal pending ends nothing; the final acquittal on appeal does."""
    s = Scenario(cases, clock, "nl-current")
    steps.permit_on_a_report(s)
    s.advance_to(dt.datetime(2026, 9, 1, 9, 0, tzinfo=UTC))
    s.message("acquittal", {"on": "2026-09-01", "articles": ["273f Sr"], "instance": "first", "final": False})
    assert "withdraw_permit" not in s.ready() and s.case.data["residence_outcome"] == "permit"
    assert s.case.data["criminal_case"] == {"event": "acquittal", "on": dt.date(2026, 9, 1), "instance": "first",
                                            "final": False}
    assert "acquittal" in s.case.waiting_messages, "the permit waits for the outcome on appeal"
    s.advance_to(dt.datetime(2027, 1, 6, 9, 0, tzinfo=UTC))
    s.do("extend_permit", {"outcome": "extended", "reasons": "Hoger beroep loopt."})
    s.advance_to(dt.datetime(2027, 3, 1, 9, 0, tzinfo=UTC))
    s.message("acquittal", {"on": "2027-03-01", "articles": ["273f Sr"], "instance": "appeal", "final": True})
    assert "intend_withdrawal" in s.ready()


def test_an_acquittal_must_say_whether_it_is_final(cases, clock) -> None:
    from engine.errors import ValidationFailed

    s = Scenario(cases, clock, "nl-current")
    steps.permit_on_a_report(s)
    s.advance_to(dt.datetime(2026, 9, 1, 9, 0, tzinfo=UTC))
    with pytest.raises(ValidationFailed) as caught:
        s.message("acquittal", {"on": "2026-09-01", "articles": ["273f Sr"]})
    assert set(caught.value.errors) == {"instance", "final"}


def test_dublin_asylum_application_during_the_reflection_period_shortens_it_to_30_days(cases, clock) -> None:
    """An asylum application during the reflection period re-routes the case by the routing table: as a
    Dublin claimant her reflection period is 30 days from its start (5 January), so it ends on 4 February."""
    s = Scenario(cases, clock, "nl-current")
    steps.intake(s)
    s.do("police_assessment", {"indication": True, "offered_by": "police", "offered_on": "2026-01-05"})
    assert s.timer_due("Bedenktijd verstreken", "pending") == dt.date(2026, 4, 5)
    s.advance_to(dt.datetime(2026, 1, 15, 9, 0, tzinfo=UTC))
    s.message("asylum_applied", {"applied_on": "2026-01-15", "dublin_claimant": True})
    case = s.case
    assert case.data["residence_status"] == "dublin" and case.data["residence_track"] == "b83_dublin"
    assert s.timer_due("Bedenktijd verstreken", "pending") == dt.date(2026, 2, 4)
    assert case.data["reflection_ends"].startswith("2026-02-04"), "the period's recorded end follows the new track"
    assert case.data["dublin_report_due"] == "2026-04-15"
    s.advance_to(dt.datetime(2026, 2, 5, 9, 0, tzinfo=UTC))
    assert s.case.data["residence_outcome"] == "reflection_ended"


def test_asylum_application_outside_dublin_moves_her_stay_to_the_asylum_procedure(cases, clock) -> None:
    s = Scenario(cases, clock, "nl-current")
    steps.intake(s)
    s.do("police_assessment", {"indication": True, "offered_by": "police", "offered_on": "2026-01-05"})
    s.advance_to(dt.datetime(2026, 1, 12, 9, 0, tzinfo=UTC))
    s.message("asylum_applied", {"applied_on": "2026-01-12", "dublin_claimant": False})
    case = s.case
    assert case.data["residence_track"] == "asylum" and case.data["residence_outcome"] == "asylum"
    assert case.status == "completed"
    assert [t.status for t in case.timers if t.name == "Bedenktijd verstreken"] == ["cancelled"]
    # the end of the reflection period is a decision with its letter: stay goes on under art. 8 sub f Vw 2000
    assert s.letters() == ["referral_acknowledgement", "reflection_granted", "reflection_ended"]
    payload = s.letter_payloads("reflection_ended")[0]
    assert (payload["ground"], payload["ended_on"]) == ("asylum", "2026-01-12"), "ends on the day of the application"


def test_internal_messages_cannot_be_sent_from_outside(cases, clock) -> None:
    s = Scenario(cases, clock, "nl-current")
    steps.intake(s)
    assert not [m for m in s.case.waiting_messages if m.startswith("internal.")]
    with pytest.raises(MessageNotExpected):
        s.message("internal.procedures_done", {"done": True})
