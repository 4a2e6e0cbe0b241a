"""The IND's decision on the shelter exemption (ontheffing) for a Union citizen in the first 5 years of
residence (brief 6.1 L14): a decision under the Aliens Act, so the objection term is 4 weeks (art. 69
Vw 2000), and the letter quotes the statement the exemption rests on."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from engine.errors import ValidationFailed
from engine.letter_issuing import LetterRequest
from letters.catalogue import CATALOGUE, INVESTIGATION_ROLES
from letters.context import build_context
from letters.render import render_letter
from tests.letters.conftest import case_data, pdf_text

SENT = dt.datetime(2026, 1, 5, 8, tzinfo=dt.timezone.utc)  # Monday 5 January 2026, Amsterdam
REASONS = "De verklaring van de politie maakt niet aannemelijk dat aangifte uw veiligheid in gevaar brengt."
REQUEST = {"ground": "threat", "statement_by": "police", "statement_date": "2026-01-02"}


def _render(letter_type: str, data: dict[str, Any], **payload: Any) -> tuple[Any, str]:
    rendered = render_letter(LetterRequest(1, "ERK-2026-000001", data, {"letter_type": letter_type, **payload}, SENT))
    return rendered, pdf_text(rendered.pdf)


def test_granted_exemption_states_the_decision_the_statement_and_the_four_week_objection_term() -> None:
    rendered, text = _render("eu_exemption_granted", case_data(**REQUEST))
    assert "Wij verlenen u ontheffing: u mag gebruikmaken van opvang zonder dat dit uw verblijfsrecht als " \
           "burger van de Unie in gevaar brengt." in text
    # the ground and the statement come from the case's exemption request
    assert "vanwege uw veiligheid (bedreiging). Dat blijkt uit de verklaring van de politie van 2 januari 2026." in text
    assert rendered.objection_deadline == dt.date(2026, 2, 2)  # 4 weeks from the day after sending
    assert "De laatste dag om bezwaar te maken is maandag 2 februari 2026." in text
    assert "binnen vier weken" in text and "art. 69, eerste lid, Vreemdelingenwet 2000" in text
    assert "Immigratie- en Naturalisatiedienst Unit Bezwaar" in text
    assert "art. 8, aanhef en onder e, Vreemdelingenwet 2000" in text


def test_refused_exemption_gives_its_reasons_and_the_remedy() -> None:
    rendered, text = _render("eu_exemption_refused", case_data(ground="medical", statement_by="medical",
                                                               statement_date="2026-01-02"), reasons=REASONS)
    assert "Wij weigeren u ontheffing voor het gebruik van opvang als burger van de Unie." in text
    assert REASONS in text
    assert "Wij hebben de verklaring van een arts van 2 januari 2026 gewogen." in text
    assert rendered.objection_deadline == dt.date(2026, 2, 2)
    assert "De laatste dag om bezwaar te maken is maandag 2 februari 2026." in text


def test_refusal_takes_the_reasons_the_ind_recorded_and_without_them_names_the_field() -> None:
    _, text = _render("eu_exemption_refused", case_data(reasons=REASONS, **REQUEST))
    assert REASONS in text
    with pytest.raises(ValidationFailed) as caught:
        build_context("ERK-2026-000001", case_data(**REQUEST), {"letter_type": "eu_exemption_refused"}, SENT)
    assert list(caught.value.errors) == ["payload.reasons"]


def test_an_english_reader_gets_the_translation_with_the_same_last_day() -> None:
    data = case_data(**REQUEST)
    data["person"]["language"] = "en"
    _, text = _render("eu_exemption_granted", data)
    assert "We grant you an exemption: you may use shelter without putting your right of residence" in text
    assert "as the statement by the police of 2 January 2026 shows" in text
    assert "The last day to object is Monday 2 February 2026." in text


def test_decision_on_objection_against_a_refused_exemption_is_the_inds_with_four_weeks_for_appeal() -> None:
    rendered, text = _render("objection_decision", case_data(), outcome="unfounded", subject="eu_exemption",
                             reasons=REASONS)
    assert "Besluit ontheffing opvang burger van de Unie: geweigerd" in text
    assert "Immigratie- en Naturalisatiedienst" in text
    assert rendered.objection_deadline == dt.date(2026, 2, 2)  # appeal, art. 69 Vw 2000
    assert "De laatste dag om beroep in te stellen is maandag 2 februari 2026." in text


@pytest.mark.parametrize("letter_type", ["eu_exemption_granted", "eu_exemption_refused"])
def test_exemption_letters_are_ind_decisions_never_sent_to_investigators(letter_type: str) -> None:
    kind = CATALOGUE[letter_type]
    assert kind.authority == "ind" and kind.nature == "besluit" and kind.remedy == "objection_vw"
    assert not kind.recipients & INVESTIGATION_ROLES
