"""Issue 9 items 14, 3 and 16, with the letters the real issuer renders (read back with pypdf):

- a notice of intended decision with a term to respond before every negative residence decision where
  art. 4:7/4:8 Awb applies: the refusal to extend, the refusal of continued residence (and, in
  test_panel_advice, the IND's refusal on the panel's advice), not only the withdrawal and the permit;
- a witness-reporter's permit (art. 3.48 lid 1 sub c Vb, unverified) is withdrawn on its own ground;
- the permit's end passing while the IND waits for the statement on threats: lawful stay goes on pending
  the extension (art. 8 sub g Vw 2000, unverified) and the IND decides on the extension, not a withdrawal.
"""
from __future__ import annotations

import datetime as dt

from letters.citations import CITATIONS
from tests.processes import steps
from tests.processes.scenario import Scenario
from tests.processes.test_residence_decisions import LEGAL_NAME, basis_of, issued, issuing  # noqa: F401

UTC = dt.timezone.utc
ENDED = {"outcome": "ended", "reasons": "De strafzaak is afgerond zonder vervolging."}


def test_a_refusal_to_extend_is_preceded_by_a_notice_with_a_term_to_respond(issuing, clock) -> None:  # noqa: F811
    """The permit of 5 January 2026 runs to 5 January 2027. On Thursday 7 January 2027 the IND intends not to
    extend it: a notice (art. 4:7 Awb and art. 18 Vw 2000, both unverified) to the legal name, with the last
    day to respond, Thursday 4 February 2027 (4 weeks, policy intended_decision_response). No view comes;
    on 5 February the IND refuses, and the objection term (4 weeks, art. 69 Vw) ends Friday 5 March 2027."""
    s = Scenario(issuing, clock, "nl-current")
    steps.permit_on_a_report(s)
    s.advance_to(dt.datetime(2027, 1, 7, 9, 0, tzinfo=UTC))
    s.do("extend_permit", ENDED)
    assert s.ready() == ["intended_extension_view"] and s.letters()[-1] == "intended_decision"
    assert "residence_extension_refused" not in s.letters(), "no refusal before the term to respond"
    assert s.timer_due("Reactietermijn voornemen verstreken") == dt.date(2027, 2, 4)
    [(row, text)] = issued(issuing, s.case_id, "intended_decision")
    assert "Wij zijn van plan uw verblijfsvergunning niet te verlengen. Dit is nog geen besluit." in text
    assert "tot en met donderdag 4 februari 2027" in text
    assert CITATIONS["awb_4_7"].text in text and CITATIONS["vw_18"].text in text
    assert CITATIONS["awb_4_7"].verified is False and CITATIONS["vw_18"].verified is False
    assert CITATIONS["awb_4_8"].text not in text
    assert f"Geachte {LEGAL_NAME}" in text and row.objection_deadline is None, "a notice, no remedy"

    s.advance_to(dt.datetime(2027, 2, 4, 9, 0, tzinfo=UTC))
    assert s.ready() == ["intended_extension_view"], "the last day to respond is still open"
    s.advance_to(dt.datetime(2027, 2, 5, 9, 0, tzinfo=UTC))
    assert "Reactietermijn voornemen verstreken" in s.fired() and s.ready() == ["extend_permit"]
    s.do("extend_permit", {**ENDED, "reasons": "Geen zienswijze ontvangen; de strafzaak is afgerond."})
    assert s.letters()[-2:] == ["intended_decision", "residence_extension_refused"]
    [(refusal, refusal_text)] = issued(issuing, s.case_id, "residence_extension_refused")
    assert refusal.objection_deadline == dt.date(2027, 3, 5)
    assert CITATIONS["vw_18"].text in basis_of(refusal_text) and f"Geachte {LEGAL_NAME}" in refusal_text


