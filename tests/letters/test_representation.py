"""Who a decision is addressed to, under which name, where it is delivered and who gets a copy (issue 9
items 8-10): the legal name, never the alias; the V-number; care of the lawyer, or handed over by the
coordinator so that a shelter's address is never printed; a child's letters to her guardian or to her
parents (with the family guardian under a supervision order), and none treating the person as a minor
after the 18th birthday. Walked through the procedure models with the real issuer, on every backend."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import Engine, select

from engine.access import disclosure
from engine.cases import CaseEngine
from engine.clock import VirtualClock
from engine.errors import ValidationFailed
from engine.legal_values import load_policy
from engine.letter_issuing import case_data_loader, make_letter_issuer
from engine.specs import SpecLibrary
from engine.store.db import session_factory
from engine.store.tables import Letter, LetterDelivery
from forms.catalogue import all_forms
from letters.render import render_letter
from tests.letters.conftest import pdf_text
from tests.processes import steps
from tests.processes.scenario import Scenario

UTC = dt.timezone.utc
LAWYER = {"lawyer_name": "mr. T. Bos", "lawyer_office": "Bos Advocaten", "lawyer_address": "Postbus 9970, 9999 ZM Voorbeeldstad"}


@pytest.fixture
def procedure_cases(db_engine: Engine, library: SpecLibrary, clock: VirtualClock) -> CaseEngine:
    issuer = make_letter_issuer(render_letter, case_data_loader(library))
    return CaseEngine(session_factory(db_engine), library, clock, all_forms(), policy_loader=load_policy,
                      outbox_handlers={"issue_letter": issuer})


def _letter(cases: CaseEngine, case_id: int, letter_type: str) -> tuple[str, set[tuple[str, str]]]:
    """The text of the case's (last) letter of this type and its deliveries as (role, party)."""
    with cases.sessions() as session:
        row = session.scalars(select(Letter).where(Letter.case_id == case_id, Letter.letter_type == letter_type)
                              .order_by(Letter.id.desc())).first()
        assert row is not None, f"no {letter_type} letter"
        deliveries = {(d.role, d.party) for d in session.scalars(
            select(LetterDelivery).where(LetterDelivery.letter_id == row.id))}
        return pdf_text(row.pdf), deliveries


def _head(text: str) -> str:
    """The letterhead and the addressee block, up to the date lines."""
    return text.split("Datum besluit")[0]


def test_an_adults_decision_goes_to_her_legal_name_care_of_her_lawyer_in_her_language(procedure_cases, clock) -> None:
    s = Scenario(procedure_cases, clock, "nl-decoupled")
    steps.intake(s, person_alias="Roos", legal_name="Olena Kravets", v_number="9000000101", letter_language="en",
                 delivery="care_of_lawyer", **LAWYER)
    steps.first_stage(s)
    text, deliveries = _letter(procedure_cases, s.case_id, "identification_first_stage_positive")
    head = _head(text)
    assert "Olena Kravets p/a mr. T. Bos Bos Advocaten Postbus 9970 9999 ZM Voorbeeldstad" in head
    assert "Roos" not in text, "the alias never appears on a decision"
    assert "Betreft Olena Kravets, V-nummer 9000000101" in text
    assert "Geachte Olena Kravets," in text
    assert "mr. T. Bos, Bos Advocaten (advocaat)" in text.split("Afschrift aan:")[1]
    assert "Concerning Olena Kravets, V-number 9000000101" in text, "the translation follows her language"
    assert ("lawyer", "copy") in deliveries


def test_a_person_in_shelter_gets_her_letters_from_the_coordinator_and_no_address_is_printed(
        procedure_cases, clock) -> None:
    s = Scenario(procedure_cases, clock, "nl-decoupled")
    steps.intake(s, legal_name="Olena Kravets", delivery="via_coordinator",
                 postal_address="Opvanglaan 1, 9999 AA Voorbeeldstad")  # a shelter's address typed in by mistake
    steps.first_stage(s)
    text, _ = _letter(procedure_cases, s.case_id, "identification_first_stage_positive")
    assert "Olena Kravets Uitreiking via de zorgcoördinator" in _head(text)
    assert "Opvanglaan" not in text
    assert "Translation" not in text, "no translation without a recorded language other than Dutch"


def test_delivery_care_of_the_lawyer_needs_the_lawyer_and_changes_nothing_without(procedure_cases, clock) -> None:
    s = Scenario(procedure_cases, clock, "nl-decoupled")
    s.start()
    version = s.case.version
    with pytest.raises(ValidationFailed) as caught:
        s.do("register_signal", steps.signal(delivery="care_of_lawyer", lawyer_name="mr. T. Bos"))
    assert list(caught.value.errors) == ["lawyer_address"]
    with pytest.raises(ValidationFailed) as caught:
        s.do("register_signal", steps.signal(v_number="V123"))
    assert list(caught.value.errors) == ["v_number"]
    assert s.case.version == version and "register_signal" in s.ready()


def test_registration_asks_the_legal_name_so_that_no_decision_goes_to_an_alias(procedure_cases, clock) -> None:
    s = Scenario(procedure_cases, clock, "nl-decoupled")
    s.start()
    with pytest.raises(ValidationFailed) as caught:
        s.do("register_signal", steps.signal(legal_name=None))
    assert list(caught.value.errors) == ["legal_name"]
    assert "register_signal" in s.ready()


