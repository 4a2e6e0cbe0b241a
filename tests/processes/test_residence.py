"""Scenarios of the B8/3 reflection and residence track: the current procedure, with one decoupled contrast."""
from __future__ import annotations

import datetime as dt

from tests.processes import steps
from tests.processes.scenario import Scenario

UTC = dt.timezone.utc


def _reflection(s: Scenario, **signal: object) -> None:
    steps.intake(s, **signal)
    s.do("police_assessment", {"indication": True, "offered_by": "kmar", "offered_on": "2026-01-05"})


def _report(s: Scenario) -> None:
    """The report is filed the day the police send word of it."""
    s.message("report_filed", {"filed_on": s.today(), "filed_with": "police", "report_ref": "PL-2026-0001"})


def test_dublin_claimant_who_reports_gets_a_permit_after_the_leads_assessment(cases, clock) -> None:
    s = Scenario(cases, clock, "nl-current")
    _reflection(s, residence_status="dublin", asylum_applied_on="2025-12-01")
    assert s.case.data["residence_track"] == "b83_dublin"
    assert s.case.data["dublin_report_due"] == "2026-03-01"  # 3 months after the asylum application
    assert s.timer_due("Bedenktijd verstreken") == dt.date(2026, 2, 4)  # 30 days for Dublin claimants

    s.advance_to(dt.datetime(2026, 1, 20, 9, 0, tzinfo=UTC))
    _report(s)
    assert s.case.data["dublin_report_in_time"] is True
    assert "leads_assessment" in s.case.waiting_messages and "permit_decision" not in s.ready()
    assert s.timer_due("4 werkweken verstreken") == dt.date(2026, 2, 17)  # 20 working days after 20 Jan
    s.advance_to(dt.datetime(2026, 2, 18, 9, 0, tzinfo=UTC))
    s.do("leads_reminder", {"action_taken": "OM gerappelleerd."})
    s.message("leads_assessment", {"leads_in_nl": True, "presence_needed": True, "assessed_on": "2026-02-18"})
    steps.permit(s)
    assert s.letter_payloads("residence_granted")[0]["basis"] == "criminal_case"

    s.advance(dt.timedelta(days=120))
    s.message("conviction", {"on": "2026-06-18", "articles": ["273f Sr"], "reference": "09/123456-26"})
    s.do("continued_residence", {"outcome": "granted", "continued_ground": "conviction", "reasons": "Veroordeling."})
    case = s.case
    assert case.status == "completed" and case.data["residence_outcome"] == "continued"
    assert "4 werkweken verstreken" in s.fired()
    assert s.decisions() == [("reflection_offer", "indication"), ("residence_permit", "granted"), ("continued_residence", "granted")]
    assert s.letters() == ["referral_acknowledgement", "reflection_granted", "residence_granted", "residence_continued"]
    assert s.route()[-3:] == ["leads_reminder", "permit_decision", "continued_residence"]


def test_dublin_claimant_who_reports_more_than_3_months_after_the_asylum_application(cases, clock) -> None:
    """Rb Den Haag ECLI:NL:RBDHA:2021:8048: the report counts for B8/3 only within 3 months of the asylum
    application (policy dublin_report_term); a late report goes to the IND without the leads assessment."""
    s = Scenario(cases, clock, "nl-current")
    _reflection(s, residence_status="dublin", asylum_applied_on="2025-10-01")
    assert s.case.data["dublin_report_due"] == "2026-01-01"
    s.advance_to(dt.datetime(2026, 1, 20, 9, 0, tzinfo=UTC))
    _report(s)
    assert s.case.data["dublin_report_in_time"] is False
    assert "leads_assessment" not in s.case.waiting_messages and s.ready() == ["permit_decision"]
    steps.permit(s, "refused")
    assert s.timer_due("Bezwaartermijn verstreken") == dt.date(2026, 2, 17)  # 4 weeks (art. 69 Vw 2000)
    s.advance_to(dt.datetime(2026, 3, 4, 9, 0, tzinfo=UTC))  # the term and the late objection window passed
    case = s.case
    assert case.status == "completed" and case.data["residence_outcome"] == "refused"
    assert s.decisions() == [("reflection_offer", "indication"), ("residence_permit", "refused"), ("residence_permit", "refused")], \
        "the intention to refuse, then the refusal after the person's view"
    assert s.letters() == ["referral_acknowledgement", "reflection_granted", "intended_decision", "residence_refused"]
    assert "leads_assessment" not in [e["details"].get("message") for e in s.events() if e["kind"] == "message_received"]


