"""Scenarios of issue 9 items 6, 14 and the leftover of 18.

- The reflection period is offered, or refused, by police/KMar (Vc 2000 B8/3.1), or in nl-decoupled by the
  body the variant names (policy reflection_offer): the letter names who made it. A police "no indication"
  ends nothing silently: a third-country national gets the refusal as a decision with a letter and its
  reasons, anyone else a notice of the assessment with its reasons.
- Before withdrawing or refusing the permit the IND sends a notice of intended decision with a term to
  respond (art. 4:8 / 4:7 Awb, unverified; policy intended_decision_response, assumed 4 weeks); the final
  decision follows the person's view or the end of the term.
- A witness-reporter (not a victim) goes through no identification and no non-punishment assessment.
"""
from __future__ import annotations

import datetime as dt

from engine.legal_values import load_policy
from tests.processes import steps
from tests.processes.scenario import Scenario

UTC = dt.timezone.utc
NO_SIGNS = "Geen signalen van dwang of uitbuiting in de verklaring of de stukken."


def _report(s: Scenario) -> None:
    """The report is filed the day the police send word of it."""
    s.message("report_filed", {"filed_on": s.today(), "filed_with": "police", "report_ref": "PL-2026-0042"})


def test_the_kmar_offers_the_reflection_period_and_its_letter_names_the_kmar(cases, clock) -> None:
    s = Scenario(cases, clock, "nl-current")
    steps.intake(s)
    s.do("police_assessment", {"indication": True, "offered_by": "kmar", "offered_on": "2026-01-05"})
    assert s.case.data["reflection_offered_by"] == "kmar"
    [offer] = s.letter_payloads("reflection_granted")
    assert offer["offered_by"] == "kmar", "the offer is the KMar's, not the IND's"
    assert s.timer_due("Bedenktijd verstreken") == dt.date(2026, 4, 5)


def test_no_indication_for_a_third_country_national_is_a_refusal_with_a_letter(cases, clock) -> None:
    s = Scenario(cases, clock, "nl-current")
    steps.intake(s, residence_status="dublin", asylum_applied_on="2025-12-01")
    s.do("police_assessment", {"indication": False, "offered_by": "kmar", "offered_on": "2026-01-05",
                               "reasons": NO_SIGNS})
    assert s.letters() == ["referral_acknowledgement", "reflection_refused"]
    [refusal] = s.letter_payloads("reflection_refused")
    assert (refusal["offered_by"], refusal["reasons"], refusal["decided_on"]) == ("kmar", NO_SIGNS, "2026-01-05")
    assert "Bedenktijd verstreken" not in [t.name for t in s.case.timers], "no reflection period starts"


def test_no_indication_for_a_dutch_national_is_a_notice_with_the_reasons(cases, clock) -> None:
    """A Dutch national has no reflection period to refuse; the assessment still reaches her, with reasons."""
    s = Scenario(cases, clock, "nl-current")
    steps.intake(s, residence_status="dutch")
    s.do("police_assessment", {"indication": False, "offered_by": "police", "offered_on": "2026-01-05",
                               "reasons": NO_SIGNS})
    assert s.letters() == ["referral_acknowledgement", "no_indication_notice"]
    assert s.letter_payloads("no_indication_notice")[0]["reasons"] == NO_SIGNS
    assert not s.letter_payloads("reflection_refused")


def test_decoupled_the_body_the_variant_names_offers_the_reflection_period(cases, clock) -> None:
    s = Scenario(cases, clock, "nl-decoupled")
    steps.intake(s)
    body = load_policy("nl-decoupled")["reflection_offer"]["value"]["by"]
    assert body == "referral_hub"
    assert s.case.data["reflection_offered_by"] == body
    assert s.letter_payloads("reflection_granted")[0]["offered_by"] == body


