"""Scenario: an adult victim of labour exploitation without lawful residence who will not report.

Under the current procedure (nl-current) her lawful stay hangs on a report: the reflection period runs
out and she must leave. Under the decoupled procedure (nl-decoupled) the panel identifies her and the
positive identification opens residence without a report, ending in continued residence after 3 years.
"""
from __future__ import annotations

import datetime as dt

import pytest

from engine.errors import ValidationFailed
from tests.processes import steps
from tests.processes.scenario import Scenario

DAY = dt.timedelta(days=1)


def test_current_procedure_ends_lawful_stay_when_she_does_not_report(cases, clock) -> None:
    s = Scenario(cases, clock, "nl-current")
    steps.intake(s)
    assert s.case.data["route"] == "adult" and s.case.data["residence_track"] == "b83"
    s.do("police_assessment", {"indication": True, "offered_by": "police", "offered_on": "2026-01-05"})
    assert s.letter_payloads("reflection_granted")[0]["reflection_ends"].startswith("2026-04-05")
    assert s.timer_due("Bedenktijd verstreken") == dt.date(2026, 4, 5)  # 5 Jan + 3 months (Vc B8/3.1)
    assert set(s.case.waiting_messages) >= {"report_filed", "declined", "cannot_cooperate", "cooperation_offered"}

    s.advance_to(dt.datetime(2026, 4, 5, 21, 0, tzinfo=dt.timezone.utc))
    assert s.case.status == "running", "the period has not ended before the end of its last day"
    s.advance(DAY)

    case = s.case
    assert case.status == "completed"
    assert case.data["residence_outcome"] == "reflection_ended"
    assert case.data["identification_outcome"] == "indication"
    assert "Bedenktijd verstreken" in s.fired()
    assert s.letters() == ["referral_acknowledgement", "reflection_granted", "reflection_ended"]
    assert s.decisions() == [("reflection_offer", "indication")]  # the police's offer; no panel or residence decision
    assert s.route() == ["register_signal", "safety_check", "consent", "placement", "police_assessment"]


def test_decoupled_procedure_identifies_her_and_opens_residence_without_a_report(cases, clock) -> None:
    s = Scenario(cases, clock, "nl-decoupled")
    steps.intake(s)
    # Decoupled, the coordinator's registration is the first indication: the reflection period runs from
    # intake, while the panel works, without a report and without the police.
    assert s.letter_payloads("reflection_granted")[0]["reflection_ends"].startswith("2026-04-05")
    assert s.timer_due("Bedenktijd verstreken") == dt.date(2026, 4, 5)
    steps.first_stage(s)
    assert s.timer_due("5 werkdagen verstreken") == dt.date(2026, 1, 12)  # Mon 5 Jan + 5 working days
    steps.prepare(s, info=True, hearing=True)
    assert "information_received" in s.case.waiting_messages
    assert s.timer_due("Antwoordtermijn verstreken") == dt.date(2026, 1, 19)  # 10 working days
    s.message("information_received", {"source": "police", "answer": "Geen lopend onderzoek bekend."})
    s.advance_to(dt.datetime(2026, 1, 20, 9, 0, tzinfo=dt.timezone.utc))
    s.do("hearing", {"heard_on": "2026-01-20", "interpreter": "Roemeens", "summary": "Verklaring over werkgever."})
    assert s.timer_due("Minimale herstelperiode verstreken") == dt.date(2026, 4, 5)  # 90 days after 5 Jan
    assert "final_decision" not in s.ready()

    s.advance_to(dt.datetime(2026, 4, 6, 7, 0, tzinfo=dt.timezone.utc))
    assert "Bedenktijd verstreken" in s.fired() and s.case.data["residence_outcome"] == "none", \
        "her lawful stay goes on while the panel has not decided"
    steps.final(s, "positive")
    steps.permit(s)
    granted = s.letter_payloads("residence_granted")[0]
    assert granted["basis"] == "identification" and granted["valid_until"].startswith("2027-04-06")

    s.advance_to(dt.datetime(2027, 4, 7, 8, 0, tzinfo=dt.timezone.utc))  # permit year ends
    s.do("extend_permit", {"outcome": "extended", "reasons": "Identificatie staat vast."})
    s.advance_to(dt.datetime(2028, 4, 8, 8, 0, tzinfo=dt.timezone.utc))
    s.do("extend_permit", {"outcome": "extended", "reasons": "Identificatie staat vast."})
    assert s.timer_due("Vergunning verloopt of 3 jaar bereikt", "pending") == dt.date(2029, 4, 6)
    s.advance_to(dt.datetime(2029, 4, 7, 8, 0, tzinfo=dt.timezone.utc))
    s.do("continued_residence", {"outcome": "granted", "continued_ground": "three_years", "reasons": "Drie jaar B8/3."})

    case = s.case
    assert case.status == "completed"
    assert case.data["identification_outcome"] == "positive" and case.data["residence_outcome"] == "continued"
    assert s.decisions() == [("identification_first_stage", "positive"), ("identification_final", "positive"),
                             ("residence_permit", "granted"), ("permit_extension", "extended"),
                             ("permit_extension", "extended"), ("continued_residence", "granted")]
    assert s.letters() == ["referral_acknowledgement", "reflection_granted", "identification_first_stage_positive",
                           "identification_final_positive", "residence_granted", "residence_granted",
                           "residence_granted", "residence_continued"]
    assert "police_assessment" not in s.route()


def test_current_procedure_offers_no_reflection_period_without_an_indication(cases, clock) -> None:
    s = Scenario(cases, clock, "nl-current")
    steps.intake(s)
    with pytest.raises(ValidationFailed) as caught:  # a "no indication" ends nothing silently (issue 9 item 6)
        s.do("police_assessment", {"indication": False, "offered_by": "police", "offered_on": "2026-01-05"})
    assert list(caught.value.errors) == ["reasons"]
    s.do("police_assessment", {"indication": False, "offered_by": "police", "offered_on": "2026-01-05",
                               "reasons": "Geen signalen van dwang of uitbuiting in de verklaring."})
    case = s.case
    assert case.status == "running" and case.data["identification_outcome"] == "none"
    assert "objection_lodged" in case.waiting_messages, "the refusal is open to objection (policy reflection_offer)"
    assert "Bedenktijd verstreken" not in [t.name for t in case.timers]
    s.advance_to(dt.datetime(2026, 2, 17, 9, 0, tzinfo=dt.timezone.utc))  # term 2 February, late window 16 February
    case = s.case
    assert case.status == "completed" and case.data["objection_status"] == "final"
    assert s.letters() == ["referral_acknowledgement", "reflection_refused"], "the refusal is a decision with a letter"
    [refusal] = s.letter_payloads("reflection_refused")
    assert refusal["offered_by"] == "police" and refusal["decided_on"] == "2026-01-05"
    assert refusal["reasons"] == "Geen signalen van dwang of uitbuiting in de verklaring."
