"""The IND gets a copy of another body's decision only where the person's residence depends on it (not
for a Dutch national, nor for a Union citizen with rights under Union law), and every disclosure of a
letter to another body or person names its legal basis in the letter's metadata."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from engine.legal_values import load_policy
from engine.letter_issuing import LetterRequest
from letters.catalogue import LETTER_TYPES
from letters.citations import held
from letters.render import render_letter
from tests.letters.conftest import case_data, pdf_text
from tests.letters.test_letter_types import PAYLOADS

SENT = dt.datetime(2026, 1, 5, 8, 0, tzinfo=dt.timezone.utc)
IND = "Immigratie- en Naturalisatiedienst"


def _issue(letter_type: str, **facts: Any) -> Any:
    data = case_data(policy=load_policy("nl-decoupled"), **facts)
    payload = {"letter_type": letter_type, "decided_on": "2026-01-02", **PAYLOADS[letter_type][0]}
    return render_letter(LetterRequest(1, "ERK-2026-000003", data, payload, SENT))


@pytest.mark.parametrize("facts", [
    {"residence_track": "none", "residence_status": "dutch"},
    {"residence_track": "eu", "residence_status": "eu", "union_rights": True},
    {"residence_track": None},
])
def test_no_copy_to_the_ind_where_residence_does_not_depend_on_the_decision(facts: dict[str, Any]) -> None:
    letter = _issue("identification_final_positive", **facts)
    assert IND not in pdf_text(letter.pdf).split("Afschrift aan")[1]
    assert "ind" not in {r.role for r in letter.recipients}
    assert "ind" not in {d["to"] for d in letter.details["disclosures"]}


@pytest.mark.parametrize("facts", [
    {"residence_track": "b83"},
    {"residence_track": "b83_dublin"},
    {"residence_track": "b83", "residence_status": "eu", "union_rights": False},
])
def test_a_copy_to_the_ind_where_residence_depends_on_the_decision_names_its_basis(facts: dict[str, Any]) -> None:
    letter = _issue("identification_final_positive", **facts)
    assert IND in pdf_text(letter.pdf).split("Afschrift aan")[1]
    assert "ind" in {r.role for r in letter.recipients}
    [to_ind] = [d for d in letter.details["disclosures"] if d["to"] == "ind"]
    assert held(to_ind["basis"]) and to_ind["verified"] is False and to_ind["source"]


@pytest.mark.parametrize("letter_type", LETTER_TYPES)
def test_every_disclosure_names_a_basis_the_citation_catalogue_holds(letter_type: str) -> None:
    letter = _issue(letter_type, residence_track="b83")
    own = {"ind": "ind", "panel": "panel", "referral_hub": "coordinator", "police": "police",
           "kmar": "police"}[letter.details["authority"]]
    disclosed = {d["to"] for d in letter.details["disclosures"]}
    assert disclosed == {r.role for r in letter.recipients} - {"person", own}
    for disclosure in letter.details["disclosures"]:
        assert held(disclosure["basis"]), disclosure
    assert all(held(b["text"]) for b in letter.details["legal_basis"])