def test_a_refusal_of_continued_residence_is_preceded_by_a_notice(issuing, clock) -> None:  # noqa: F811
    """A conviction on Tuesday 1 September 2026; the IND intends to refuse continued residence that day: the
    notice cites art. 4:7 Awb and art. 3.51 Vb and gives until Tuesday 29 September 2026. After the view of
    10 September the refusal follows, with 4 weeks to object (to 8 October 2026)."""
    s = Scenario(issuing, clock, "nl-current")
    steps.permit_on_a_report(s)
    s.advance_to(dt.datetime(2026, 9, 1, 9, 0, tzinfo=UTC))
    s.message("conviction", {"on": "2026-09-01", "articles": ["273f Sr"], "instance": "first", "final": True})
    refused = {"outcome": "refused", "continued_ground": "conviction",
               "reasons": "De veroordeling betreft een ander feit dan waarvan aangifte is gedaan."}
    s.do("continued_residence", refused)
    assert s.ready() == ["intended_continued_view"]
    [notice] = s.letter_payloads("intended_decision")
    assert (notice["intended"], notice["respond_by"]) == ("continued", "2026-09-29")
    [(_, text)] = issued(issuing, s.case_id, "intended_decision")
    assert "u geen verblijfsvergunning voor voortgezet verblijf te verlenen" in text
    assert "tot en met dinsdag 29 september 2026" in text
    assert CITATIONS["awb_4_7"].text in text and CITATIONS["vb_351"].text in text
    assert f"Geachte {LEGAL_NAME}" in text
    s.advance_to(dt.datetime(2026, 9, 10, 9, 0, tzinfo=UTC))
    steps.view(s, "intended_continued_view")
    assert s.ready() == ["continued_residence"], "the view ends the wait before the term"
    s.do("continued_residence", refused)
    [(row, _)] = issued(issuing, s.case_id, "continued_residence_refused")
    assert row.objection_deadline == dt.date(2026, 10, 8)


def test_a_witness_reporters_permit_is_withdrawn_on_its_own_ground(issuing, clock) -> None:  # noqa: F811
    """A witness-reporter (not a victim) gets the permit on ground (c) on 5 January 2026. His report is
    withdrawn under threat on Monday 3 August 2026: ground (d) is for victims, so no statement on threats is
    asked for; the IND gives notice and withdraws the permit on the witness-reporter's ground, citing art. 3.48
    lid 1 sub c Vb (unverified) and art. 19 Vw 2000, not 'report withdrawn'; 4 weeks to object, to Monday
    31 August 2026."""
    s = Scenario(issuing, clock, "nl-current")
    steps.intake(s, residence_status="witness_reporter", person_alias="Omar T.", legal_name="Omar Tahiri")
    steps.permit(s)
    assert s.case.data["residence_basis"] == "witness"
    s.advance_to(dt.datetime(2026, 8, 3, 9, 0, tzinfo=UTC))
    s.message("report_withdrawn", {"withdrawn_on": "2026-08-03", "under_threat": True})
    assert "threat_statement" not in s.case.waiting_messages, "ground (d) is for victims"
    assert s.ready() == ["intend_withdrawal"]
    steps.withdraw(s, "Uw rol als getuige-aangever in de strafzaak is geëindigd.")
    payload = s.letter_payloads("residence_refused")[-1]
    assert payload["refusal"] == "withdrawal_witness"
    [(row, text)] = issued(issuing, s.case_id, "residence_refused")
    assert row.objection_deadline == dt.date(2026, 8, 31)
    assert "Wij trekken uw verblijfsvergunning in met ingang van 3 augustus 2026" in text
    assert "U kreeg uw verblijfsvergunning als getuige-aangever" in text
    basis = basis_of(text)
    assert CITATIONS["vb_348_c"].text in basis and CITATIONS["vw_19"].text in basis
    assert CITATIONS["vb_348_c"].verified is False
    assert "aangifte ingetrokken" not in text and "Geachte Omar Tahiri" in text