def test_a_dublin_claimant_is_not_registered_without_the_date_of_the_asylum_application(cases, clock) -> None:
    import pytest

    from engine.errors import ValidationFailed

    s = Scenario(cases, clock, "nl-current")
    s.start()
    with pytest.raises(ValidationFailed) as caught:
        s.do("register_signal", steps.signal(residence_status="dublin"))
    assert list(caught.value.errors) == ["asylum_applied_on"]
    assert s.ready() == ["register_signal"]


def test_permit_is_withdrawn_after_dismissal_when_it_rests_on_the_criminal_case(cases, clock) -> None:
    s = Scenario(cases, clock, "nl-current")
    _reflection(s)
    _report(s)
    assert s.timer_due("24 uur verstreken") == dt.date(2026, 1, 6)  # the IND decides within 24 hours
    steps.permit(s)
    s.advance(dt.timedelta(days=200))
    s.message("prosecution_started", {"on": "2026-07-01", "articles": ["273f Sr"]})
    assert "dismissal" in s.case.waiting_messages, "prosecution alone does not end the track (policy flag off)"
    s.message("dismissal", {"on": "2026-07-24", "articles": ["273f Sr"], "reference": "09/000001-26"})
    steps.withdraw(s, "Sepot; voorwaarden vervallen.", retroactive_from="2026-07-24")
    assert s.case.status == "running" and "objection_lodged" in s.case.waiting_messages
    assert s.timer_due("Bezwaartermijn verstreken") == dt.date(2026, 8, 21)  # 4 weeks, art. 69 Vw 2000
    s.advance(dt.timedelta(weeks=7))  # the term and the late objection window passed
    case = s.case
    assert case.status == "completed" and case.data["residence_outcome"] == "withdrawn"
    assert s.decisions() == [("reflection_offer", "indication"), ("residence_permit", "granted"), ("permit_withdrawal", "withdrawn")]
    assert s.letters()[-1] == "residence_refused"
    assert s.letter_payloads("residence_refused")[0]["withdrawn"] is True


def test_decoupled_permit_survives_a_dismissal_because_it_rests_on_identification(cases, clock) -> None:
    s = Scenario(cases, clock, "nl-decoupled")
    steps.intake(s)
    steps.first_stage(s)
    steps.prepare(s)
    s.advance(dt.timedelta(days=91))
    steps.final(s, "positive")
    steps.permit(s)
    s.advance_to(dt.datetime(2026, 5, 1, 9, 0, tzinfo=UTC))
    s.message("dismissal", {"on": "2026-05-01", "articles": ["273f Sr"]})
    assert "withdraw_permit" not in s.ready() and "conviction" in s.case.waiting_messages
    s.advance_to(dt.datetime(2026, 9, 1, 9, 0, tzinfo=UTC))
    s.message("conviction", {"on": "2026-09-01", "articles": ["273f Sr"]})
    s.do("continued_residence", {"outcome": "granted", "continued_ground": "conviction", "reasons": "Veroordeling dader."})
    assert s.case.status == "completed" and s.case.data["residence_outcome"] == "continued"


def test_continued_residence_after_three_years_of_holding_the_permit(cases, clock) -> None:
    s = Scenario(cases, clock, "nl-current")
    _reflection(s)
    _report(s)
    steps.permit(s)
    assert s.timer_due("Vergunning verloopt of 3 jaar bereikt", "pending") == dt.date(2027, 1, 5)
    s.advance_to(dt.datetime(2027, 1, 7, 9, 0, tzinfo=UTC))
    s.do("extend_permit", {"outcome": "extended", "reasons": "Strafzaak loopt nog."})
    assert s.timer_due("Vergunning verloopt of 3 jaar bereikt", "pending") == dt.date(2028, 1, 7)  # a year from extension
    s.advance_to(dt.datetime(2028, 1, 8, 9, 0, tzinfo=UTC))
    s.do("extend_permit", {"outcome": "extended", "reasons": "Strafzaak loopt nog."})
    assert s.timer_due("Vergunning verloopt of 3 jaar bereikt", "pending") == dt.date(2029, 1, 5)  # 3 years, not 2029-01-08
    s.advance_to(dt.datetime(2029, 1, 6, 9, 0, tzinfo=UTC))
    assert s.ready() == ["continued_residence"]
    s.do("continued_residence", {"outcome": "granted", "continued_ground": "three_years", "reasons": "Drie jaar B8/3."})
    assert s.case.status == "completed" and s.case.data["residence_outcome"] == "continued"
    assert s.letters() == ["referral_acknowledgement", "reflection_granted", "residence_granted", "residence_granted",
                           "residence_granted", "residence_continued"]