def test_decoupled_without_consent_the_police_refuse_with_a_letter(cases, clock) -> None:
    s = Scenario(cases, clock, "nl-decoupled")
    s.start()
    s.do("register_signal", steps.signal())
    s.do("safety_check", {"immediate_danger": False, "safe_location": True, "emergency_bed": True})
    s.do("consent", {"consent_given": False, "informed_in_language": "Engels"})
    s.advance_to(dt.datetime(2026, 1, 6, 9, 0, tzinfo=UTC))
    s.do("police_offer_assessment", {"indication": False, "offered_by": "police", "offered_on": "2026-01-06",
                                     "reasons": NO_SIGNS})
    assert s.letters()[-1] == "reflection_refused"
    assert s.letter_payloads("reflection_refused")[0]["offered_by"] == "police"


def test_a_witness_reporter_goes_through_no_identification(cases, clock) -> None:
    """Issue 9 item 18: a witness-reporter is not a victim; no police assessment, no panel, no non-punishment
    assessment even when suspected of an offence; the IND decides on the permit on ground (c) at once."""
    for variant, identification_task in (("nl-current", "police_assessment"), ("nl-decoupled", "compose_panel")):
        s = Scenario(cases, clock, variant)
        steps.intake(s, residence_status="witness_reporter", person_alias="Omar T.", legal_name="Omar Tahiri",
                     suspected_offence=True)
        ready = s.ready()
        assert identification_task not in ready and "np_assessment" not in ready, (variant, ready)
        assert "permit_decision" in ready
        assert s.case.data["identification_done"] is True
        steps.permit(s)
        assert s.letters() == ["referral_acknowledgement", "residence_granted"]
        assert s.case.status == "running", "the permit runs; the case stays open for the criminal case"


def test_withdrawal_after_a_dismissal_is_preceded_by_a_notice_with_a_term_to_respond(cases, clock) -> None:
    """Dismissal on 1 August 2026: the IND's notice of the same day gives until 29 August (4 weeks, policy
    intended_decision_response); without a view the decision comes when the term has run out."""
    s = Scenario(cases, clock, "nl-current")
    steps.permit_on_a_report(s)
    s.advance_to(dt.datetime(2026, 8, 1, 9, 0, tzinfo=UTC))
    s.message("dismissal", {"on": "2026-08-01", "articles": ["273f Sr"], "reference": "09/000001-26"})
    assert s.ready() == ["intend_withdrawal"], "no withdrawal without a notice first"
    s.do("intend_withdrawal", {"reasons": "De zaak is geseponeerd; de vergunning rust op de strafzaak."})
    [notice] = s.letter_payloads("intended_decision")
    assert notice["intended"] == "withdrawal" and notice["respond_by"] == "2026-08-29"
    assert notice["reasons"] == "De zaak is geseponeerd; de vergunning rust op de strafzaak."
    assert s.letters()[-1] == "intended_decision"
    assert s.timer_due("Reactietermijn voornemen verstreken") == dt.date(2026, 8, 29)
    assert "withdraw_permit" not in s.ready(), "no final decision while the term runs"
    s.advance_to(dt.datetime(2026, 8, 28, 9, 0, tzinfo=UTC))
    assert "withdraw_permit" not in s.ready()
    s.advance_to(dt.datetime(2026, 8, 30, 9, 0, tzinfo=UTC))
    assert "Reactietermijn voornemen verstreken" in s.fired()
    assert s.ready() == ["withdraw_permit"]
    s.do("withdraw_permit", {"outcome": "withdrawn", "reasons": "Geen zienswijze ontvangen; sepot.",
                             "criminal_case_instance": "none", "criminal_case_final": True, "retroactive_from": None})
    assert s.letters()[-2:] == ["intended_decision", "residence_refused"]
    assert s.decisions()[-1] == ("permit_withdrawal", "withdrawn")


