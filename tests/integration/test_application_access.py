"""The application layer asks the access table before a use case runs (engine.application.access): a role
the action does not name is refused, a case the caller may not see is "not found", and the IND sees a
case from the moment a decision was sent to it."""
from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from engine.application import cases as case_uses
from engine.application.access import authorize
from engine.application.messages import send_message
from engine.cases import CaseEngine
from engine.clock import Clock
from engine.errors import NotFound, NotPermitted
from engine.ports import Actor, FormRegistry
from engine.secrets_box import SecretBox
from engine.specs import SpecLibrary
from engine.store.db import session_factory
from forms.catalogue import all_forms


@dataclass
class Deps:
    db: Engine
    sessions: sessionmaker[Session]
    library: SpecLibrary
    forms: FormRegistry
    clock: Clock
    cases: CaseEngine
    box: SecretBox
    wall: Clock


@pytest.fixture
def deps(db_engine: Engine, cases: CaseEngine, library: SpecLibrary, clock: Clock) -> Deps:
    return Deps(db_engine, session_factory(db_engine), library, all_forms(), clock, cases, SecretBox(bytes(32)), clock)


def _decided_case(deps: Deps, coordinator: Actor, panel: Actor) -> int:
    case = case_uses.start_case(deps, coordinator, "reference_case", {}, with_reference=True)
    case = deps.cases.complete_task(case.id, case.tasks[0].id, {"person_alias": "Fictief F.", "needs_review": False},
                                    coordinator)
    deps.cases.complete_task(case.id, case.tasks[0].id, {"outcome": "positive", "reasons": "Sterke indicatoren."},
                             panel)
    return case.id


def test_a_role_the_action_does_not_name_is_refused(deps: Deps) -> None:
    with pytest.raises(NotPermitted):
        authorize(deps, "pol", frozenset({"policy"}), "case.start")
    granted = authorize(deps, "coco", frozenset({"coordinator"}), "case.start")
    assert granted.actor.role == "coordinator" and granted.actor.purpose == "case.start"


def test_a_case_the_caller_may_not_see_is_not_found(deps: Deps, coordinator: Actor) -> None:
    case = case_uses.start_case(deps, coordinator, "reference_case", {}, with_reference=True)
    with pytest.raises(NotFound):
        authorize(deps, "lex", frozenset({"lawyer"}), "case.read", case.id)
    with pytest.raises(NotFound):
        authorize(deps, "coco", frozenset({"coordinator"}), "case.read", case.id + 1000)


def test_the_ind_reads_a_case_once_a_decision_was_sent_to_it(deps: Deps, coordinator: Actor, panel: Actor) -> None:
    case = case_uses.start_case(deps, coordinator, "reference_case", {}, with_reference=True)
    with pytest.raises(NotFound):
        authorize(deps, "ivy", frozenset({"ind"}), "case.read", case.id)
    decided = _decided_case(deps, coordinator, panel)
    granted = authorize(deps, "ivy", frozenset({"ind"}), "case.read", decided)
    assert "decision" in granted.relations and granted.actor.role == "ind"


def test_an_unknown_process_or_variant_is_refused_naming_the_field(deps: Deps, coordinator: Actor) -> None:
    from engine.errors import ValidationFailed

    with pytest.raises(ValidationFailed) as unknown_process:
        case_uses.start_case(deps, coordinator, "no_such_process", {})
    assert "process_id" in unknown_process.value.errors
    with pytest.raises(ValidationFailed) as unknown_variant:
        case_uses.start_case(deps, coordinator, "reference_case", {}, variant="no_such_variant",
                             with_reference=True)
    assert "variant" in unknown_variant.value.errors


def test_a_message_from_a_role_that_may_not_send_it_changes_nothing(deps: Deps, coordinator: Actor,
                                                                     panel: Actor) -> None:
    case_id = _decided_case(deps, coordinator, panel)
    before = deps.cases.events(case_id)
    with pytest.raises(NotPermitted):
        send_message(deps, Actor("lex", frozenset({"lawyer"}), "lawyer"), case_id, "investigation_closed",
                     {"closed_on": "2026-01-05", "outcome": "dismissed"})
    assert deps.cases.events(case_id) == before
