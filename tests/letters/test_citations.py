"""Letters cite only what the one catalogue of legal citations (letters.citations) holds, each with its
source and verified flag; the panel's decision cites the basis its variant assumes, shown as assumed,
and never a provision that gives the panel no power (art. 273f Sr, art. 11 of the Directive)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from engine.legal_values import load_policy
from engine.letter_issuing import LetterRequest
from letters.catalogue import CATALOGUE, LETTER_TYPES
from letters.citations import CITATIONS, held, printed_forms
from letters.context import build_context
from letters.payload import MissingField
from letters.render import render_letter
from tests.letters.conftest import case_data, pdf_text
from tests.letters.test_letter_types import PAYLOADS

SENT = dt.datetime(2026, 1, 5, 8, 0, tzinfo=dt.timezone.utc)
# What looks like a citation once every held citation has been taken out of the text.
CITATION_MARK = re.compile(
    r"\b(?:art\.|artikel|artikelen|article|paragraaf|hoofdstuk|chapter)\s+\d|\bB\d+/\d|Richtlijn|Directive|Verdrag|"
    r"Convention|Wetboek|Criminal Code|Vreemdelingen(?:wet|besluit|circulaire)|Aliens Act|Algemene wet "
    r"bestuursrecht|Administrative Law Act|Burgerlijk|ECLI|Aanwijzing mensenhandel|\bSr\b|\bAwb\b|\bVw\b|\bVb\b|\bVc\b"
)
PAGE_FOOTER = re.compile(r"\s*•\s*(?:Kenmerk|Reference) \S+ (?:pagina|page) \d+ (?:van|of) \d+\s*")


def unheld_citations(text: str, own_words: tuple[str, ...] = ()) -> list[str]:
    """Citation-like passages the catalogue does not hold. `own_words` are texts the decision makers
    typed (the offence, the reasons): the letter quotes them, it does not cite them."""
    text = PAGE_FOOTER.sub(" ", text)
    for words in (*own_words, *printed_forms()):
        text = text.replace(words, " ")
    return [text[max(0, m.start() - 40): m.end() + 40] for m in CITATION_MARK.finditer(text)]


def render(letter_type: str, data: dict[str, Any], **payload: Any) -> str:
    request = LetterRequest(1, "ERK-2026-000001", data, {"letter_type": letter_type, "decided_on": "2026-01-02",
                                                          **payload}, SENT)
    return pdf_text(render_letter(request).pdf)


def test_every_citation_names_its_source_and_whether_it_was_verified() -> None:
    for citation in CITATIONS.values():
        assert citation.text.strip() and citation.source.strip() and isinstance(citation.verified, bool)
        assert not (citation.assumed and citation.verified), "an assumed basis is not verified law"


def test_the_check_finds_a_citation_the_catalogue_does_not_hold() -> None:
    assert unheld_citations("Grondslag: art. 273f Wetboek van Strafrecht.")
    assert unheld_citations("Op grond van art. 11 Richtlijn 2011/36/EU.")
    assert unheld_citations(f"Grondslag: {CITATIONS['vw_69'].text}.") == []


@pytest.mark.parametrize("letter_type", LETTER_TYPES)
@pytest.mark.parametrize("minor", [False, True])
def test_a_letter_shows_no_citation_the_catalogue_does_not_hold(letter_type: str, minor: bool) -> None:
    data = case_data(minor=minor, policy=load_policy("nl-decoupled"))
    data["person"]["language"] = "en"  # the English translation's citations are checked too
    payload = PAYLOADS[letter_type][0]
    text = render(letter_type, data, **payload)
    own = tuple(str(payload[k]) for k in ("offence", "reasons", "about") if k in payload)
    assert unheld_citations(text, own) == []


@pytest.mark.parametrize("refusal", ["permit", "extension", "withdrawal", "continued"])
def test_every_kind_of_residence_refusal_cites_only_held_provisions(refusal: str) -> None:
    text = render("residence_refused", case_data(), reasons="De voorwaarden zijn niet vervuld.", refusal=refusal)
    assert unheld_citations(text, ("De voorwaarden zijn niet vervuld.",)) == []


def test_every_decision_types_basis_is_held() -> None:
    for kind in CATALOGUE.values():
        assert all(held(text) for text in kind.legal_basis), kind.key


@pytest.mark.parametrize("letter_type", [t for t in LETTER_TYPES if t.startswith("identification_")])
def test_the_panel_decision_cites_the_variants_assumed_basis_and_not_the_offence_or_the_directive(
    letter_type: str,
) -> None:
    policy = load_policy("nl-decoupled")
    text = render(letter_type, case_data(policy=policy), **PAYLOADS[letter_type][0])
    basis = policy["panel_legal_basis"]
    assert basis["assumed"] is True and basis["verified"] is False
    assert basis["value"] in text.split("Wettelijke grondslag")[1]
    assert "De bevoegdheid van het panel is (nog) niet bij wet geregeld" in text
    assert f"variant {policy['version']}" in text
    assert "273f" not in text and "Richtlijn 2011/36/EU" not in text


def test_a_panel_basis_the_catalogue_does_not_hold_is_refused() -> None:
    policy = {**load_policy("nl-decoupled"),
              "panel_legal_basis": {"value": "art. 273f Wetboek van Strafrecht", "source": "test"}}
    payload = {"letter_type": "identification_final_positive", "reasons": "Aannemelijk."}
    with pytest.raises(MissingField) as caught:
        build_context("ERK-1", case_data(policy=policy), payload, SENT)
    assert caught.value.field == "policy.panel_legal_basis"


def test_no_variant_grounds_residence_on_identification_in_the_directives_information_article() -> None:
    source = load_policy("nl-decoupled")["residence_on_identification"]["source"]
    assert "art. 14 lid 1 sub a" in source and "CETS 197" in source and "verify" in source
    assert load_policy("nl-current")["panel_legal_basis"]["value"] is None