def test_after_the_persons_view_the_ind_may_keep_the_permit(cases, clock) -> None:
    s = Scenario(cases, clock, "nl-current")
    steps.permit_on_a_report(s)
    s.advance_to(dt.datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    s.message("report_withdrawn", {"withdrawn_on": "2026-03-02", "under_threat": False})
    s.do("intend_withdrawal", {"reasons": "De aangifte is ingetrokken."})
    steps.view(s, "intended_withdrawal_view")
    assert s.ready() == ["withdraw_permit"], "the view ends the wait before the term"
    s.do("withdraw_permit", {"outcome": "maintained", "reasons": "Zienswijze: zij werkt op andere wijze mee.",
                             "criminal_case_instance": "none", "criminal_case_final": True})
    case = s.case
    assert case.data["residence_outcome"] == "permit" and "dismissal" in case.waiting_messages
    assert "residence_refused" not in s.letters()


def test_a_refusal_of_the_permit_is_preceded_by_a_notice_and_decided_again_after_the_view(cases, clock) -> None:
    s = Scenario(cases, clock, "nl-current")
    steps.intake(s)
    s.do("police_assessment", {"indication": True, "offered_by": "police", "offered_on": "2026-01-05"})
    _report(s)
    s.do("permit_decision", {"outcome": "refused", "reasons": "De politie meldt dat de aangifte geen aanknopingspunten biedt."})
    assert s.letters()[-1] == "intended_decision" and "residence_refused" not in s.letters()
    [notice] = s.letter_payloads("intended_decision")
    assert notice["intended"] == "permit" and notice["respond_by"] == "2026-02-02"
    assert s.ready() == ["intended_refusal_view"]
    s.advance_to(dt.datetime(2026, 2, 3, 9, 0, tzinfo=UTC))
    assert s.ready() == ["permit_decision"], "after the term the IND decides, without a second notice"
    s.do("permit_decision", {"outcome": "refused", "reasons": "Geen zienswijze; de aangifte biedt geen aanknopingspunten."})
    assert s.letters()[-2:] == ["intended_decision", "residence_refused"]
    assert len(s.letter_payloads("intended_decision")) == 1
    assert s.timer_due("Bezwaartermijn verstreken") == dt.date(2026, 3, 3)  # 4 weeks from sending, art. 69 Vw


def test_the_polices_assessment_is_a_decision_in_the_decisions_table_and_the_figures(cases, clock) -> None:
    """Issue 9, the decisions table: the police/KMar's assessment of 5 January 2026 (the offer, or the refusal,
    of the reflection period) is kept like every other decision: in the case file with who took it and the
    model version, and in the policy figures by outcome. A decision of the police's lane does not open the
    case to the IND (a Dutch national's 'no indication' is none of the IND's business)."""
    from sqlalchemy import select

    from engine.access.small_groups import MIN_GROUP
    from engine.queries.aggregates import aggregates
    from engine.store.tables import CaseLink

    offered = []
    for _ in range(MIN_GROUP):
        s = Scenario(cases, clock, "nl-current")
        steps.intake(s)
        s.do("police_assessment", {"indication": True, "offered_by": "kmar", "offered_on": "2026-01-05"})
        offered.append(s)
    assert offered[0].decisions() == [("reflection_offer", "indication")]
    [row] = cases.decisions(offered[0].case_id)
    assert (row["role"], row["variant"], row["at"][:10]) == ("police", "nl-current", "2026-01-05")
    assert row["model_version"] == offered[0].case.model_version
    with cases.sessions() as session:
        assert aggregates(session, clock.now())["decision_outcomes"] == {"indication": MIN_GROUP}
    dutch = Scenario(cases, clock, "nl-current")
    steps.intake(dutch, residence_status="dutch")
    dutch.do("police_assessment", {"indication": False, "offered_by": "police", "offered_on": "2026-01-05",
                                   "reasons": NO_SIGNS})
    assert dutch.decisions() == [("reflection_offer", "no_indication")]
    with cases.sessions() as session:
        assert session.get(CaseLink, (dutch.case_id, "ind")) is None, "the police's decision links no IND"
        assert not session.scalars(select(CaseLink).where(CaseLink.role == "ind")).all()