def test_a_witness_reporters_permit_after_a_dismissal_goes_the_same_way(issuing, clock) -> None:  # noqa: F811
    s = Scenario(issuing, clock, "nl-current")
    steps.intake(s, residence_status="witness_reporter", person_alias="Omar T.", legal_name="Omar Tahiri")
    steps.permit(s)
    s.advance_to(dt.datetime(2026, 8, 3, 9, 0, tzinfo=UTC))
    s.message("dismissal", {"on": "2026-08-03", "articles": ["273f Sr"]})
    steps.withdraw(s, "De strafzaak waarin u getuige-aangever bent, is geëindigd.")
    assert s.letter_payloads("residence_refused")[-1]["refusal"] == "withdrawal_witness"


def _threat_wait_over_the_permits_end(s: Scenario) -> None:
    """The permit of 5 January 2026 runs to 5 January 2027; the report is withdrawn under threat on
    21 December 2026 and the statement is due by 18 January 2027 (4 weeks)."""
    steps.permit_on_a_report(s)
    s.advance_to(dt.datetime(2026, 12, 21, 9, 0, tzinfo=UTC))
    s.message("report_withdrawn", {"withdrawn_on": "2026-12-21", "under_threat": True})
    assert s.timer_due("Termijn verklaring dreiging verstreken of vergunning verlopen") == dt.date(2027, 1, 5)
    s.advance_to(dt.datetime(2027, 1, 6, 9, 0, tzinfo=UTC))
    case = s.case
    assert case.data["extension_pending"] is True and case.data["extension_pending_since"] == "2027-01-05"
    assert case.data["lawful_stay_basis"] == "art_8_g", "lawful stay pending the extension (art. 8 sub g Vw)"
    assert "threat_statement" in case.waiting_messages and s.ready() == [], "still waiting, nothing decided yet"
    [(row, text)] = issued(s.cases, s.case_id, "residence_extension_pending")
    assert "Uw verblijfsvergunning was geldig tot en met 5 januari 2027" in text
    assert "verblijft u rechtmatig in Nederland" in text and "18 januari 2027" in text
    assert CITATIONS["vw_8g"].text in text and CITATIONS["vw_8g"].verified is False
    assert f"Geachte {LEGAL_NAME}" in text and row.objection_deadline is None, "a notice, no remedy"
    # to the person herself: no 'you are the child's guardian' (the default reason of guardians' notices)
    assert "voogd" not in text and "guardian" not in text
    assert "Wij laten u weten hoe uw procedure ervoor staat" in text
    assert s.timer_due("Termijn verklaring dreiging verstreken of vergunning verlopen", "pending") == \
        dt.date(2027, 1, 18)


def test_a_permit_that_ends_while_the_ind_waits_for_the_threat_statement_is_extended_on_ground_d(
        issuing, clock) -> None:  # noqa: F811
    """Issue 9 item 16. The confirmed threat on 12 January 2027 leads to the decision on the extension, on
    ground (d), running on from the old end without a gap (to 5 January 2028)."""
    s = Scenario(issuing, clock, "nl-current")
    _threat_wait_over_the_permits_end(s)
    s.advance_to(dt.datetime(2027, 1, 12, 9, 0, tzinfo=UTC))
    s.message("threat_statement", {"confirmed": True, "statement_by": "police", "statement_date": "2027-01-12"})
    assert s.ready() == ["extend_permit"], "the IND decides on the extension, not on a permit that ran out"
    s.do("extend_permit", {"outcome": "extended", "reasons": "Dreiging bevestigd: grond d."})
    granted = s.letter_payloads("residence_granted")[-1]
    assert granted["basis"] == "cannot_cooperate" and granted["extension"] is True
    assert granted["valid_until"][:10] == "2028-01-05"
    case = s.case
    assert case.data["extension_pending"] is False and case.data["residence_outcome"] == "permit"


