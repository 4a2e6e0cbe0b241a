"""Scenarios of objection: a negative panel decision overturned on objection, and statutory objection
terms that end on a Saturday, on 5 May and on Ascension Day (Algemene termijnenwet)."""
from __future__ import annotations

import datetime as dt

from engine.ports import Actor
from tests.processes import steps
from tests.processes.scenario import Scenario

UTC = dt.timezone.utc


def test_negative_panel_decision_is_reviewed_by_others_and_overturned_on_objection(cases, clock) -> None:
    s = Scenario(cases, clock, "nl-decoupled")
    steps.intake(s)
    steps.first_stage(s)
    steps.prepare(s)
    s.advance_to(dt.datetime(2026, 4, 6, 8, 0, tzinfo=UTC))  # Monday after the minimum recovery period
    steps.final(s, "negative")
    review = {"outcome": "confirmed", "reasons": "Onvoldoende indicatoren voor dwang."}
    s.do("second_review", {**review, "reviewed_by": ["Jurist Bakker", "Arbeid Visser"]})
    assert s.ready() == ["second_review"], "a member who took the decision cannot review it"
    s.do("second_review", {**review, "reviewed_by": ["Arbeid Visser", "Medisch Jansen"]})
    assert s.letter_payloads("identification_final_negative")[0]["panel_outcome"] == "decision"
    assert s.timer_due("Bezwaartermijn verstreken") == dt.date(2026, 5, 18)  # 6 weeks: 18 May (Awb 6:7, 6:8)

    s.advance_to(dt.datetime(2026, 5, 11, 9, 0, tzinfo=UTC))
    s.message("objection_lodged", {"lodged_on": "2026-05-11", "grounds": "Dwang onvoldoende gewogen; nieuwe verklaring."})
    s.advance_to(dt.datetime(2026, 6, 1, 9, 0, tzinfo=UTC))
    s.do("objection_hearing", {"heard_on": "2026-06-01", "waived": False, "notes": "Gehoord met advocaat."})
    # 6 weeks from the day after the objection term ended on 18 May (art. 7:10 lid 1 Awb), not from 11 May
    assert s.timer_due("Beslistermijn bezwaar verstreken") == dt.date(2026, 6, 29)
    s.do("objection_decision", {"outcome": "upheld", "reasons": "Nieuwe verklaring maakt dwang aannemelijk."})
    steps.permit(s)
    s.advance_to(dt.datetime(2026, 11, 2, 9, 0, tzinfo=UTC))  # the trial ends in a conviction
    s.message("conviction", {"on": "2026-11-02", "articles": ["273f Sr"]})
    s.do("continued_residence", {"outcome": "granted", "continued_ground": "conviction", "reasons": "Veroordeling dader."})

    case = s.case
    assert case.status == "completed"
    assert case.data["identification_outcome"] == "positive" and case.data["objection_status"] == "upheld"
    assert s.decisions() == [("identification_first_stage", "positive"), ("identification_final", "negative"),
                             ("identification_second_review", "confirmed"), ("identification_second_review", "confirmed"),
                             ("objection", "upheld"), ("residence_permit", "granted"),
                             ("continued_residence", "granted")]
    assert s.letters() == ["referral_acknowledgement", "reflection_granted", "identification_first_stage_positive",
                           "identification_final_negative", "objection_acknowledgement", "objection_decision",
                           "residence_granted", "residence_continued"]


def test_negative_first_stage_decision_reconsidered_on_request(cases, clock) -> None:
    s = Scenario(cases, clock, "nl-decoupled")
    steps.intake(s, residence_status="dutch")
    steps.first_stage(s, outcome="negative")
    assert s.letter_payloads("identification_first_stage_negative")[0]["reconsideration_until"].startswith("2026-02-04")
    s.advance(dt.timedelta(days=10))
    s.message("reconsideration_requested", {"requested_on": "2026-01-15", "grounds": "Nieuwe verklaring over schuld."})
    s.do("reconsideration", {"outcome": "positive", "reasons": "Schuldbinding aannemelijk.", "reconsidered_by": ["Medisch Jansen"]})
    assert "prepare" in s.ready()
    steps.prepare(s)
    assert s.timer_due("Minimale herstelperiode verstreken") == dt.date(2026, 4, 15)  # 90 days from reconsideration
    s.advance_to(dt.datetime(2026, 4, 16, 8, 0, tzinfo=UTC))
    steps.final(s, "positive")
    assert s.case.status == "completed"  # a Dutch national: no residence track
    assert s.decisions() == [("identification_first_stage", "negative"), ("identification_reconsideration", "positive"),
                             ("identification_final", "positive")]
    assert s.letters() == ["referral_acknowledgement", "identification_first_stage_negative",
                           "identification_first_stage_positive", "identification_final_positive"]


