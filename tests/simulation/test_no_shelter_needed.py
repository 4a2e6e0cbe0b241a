"""The scenario's `shelter_not_needed` sends people through the placement decision's outcome 'not_needed':
their placement ends without a place and without the escalation of no place; at 0 everyone who reaches
the decision seeks a place, as before."""
from __future__ import annotations

import dataclasses

from engine.legal_values import load_policy
from engine.simulation.population import arrivals
from engine.simulation.runner import Event, Models
from engine.simulation.scenario import Scenario
from engine.simulation.scheduler import Simulation
from engine.specs import SpecLibrary
from forms.registry import MarshmallowForms


def _events(scenario: Scenario, library: SpecLibrary, forms: MarshmallowForms) -> list[Event]:
    log: list[Event] = []
    models = Models(library, "nl-decoupled", load_policy("nl-decoupled"))
    Simulation(scenario, models, forms, arrivals(scenario, 0), 0, log=log).run()
    return log


def _placement(log: list[Event]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for e in log:
        if e.kind == "fact_recorded" and e.name == "placement_status":
            out.setdefault(e.case, []).append(e.value)
    return out


def test_people_who_need_no_shelter_end_their_placement_without_escalation(
        small: Scenario, library: SpecLibrary, forms: MarshmallowForms) -> None:
    scenario = dataclasses.replace(small, decisions={**small.decisions, "shelter_not_needed": 0.5})
    log = _events(scenario, library, forms)
    placement = _placement(log)
    needing_none = {case for case, values in placement.items() if values == ["not_needed"]}
    assert needing_none and len(needing_none) < len(placement)  # both kinds drawn
    # (a decision taken after the 36 hours is still escalated for being late: placement_escalation)
    escalated = {e.case for e in log if e.kind == "task_completed" and e.name in ("no_place_escalation", "placement_final")}
    assert escalated and not needing_none & escalated

    nobody = _placement(_events(dataclasses.replace(small, decisions={**small.decisions, "shelter_not_needed": 0.0}),
                                library, forms))
    assert nobody and all("not_needed" not in values for values in nobody.values())