def test_without_a_statement_the_ind_decides_on_the_extension_not_a_withdrawal(issuing, clock) -> None:  # noqa: F811
    """No statement by 18 January 2027: on the 19th the IND decides on the extension (with its notice), not on
    withdrawing a permit that has already run out."""
    s = Scenario(issuing, clock, "nl-current")
    _threat_wait_over_the_permits_end(s)
    s.advance_to(dt.datetime(2027, 1, 19, 9, 0, tzinfo=UTC))
    assert s.ready() == ["extend_permit"] and "intend_withdrawal" not in s.ready()
    s.do("extend_permit", {"outcome": "ended", "reasons": "Geen verklaring over dreiging; aangifte ingetrokken."})
    assert s.ready() == ["intended_extension_view"]


def _notice_of_withdrawal_over_the_permits_end(s: Scenario) -> None:
    """The permit of 5 January 2026 runs to 5 January 2027. The case is dismissed on Monday 21 December 2026
    and the IND gives notice of its intention to withdraw the permit the same day: the person may respond
    until Monday 18 January 2027 (4 weeks, policy intended_decision_response), after the permit's end."""
    steps.permit_on_a_report(s)
    s.advance_to(dt.datetime(2026, 12, 21, 9, 0, tzinfo=UTC))
    s.message("dismissal", {"on": "2026-12-21", "articles": ["273f Sr"]})
    assert s.ready() == ["intend_withdrawal"]
    s.do("intend_withdrawal", {"reasons": "De zaak is geseponeerd; de vergunning rust op de strafzaak."})
    assert s.ready() == ["intended_withdrawal_view"] and s.case.data["intended_respond_by"] == "2027-01-18"
    assert s.timer_due("Reactietermijn voornemen verstreken") == dt.date(2027, 1, 18)
    assert s.timer_due("Vergunning verlopen tijdens reactietermijn") == dt.date(2027, 1, 5)
    s.advance_to(dt.datetime(2027, 1, 6, 9, 0, tzinfo=UTC))


def test_a_permit_that_ends_while_the_notice_of_withdrawal_awaits_a_view_goes_to_the_extension(
        issuing, clock) -> None:  # noqa: F811
    """Issue 9. On 6 January 2027 the IND no longer waits for the view on withdrawing a permit that ran out on
    the 5th: it decides on the extension, the person's stay is lawful meanwhile (art. 8 sub g Vw 2000,
    unverified) and she is told so, with the notice of 21 December named; no withdrawal is taken."""
    s = Scenario(issuing, clock, "nl-current")
    _notice_of_withdrawal_over_the_permits_end(s)
    assert s.ready() == ["extend_permit"], "the extension, not the withdrawal of a permit that ran out"
    assert "Vergunning verlopen tijdens reactietermijn" in s.fired()
    case = s.case
    assert case.data["extension_pending"] is True and case.data["extension_pending_since"] == "2027-01-05"
    assert case.data["lawful_stay_basis"] == "art_8_g" and case.data["intended"] == ""
    assert "residence_refused" not in s.letters()
    [(row, text)] = issued(s.cases, s.case_id, "residence_extension_pending")
    assert row.objection_deadline is None, "a notice, no remedy"
    assert "Uw verblijfsvergunning was geldig tot en met 5 januari 2027" in text
    assert "Op 21 december 2026 schreven wij u dat wij van plan waren uw verblijfsvergunning in te trekken" in text
    assert "wij trekken haar daarom niet meer in, maar beslissen over de verlenging" in text
    assert "verblijft u rechtmatig in Nederland" in text and CITATIONS["vw_8g"].text in text
    assert "Marechaussee" not in text, "no word of a statement on threats nobody asked for"
    assert f"Geachte {LEGAL_NAME}" in text
    # the extension runs on from the old end, without a gap
    s.do("extend_permit", {"outcome": "extended", "reasons": "De voorwaarden voor verlenging zijn vervuld."})
    granted = s.letter_payloads("residence_granted")[-1]
    assert granted["extension"] is True and granted["valid_until"][:10] == "2028-01-05"
    case = s.case
    assert case.data["extension_pending"] is False and case.data["residence_outcome"] == "permit"
    assert s.timer_due("Vergunning verloopt of 3 jaar bereikt", "pending") == dt.date(2028, 1, 5)


