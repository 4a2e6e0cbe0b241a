"""A closed case for the browser walk, beside the demo's: a Dutch adult's negative final decision sent on
Saturday 18 April 2026, its objection term (to 1 June) and late window (to 15 June) passed without an
objection, so the case closed; the demo lawyer follows it. Walked on a virtual clock over the database
the browser's server uses (DATABASE_URL and the instance's master key from the environment, as `erkend`
reads them), so the letters exist as rows. Prints the case's id and reference as JSON. Fictional person.

    python -m tests.web.browser_seed
"""

from __future__ import annotations

import datetime as dt
import json

from engine.case_parties import link_party
from engine.case_reopening import objectable_letters
from engine.clock import VirtualClock
from engine.legal_values import load_policy
from engine.store.db import UnitOfWork
from tests.processes import steps
from tests.processes.scenario import Scenario
from web.services import build_services
from web.settings import Settings

UTC = dt.timezone.utc
# nationality is typed as text, shown as typed
PERSON = {"person_alias": "Demo E.", "legal_name": "Eva Demoveld", "residence_status": "dutch",
          "nationality": "Nederlandse"}


def seed_closed_case() -> dict[str, object]:
    clock = VirtualClock(dt.datetime(2026, 1, 5, 8, 0, tzinfo=UTC))
    services = build_services(Settings(), clock=clock)
    cases = services.cases
    # The recovery minimum at 30 days (the UK-like value the policy file allows), as in the objection
    # scenarios, so that the final decision can be taken in April.
    cases.policy_loader = lambda variant: {**load_policy(variant), "recovery_minimum": {
        "term": "P30D", "rule": "calendar", "source": "UK-like setting (Modern Slavery Statutory Guidance)"}}
    s = Scenario(cases, clock, "nl-decoupled")
    steps.intake(s, **PERSON)
    steps.first_stage(s)
    steps.prepare(s)
    s.advance_to(dt.datetime(2026, 4, 18, 9, 0, tzinfo=UTC))
    steps.final(s, "negative")
    s.do("second_review", {"outcome": "confirmed", "reasons": "Geen aanwijzingen voor dwang.",
                           "reviewed_by": ["Arbeid Visser", "Medisch Jansen"]})
    s.advance_to(dt.datetime(2026, 6, 22, 9, 0, tzinfo=UTC))
    case = s.case
    assert case.status == "completed", case.status
    with UnitOfWork(services.sessions) as uow:
        link_party(uow.session, case.id, "lawyer", "lawyer", "demo-seed", "system", clock.now())
        uow.commit()
    with services.sessions() as session:
        letters = [letter.letter_type for letter in objectable_letters(session, case.id)]
    assert letters == ["identification_final_negative"], letters
    services.db.dispose()
    return {"id": case.id, "reference": case.data["case_reference"]}


if __name__ == "__main__":
    print(json.dumps(seed_closed_case()))