def _objection_case(cases, clock, sent_on: str, process: str = "objection") -> Scenario:  # type: ignore[no-untyped-def]
    s = Scenario(cases, clock, "nl-decoupled")
    view = cases.start_case(process, {"decision_sent_on": sent_on, "objection_subject": "identification",
                                      "objection_early": False},
                            Actor("coco", frozenset({"coordinator"}), "coordinator"), variant="nl-decoupled")
    s.case_id = view.id
    return s


def _negative_decision_sent_on(cases, clock, day: dt.date) -> Scenario:  # type: ignore[no-untyped-def]
    """A full case (Dutch adult, so no residence track) whose final negative decision, confirmed on second
    review, is sent on `day`. The recovery minimum is set to 30 days (the UK-like value the policy file
    allows) so that decisions in March and April 2026 are possible."""
    from engine.legal_values import load_policy

    cases.policy_loader = lambda variant: {**load_policy(variant), "recovery_minimum": {
        "term": "P30D", "rule": "calendar", "source": "UK-like setting (Modern Slavery Statutory Guidance)"}}
    s = Scenario(cases, clock, "nl-decoupled")
    steps.intake(s, residence_status="dutch")
    steps.first_stage(s)
    steps.prepare(s)
    s.advance_to(dt.datetime.combine(day, dt.time(9, 0), tzinfo=UTC))
    steps.final(s, "negative")
    s.do("second_review", {"outcome": "confirmed", "reasons": "Geen aanwijzingen voor dwang.",
                           "reviewed_by": ["Arbeid Visser", "Medisch Jansen"]})
    assert s.letters()[-1] == "identification_final_negative"
    return s


def test_objection_term_ending_on_a_saturday_runs_to_monday_and_an_objection_that_day_is_in_time(cases, clock) -> None:
    s = _negative_decision_sent_on(cases, clock, dt.date(2026, 4, 18))
    assert s.timer_due("Bezwaartermijn verstreken") == dt.date(2026, 6, 1)  # Sat 30 May -> Mon 1 June (Atw art. 1)
    s.advance_to(dt.datetime(2026, 6, 1, 20, 0, tzinfo=UTC))  # 22:00 on Monday in Amsterdam: still in time
    s.message("objection_lodged", {"lodged_on": "2026-06-01", "grounds": "Besluit onvoldoende gemotiveerd."})
    s.do("objection_hearing", {"waived": True})
    s.do("objection_decision", {"outcome": "rejected", "reasons": "Geen nieuwe feiten aangevoerd."})
    s.advance_to(dt.datetime(2026, 7, 1, 9, 0, tzinfo=UTC))
    s.do("appeal_tracking", {"appeal_lodged": True, "court": "Rechtbank Den Haag", "lodged_on": "2026-07-01"})
    assert s.case.status == "completed" and s.case.data["identification_outcome"] == "negative"
    assert s.letters()[-3:] == ["identification_final_negative", "objection_acknowledgement", "objection_decision"]
    assert s.decisions()[-1] == ("objection", "rejected")


