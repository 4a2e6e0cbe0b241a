"""Scenarios of reconsideration on request of the panel's final decision (decoupled procedure): within the
policy's reconsideration term, by members who took neither the decision nor its second review; an
objection lodged in that window is taken at once; a reconsidered decision opens its own objection term."""
from __future__ import annotations

import datetime as dt

from tests.processes import steps
from tests.processes.scenario import Scenario

UTC = dt.timezone.utc
REVIEW = {"outcome": "confirmed", "reasons": "Onvoldoende indicatoren voor dwang.",
          "reviewed_by": ["Arbeid Visser", "Medisch Jansen"]}


def _confirmed_negative(cases, clock) -> Scenario:  # type: ignore[no-untyped-def]
    """A Dutch adult (no residence track) whose final negative decision is confirmed on Monday 6 April 2026."""
    s = Scenario(cases, clock, "nl-decoupled")
    steps.intake(s, residence_status="dutch")
    steps.first_stage(s)
    steps.prepare(s)
    s.advance_to(dt.datetime(2026, 4, 6, 8, 0, tzinfo=UTC))
    steps.final(s, "negative")
    s.do("second_review", REVIEW)
    assert s.case.data["decision_sent_on"] == "2026-04-06"
    return s


def test_final_decision_reconsidered_on_request_by_other_members_becomes_positive(cases, clock) -> None:
    s = _confirmed_negative(cases, clock)
    assert s.letter_payloads("identification_final_negative")[0]["reconsideration_until"].startswith("2026-05-06")
    assert s.case.data["reconsideration_until"] == "2026-05-06"  # 30 days (policy reconsideration_term)
    assert s.timer_due("Bezwaartermijn verstreken") == dt.date(2026, 5, 18)  # the objection term runs meanwhile
    assert set(s.case.waiting_messages) >= {"reconsideration_requested", "objection_lodged"}

    s.advance_to(dt.datetime(2026, 4, 16, 9, 0, tzinfo=UTC))
    s.message("reconsideration_requested", {"requested_on": "2026-04-16", "grounds": "Nieuwe medische verklaring."})
    request = {"outcome": "positive", "reasons": "Medische verklaring maakt dwang aannemelijk."}
    s.do("final_reconsideration", {**request, "reconsidered_by": ["Medisch Jansen", "Kind Mulder"]})
    assert s.ready() == ["final_reconsideration"], "a member of the second review cannot reconsider"
    s.do("final_reconsideration", {**request, "reconsidered_by": ["Zorg Peters", "Kind Mulder"]})

    case = s.case
    assert case.status == "completed" and case.data["identification_outcome"] == "positive"
    assert case.data["final_reconsidered_on"] == "2026-04-16"
    assert s.decisions() == [("identification_first_stage", "positive"), ("identification_final", "negative"),
                             ("identification_second_review", "confirmed"),
                             ("identification_final_reconsideration", "positive"),
                             ("identification_final_reconsideration", "positive")]
    assert s.letters() == ["referral_acknowledgement", "identification_first_stage_positive",
                           "identification_final_negative", "identification_final_positive"]
    assert [t.status for t in case.timers if t.name == "Bezwaartermijn verstreken"] == ["cancelled"]


def test_reconsidered_negative_decision_opens_its_own_objection_term(cases, clock) -> None:
    s = _confirmed_negative(cases, clock)
    s.advance_to(dt.datetime(2026, 4, 20, 9, 0, tzinfo=UTC))
    s.message("reconsideration_requested", {"requested_on": "2026-04-20", "grounds": "Verklaring werkgever."})
    s.do("final_reconsideration", {"outcome": "negative", "reasons": "Verklaring verandert de weging niet.",
                                   "reconsidered_by": ["Zorg Peters"]})
    assert s.letter_payloads("identification_final_negative")[-1]["reconsidered"] is True
    assert s.timer_due("Bezwaartermijn verstreken") == dt.date(2026, 6, 1)  # 6 weeks from 20 April (Awb 6:7, 6:8)
    s.advance_to(dt.datetime(2026, 6, 1, 21, 0, tzinfo=UTC))  # 23:00 on 1 June in Amsterdam: still running
    assert s.case.status == "running"
    s.advance_to(dt.datetime(2026, 6, 2, 8, 0, tzinfo=UTC))
    assert s.case.data["objection_status"] == "final" and "objection_lodged" in s.case.waiting_messages  # a late one
    s.advance_to(dt.datetime(2026, 6, 16, 8, 0, tzinfo=UTC))  # late_objection_window: 2 weeks after the term
    case = s.case
    assert case.status == "completed" and case.data["objection_status"] == "final"
    assert case.data["identification_outcome"] == "negative"
    assert s.decisions()[-1] == ("identification_final_reconsideration", "negative")
    assert s.letters()[-2:] == ["identification_final_negative", "identification_final_negative"]


def test_a_late_request_leaves_the_decision_open_to_objection_only(cases, clock) -> None:
    s = _confirmed_negative(cases, clock)
    s.advance_to(dt.datetime(2026, 5, 7, 8, 0, tzinfo=UTC))  # day 31
    s.message("reconsideration_requested", {"requested_on": "2026-05-07", "grounds": "Nieuwe verklaring."})
    assert s.ready() == [] and s.case.data["final_reconsideration_in_time"] is False
    assert s.timer_due("Bezwaartermijn verstreken", "pending") == dt.date(2026, 5, 18)  # unchanged
    s.advance_to(dt.datetime(2026, 5, 18, 21, 0, tzinfo=UTC))
    assert s.case.status == "running"
    s.advance_to(dt.datetime(2026, 6, 2, 8, 0, tzinfo=UTC))  # the term and the late objection window passed
    case = s.case
    assert case.status == "completed" and case.data["objection_status"] == "final"
    assert "identification_final_reconsideration" not in [d for d, _ in s.decisions()]
    assert s.letters()[-1] == "identification_final_negative"


def test_objection_within_the_reconsideration_window_is_taken_at_once(cases, clock) -> None:
    s = _confirmed_negative(cases, clock)
    s.advance_to(dt.datetime(2026, 4, 10, 9, 0, tzinfo=UTC))
    s.message("objection_lodged", {"lodged_on": "2026-04-10", "grounds": "Besluit onvoldoende gemotiveerd."})
    assert s.ready() == ["objection_hearing"]
    assert "reconsideration_requested" not in s.case.waiting_messages
    s.do("objection_hearing", {"waived": True})
    # 6 weeks from the day after the objection term ended on 18 May (art. 7:10 lid 1 Awb), not from 10 April
    assert s.timer_due("Beslistermijn bezwaar verstreken") == dt.date(2026, 6, 29)
    s.do("objection_decision", {"outcome": "rejected", "reasons": "Geen nieuwe feiten aangevoerd."})
    s.do("appeal_tracking", {"appeal_lodged": False})
    case = s.case
    assert case.status == "completed" and case.data["objection_status"] == "rejected"
    assert s.letters()[-3:] == ["identification_final_negative", "objection_acknowledgement", "objection_decision"]
    assert s.decisions()[-1] == ("objection", "rejected")
