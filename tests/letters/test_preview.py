"""The panel's preview shows the letter a decision would produce, without issuing it."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from engine.cases import CaseEngine
from engine.errors import ValidationFailed
from engine.ports import Actor
from engine.store.tables import Event, Letter
from letters.preview import render_preview
from tests.letters.conftest import case_data, pdf_text


def test_preview_renders_the_letter_as_it_would_be_sent_and_stores_nothing(
    issuing_cases: CaseEngine, coordinator: Actor
) -> None:
    view = issuing_cases.start_case("letter_decision", case_data(), coordinator)
    with issuing_cases.sessions() as session:
        events_before = session.scalar(select(func.count()).select_from(Event))
    pdf = render_preview(
        "identification_final_negative",
        view,
        {"reasons": "Er zijn te weinig aanwijzingen gevonden in het dossier."},
        dt.date(2026, 3, 16),
    )
    text = pdf_text(pdf)
    assert pdf.startswith(b"%PDF") and view.reference in text
    assert "Verzenddatum 16 maart 2026" in text and "is dinsdag 28 april 2026." in text
    with issuing_cases.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Letter)) == 0
        assert session.scalar(select(func.count()).select_from(Event)) == events_before


def test_preview_names_what_the_decision_still_lacks(issuing_cases: CaseEngine, coordinator: Actor) -> None:
    view = issuing_cases.start_case("letter_decision", case_data(), coordinator)
    with pytest.raises(ValidationFailed) as error:
        render_preview("identification_final_negative", view, {}, dt.date(2026, 3, 16))
    assert list(error.value.errors) == ["payload.reasons"]
