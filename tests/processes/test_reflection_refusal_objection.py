"""The refusal of the reflection period as a decision open to the remedy the policy data gives (issue 9 item
6): the police/KMar's refusal letter names the objection, its term and the body to send it to (the one that
refused); the objection is taken in by that body (`objection_reflection`, police lane), acknowledged,
heard and decided, and its letters come from that body. Where the policy gives the refusal no objection,
nothing waits for one."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine, select

from engine.case_reopening import objectable_letters
from engine.cases import CaseEngine
from engine.clock import VirtualClock
from engine.legal_values import load_policy
from engine.letter_issuing import case_data_loader, make_letter_issuer
from engine.ports import Actor
from engine.specs import SpecLibrary
from engine.store.db import session_factory
from engine.store.tables import Letter
from forms.catalogue import all_forms
from letters.render import check_letter, render_letter
from tests.letters.conftest import pdf_text
from tests.processes import steps
from tests.processes.scenario import Scenario

UTC = dt.timezone.utc
NO_SIGNS = "Geen signalen van dwang of uitbuiting in de verklaring of de stukken."
GROUNDS = "De verklaring over de schuld bij de werkgever is niet gewogen."


@pytest.fixture
def issuing(db_engine: Engine, library: SpecLibrary, clock: VirtualClock) -> CaseEngine:
    outbox = {"issue_letter": make_letter_issuer(render_letter, case_data_loader(library), check_letter)}
    return CaseEngine(session_factory(db_engine), library, clock, all_forms(), policy_loader=load_policy,
                      outbox_handlers=outbox)


def _texts(cases: CaseEngine, case_id: int, letter_type: str) -> list[str]:
    with cases.sessions() as session:
        pdfs = session.scalars(select(Letter.pdf).where(Letter.case_id == case_id, Letter.letter_type == letter_type)
                               .order_by(Letter.id)).all()
    return [pdf_text(pdf) for pdf in pdfs]


def _refused_by_kmar(cases: CaseEngine, clock: VirtualClock) -> Scenario:
    """A Dublin claimant; the KMar sees no indication on Monday 5 January 2026 and refuses."""
    s = Scenario(cases, clock, "nl-current")
    steps.intake(s, residence_status="dublin", asylum_applied_on="2025-12-01")
    s.do("police_assessment", {"indication": False, "offered_by": "kmar", "offered_on": "2026-01-05",
                               "reasons": NO_SIGNS})
    assert s.letters()[-1] == "reflection_refused"
    return s


def test_the_refusal_letter_names_the_objection_and_the_body_that_refused(issuing, clock) -> None:
    s = _refused_by_kmar(issuing, clock)
    [text] = _texts(issuing, s.case_id, "reflection_refused")
    assert text.startswith("Koninklijke Marechaussee")
    assert "Dan kunt u bezwaar maken" in text and "art. 69, eerste lid, Vreemdelingenwet 2000" in text
    assert "De laatste dag om bezwaar te maken is maandag 2 februari 2026" in text  # 4 weeks from 5 January
    assert "Stuur uw bezwaarschrift naar: Koninklijke Marechaussee t.a.v. bezwaar bedenktijd" in text
    # and the model waits for that objection, for the same term
    assert s.timer_due("Bezwaartermijn verstreken") == dt.date(2026, 2, 2)
    assert "objection_lodged" in s.case.waiting_messages


def test_an_objection_against_the_refusal_is_taken_in_heard_and_decided_by_the_kmar(issuing, clock) -> None:
    s = _refused_by_kmar(issuing, clock)
    s.advance_to(dt.datetime(2026, 1, 20, 9, 0, tzinfo=UTC))
    s.message("objection_lodged", {"lodged_on": "2026-01-20", "grounds": GROUNDS})
    [ack] = _texts(issuing, s.case_id, "objection_acknowledgement")
    assert ack.startswith("Koninklijke Marechaussee") and "ontvangen op 20 januari 2026" in ack
    assert "objection_hearing" in s.ready()
    [hearing] = [t for t in s.case.tasks if t.name == "objection_hearing"]
    assert hearing.lane == "police" and hearing.process_id == "objection_reflection"
    s.advance_to(dt.datetime(2026, 1, 27, 9, 0, tzinfo=UTC))
    s.do("objection_hearing", {"heard_on": "2026-01-27", "waived": False, "notes": "Gehoord met advocaat."})
    # 6 weeks from the day after the objection term ended on 2 February (art. 7:10 lid 1 Awb)
    assert s.timer_due("Beslistermijn bezwaar verstreken") == dt.date(2026, 3, 16)
    s.do("objection_decision", {"outcome": "rejected", "reasons": "De signalen zijn opnieuw beoordeeld; geen aanwijzing."})
    assert s.decisions()[-1] == ("objection", "rejected")
    [decision] = _texts(issuing, s.case_id, "objection_decision")
    assert decision.startswith("Koninklijke Marechaussee") and "beroep instellen bij de rechtbank" in decision
    assert "appeal_tracking" in s.ready()


def test_where_the_policy_gives_the_refusal_no_objection_nothing_waits_for_one(cases, clock) -> None:
    def no_remedy(variant: str) -> dict:
        policy = load_policy(variant)
        offer = policy["reflection_offer"]
        return {**policy, "reflection_offer": {**offer, "value": {**offer["value"], "nature": "factual",
                                                                  "remedy": "none_factual"}}}

    cases.policy_loader = no_remedy
    s = Scenario(cases, clock, "nl-current")
    steps.intake(s, residence_status="dublin", asylum_applied_on="2025-12-01")
    s.do("police_assessment", {"indication": False, "offered_by": "police", "offered_on": "2026-01-05",
                               "reasons": NO_SIGNS})
    assert "objection_lodged" not in s.case.waiting_messages
    assert "Bezwaartermijn verstreken" not in [t.name for t in s.case.timers]


def test_an_objection_against_the_refusal_received_after_the_case_closed_reopens_it_with_the_kmar(issuing, clock) -> None:
    """Issue 9 items 6 and 13 together: the refusal's objection procedure is the one the case reopens with."""
    s = _refused_by_kmar(issuing, clock)
    s.advance_to(dt.datetime(2026, 2, 20, 9, 0, tzinfo=UTC))  # term ended 2 February, late window 16 February
    assert s.case.status == "completed", s.case.procedures
    with issuing.sessions() as session:
        [letter] = objectable_letters(session, s.case_id)
    assert letter.letter_type == "reflection_refused"
    lawyer = Actor("lawyer-1", frozenset({"lawyer"}), "lawyer", purpose="objection")
    view = issuing.reopen_for_objection(s.case_id, letter.id, {"lodged_on": "2026-02-20", "grounds": GROUNDS}, lawyer)
    assert view.process_id == "objection_reflection"
    assert [(t.name, t.lane) for t in view.tasks] == [("objection_lateness", "police")]
    s.do("objection_lateness", {"excusable": False, "reasons": "Geen reden aangevoerd voor de late indiening."})
    [decision] = _texts(issuing, s.case_id, "objection_decision")
    assert decision.startswith("Koninklijke Marechaussee") and "niet-ontvankelijk" in decision
    assert s.case.status == "completed"
