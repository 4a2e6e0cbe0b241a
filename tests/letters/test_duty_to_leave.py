"""A negative Aliens Act decision that leaves the person without lawful stay states the duty to leave
the Netherlands and its term (art. 61 lid 1 and 62 lid 1 Vw 2000, policy value departure_term,
unverified); it says nothing of the kind where the person stays lawfully on another ground."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from engine.legal_values import load_policy
from engine.letter_issuing import LetterRequest
from letters.citations import CITATIONS
from letters.render import render_letter
from tests.letters.conftest import case_data, pdf_text

SENT = dt.datetime(2026, 1, 5, 8, 0, tzinfo=dt.timezone.utc)
REASONS = "De voorwaarden zijn niet vervuld."
DUTY_NL = "U moet Nederland daarom uit eigen beweging verlaten, binnen vier weken nadat dit besluit is verzonden"
DUTY_EN = "You must therefore leave the Netherlands of your own accord within four weeks"


def _text(letter_type: str, facts: dict[str, Any], **payload: Any) -> str:
    data = case_data(policy=load_policy("nl-current"), **facts)
    data["person"]["language"] = "en"
    request = LetterRequest(1, "ERK-2026-000004", data, {"letter_type": letter_type, "decided_on": "2026-01-02",
                                                         "reasons": REASONS, **payload}, SENT)
    return pdf_text(render_letter(request).pdf)


@pytest.mark.parametrize(("letter_type", "payload"), [
    ("reflection_refused", {}),
    ("reflection_ended", {"ended_on": "2026-01-04"}),
    ("residence_refused", {}),
    ("residence_refused", {"withdrawn": True}),
    ("residence_refused", {"withdrawn": True, "refusal": "extension"}),
    ("residence_refused", {"refusal": "continued"}),
    ("residence_extension_refused", {"valid_until": "2026-01-01"}),
    ("continued_residence_refused", {"ground": "conviction"}),
])
def test_a_negative_aliens_act_decision_states_the_duty_to_leave_and_its_term(letter_type: str, payload: dict) -> None:
    text = _text(letter_type, {"residence_track": "b83", "residence_status": "tcn_unlawful"}, **payload)
    assert DUTY_NL in text and CITATIONS["vw_61_62"].text in text
    assert DUTY_EN in text and CITATIONS["vw_61_62"].text_en in text


@pytest.mark.parametrize(("facts", "payload"), [
    ({"residence_track": "asylum", "residence_status": "asylum"}, {}),  # stay goes on in the asylum procedure
    ({"residence_track": "b83", "residence_status": "tcn_lawful"}, {}),  # another residence permit
    ({"residence_track": "b83"}, {"duty_to_leave": False}),
])
def test_no_duty_to_leave_where_the_person_stays_lawfully_on_another_ground(facts: dict, payload: dict) -> None:
    text = _text("residence_refused", facts, **payload)
    assert DUTY_NL not in text and DUTY_EN not in text


def test_a_positive_decision_states_no_duty_to_leave() -> None:
    text = _text("residence_granted", {"residence_track": "b83"}, valid_until="2027-01-01")
    assert DUTY_NL not in text


def test_the_departure_term_is_policy_data_with_its_source_flagged_unverified() -> None:
    entry = load_policy("nl-current")["departure_term"]
    assert entry["term"] == "P4W" and entry["verified"] is False and "art. 62 lid 1 Vw 2000" in entry["source"]
    assert CITATIONS["vw_61_62"].verified is False


def test_reflection_ended_by_an_asylum_application_names_the_lawful_stay_and_no_duty_to_leave() -> None:
    """An asylum application during the reflection period ends it, but stay goes on lawfully while the
    application is decided (art. 8 sub f Vw 2000, unverified in letters.citations): no duty to leave."""
    text = _text("reflection_ended", {"residence_track": "asylum", "residence_status": "asylum"},
                 ground="asylum", ended_on="2026-01-12")
    assert "Uw bedenktijd eindigt op 12 januari 2026" in text
    assert "asielaanvraag ingediend" in text and CITATIONS["vw_8f_short"].text in text
    assert "you have applied for asylum" in text and CITATIONS["vw_8f_short"].text_en in text
    assert CITATIONS["vw_8f_short"].verified is False
    assert DUTY_NL not in text and DUTY_EN not in text
