"""Residence decisions of their own, with the letters the real issuer renders (read back with pypdf): the
refusal to extend the permit and the refusal of continued residence (issue 9 item 15), and the notice
that puts off the decision on an objection (art. 7:10 lid 3 Awb, item 1), each with its basis, addressee
and term, on SQLite and PostgreSQL."""
from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader
from sqlalchemy import Engine, select

from engine.cases import CaseEngine
from engine.clock import VirtualClock
from engine.legal_values import load_policy
from engine.letter_issuing import case_data_loader, make_letter_issuer
from engine.specs import SpecLibrary
from engine.store.db import session_factory
from engine.store.tables import Letter
from forms.catalogue import all_forms
from letters.citations import CITATIONS
from letters.render import check_letter, render_letter
from tests.processes import steps
from tests.processes.scenario import Scenario

UTC = dt.timezone.utc
LEGAL_NAME = "Ana Vidaković"  # steps.signal: the letters go to the legal name, never the alias


@pytest.fixture
def issuing(db_engine: Engine, library: SpecLibrary, clock: VirtualClock) -> CaseEngine:
    outbox = {"issue_letter": make_letter_issuer(render_letter, case_data_loader(library), check_letter)}
    return CaseEngine(session_factory(db_engine), library, clock, all_forms(), policy_loader=load_policy,
                      outbox_handlers=outbox)


