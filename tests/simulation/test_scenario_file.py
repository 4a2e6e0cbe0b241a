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
    named = {name: where for where, name, _ in refused.value.faults}
    assert set(named) == {"decisions.final_decison", "messages.objection_filed", "resources.immigration"}
    assert named["messages.objection_filed"] == _line(text, "objection_filed:")


@pytest.mark.parametrize("name", ["nl-current.yaml", "nl-decoupled.yaml"])
def test_the_examples_name_only_what_the_models_hold(library, name: str) -> None:  # type: ignore[no-untyped-def]
    from engine.simulation.model_names import check

    check(scenario_file.load(EXAMPLES / name), library)


def _faults(text: str) -> dict[str, tuple[str, str]]:
    with pytest.raises(ScenarioInvalid) as refused:
        scenario_file.parse(text, "bad.yaml")
    return {name: (where, reason) for where, name, reason in refused.value.faults}


def _line(text: str, needle: str) -> str:
    return f"bad.yaml:{next(i for i, row in enumerate(text.splitlines(), 1) if needle in row)}"


def test_resources_calendars_and_tables_are_checked_with_their_lines() -> None:
    """A calendar that does not exist, a panel of members without members per sitting, a table asking
    what a synthetic person does not have, or a value the scenario cannot draw: refused, line by line."""
    text = _example_text().replace("calendar: office, cost_per_hour: 70", "calendar: ofice, cost_per_hour: 70") \
        .replace("members: 36, per_sitting: 3,", "members: 36,") \
        .replace("{when: {age_group: minor}, probability: 0.90}", "{when: {shoe_size: 42}, probability: 0.90}") \
        .replace("{when: {suspect: true}, probability: 0.15}", "{when: {residence_status: martian}, probability: 0.1}") \
        .replace("hours: [9, 17], holidays: true", "hours: [17, 9], holidays: true")
    faults = _faults(text)
    assert faults["resources.ind.calendar"] == (_line(text, "calendar: ofice"), "no calendar 'ofice' under calendars")
    assert faults["resources.panel.members"][1].startswith("members needs per_sitting")
    assert faults["decisions.first_stage.table.rules.0.when.shoe_size"][1].startswith("not an attribute of a person")
    where, reason = faults["messages.report_withdrawn.table.rules.0.when.residence_status"]
    assert where == _line(text, "martian") and reason.startswith("martian is not a value of residence_status")
    assert faults["calendars.office.hours"][1] == "the start hour must come before the end hour"


def test_shelter_types_and_seasonality_are_checked() -> None:
    text = _example_text().replace("  omm:\n    places: 36", "  mansion:\n    places: 36") \
        .replace("dec: 0.95}", "}")
    faults = _faults(text)
    assert faults["shelter.mansion"] == (_line(text, "mansion"), "unknown field (expected one of: cosm, omm, regular, youth)")
    assert faults["arrivals.seasonality.values"][1] == "needs all 12 fields"
