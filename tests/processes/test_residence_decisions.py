"""Residence decisions of their own, with the letters the real issuer renders (read back with pypdf): the
refusal to extend the permit and the refusal of continued residence (issue 9 item 15), each with its
basis, addressee and objection term, on SQLite and PostgreSQL."""
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


def _permit_on_a_report(s: Scenario) -> None:
    steps.intake(s)
    s.do("police_assessment", {"indication": True, "offered_by": "police", "offered_on": "2026-01-05"})
    s.message("report_filed", {"filed_on": "2026-01-05", "filed_with": "police", "report_ref": "PL-2026-0101"})
    steps.permit(s)


def test_refusal_to_extend_is_a_decision_of_its_own_on_the_extension_article(issuing, clock) -> None:
    """The permit granted on 5 January 2026 runs to 5 January 2027. On 7 January 2027 the IND refuses to
    extend it: a letter of its own citing art. 18 Vw 2000 (not the grant or withdrawal articles), no
    withdrawal task, an objection term of 4 weeks (art. 69 Vw 2000) ending Thursday 4 February 2027. An
    objection upheld sends the extension back to the IND, which extends it."""
    s = Scenario(issuing, clock, "nl-current")
    _permit_on_a_report(s)
    s.advance_to(dt.datetime(2027, 1, 7, 9, 0, tzinfo=UTC))
    s.do("extend_permit", {"outcome": "ended", "reasons": "De strafzaak is afgerond zonder vervolging."})
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
    s.do("objection_hearing", {"heard_on": "2027-01-27", "waived": False, "notes": "Gehoord."})
    s.do("objection_decision", {"outcome": "upheld", "reasons": "Het hoger beroep in de strafzaak loopt nog."})
    assert s.ready() == ["extend_permit"], "upheld: the IND decides on the extension again"
    s.do("extend_permit", {"outcome": "extended", "reasons": "Hoger beroep loopt."})
    assert s.letters()[-1] == "residence_granted" and s.case.data["residence_outcome"] == "permit"
    assert [d for d in s.decisions() if d[0] in ("permit_extension", "objection")] == [
        ("permit_extension", "ended"), ("objection", "upheld"), ("permit_extension", "extended")]


def test_refusal_to_extend_without_objection_ends_the_track(issuing, clock) -> None:
    s = Scenario(issuing, clock, "nl-current")
    _permit_on_a_report(s)
    s.advance_to(dt.datetime(2027, 1, 7, 9, 0, tzinfo=UTC))
    s.do("extend_permit", {"outcome": "ended", "reasons": "De strafzaak is afgerond zonder vervolging."})
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
    _permit_on_a_report(s)
    s.advance_to(dt.datetime(2026, 9, 1, 9, 0, tzinfo=UTC))
    s.message("conviction", {"on": "2026-09-01", "articles": ["273f Sr"], "reference": "09/654321-26"})
    s.do("continued_residence", {"outcome": "refused", "continued_ground": "conviction",
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

    s.message("objection_lodged", {"lodged_on": "2026-09-10", "grounds": "Veroordeling voor mensenhandel."})
    [(_, ack_text)] = issued(issuing, s.case_id, "objection_acknowledgement")
    assert '"Besluit voortgezet verblijf: geweigerd"' in ack_text
    s.do("objection_hearing", {"heard_on": "2026-09-17", "waived": False, "notes": "Gehoord."})
    s.do("objection_decision", {"outcome": "upheld", "reasons": "De veroordeling betreft mensenhandel."})
    assert s.ready() == ["continued_residence"]
    s.do("continued_residence", {"outcome": "granted", "continued_ground": "conviction", "reasons": "Veroordeling."})
    assert s.case.status == "completed" and s.case.data["residence_outcome"] == "continued"
    assert s.letters()[-1] == "residence_continued"
