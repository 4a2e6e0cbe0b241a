"""The letters of issue 9 items 6 and 14, read back from the PDF.

- The offer and the refusal of the reflection period come from police/KMar (or, in nl-decoupled, the body
  the variant names), never from the IND; they cite the basis and give the remedy of the policy value
  reflection_offer (art. 72 lid 3 Vw 2000, unverified; 4 weeks, art. 69 Vw 2000), to the right address.
- A "no indication" for a person outside B8/3 is a notice with the reasons and no remedy.
- A notice of intended decision cites art. 4:8 Awb (withdrawal) or art. 4:7 Awb (refusal), both unverified,
  names the last day to respond, is addressed to the person under her legal name and offers no objection.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from engine.legal_values import load_policy
from engine.letter_issuing import LetterRequest
from letters.authorities import load_authorities
from letters.citations import CITATIONS
from letters.payload import MissingField
from letters.render import render_letter
from tests.letters.conftest import LAWYER, PERSON, case_data, pdf_text

SENT = dt.datetime(2026, 1, 5, 8, 0, tzinfo=dt.timezone.utc)  # Monday 5 January 2026, 09:00 in Amsterdam
REASONS = "In de verklaring en de stukken zijn geen signalen van dwang of uitbuiting gevonden."
IND = load_authorities()["ind"]


def _render(letter_type: str, variant: str = "nl-current", **payload: Any) -> Any:
    data = case_data(policy=load_policy(variant))
    request = LetterRequest(1, "ERK-2026-000009", data, {"letter_type": letter_type, "decided_on": "2026-01-05",
                                                         **payload}, SENT)
    return render_letter(request)


def _basis(text: str) -> str:
    return text.split("Wettelijke grondslag")[1].split("Bezwaar maken" if "Bezwaar maken" in text
                                                        else "Geen bezwaar mogelijk")[0]


@pytest.mark.parametrize("offered_by", ["police", "kmar"])
def test_the_refusal_of_the_reflection_period_comes_from_the_body_that_assessed(offered_by: str) -> None:
    rendered = _render("reflection_refused", reasons=REASONS, offered_by=offered_by)
    text = pdf_text(rendered.pdf)
    body = load_authorities()[offered_by]
    head = text.split("Datum besluit")[0]
    assert body.name in head and body.address[0] in head, "the letterhead names police/KMar"
    assert IND.name not in head and IND.address[0] not in text, "not the IND's decision"
    assert rendered.details["authority"] == offered_by
    assert f"Geachte {PERSON['name']}," in text and "U krijgt geen bedenktijd." in text and REASONS in text
    basis = _basis(text)
    assert CITATIONS["vw_72_3"].text in basis and CITATIONS["vc_b83_1"].text in basis
    # the remedy of the policy value reflection_offer: objection within 4 weeks (art. 69 Vw 2000) to the body
    assert rendered.objection_deadline == dt.date(2026, 2, 2)
    assert "De laatste dag om bezwaar te maken is maandag 2 februari 2026." in text
    assert "art. 69, eerste lid, Vreemdelingenwet 2000" in text
    assert " ".join(body.objection_to) in text
    assert LAWYER["name"] in text.split("Afschrift aan")[1]


def test_the_offer_in_the_current_procedure_is_the_polices() -> None:
    rendered = _render("reflection_granted", period_start="2026-01-05", period_end="2026-04-05",
                       offered_by="police")
    text = pdf_text(rendered.pdf)
    assert rendered.details["authority"] == "police"
    assert load_authorities()["police"].name in text.split("Datum besluit")[0]
    assert "U krijgt bedenktijd van 5 januari 2026 tot en met 5 april 2026." in text
    assert CITATIONS["vw_72_3"].text in _basis(text)


def test_the_offer_in_the_decoupled_procedure_is_the_named_bodys_on_an_assumed_basis() -> None:
    """nl-decoupled names the referral desk (policy reflection_offer, assumed): the letter is the desk's, cites
    the basis the variant assumes and says it is assumed, and no longer cites art. 72 lid 3 Vw 2000."""
    policy = load_policy("nl-decoupled")["reflection_offer"]
    rendered = _render("reflection_granted", "nl-decoupled", period_start="2026-01-05", period_end="2026-04-05")
    text = pdf_text(rendered.pdf)
    hub = load_authorities()["referral_hub"]
    assert rendered.details["authority"] == "referral_hub" and hub.name in text.split("Datum besluit")[0]
    basis = _basis(text)
    assert policy["value"]["basis"] in basis and CITATIONS["vw_72_3"].text not in basis
    assert "is (nog) niet bij wet geregeld" in text and "nl-decoupled" in text
    assert " ".join(hub.objection_to) in text


def test_a_basis_the_catalogue_does_not_hold_is_refused() -> None:
    policy = load_policy("nl-current")
    policy["reflection_offer"] = {**policy["reflection_offer"],
                                  "value": {**policy["reflection_offer"]["value"], "basis": "art. 11 Richtlijn"}}
    request = LetterRequest(1, "ERK-2026-000009", case_data(policy=policy),
                            {"letter_type": "reflection_refused", "reasons": REASONS}, SENT)
    with pytest.raises(MissingField) as caught:
        render_letter(request)
    assert caught.value.field == "policy.reflection_offer"


def test_an_unknown_body_is_refused_naming_the_field() -> None:
    with pytest.raises(MissingField) as caught:
        _render("reflection_refused", reasons=REASONS, offered_by="ind_desk")
    assert caught.value.field == "payload.offered_by"


def test_no_indication_outside_b83_is_a_notice_with_reasons_and_no_remedy() -> None:
    rendered = _render("no_indication_notice", reasons=REASONS, offered_by="police")
    text = pdf_text(rendered.pdf)
    assert rendered.objection_deadline is None and "laatste dag" not in text
    assert "zien geen aanwijzing dat u slachtoffer bent van mensenhandel" in text and REASONS in text
    assert load_authorities()["police"].name in text.split("Datum brief")[0]


@pytest.mark.parametrize(("intended", "cited", "not_cited", "dictum"), [
    ("withdrawal", "awb_4_8", "awb_4_7", "Wij zijn van plan uw verblijfsvergunning in te trekken."),
    ("permit", "awb_4_7", "awb_4_8", "Wij zijn van plan u geen verblijfsvergunning te verlenen."),
])
def test_a_notice_of_intended_decision_names_its_article_and_the_last_day_to_respond(
        intended: str, cited: str, not_cited: str, dictum: str) -> None:
    rendered = _render("intended_decision", intended=intended, reasons=REASONS, respond_by="2026-02-02")
    text = pdf_text(rendered.pdf)
    assert rendered.details["authority"] == "ind" and IND.name in text.split("Datum kennisgeving")[0]
    assert f"Geachte {PERSON['name']}," in text, "to the person under her legal name"
    assert dictum in text and "Dit is nog geen besluit." in text and REASONS in text
    assert "tot en met maandag 2 februari 2026" in text
    basis = _basis(text)
    assert CITATIONS[cited].text in basis and CITATIONS[not_cited].text not in basis
    assert CITATIONS[cited].verified is False
    assert rendered.objection_deadline is None and "laatste dag om bezwaar te maken" not in text
    assert "zienswijze" in text.split("Geen bezwaar mogelijk")[1]
    assert LAWYER["name"] in text.split("Afschrift aan")[1]


def test_a_notice_needs_a_last_day_after_its_own_date() -> None:
    with pytest.raises(MissingField) as caught:
        _render("intended_decision", intended="withdrawal", reasons=REASONS, respond_by="2026-01-05")
    assert caught.value.field == "payload.respond_by"
    with pytest.raises(MissingField) as caught:
        _render("intended_decision", intended="deportation", reasons=REASONS, respond_by="2026-02-02")
    assert caught.value.field == "payload.intended"
