"""Scenario files: the examples load, every value has a source or is marked assumed, and a bad file
is refused with its line and the field named."""
from __future__ import annotations

import json

import pytest

from engine.simulation import scenario as scenario_file
from engine.simulation.scenario import ScenarioInvalid
from engine.simulation.schema import SCHEMA
from tests.simulation.conftest import EXAMPLES


@pytest.mark.parametrize("name", ["nl-current.yaml", "nl-decoupled.yaml"])
def test_the_examples_load_and_every_value_says_where_it_comes_from(name: str) -> None:
    loaded = scenario_file.load(EXAMPLES / name)
    listed = dict(loaded.assumptions())
    assert "arrivals.rate_per_year" in listed and "decisions.first_stage" in listed
    assert set(loaded.decisions) <= {k.removeprefix("decisions.") for k in listed}


def _example_text() -> str:
    return (EXAMPLES / "nl-decoupled.yaml").read_text(encoding="utf-8")


def test_a_misspelt_field_is_refused_with_its_line_and_name() -> None:
    text = _example_text().replace("  placement: {probability: 0.85", "  placement: {probabilty: 0.85")
    with pytest.raises(ScenarioInvalid) as refused:
        scenario_file.parse(text, "bad.yaml")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "probabilty" in row)
    message = str(refused.value)
    assert f"bad.yaml:{line}" in message and "decisions.placement.probabilty: unknown field" in message


def test_a_probability_above_one_and_a_value_without_provenance_are_refused() -> None:
    text = _example_text().replace("probability: 0.35\n    assumed: true", "probability: 1.35")
    with pytest.raises(ScenarioInvalid) as refused:
        scenario_file.parse(text, "bad.yaml")
    fields = {name: reason for _, name, reason in refused.value.faults}
    assert fields["arrivals.reports.probability"] == "must be at most 1"
    assert fields["arrivals.reports"] == "needs a 'source' or 'assumed: true'"


def test_shares_that_do_not_add_up_are_refused() -> None:
    text = _example_text().replace("{adult: 0.92, minor: 0.08}", "{adult: 0.92, minor: 0.18}")
    with pytest.raises(ScenarioInvalid, match="arrivals.age_group.values: shares must add up to 1"):
        scenario_file.parse(text, "bad.yaml")


def test_a_distribution_missing_a_parameter_is_refused() -> None:
    text = _example_text().replace("{dist: lognormal, median: 3, sigma: 1.0,", "{dist: lognormal, median: 3,")
    with pytest.raises(ScenarioInvalid, match="durations.police_assessment: lognormal needs sigma"):
        scenario_file.parse(text, "bad.yaml")


def test_the_schema_is_plain_json_schema() -> None:
    exported = json.loads(json.dumps(SCHEMA))
    assert exported["$schema"].startswith("https://json-schema.org/")
    assert "decisions" in exported["required"]


def test_names_the_models_lack_are_refused(library) -> None:  # type: ignore[no-untyped-def]
    from engine.simulation.model_names import check

    text = _example_text().replace("  final_decision: {probability", "  final_decison: {probability").replace(
        "  objection_lodged:", "  objection_filed:").replace("  ind: {capacity", "  immigration: {capacity")
    with pytest.raises(ScenarioInvalid) as refused:
        check(scenario_file.parse(text, "bad.yaml"), library)
    named = {name for _, name, _ in refused.value.faults}
    assert named == {"decisions.final_decison", "messages.objection_filed", "resources.immigration"}


@pytest.mark.parametrize("name", ["nl-current.yaml", "nl-decoupled.yaml"])
def test_the_examples_name_only_what_the_models_hold(library, name: str) -> None:  # type: ignore[no-untyped-def]
    from engine.simulation.model_names import check

    check(scenario_file.load(EXAMPLES / name), library)
