"""Each shape is declared once in the engine; the API's schemas document it and must not drift from it."""
from __future__ import annotations

import dataclasses

from engine.letter_reading import LetterSummary
from engine.views import CaseSummary, CaseView
from web.api.v1.letters import LetterSchema
from web.api.v1.schemas import CaseSchema, CaseSummarySchema


def _names(cls: type) -> set[str]:
    return {f.name for f in dataclasses.fields(cls)}


def test_the_case_summary_schema_is_the_engine_case_summary() -> None:
    assert set(CaseSummarySchema().fields) == _names(CaseSummary)


def test_a_case_view_is_a_case_summary_and_the_case_schema_extends_its_schema() -> None:
    assert issubclass(CaseView, CaseSummary) and issubclass(CaseSchema, CaseSummarySchema)


def test_the_letter_schema_is_the_engine_letter_summary_without_the_case_id() -> None:
    """The case id is the one the caller asked for: the API does not repeat it."""
    assert set(LetterSchema().fields) == _names(LetterSummary) - {"case_id"}