def test_a_dutch_child_with_parents_gets_no_guardian_and_her_letters_go_to_the_parents(procedure_cases, clock) -> None:
    """Item 9: parents with authority represent the child; the family guardian under a supervision order
    (OTS) gets a copy; no Nidos guardian is asked for; the child has her own section."""
    s = Scenario(procedure_cases, clock, "nl-decoupled")
    s.start()
    s.do("register_signal", steps.signal(legal_name="Lotte Jansen", birth_date="2011-03-02", residence_status="dutch",
                                         exploitation_form="criminal", delivery="postal_address",
                                         postal_address="Kerkstraat 3, 9999 BB Voorbeeldstad",
                                         parents="Mw. A. Jansen en dhr. P. Jansen",
                                         family_guardian="J. de Haan, Jeugdbescherming Voorbeeldregio"))
    s.do("safety_check", {"immediate_danger": False, "safe_location": True, "emergency_bed": False})
    s.do("placement", {"shelter_type": "none", "placement_start": "2026-01-05"})
    assert "best_interests" in s.ready(), "no guardian is appointed for a child who lives with her parents"
    s.do("best_interests", {"child_views": "Wil thuis blijven.", "identity": "Nederlands.",
                            "family_environment": "Ouders betrokken.", "care_protection_safety": "Veilig thuis.",
                            "vulnerability": "Jong.", "health": "Goed.", "education": "Groep 8.",
                            "child_heard_on": s.today(), "guardian_present": False,
                            "best_interests_summary": "Thuis blijven met hulp van de gezinsvoogd weegt het zwaarst."})
    steps.first_stage(s, minor=True)
    assert "minor_guardian_notice" not in s.letters()
    assert "guardian_appointed" not in {e["details"].get("message") for e in s.events()}
    text, _ = _letter(procedure_cases, s.case_id, "identification_first_stage_positive")
    assert "Mw. A. Jansen en dhr. P. Jansen Kerkstraat 3 9999 BB Voorbeeldstad" in _head(text)
    assert "Geachte Mw. A. Jansen en dhr. P. Jansen," in text and "Betreft Lotte Jansen" in text
    assert "J. de Haan, Jeugdbescherming Voorbeeldregio (gezinsvoogd)" in text.split("Afschrift aan:")[1]
    assert "In gewone woorden" in text and "Deze brief gaat naar je ouders." in text


def test_an_unaccompanied_childs_letters_go_to_the_nidos_guardian(procedure_cases, clock) -> None:
    s = Scenario(procedure_cases, clock, "nl-decoupled")
    s.start()
    s.do("register_signal", steps.signal(legal_name="Amir Haddad", birth_date="2010-05-01", unaccompanied=True,
                                         parents="onbekend"))
    s.do("safety_check", {"immediate_danger": False, "safe_location": True, "emergency_bed": True})
    s.do("placement", {"shelter_type": "youth", "placement_start": "2026-01-05"})
    assert "best_interests" not in s.ready(), "an unaccompanied child waits for the guardian, parents or not"
    s.message("guardian_appointed", {"body": "Nidos", "name": "E. Kok", "appointed_on": "2026-01-05"})
    steps.first_stage(s, minor=True)
    text, _ = _letter(procedure_cases, s.case_id, "identification_first_stage_positive")
    assert "E. Kok" in _head(text) and "Geachte E. Kok," in text
    assert "Betreft Amir Haddad" in text and "In gewone woorden" in text


def test_a_letter_issued_after_the_18th_birthday_treats_her_as_an_adult(procedure_cases, clock) -> None:
    """Item 10: the first-stage letter decided after the birthday goes to her, not the guardian; the
    guardian gets no copy and no delivery, and the letter has no section for a child."""
    s = Scenario(procedure_cases, clock, "nl-decoupled")
    s.start()
    s.do("register_signal", steps.signal(legal_name="Nadia Petrova", birth_date="2008-02-10", unaccompanied=True,
                                         delivery="via_coordinator"))
    s.do("safety_check", {"immediate_danger": False, "safe_location": True, "emergency_bed": True})
    s.do("placement", {"shelter_type": "youth", "placement_start": "2026-01-05"})
    s.message("guardian_appointed", {"body": "Nidos", "name": "E. Kok", "appointed_on": "2026-01-05"})
    s.advance_to(dt.datetime(2026, 2, 10, 9, 0, tzinfo=UTC))
    assert "18e verjaardag" in s.fired()
    steps.first_stage(s, outcome="negative")
    text, deliveries = _letter(procedure_cases, s.case_id, "identification_first_stage_negative")
    assert "Nadia Petrova Uitreiking via de zorgcoördinator" in _head(text)
    assert "Geachte Nadia Petrova," in text
    assert "E. Kok" not in text and "voogd" not in text.lower(), "the guardian's role ended on the birthday"
    assert "In gewone woorden" not in text
    assert not any(role == "guardian" for role, _ in deliveries)


def test_the_panel_reads_the_case_under_the_alias_the_coordinator_and_ind_see_the_legal_identity() -> None:
    data: dict[str, Any] = {"person_alias": "Roos", "legal_name": "Olena Kravets", "v_number": "9000000101",
                            "postal_address": "Kerkstraat 3", "indicators": []}
    panel = disclosure.case_data("panel", data)
    assert panel["person_alias"] == "Roos"
    assert not {"legal_name", "v_number", "postal_address"} & set(panel)
    assert disclosure.case_data("coordinator", data)["legal_name"] == "Olena Kravets"
    assert disclosure.shows("ind", "legal_identity") and not disclosure.shows("panel", "legal_identity")
    assert disclosure.case_data("police", data) == {}