def test_objection_term_ending_on_5_may_runs_to_the_next_day(cases, clock) -> None:
    s = _negative_decision_sent_on(cases, clock, dt.date(2026, 3, 24))
    assert s.timer_due("Bezwaartermijn verstreken") == dt.date(2026, 5, 6)  # 5 May is Bevrijdingsdag (Atw art. 3)
    s.advance_to(dt.datetime(2026, 5, 5, 22, 30, tzinfo=UTC))  # 00:30 on 6 May in Amsterdam: the term still runs
    assert s.case.status == "running" and "objection_lodged" in s.case.waiting_messages
    s.advance_to(dt.datetime(2026, 5, 6, 22, 30, tzinfo=UTC))
    assert s.case.data["objection_status"] == "final", "the decision is final once the term ended"
    s.advance_to(dt.datetime(2026, 5, 20, 22, 30, tzinfo=UTC))  # and no late objection came in the window
    assert s.case.status == "completed" and s.case.data["objection_status"] == "final"
    assert s.letters()[-1] == "identification_final_negative", "no objection: the decision stands, no new letter"


def test_objection_term_ending_on_ascension_day_runs_past_the_bridge_day_and_weekend(cases, clock) -> None:
    s = _negative_decision_sent_on(cases, clock, dt.date(2026, 4, 2))
    assert s.timer_due("Bezwaartermijn verstreken") == dt.date(2026, 5, 18)  # 14 May Ascension, 15 May equated
    s.advance_to(dt.datetime(2026, 5, 16, 9, 0, tzinfo=UTC))
    s.message("objection_lodged", {"lodged_on": "2026-05-16", "grounds": "Feiten onjuist vastgesteld."})
    s.advance_to(dt.datetime(2026, 6, 2, 9, 0, tzinfo=UTC))
    s.do("objection_hearing", {"heard_on": "2026-06-02", "waived": False, "notes": "Gehoord."})
    s.do("objection_decision", {"outcome": "upheld", "reasons": "Dwang alsnog aannemelijk."})
    assert s.case.status == "completed" and s.case.data["identification_outcome"] == "positive"


def test_when_the_panel_only_advises_the_aliens_act_term_of_four_weeks_applies(cases, clock) -> None:
    """panel_outcome = advice: the appealable decision is the IND's, under the Vw (art. 69: 4 weeks)."""
    from engine.legal_values import load_policy

    def advice(variant: str) -> dict:
        policy = load_policy(variant)
        return {**policy, "panel_outcome": {"value": "advice", "source": "test: panel advises the IND"}}

    cases.policy_loader = advice
    s = _objection_case(cases, clock, "2026-04-18")
    assert s.timer_due("Bezwaartermijn verstreken") == dt.date(2026, 5, 18)  # Sat 16 May -> Mon 18 May


def _lodged_and_heard(cases, clock, committee: bool) -> Scenario:  # type: ignore[no-untyped-def]
    """An IND decision sent on Wednesday 8 April 2026: the 4-week objection term (art. 69 Vw 2000) ends
    on Wednesday 6 May; the objection arrives well before, on 20 April."""
    clock.set(dt.datetime(2026, 4, 8, 9, 0, tzinfo=UTC))
    s = _objection_case(cases, clock, "2026-04-08", process="objection_residence")
    assert s.timer_due("Bezwaartermijn verstreken") == dt.date(2026, 5, 6)
    s.advance_to(dt.datetime(2026, 4, 20, 9, 0, tzinfo=UTC))
    s.message("objection_lodged", {"lodged_on": "2026-04-20", "grounds": "Verklaring arts niet gewogen."})
    s.advance_to(dt.datetime(2026, 5, 4, 9, 0, tzinfo=UTC))
    s.do("objection_hearing", {"heard_on": "2026-05-04", "waived": False, "advisory_committee": committee})
    return s


def test_the_decision_term_on_objection_counts_from_the_end_of_the_objection_term(cases, clock) -> None:
    """Art. 7:10 lid 1 Awb: six weeks from the day after the objection term (ending 6 May 2026) expired,
    so 17 June 2026, whatever day the objection itself was received (here 20 April)."""
    s = _lodged_and_heard(cases, clock, committee=False)
    assert s.case.data["objection_term_ends"] == "2026-05-06"
    assert s.timer_due("Beslistermijn bezwaar verstreken") == dt.date(2026, 6, 17)


