"""Walking a procedure case to its decisions, with the composition root's issuer wired in, stores the
right letters with the right last day to object (the procedure models and their scenario steps)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine, select

from engine.cases import CaseEngine
from engine.clock import VirtualClock
from engine.legal_values import load_policy
from engine.letter_issuing import case_data_loader, make_letter_issuer
from engine.specs import SpecLibrary
from engine.store.db import session_factory
from engine.store.tables import Letter
from forms.catalogue import all_forms
from letters.render import check_letter, render_letter
from tests.letters.conftest import pdf_text
from tests.processes import steps
from tests.processes.scenario import Scenario


@pytest.fixture
def procedure_cases(sqlite_engine: Engine, library: SpecLibrary, clock: VirtualClock) -> CaseEngine:
    issuer = make_letter_issuer(render_letter, case_data_loader(library), check_letter)
    return CaseEngine(
        session_factory(sqlite_engine),
        library,
        clock,
        all_forms(),
        policy_loader=load_policy,
        outbox_handlers={"issue_letter": issuer},
    )


def test_decoupled_case_walked_to_identification_and_permit_gets_its_letters(
    procedure_cases: CaseEngine, clock: VirtualClock
) -> None:
    s = Scenario(procedure_cases, clock, "nl-decoupled")
    steps.intake(s)
    steps.first_stage(s)
    steps.prepare(s)
    s.advance_to(dt.datetime(2026, 4, 6, 7, 0, tzinfo=dt.timezone.utc))  # after the minimum recovery period
    steps.final(s, "positive")
    steps.permit(s)

    with procedure_cases.sessions() as session:
        letters = {
            row.letter_type: row
            for row in session.scalars(select(Letter).where(Letter.case_id == s.case_id).order_by(Letter.id))
        }
        session.expunge_all()
    assert list(letters) == s.letters()[: len(letters)]  # one stored letter per letter the model asked for
    assert {
        "referral_acknowledgement",
        "identification_first_stage_positive",
        "identification_final_positive",
        "residence_granted",
    } <= set(letters)

    final = letters["identification_final_positive"]
    assert final.sent_on == dt.date(2026, 4, 6) and final.objection_deadline == dt.date(
        2026, 5, 18
    )  # Awb: 6 weeks
    text = pdf_text(final.pdf)
    assert "Ana Vidaković" in text and "Ana V." not in text, "decisions go to the legal name, never the alias"
    assert "Indicatoren gewogen." in text and "inhouden van loon" in text
    assert "De laatste dag om bezwaar te maken is maandag 18 mei 2026." in text

    permit = letters["residence_granted"]
    assert permit.objection_deadline == dt.date(2026, 5, 4)  # Aliens Act: 4 weeks
    assert "tot en met 6 april 2027" in pdf_text(permit.pdf)
    assert letters["referral_acknowledgement"].objection_deadline is None  # a confirmation, not a decision