def issued(cases: CaseEngine, case_id: int, letter_type: str) -> list[tuple[Letter, str]]:
    """The case's issued letters of this type, oldest first, each with its PDF's text (whitespace collapsed)."""
    with cases.sessions() as session:
        rows = session.scalars(select(Letter).where(Letter.case_id == case_id, Letter.letter_type == letter_type)
                               .order_by(Letter.id)).all()
        out = []
        for row in rows:
            reader = PdfReader(io.BytesIO(bytes(row.pdf)))
            out.append((row, " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)))
        return out


def basis_of(text: str) -> str:
    return text.split("Wettelijke grondslag")[1].split("Bezwaar maken")[0]


def test_refusal_to_extend_is_a_decision_of_its_own_on_the_extension_article(issuing, clock) -> None:
    """The permit granted on 5 January 2026 runs to 5 January 2027. On 7 January 2027 the IND refuses to
    extend it: a letter of its own citing art. 18 Vw 2000 (not the grant or withdrawal articles), no
    withdrawal task, an objection term of 4 weeks (art. 69 Vw 2000) ending Thursday 4 February 2027. An
    objection upheld sends the extension back to the IND, which extends it."""
    s = Scenario(issuing, clock, "nl-current")
    steps.permit_on_a_report(s)
    s.advance_to(dt.datetime(2027, 1, 7, 9, 0, tzinfo=UTC))
    steps.after_notice(s, "extend_permit", "intended_extension_view",
                       {"outcome": "ended", "reasons": "De strafzaak is afgerond zonder vervolging."})
    case = s.case
    assert "withdraw_permit" not in s.ready(), "not extending is no withdrawal"
    assert case.data["residence_outcome"] == "not_extended"
    assert s.letters()[-1] == "residence_extension_refused" and "residence_refused" not in s.letters()
    assert s.timer_due("Bezwaartermijn verstreken") == dt.date(2027, 2, 4)

    [(row, text)] = issued(issuing, s.case_id, "residence_extension_refused")
    assert row.objection_deadline == dt.date(2027, 2, 4)
    assert "Besluit verlenging verblijfsvergunning: geweigerd" in text
    assert "Wij weigeren uw verblijfsvergunning te verlengen." in text
    assert "geldig tot en met 5 januari 2027" in text
    basis = basis_of(text)
    assert CITATIONS["vw_18"].text in basis
    assert CITATIONS["vw_19"].text not in basis and CITATIONS["vw_14_16"].text not in basis
    assert LEGAL_NAME in text and "Ana V." not in text.replace(LEGAL_NAME, "")
    assert "4 februari 2027" in text.split("Bezwaar maken")[1]

    s.advance_to(dt.datetime(2027, 1, 20, 9, 0, tzinfo=UTC))
    s.message("objection_lodged", {"lodged_on": "2027-01-20", "grounds": "Het hoger beroep loopt nog."})
    ack = s.letter_payloads("objection_acknowledgement")[-1]
    assert ack["subject"] == "extension"
    [(_, ack_text)] = issued(issuing, s.case_id, "objection_acknowledgement")
    assert '"Besluit verlenging verblijfsvergunning: geweigerd"' in ack_text
    s.advance_to(dt.datetime(2027, 1, 27, 9, 0, tzinfo=UTC))
    s.do("objection_hearing", {"heard_on": "2027-01-27", "waived": False, "notes": "Gehoord."})
    s.do("objection_decision", {"outcome": "upheld", "reasons": "Het hoger beroep in de strafzaak loopt nog."})
    assert s.ready() == ["extend_permit"], "upheld: the IND decides on the extension again"
    s.do("extend_permit", {"outcome": "extended", "reasons": "Hoger beroep loopt."})
    assert s.letters()[-1] == "residence_granted" and s.case.data["residence_outcome"] == "permit"
    assert [d for d in s.decisions() if d[0] in ("permit_extension", "objection")] == [
        ("permit_extension", "ended"), ("permit_extension", "ended"), ("objection", "upheld"),
        ("permit_extension", "extended")], "the notice, the refusal; upheld, decided again without a second notice"


def test_refusal_to_extend_without_objection_ends_the_track(issuing, clock) -> None:
    s = Scenario(issuing, clock, "nl-current")
    steps.permit_on_a_report(s)
    s.advance_to(dt.datetime(2027, 1, 7, 9, 0, tzinfo=UTC))
    steps.after_notice(s, "extend_permit", "intended_extension_view",
                       {"outcome": "ended", "reasons": "De strafzaak is afgerond zonder vervolging."})
    s.advance_to(dt.datetime(2027, 2, 19, 9, 0, tzinfo=UTC))  # the term (4 Feb) and the late window (18 Feb) passed
    case = s.case
    assert case.status == "completed" and case.data["residence_outcome"] == "not_extended"
    assert s.decisions()[-1] == ("permit_extension", "ended")


def test_refusal_of_continued_residence_is_a_decision_of_its_own_on_art_3_51(issuing, clock) -> None:
    """A conviction on 1 September 2026 leads to the decision on continued residence. Refused on that day:
    its own letter citing art. 3.51 Vb and the Vc paragraph for continued residence (both unverified), not
    art. 3.48 Vb; 4 weeks to object, ending 29 September 2026; the objection names the refusal of continued
    residence, and upheld, the IND decides on continued residence again."""
    s = Scenario(issuing, clock, "nl-current")
    steps.permit_on_a_report(s)
    s.advance_to(dt.datetime(2026, 9, 1, 9, 0, tzinfo=UTC))
    s.message("conviction", {"on": "2026-09-01", "articles": ["273f Sr"], "reference": "09/654321-26"})
    steps.after_notice(s, "continued_residence", "intended_continued_view",
                       {"outcome": "refused", "continued_ground": "conviction",
                        "reasons": "De veroordeling betreft een ander feit dan waarvan aangifte is gedaan."})
    assert s.letters()[-1] == "continued_residence_refused" and "residence_refused" not in s.letters()
    assert s.timer_due("Bezwaartermijn verstreken") == dt.date(2026, 9, 29)
    [(row, text)] = issued(issuing, s.case_id, "continued_residence_refused")
    assert row.objection_deadline == dt.date(2026, 9, 29)
    assert "Besluit voortgezet verblijf: geweigerd" in text
    assert "(voortgezet verblijf) te verlenen" in text and "in de strafzaak is een verdachte veroordeeld" in text
    basis = basis_of(text)
    assert CITATIONS["vb_351"].text in basis and CITATIONS["vc_b83_continued"].text in basis
    assert CITATIONS["vb_348"].text not in basis
    assert CITATIONS["vb_351"].verified is False and CITATIONS["vc_b83_continued"].verified is False
    assert LEGAL_NAME in text

    s.advance_to(dt.datetime(2026, 9, 10, 9, 0, tzinfo=UTC))
    s.message("objection_lodged", {"lodged_on": "2026-09-10", "grounds": "Veroordeling voor mensenhandel."})
    [(_, ack_text)] = issued(issuing, s.case_id, "objection_acknowledgement")
    assert '"Besluit voortgezet verblijf: geweigerd"' in ack_text
    s.advance_to(dt.datetime(2026, 9, 17, 9, 0, tzinfo=UTC))
    s.do("objection_hearing", {"heard_on": "2026-09-17", "waived": False, "notes": "Gehoord."})
    s.do("objection_decision", {"outcome": "upheld", "reasons": "De veroordeling betreft mensenhandel."})
    assert s.ready() == ["continued_residence"]
    s.do("continued_residence", {"outcome": "granted", "continued_ground": "conviction", "reasons": "Veroordeling."})
    assert s.case.status == "completed" and s.case.data["residence_outcome"] == "continued"
    assert s.letters()[-1] == "residence_continued"


def test_the_decision_on_an_objection_is_put_off_once_by_a_notice_with_the_new_last_day(issuing, clock) -> None:
    """The permit is refused on Monday 5 January 2026; the objection term (4 weeks) ends 2 February, so the
    decision term (6 weeks, art. 7:10 lid 1 Awb) ends Monday 16 March. At the hearing on 10 February the IND
    puts the decision off by 6 weeks (art. 7:10 lid 3): 16 March + 6 weeks is Monday 27 April, King's Day,
    so the new last day is Tuesday 28 April 2026 (Algemene termijnenwet). The notice is a letter of its
    own with both dates and no remedy; the escalation timer moves to the new day."""
    s = Scenario(issuing, clock, "nl-current")
    steps.permit_on_a_report(s, "refused")
    s.advance_to(dt.datetime(2026, 1, 20, 9, 0, tzinfo=UTC))
    s.message("objection_lodged", {"lodged_on": "2026-01-20", "grounds": "De aangifte is niet gewogen."})
    assert s.letter_payloads("objection_acknowledgement")[0]["objection_decision_due_on"] == "2026-03-16"
    s.advance_to(dt.datetime(2026, 2, 10, 9, 0, tzinfo=UTC))
    s.do("objection_hearing", {"heard_on": "2026-02-10", "waived": False, "notes": "Gehoord.",
                               "term_extended_weeks": 6,
                               "term_extension_reasons": "Wij wachten op informatie van het Openbaar Ministerie."})
    assert s.letters()[-1] == "objection_decision_extended" and s.ready() == ["objection_decision"]
    payload = s.letter_payloads("objection_decision_extended")[0]
    assert (payload["decision_due_before"], payload["decision_due"]) == ("2026-03-16", "2026-04-28")
    assert s.timer_due("Beslistermijn bezwaar verstreken", "pending") == dt.date(2026, 4, 28)

    [(row, text)] = issued(issuing, s.case_id, "objection_decision_extended")
    assert "Verdaging beslissing op bezwaar" in text and "Geachte Ana Vidaković" in text
    assert '"Besluit verblijfsvergunning: geweigerd"' in text
    assert "Wij beslissen nu uiterlijk op dinsdag 28 april 2026" in text
    assert "De beslistermijn liep tot en met 16 maart 2026" in text
    assert CITATIONS["awb_7_10_3"].text in text and CITATIONS["awb_7_10_3"].verified is False
    assert "Wij wachten op informatie van het Openbaar Ministerie." in text
    assert row.objection_deadline is None and "Dan kunt u bezwaar maken" not in text  # a notice, no remedy
    assert "Immigratie- en Naturalisatiedienst" in text, "the authority of the objected decision"

    s.advance_to(dt.datetime(2026, 3, 17, 9, 0, tzinfo=UTC))
    assert "Beslistermijn bezwaar verstreken" not in s.fired(), "the old last day no longer counts"
    s.advance_to(dt.datetime(2026, 4, 29, 9, 0, tzinfo=UTC))
    assert "Beslistermijn bezwaar verstreken" in s.fired() and "objection_overdue" in s.ready()


def test_a_decision_term_that_has_ended_can_no_longer_be_put_off(issuing, clock) -> None:
    """The decision term ended on 16 March 2026; an extension asked for at a hearing on 17 March is too late:
    no notice, the handler is told to decide now, and the escalation timer keeps the old day."""
    s = Scenario(issuing, clock, "nl-current")
    steps.permit_on_a_report(s, "refused")
    s.advance_to(dt.datetime(2026, 1, 20, 9, 0, tzinfo=UTC))
    s.message("objection_lodged", {"lodged_on": "2026-01-20", "grounds": "De aangifte is niet gewogen."})
    s.advance_to(dt.datetime(2026, 3, 17, 9, 0, tzinfo=UTC))
    s.do("objection_hearing", {"heard_on": "2026-03-17", "waived": False, "term_extended_weeks": 2,
                               "term_extension_reasons": "Wij wachten op informatie van het Openbaar Ministerie."})
    assert s.ready() == ["term_extension_late"]
    assert "objection_decision_extended" not in s.letters()
    s.do("term_extension_late", {"action_taken": "Direct beslissen; verdaging te laat."})
    assert s.timer_due("Beslistermijn bezwaar verstreken") == dt.date(2026, 3, 16)


def test_an_extension_needs_its_reasons_and_at_most_six_weeks(issuing, clock) -> None:
    from engine.errors import ValidationFailed

    s = Scenario(issuing, clock, "nl-current")
    steps.permit_on_a_report(s, "refused")
    s.advance_to(dt.datetime(2026, 1, 20, 9, 0, tzinfo=UTC))
    s.message("objection_lodged", {"lodged_on": "2026-01-20", "grounds": "De aangifte is niet gewogen."})
    with pytest.raises(ValidationFailed) as caught:
        s.do("objection_hearing", {"waived": True, "term_extended_weeks": 6})
    assert list(caught.value.errors) == ["term_extension_reasons"]
    with pytest.raises(ValidationFailed) as caught:
        s.do("objection_hearing", {"waived": True, "term_extended_weeks": 7, "term_extension_reasons": "Meer tijd nodig."})
    assert list(caught.value.errors) == ["term_extended_weeks"]


def test_an_acquittal_ends_the_permit_only_when_the_trial_on_the_facts_is_over(issuing, clock) -> None:
    """Issue 9 item 4. The permit (5 January 2026) rests on the report. An acquittal at first instance on
    1 September 2026 with the prosecutor's appeal pending ends nothing: no withdrawal task, the permit is
    extended on 6 January 2027. The acquittal on appeal on 1 March 2027 ends the trial on the facts
    (berechting in feitelijke aanleg, Vc B8/3) even though cassation is still open, so the IND decides on
    withdrawal; its form carries the instance and finality and refuses a first-instance judgment that is
    not final. The withdrawal letter cites art. 19 Vw 2000 and gives 4 weeks to object: 29 March 2027 is Easter
    Monday, so the last day is Tuesday 30 March 2027 (Algemene termijnenwet)."""
    from engine.errors import ValidationFailed

    s = Scenario(issuing, clock, "nl-current")
    steps.permit_on_a_report(s)
    s.advance_to(dt.datetime(2026, 9, 1, 9, 0, tzinfo=UTC))
    s.message("acquittal", {"on": "2026-09-01", "articles": ["273f Sr"], "instance": "first", "final": False})
    case = s.case
    assert "withdraw_permit" not in s.ready() and case.data["residence_outcome"] == "permit"
    assert case.data["criminal_case"]["instance"] == "first" and case.data["criminal_case"]["final"] is False
    s.advance_to(dt.datetime(2027, 1, 6, 9, 0, tzinfo=UTC))
    s.do("extend_permit", {"outcome": "extended", "reasons": "Hoger beroep van het OM loopt."})

    s.advance_to(dt.datetime(2027, 3, 1, 9, 0, tzinfo=UTC))
    s.message("acquittal", {"on": "2027-03-01", "articles": ["273f Sr"], "instance": "appeal", "final": False})
    assert s.case.data["criminal_case"] == {"event": "acquittal", "on": dt.date(2027, 3, 1), "instance": "appeal",
                                            "final": False}
    assert "intend_withdrawal" in s.ready(), "cassation is no trial on the facts"
    s.do("intend_withdrawal", {"reasons": "Vrijgesproken in hoger beroep."})
    steps.view(s, "intended_withdrawal_view")
    with pytest.raises(ValidationFailed) as caught:
        s.do("withdraw_permit", {"outcome": "withdrawn", "criminal_case_instance": "first", "criminal_case_final": False,
                                 "reasons": "Vrijgesproken in eerste aanleg."})
    assert list(caught.value.errors) == ["criminal_case_final"]
    assert "feitelijke aanleg" in caught.value.errors["criminal_case_final"][0]
    with pytest.raises(ValidationFailed) as caught:
        s.do("withdraw_permit", {"outcome": "withdrawn", "reasons": "Vrijgesproken in hoger beroep."})
    assert set(caught.value.errors) == {"criminal_case_instance", "criminal_case_final"}
    s.do("withdraw_permit", {"outcome": "withdrawn", "criminal_case_instance": "appeal", "criminal_case_final": False,
                             "retroactive_from": "2027-03-01", "reasons": "Vrijgesproken in hoger beroep; "
                             "de berechting in feitelijke aanleg is voorbij."})
    payload = s.letter_payloads("residence_refused")[-1]
    assert (payload["criminal_case_instance"], payload["criminal_case_final"]) == ("appeal", False)
    assert s.timer_due("Bezwaartermijn verstreken") == dt.date(2027, 3, 30)
    [(row, text)] = issued(issuing, s.case_id, "residence_refused")
    assert row.objection_deadline == dt.date(2027, 3, 30)
    assert "Wij trekken uw verblijfsvergunning in met ingang van 1 maart 2027" in text
    basis = basis_of(text)
    assert CITATIONS["vw_19"].text in basis and CITATIONS["vw_14_16"].text not in basis
    assert "Geachte Ana Vidaković" in text


def test_a_conviction_message_carries_its_instance_and_finality(issuing, clock) -> None:
    s = Scenario(issuing, clock, "nl-current")
    steps.permit_on_a_report(s)
    s.advance_to(dt.datetime(2026, 9, 1, 9, 0, tzinfo=UTC))
    s.message("conviction", {"on": "2026-09-01", "articles": ["273f Sr"], "instance": "first", "final": False})
    assert s.case.data["criminal_case"] == {"event": "conviction", "on": dt.date(2026, 9, 1), "instance": "first",
                                            "final": False}
    assert s.ready() == ["continued_residence"]


def test_a_report_withdrawn_before_the_permit_decision_after_the_reflection_period_ends_lawful_stay(
        issuing, clock) -> None:
    """Issue 9 item 16. The reflection period runs from 5 January to 5 April 2026. She reports on 1 April;
    the IND has not decided when she withdraws the report on 7 April (not under threat). The report was the
    application, so it lapses with it: no permit decision; the reflection period is over, so lawful stay ends
    by a letter that says why, with the duty to leave and 4 weeks to object (to Wednesday 6 May 2026)."""
    s = Scenario(issuing, clock, "nl-current")
    steps.intake(s)
    s.do("police_assessment", {"indication": True, "offered_by": "police", "offered_on": "2026-01-05"})
    s.advance_to(dt.datetime(2026, 4, 1, 9, 0, tzinfo=UTC))
    s.message("report_filed", {"filed_on": "2026-04-01", "filed_with": "police", "report_ref": "PL-2026-0102"})
    assert "permit_decision" in s.ready()
    s.advance_to(dt.datetime(2026, 4, 8, 8, 0, tzinfo=UTC))
    s.message("report_withdrawn", {"withdrawn_on": "2026-04-08", "under_threat": False})
    case = s.case
    assert "permit_decision" not in s.ready() and case.data["residence_outcome"] == "reflection_ended"
    assert case.data["reported"] is False
    assert ("residence_permit", "granted") not in s.decisions() and ("residence_permit", "refused") not in s.decisions()
    assert s.letters()[-1] == "reflection_ended"
    [(row, text)] = issued(issuing, s.case_id, "reflection_ended")
    assert "Uw bedenktijd eindigt op 8 april 2026" in text
    assert "u heeft uw aangifte ingetrokken voordat wij op de verblijfsvergunning hebben beslist" in text
    assert CITATIONS["vw_8k"].text in basis_of(text) and CITATIONS["vw_61_62"].text in text
    assert row.objection_deadline == dt.date(2026, 5, 6) and "Geachte Ana Vidaković" in text


def test_a_report_withdrawn_during_the_reflection_period_leaves_her_to_choose_again(issuing, clock) -> None:
    """A Dublin claimant (30 days: 5 January to 4 February 2026) reports on 20 January and withdraws it on
    27 January while the police assess the leads: no permit decision; the period still runs, and on 2 February
    she may report again."""
    s = Scenario(issuing, clock, "nl-current")
    steps.intake(s, residence_status="dublin", asylum_applied_on="2025-12-15")
    s.do("police_assessment", {"indication": True, "offered_by": "police", "offered_on": "2026-01-05"})
    s.advance_to(dt.datetime(2026, 1, 20, 9, 0, tzinfo=UTC))
    s.message("report_filed", {"filed_on": "2026-01-20", "filed_with": "police", "report_ref": "PL-2026-0103"})
    assert "leads_assessment" in s.case.waiting_messages
    s.advance_to(dt.datetime(2026, 1, 27, 9, 0, tzinfo=UTC))
    s.message("report_withdrawn", {"withdrawn_on": "2026-01-27", "under_threat": False})
    case = s.case
    assert "leads_assessment" not in case.waiting_messages and "report_filed" in case.waiting_messages
    assert case.data["report_withdrawn_before_decision"] is True and case.data.get("residence_outcome") in (None, "none")
    assert s.timer_due("Bedenktijd verstreken", "pending") == dt.date(2026, 2, 4)
    s.advance_to(dt.datetime(2026, 2, 2, 9, 0, tzinfo=UTC))
    s.message("report_filed", {"filed_on": "2026-02-02", "filed_with": "police", "report_ref": "PL-2026-0104"})
    assert "leads_assessment" in s.case.waiting_messages


def test_a_report_withdrawn_under_threat_before_the_decision_leads_to_a_permit_on_ground_d(issuing, clock) -> None:
    s = Scenario(issuing, clock, "nl-current")
    steps.intake(s)
    s.do("police_assessment", {"indication": True, "offered_by": "police", "offered_on": "2026-01-05"})
    s.message("report_filed", {"filed_on": "2026-01-05", "filed_with": "police", "report_ref": "PL-2026-0105"})
    s.message("report_withdrawn", {"withdrawn_on": "2026-01-05", "under_threat": True})
    assert "permit_decision" not in s.ready() and "threat_statement" in s.case.waiting_messages
    assert s.timer_due("Termijn verklaring dreiging verstreken (vóór besluit)") == dt.date(2026, 2, 2)
    s.advance_to(dt.datetime(2026, 1, 12, 9, 0, tzinfo=UTC))
    s.message("threat_statement", {"confirmed": True, "statement_by": "police", "statement_date": "2026-01-12"})
    steps.permit(s)
    assert s.letter_payloads("residence_granted")[-1]["basis"] == "cannot_cooperate"
    [(_, text)] = issued(issuing, s.case_id, "residence_granted")
    assert "onder d, Vreemdelingenbesluit 2000" in text and "aangifte gedaan" not in text


def test_events_while_the_ind_waits_for_the_threat_statement(issuing, clock) -> None:
    """After the permit, the report is withdrawn under threat on 10 February 2026 and the IND asks for the
    statement (term to 10 March). A dismissal on 20 February is noted and the wait goes on; the confirmed threat
    on 24 February keeps the permit on ground (d), which the dismissal does not end. A conviction while waiting
    opens continued residence."""
    s = Scenario(issuing, clock, "nl-current")
    steps.permit_on_a_report(s)
    s.advance_to(dt.datetime(2026, 2, 10, 9, 0, tzinfo=UTC))
    s.message("report_withdrawn", {"withdrawn_on": "2026-02-10", "under_threat": True})
    s.advance_to(dt.datetime(2026, 2, 20, 9, 0, tzinfo=UTC))
    s.message("dismissal", {"on": "2026-02-20", "articles": ["273f Sr"]})
    case = s.case
    assert "threat_statement" in case.waiting_messages and "withdraw_permit" not in s.ready()
    assert case.data["criminal_event_while_waiting"] is True and case.data["criminal_case"]["event"] == "dismissal"
    assert s.timer_due("Termijn verklaring dreiging verstreken of vergunning verlopen", "pending") == dt.date(2026, 3, 10)
    s.advance_to(dt.datetime(2026, 2, 24, 9, 0, tzinfo=UTC))
    s.message("threat_statement", {"confirmed": True, "statement_by": "police", "statement_date": "2026-02-24"})
    assert s.case.data["residence_basis"] == "cannot_cooperate" and s.case.data["residence_outcome"] == "permit"
    assert "withdraw_permit" not in s.ready()

    other = Scenario(issuing, clock, "nl-current")
    steps.permit_on_a_report(other)
    other.message("report_withdrawn", {"withdrawn_on": "2026-02-20", "under_threat": True})
    other.message("conviction", {"on": "2026-02-24", "articles": ["273f Sr"], "instance": "first", "final": False})
    assert "continued_residence" in other.ready() and "threat_statement" not in other.case.waiting_messages
