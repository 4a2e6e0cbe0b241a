"""Runs a scenario: every variant, every replication, on the same synthetic people (common random
numbers), and hands each replication's events to the KPIs."""
from __future__ import annotations

from typing import Callable

from engine.policy_values import load_policy
from engine.ports import FormRegistry
from engine.simulation import model_names
from engine.simulation.kpis import Kpis, measure
from engine.simulation.population import arrivals
from engine.simulation.runner import Models
from engine.simulation.scenario import Scenario
from engine.simulation.scheduler import Replication, Simulation
from engine.specs import SpecLibrary

Progress = Callable[[int], None]


def run_replication(scenario: Scenario, variant: str, replication: int, forms: FormRegistry,
                    library: SpecLibrary | None = None, progress: Progress | None = None) -> Replication:
    models = Models(library or SpecLibrary(), variant, load_policy(variant))
    people = arrivals(scenario, replication)
    done = (lambda: progress(1)) if progress else None
    return Simulation(scenario, models, forms, people, replication, on_case_done=done).run()


def run(scenario: Scenario, forms: FormRegistry, replications: int | None = None,
        library: SpecLibrary | None = None, progress: Progress | None = None) -> dict[str, list[Kpis]]:
    """KPIs per variant, one entry per replication, in the scenario's order of variants."""
    library = library or SpecLibrary()
    model_names.check(scenario, library)
    out: dict[str, list[Kpis]] = {variant: [] for variant in scenario.variants}
    for replication in range(replications or scenario.replications):
        for variant in scenario.variants:
            result = run_replication(scenario, variant, replication, forms, library)
            out[variant].append(measure(result))
            if progress:
                progress(1)
    return out
