"""A scenario speaks the models' language: every task, message and lane it names must exist in the
procedure of at least one variant in processes/, so a typo or a renamed task cannot silently drop a
behaviour from the simulation. (Any variant, not only the scenario's own: one set of behaviours can then
serve several scenario files, as the examples do.)"""
from __future__ import annotations

from typing import Any

from engine.simulation.scenario import Scenario, ScenarioInvalid
from engine.specs import SpecLibrary

# Answers the sampler reads at another task than their own name (see sampler.FAVOURABLE).
EXTRA_DECISIONS = {"hearing", "immediate_danger", "multiple_problems", "shelter_not_needed"}


def _specs(library: SpecLibrary, variant: str) -> list[Any]:
    top, subs = library.current(variant).spec("procedure")
    return [top, *subs.values()]


def names_in_models(library: SpecLibrary, variants: tuple[str, ...]) -> tuple[set[str], set[str], set[str]]:
    """(user task names, message names, lanes) of the procedure in these variants."""
    tasks, messages, lanes = set(), set(), set()
    for variant in variants:
        for spec in _specs(library, variant):
            for ts in spec.task_specs.values():
                if getattr(ts, "manual", False):
                    tasks.add(ts.bpmn_id)
                    lanes.add(ts.lane)
                definition = getattr(ts, "event_definition", None)
                for d in getattr(definition, "event_definitions", None) or [definition]:
                    name = getattr(d, "name", None)
                    if name and type(d).__name__ == "MessageEventDefinition":
                        messages.add(name)
    return tasks, messages, {lane for lane in lanes if lane}


def check(scenario: Scenario, library: SpecLibrary) -> None:
    unknown_variants = [v for v in scenario.variants if v not in library.variants]
    if unknown_variants:
        raise ScenarioInvalid([(scenario.where("variants"), v, f"no such variant (known: {', '.join(library.variants)})")
                               for v in unknown_variants])
    tasks, messages, lanes = names_in_models(library, tuple(library.variants))
    where = scenario.where
    faults = [(where("decisions", t), f"decisions.{t}", "no task of that name in the models")
              for t in scenario.decisions if t not in tasks | EXTRA_DECISIONS]
    faults += [(where("durations", t), f"durations.{t}", "no task of that name in the models")
               for t in scenario.durations if t not in tasks | {"default"}]
    faults += [(where("messages", m), f"messages.{m}", "no message of that name in the models")
               for m in scenario.messages if m not in messages]
    faults += [(where("resources", r), f"resources.{r}", f"no lane of that name in the models ({', '.join(sorted(lanes))})")
               for r in scenario.capacities if r not in lanes]
    faults += [(where("resources", r, "backlog", "task"), f"resources.{r}.backlog.task",
                "no task of that name in the models")
               for r, resource in scenario.resources.items() if resource.backlog_task and resource.backlog_task not in tasks]
    if faults:
        raise ScenarioInvalid(faults)
