"""A small population on the example scenario: enough cases to meet every common path, fast enough to
run the whole folder in well under a minute."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from engine.simulation import scenario as scenario_file
from engine.simulation.scenario import Scenario
from engine.specs import SpecLibrary
from forms.catalogue import all_forms
from forms.registry import MarshmallowForms

EXAMPLES = Path(__file__).resolve().parents[2] / "processes" / "scenarios"


@pytest.fixture(scope="session")
def library() -> SpecLibrary:
    return SpecLibrary()


@pytest.fixture(scope="session")
def forms() -> MarshmallowForms:
    return all_forms()


@pytest.fixture(scope="session")
def small() -> Scenario:
    """About 30 people over 90 days, followed for 120 more."""
    example = scenario_file.load(EXAMPLES / "nl-decoupled.yaml")
    return dataclasses.replace(example, rate_per_year=120.0, arrival_days=90.0, follow_up_days=120.0)
