"""The scenarios again, with the real letter issuer wired in as in production: every letter a model
requests must render from the payload and the case data it has at that moment."""
from __future__ import annotations

from typing import Any, Callable

import pytest
from sqlalchemy import Engine, select

from engine.cases import CaseEngine
from engine.clock import VirtualClock
from engine.legal_values import load_policy
from engine.letter_issuing import case_data_loader, make_letter_issuer
from engine.specs import SpecLibrary
from engine.store.db import session_factory
from engine.store.tables import Case
from forms.catalogue import all_forms
from letters.catalogue import LETTER_TYPES
from letters.render import check_letter, render_letter
from tests.processes import (
    test_adult_victim,
    test_eu_citizen,
    test_final_reconsideration,
    test_intake,
    test_minors,
    test_non_punishment,
    test_objection,
    test_panel_advice,
    test_residence,
)
from tests.processes.test_documentation import build_models

SCENARIOS: list[Callable[..., Any]] = [
    test_adult_victim.test_current_procedure_ends_lawful_stay_when_she_does_not_report,
    test_adult_victim.test_decoupled_procedure_identifies_her_and_opens_residence_without_a_report,
    test_residence.test_dublin_claimant_who_reports_gets_a_permit_after_the_leads_assessment,
    test_residence.test_dublin_claimant_who_reports_more_than_3_months_after_the_asylum_application,
    test_residence.test_permit_is_withdrawn_after_dismissal_when_it_rests_on_the_criminal_case,
    test_minors.test_dutch_minor_in_criminal_exploitation_suspected_of_drug_running,
    test_minors.test_unaccompanied_minor_with_age_dispute_judged_adult_goes_the_adult_route,
    test_objection.test_negative_panel_decision_is_reviewed_by_others_and_overturned_on_objection,
    test_objection.test_negative_first_stage_decision_reconsidered_on_request,
    test_intake.test_placement_not_decided_within_36_hours_is_escalated_and_the_case_goes_on,
    test_final_reconsideration.test_final_decision_reconsidered_on_request_by_other_members_becomes_positive,
    test_final_reconsideration.test_reconsidered_negative_decision_opens_its_own_objection_term,
    test_panel_advice.test_negative_advice_the_ind_refusal_has_the_aliens_act_term_and_an_ind_objection,
    test_panel_advice.test_positive_advice_the_ind_grants_residence_and_the_permit_runs,
    test_non_punishment.test_current_procedure_dutch_minor_suspected_of_drug_running_assessed_by_prosecutor,
    test_eu_citizen.test_eu_citizen_in_her_first_five_years_gets_the_ind_shelter_exemption_and_no_b83,
    test_eu_citizen.test_eu_national_without_rights_under_union_law_follows_b83,
]


@pytest.fixture
def issuing_cases(sqlite_engine: Engine, library: SpecLibrary, clock: VirtualClock) -> CaseEngine:
    outbox = {"issue_letter": make_letter_issuer(render_letter, case_data_loader(library), check_letter)}
    return CaseEngine(session_factory(sqlite_engine), library, clock, all_forms(), policy_loader=load_policy,
                      outbox_handlers=outbox)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda f: f.__name__[5:])
def test_every_requested_letter_is_issued(scenario: Callable[..., Any], issuing_cases: CaseEngine,
                                          clock: VirtualClock) -> None:
    scenario(issuing_cases, clock)
    with issuing_cases.sessions() as session:
        case_ids = list(session.scalars(select(Case.id)))
    requested = issued = 0
    for case_id in case_ids:
        events = issuing_cases.events(case_id)
        requested += sum(1 for e in events if e["kind"] == "message_sent" and e["details"].get("message") == "issue_letter")
        issued += sum(1 for e in events if e["kind"] == "letter_issued")
    assert issued == requested > 0

def test_every_letter_type_the_models_request_is_in_the_letters_catalogue() -> None:
    import re

    requested = {m for path in build_models.MODELS for m in re.findall(r'"letter_type": "([a-z_]+)"', path.read_text())}
    assert requested and requested <= set(LETTER_TYPES), requested - set(LETTER_TYPES)