def test_a_refusal_to_extend_after_the_overtaken_notice_has_its_own_notice(issuing, clock) -> None:  # noqa: F811
    """The IND refuses the extension on 6 January 2027: first a notice of intended refusal (policy
    intended_decision_before names the extension), to respond by 3 February 2027; then the refusal, with the
    permit's last day 5 January 2027, and no withdrawal at any point."""
    s = Scenario(issuing, clock, "nl-current")
    _notice_of_withdrawal_over_the_permits_end(s)
    s.do("extend_permit", ENDED)
    assert s.ready() == ["intended_extension_view"] and s.case.data["intended"] == "extension"
    assert s.timer_due("Reactietermijn voornemen verstreken", "pending") == dt.date(2027, 2, 3)
    notices = issued(s.cases, s.case_id, "intended_decision")
    assert len(notices) == 2, "the notice of intended withdrawal, then that of intended refusal"
    assert "niet te verlengen" in notices[-1][1]
    steps.view(s, "intended_extension_view")
    s.do("extend_permit", ENDED)
    refused = s.letter_payloads("residence_extension_refused")[-1]
    assert refused["valid_until"][:10] == "2027-01-05"
    assert s.case.data["residence_outcome"] == "not_extended"
    assert "residence_refused" not in s.letters() and "withdraw_permit" not in s.ready()


def test_a_view_before_the_permits_end_keeps_the_withdrawal(issuing, clock) -> None:  # noqa: F811
    """The person gives her view on 4 January 2027, before the permit's end: the IND decides on the withdrawal
    as before, and the timer at the permit's end goes with the view task."""
    s = Scenario(issuing, clock, "nl-current")
    steps.permit_on_a_report(s)
    s.advance_to(dt.datetime(2026, 12, 21, 9, 0, tzinfo=UTC))
    s.message("dismissal", {"on": "2026-12-21", "articles": ["273f Sr"]})
    s.do("intend_withdrawal", {"reasons": "De zaak is geseponeerd."})
    s.advance_to(dt.datetime(2027, 1, 4, 9, 0, tzinfo=UTC))
    steps.view(s, "intended_withdrawal_view")
    assert s.ready() == ["withdraw_permit"]
    assert s.case.data.get("extension_pending") is False
    assert "residence_extension_pending" not in s.letters()


def test_a_permit_that_ends_before_the_notice_of_withdrawal_is_sent_goes_to_the_extension(
        issuing, clock) -> None:  # noqa: F811
    """The case is dismissed on 21 December 2026 but the IND has not given notice of the withdrawal by the
    permit's end on 5 January 2027: no notice of withdrawing a permit that ran out; on the 6th the IND
    decides on the extension and the person is told her stay is lawful meanwhile."""
    s = Scenario(issuing, clock, "nl-current")
    steps.permit_on_a_report(s)
    s.advance_to(dt.datetime(2026, 12, 21, 9, 0, tzinfo=UTC))
    s.message("dismissal", {"on": "2026-12-21", "articles": ["273f Sr"]})
    assert s.ready() == ["intend_withdrawal"]
    assert s.timer_due("Vergunning verlopen vóór voornemen") == dt.date(2027, 1, 5)
    s.advance_to(dt.datetime(2027, 1, 6, 9, 0, tzinfo=UTC))
    assert s.ready() == ["extend_permit"]
    assert s.case.data["extension_pending_since"] == "2027-01-05"
    assert issued(s.cases, s.case_id, "intended_decision") == [], "no notice of withdrawal after the permit's end"
    [(row, text)] = issued(s.cases, s.case_id, "residence_extension_pending")
    assert "Uw vergunning is inmiddels afgelopen. Wij trekken haar daarom niet in, maar beslissen over de verlenging." \
        in text
    assert "schreven wij u" not in text and "Marechaussee" not in text
    assert "verblijft u rechtmatig in Nederland" in text and row.objection_deadline is None
