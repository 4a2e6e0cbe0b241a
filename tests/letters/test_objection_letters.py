"""The letters of objection handling (issue 9 items 12 and 13): the acknowledgement of receipt names the
decision term the objection starts and who sends it; a late objection's inadmissibility is its own
decision, open to appeal."""

from __future__ import annotations

import datetime as dt

from engine.letter_issuing import LetterRequest
from letters.render import render_letter
from tests.letters.conftest import case_data, pdf_text

SENT = dt.datetime(2026, 4, 21, 8, 0, tzinfo=dt.timezone.utc)


def _render(payload: dict[str, object]) -> tuple[str, object]:
    rendered = render_letter(LetterRequest(1, "ERK-2026-000001", case_data(), payload, SENT))
    return pdf_text(rendered.pdf), rendered


def test_the_acknowledgement_of_an_objection_against_an_ind_decision_names_the_decision_term() -> None:
    text, rendered = _render({"letter_type": "objection_acknowledgement", "subject": "withdrawal",
                              "objection_lodged_on": "2026-04-20", "objection_term_ends": "2026-05-06",
                              "objection_decision_due_on": "2026-06-17",
                              "objection_decision_due_committee_on": "2026-07-29"})
    assert text.startswith("Immigratie- en Naturalisatiedienst"), "the IND acknowledges an objection against its decision"
    assert "Mira Kovač" in text.split("Datum")[0]
    assert "ontvangen op 20 april 2026" in text
    assert "uiterlijk op woensdag 17 juni 2026" in text and "(6 mei 2026)" in text
    assert "uiterlijk op woensdag 29 juli 2026" in text
    assert "art. 6:14, eerste lid, Algemene wet bestuursrecht" in text
    assert "art. 7:10, eerste lid, Algemene wet bestuursrecht" in text
    assert "Bezwaar is daarom niet mogelijk" in text, "an acknowledgement is no decision"
    assert rendered.objection_deadline is None  # type: ignore[attr-defined]


def test_a_late_objection_declared_inadmissible_says_why_and_is_open_to_appeal() -> None:
    text, rendered = _render({"letter_type": "objection_decision", "outcome": "inadmissible", "late": True,
                              "subject": "identification", "objection_lodged_on": "2026-05-12",
                              "reasons": "Geen reden aangevoerd voor de late indiening."})
    assert "Wij verklaren uw bezwaar niet-ontvankelijk." in text
    assert "art. 6:9, tweede lid, en art. 6:11 Algemene wet bestuursrecht" in text
    assert "Wij hebben het besluit daarom niet opnieuw beoordeeld." in text
    assert "beroep instellen bij de rechtbank" in text
    assert rendered.objection_deadline == dt.date(2026, 6, 2)  # type: ignore[attr-defined]  # 6 weeks, art. 6:7 Awb


def _render_for(payload: dict[str, object], **data: object) -> tuple[str, object]:
    rendered = render_letter(LetterRequest(1, "ERK-2026-000001", case_data(**data), payload, SENT))
    return pdf_text(rendered.pdf), rendered


def test_an_objection_against_a_refusal_of_the_reflection_period_goes_to_the_body_that_refused() -> None:
    """Issue 9 item 6: the KMar refused, so the KMar acknowledges and decides the objection; not the police,
    whom the catalogue names for the refusal by default."""
    from engine.legal_values import load_policy

    policy = load_policy("nl-current")
    ack, _ = _render_for({"letter_type": "objection_acknowledgement", "subject": "reflection",
                          "objection_lodged_on": "2026-04-20", "objection_term_ends": "2026-05-19",
                          "objection_decision_due_on": "2026-06-30",
                          "objection_decision_due_committee_on": "2026-08-11"},
                         reflection_offered_by="kmar", policy=policy)
    assert ack.startswith("Koninklijke Marechaussee") and "Politie" not in ack.split("Datum")[0]
    decision, rendered = _render_for({"letter_type": "objection_decision", "outcome": "rejected",
                                      "subject": "reflection", "objection_lodged_on": "2026-04-20",
                                      "reasons": "De signalen zijn opnieuw beoordeeld; geen aanwijzing."},
                                     reflection_offered_by="kmar", policy=policy)
    assert decision.startswith("Koninklijke Marechaussee") and "kapitein R. Hoekstra" in decision
    # appeal under the Aliens Act (the remedy of reflection_offer is objection_vw): 4 weeks (art. 69 Vw 2000)
    assert rendered.objection_deadline == dt.date(2026, 5, 19)  # type: ignore[attr-defined]


def test_where_the_policy_gives_an_awb_objection_against_the_refusal_its_appeal_follows_the_awb() -> None:
    """The remedy is the policy's (reflection_offer.remedy): with objection under the Awb, the decision on
    the objection is open to appeal within 6 weeks (art. 6:7 Awb), not the Aliens Act's 4."""
    from engine.legal_values import load_policy

    policy = load_policy("nl-current")
    offer = policy["reflection_offer"]
    policy = {**policy, "reflection_offer": {**offer, "value": {**offer["value"], "remedy": "objection_awb"}}}
    _, rendered = _render_for({"letter_type": "objection_decision", "outcome": "rejected", "subject": "reflection",
                               "objection_lodged_on": "2026-04-20",
                               "reasons": "De signalen zijn opnieuw beoordeeld; geen aanwijzing."},
                              reflection_offered_by="police", policy=policy)
    assert rendered.objection_deadline == dt.date(2026, 6, 2)  # type: ignore[attr-defined]