def test_with_an_advisory_committee_the_decision_term_is_twelve_weeks(cases, clock) -> None:
    """Art. 7:13 with 7:10 lid 1 Awb: twelve weeks from the end of the objection term: 29 July 2026."""
    s = _lodged_and_heard(cases, clock, committee=True)
    assert s.timer_due("Beslistermijn bezwaar verstreken") == dt.date(2026, 7, 29)


def test_the_acknowledgement_of_an_objection_names_the_decision_term_it_starts(cases, clock) -> None:
    """Art. 6:14 Awb: the receipt is acknowledged at once, with the decision term counted from the end of
    the objection term (17 June 2026), and the 12 weeks should an advisory committee hear it (29 July)."""
    s = _lodged_and_heard(cases, clock, committee=False)
    ack = s.letter_payloads("objection_acknowledgement")
    assert len(ack) == 1
    assert ack[0]["objection_lodged_on"] == "2026-04-20" and ack[0]["objection_term_ends"] == "2026-05-06"
    assert ack[0]["objection_decision_due_on"] == "2026-06-17"
    assert ack[0]["objection_decision_due_committee_on"] == "2026-07-29"
    assert s.letters()[-1] == "objection_acknowledgement", "acknowledged before the hearing"


def _term_passed(cases, clock) -> Scenario:  # type: ignore[no-untyped-def]
    """An IND decision sent on 8 April 2026; the 4-week term ended on Wednesday 6 May."""
    clock.set(dt.datetime(2026, 4, 8, 9, 0, tzinfo=UTC))
    s = _objection_case(cases, clock, "2026-04-08", process="objection_residence")
    s.advance_to(dt.datetime(2026, 5, 8, 9, 0, tzinfo=UTC))
    assert "Bezwaartermijn verstreken" in s.fired() and s.case.data["objection_status"] == "final"
    return s


def test_an_objection_posted_before_the_term_ended_and_received_within_a_week_is_in_time(cases, clock) -> None:
    """Art. 6:9 lid 2 Awb: posted on 6 May, received 8 May: handled as any objection, acknowledged."""
    s = _term_passed(cases, clock)
    s.message("objection_lodged", {"lodged_on": "2026-05-08", "posted_on": "2026-05-06", "grounds": "Verklaring arts."})
    assert s.case.data["objection_posted_in_time"] is True
    s.do("objection_lateness", {"excusable": False, "reasons": "Per post tijdig verzonden, binnen een week ontvangen."})
    assert "objection_hearing" in s.ready()
    assert s.letter_payloads("objection_acknowledgement")[0]["objection_decision_due_on"] == "2026-06-17"


def test_an_excusably_late_objection_is_taken_in(cases, clock) -> None:
    """Art. 6:11 Awb: received on 12 May, late, but the lateness is excusable."""
    s = _term_passed(cases, clock)
    s.advance_to(dt.datetime(2026, 5, 12, 9, 0, tzinfo=UTC))
    s.message("objection_lodged", {"lodged_on": "2026-05-12", "grounds": "Opgenomen in het ziekenhuis."})
    assert s.case.data["objection_posted_in_time"] is False
    s.do("objection_lateness", {"excusable": True, "reasons": "Opname in het ziekenhuis tijdens de hele termijn."})
    assert "objection_hearing" in s.ready()
    assert s.decisions()[-1] == ("objection_admissibility", "excusable")


def test_a_late_objection_that_is_not_excusable_is_declared_inadmissible_with_its_own_letter(cases, clock) -> None:
    s = _term_passed(cases, clock)
    s.advance_to(dt.datetime(2026, 5, 12, 9, 0, tzinfo=UTC))
    s.message("objection_lodged", {"lodged_on": "2026-05-12", "posted_on": "2026-05-11", "grounds": "Alsnog bezwaar."})
    assert s.case.data["objection_posted_in_time"] is False, "posted after the term ended"
    s.do("objection_lateness", {"excusable": False, "reasons": "Geen reden aangevoerd voor de late indiening."})
    case = s.case
    assert case.status == "completed" and case.data["objection_status"] == "inadmissible"
    letter = s.letter_payloads("objection_decision")[-1]
    assert letter["outcome"] == "inadmissible" and letter["late"] is True and letter["subject"] == "identification"
    assert "objection_acknowledgement" not in s.letters()