def test_someone_who_cannot_cooperate_needs_a_statement(cases, clock) -> None:
    import pytest

    from engine.errors import ValidationFailed

    s = Scenario(cases, clock, "nl-current")
    _reflection(s)
    with pytest.raises(ValidationFailed) as caught:
        s.message("cannot_cooperate", {"ground": "medical"})
    assert set(caught.value.errors) == {"statement_by", "statement_date"}
    s.message("cannot_cooperate", {"ground": "medical", "statement_by": "medical", "statement_date": "2026-01-05"})
    steps.permit(s, "refused")
    assert s.timer_due("Bezwaartermijn verstreken") == dt.date(2026, 2, 2)  # 4 weeks, art. 69 Vw 2000
    s.advance(dt.timedelta(days=10))
    s.message("objection_lodged", {"lodged_on": "2026-01-15", "grounds": "Medische verklaring niet gewogen."})
    s.advance_to(dt.datetime(2026, 2, 3, 9, 0, tzinfo=UTC))
    s.do("objection_hearing", {"heard_on": "2026-02-03", "waived": False, "notes": "Gehoord."})
    s.do("objection_decision", {"outcome": "upheld", "reasons": "Verklaring van de arts alsnog gewogen."})
    steps.permit(s)  # decided again after the objection was upheld
    assert s.decisions() == [("reflection_offer", "indication"), ("residence_permit", "refused"), ("residence_permit", "refused"), ("objection", "upheld"),
                             ("residence_permit", "granted")]
    assert s.letters()[-4:] == ["residence_refused", "objection_acknowledgement", "objection_decision",
                              "residence_granted"]
    assert s.case.data["residence_outcome"] == "permit" and "conviction" in s.case.waiting_messages


def test_a_permit_on_a_statement_that_the_person_cannot_cooperate_rests_on_ground_d_and_survives_a_dismissal(
        cases, clock) -> None:
    """Art. 3.48 lid 1 Vb: a ground-(d) permit (threat, health) is not "u heeft aangifte gedaan" and is
    not withdrawn when a criminal case is dismissed."""
    s = Scenario(cases, clock, "nl-current")
    _reflection(s)
    s.message("cannot_cooperate", {"ground": "threat", "statement_by": "police", "statement_date": "2026-01-05"})
    steps.permit(s)
    assert s.letter_payloads("residence_granted")[0]["basis"] == "cannot_cooperate"
    s.advance_to(dt.datetime(2026, 5, 1, 9, 0, tzinfo=UTC))
    s.message("dismissal", {"on": "2026-05-01", "articles": ["273f Sr"]})
    assert "withdraw_permit" not in s.ready() and "conviction" in s.case.waiting_messages


def test_other_cooperation_than_a_report_is_ground_b(cases, clock) -> None:
    s = Scenario(cases, clock, "nl-current")
    _reflection(s)
    s.message("cooperation_offered", {"offered_on": "2026-01-05", "description": "Verklaring als getuige bij de politie."})
    steps.permit(s)
    assert s.letter_payloads("residence_granted")[0]["basis"] == "cooperation"


def test_not_extending_the_permit_is_issued_as_a_refusal_to_extend(cases, clock) -> None:
    """Not extending rests on the extension article (art. 18 Vw 2000), not on the withdrawal article."""
    s = Scenario(cases, clock, "nl-current")
    _reflection(s)
    _report(s)
    steps.permit(s)
    s.advance_to(dt.datetime(2027, 1, 7, 9, 0, tzinfo=UTC))
    steps.after_notice(s, "extend_permit", "intended_extension_view",
                       {"outcome": "ended", "reasons": "Strafzaak afgerond zonder vervolging."})
    assert "withdraw_permit" not in s.ready()
    assert s.letter_payloads("residence_extension_refused")[-1]["valid_until"] == "2027-01-05"
