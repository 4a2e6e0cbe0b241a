"""The UK-like variant: a local multi-agency panel deciding on children (uk-devolved) next to a central
body with a backlog deciding on everyone (uk-central), on the same people. The published difference
(Home Office, Sept 2025: 101 days in the pilot areas vs 471 elsewhere) is what the direction is held to."""
from __future__ import annotations

import dataclasses
import math
import subprocess
import sys
from pathlib import Path

from engine.legal_values import load_policy
from engine.simulation import experiment, model_names
from engine.simulation import scenario as scenario_file
from engine.simulation.scenario import Scenario
from engine.specs import SpecLibrary
from forms.registry import MarshmallowForms

ROOT = Path(__file__).resolve().parents[2]
UK = ROOT / "processes" / "scenarios" / "uk-like.yaml"


def test_the_uk_variants_load_and_pass_the_model_checks(library: SpecLibrary, forms: MarshmallowForms) -> None:
    assert {"uk-central", "uk-devolved"} <= set(library.variants)
    assert library.validate_all(forms.has) == []
    checked = subprocess.run([sys.executable, "-m", "web.cli", "processes", "check"], cwd=ROOT,
                             capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "uk-devolved" in checked.stdout and "uk-central" in checked.stdout
    central, devolved = library.current("uk-central"), library.current("uk-devolved")
    assert central.files == devolved.files  # one model; only the policy tells the arms apart
    assert load_policy("uk-central")["child_decisions"]["value"] == "central"
    assert load_policy("uk-devolved")["child_decisions"]["value"] == "local"
    assert load_policy("uk-devolved")["recovery_minimum"]["term"] == "P30D"


def test_the_scenario_names_the_models_lanes_and_a_backlog_task_they_have(library: SpecLibrary) -> None:
    scenario = scenario_file.load(UK)
    model_names.check(scenario, library)
    assert scenario.resources["panel"].backlog == 429 and scenario.resources["panel"].backlog_task == "final_decision"
    assert scenario.name.startswith("Brits model") and scenario.name_en.startswith("UK-like")
    broken = UK.read_text().replace("task: final_decision}", "task: no_such_task}")
    try:
        model_names.check(scenario_file.parse(broken, "uk-like.yaml"), library)
    except scenario_file.ScenarioInvalid as error:
        assert any("backlog.task" in field and "no task" in reason for _w, field, reason in error.faults)
    else:
        raise AssertionError("a backlog naming no task of the models was accepted")


def _small() -> Scenario:
    example = scenario_file.load(UK)
    return dataclasses.replace(example, rate_per_year=160.0, arrival_days=60.0, follow_up_days=240.0)


def test_devolved_child_panels_decide_on_children_faster_than_the_central_body(
        library: SpecLibrary, forms: MarshmallowForms) -> None:
    kpis = experiment.run(_small(), forms, replications=1, library=library)
    central, devolved = kpis["uk-central"][0], kpis["uk-devolved"][0]
    assert central["cases"] == devolved["cases"] > 0  # the same people in both arms
    children_central = central["mean_days_to_final_decision_minor"]
    children_devolved = devolved["mean_days_to_final_decision_minor"]
    assert not math.isnan(children_central) and not math.isnan(children_devolved)
    # direction as published (101 vs 471 days), and the central body's wait is of another order
    assert children_devolved < children_central
    assert children_central > 2 * children_devolved
    assert devolved["utilisation_local_panel"] > 0 and "utilisation_local_panel" not in central or \
        central["utilisation_local_panel"] == 0


def test_scenario_names_and_questions_come_in_dutch_and_english() -> None:
    for path in sorted((ROOT / "processes" / "scenarios").glob("*.yaml")):
        s = scenario_file.load(path)
        assert s.name and s.name_en and s.name != s.name_en, path.name
        assert s.question and s.question_en and s.question != s.question_en, path.name
    text = UK.read_text()
    one_language = scenario_file.parse(text.replace(
        'name:\n  nl: "Brits model: kinderpanels lokaal of centraal"\n  en: "UK-like model: child panels local or central"\n',
        'name: "Brits model"\n'), "uk-like.yaml")
    assert one_language.name == one_language.name_en == "Brits model"
    try:
        scenario_file.parse(text.replace('  en: "UK-like model: child panels local or central"\n', ""), "uk-like.yaml")
    except scenario_file.ScenarioInvalid as error:
        assert any(field.startswith("name") for _w, field, _r in error.faults), error.faults
    else:
        raise AssertionError("a name with Dutch words only was accepted")


def test_dismissal_and_prosecution_are_one_decision_with_the_scenarios_shares() -> None:
    from engine.simulation.population import arrivals
    from engine.simulation.sampler import Sampler

    scenario = dataclasses.replace(scenario_file.load(ROOT / "processes" / "scenarios" / "nl-current.yaml"),
                                   rate_per_year=4000.0)
    sampler, dismissed, prosecuted = Sampler(scenario), 0, 0
    for person in arrivals(scenario, 0):
        d = sampler.sends(person, "dismissal", 0) is not None
        p = sampler.sends(person, "prosecution_started", 0) is not None
        assert not (d and p)
        dismissed, prosecuted = dismissed + d, prosecuted + p
    share = dismissed / (dismissed + prosecuted)
    assert abs(share - 0.38 / 0.90) < 0.03  # the published 40-45 %, as the scenario's inputs say
    text = (ROOT / "processes" / "scenarios" / "nl-current.yaml").read_text().replace(
        "dismissal: {probability: 0.38", "dismissal: {probability: 0.68")
    try:
        scenario_file.parse(text, "nl-current.yaml")
    except scenario_file.ScenarioInvalid as error:
        assert any("one decision" in reason for _w, _f, reason in error.faults)
    else:
        raise AssertionError("dismissal and prosecution adding up to more than 1 were accepted")


def test_the_calibration_table_sets_the_uk_arms_and_their_difference_next_to_the_published_times() -> None:
    from engine.simulation import calibration

    key = "mean_days_to_final_decision_minor"
    kpis = {"uk-central": [{key: 400.0}, {key: 440.0}], "uk-devolved": [{key: 60.0}, {key: 80.0}]}
    rows = {(r.variant, r.minus): r for r in calibration.table(kpis, 365.0)}
    assert set(rows) == {("uk-central", ""), ("uk-devolved", ""), ("uk-central", "uk-devolved")}  # no Dutch rows
    difference = rows[("uk-central", "uk-devolved")]
    assert difference.published == 471 - 101 and difference.simulated.mean == 350.0
    assert difference.within  # same sign, within a factor √10
    assert rows[("uk-central", "")].within is True and rows[("uk-devolved", "")].within is False  # 420 vs 471; 70 vs 101
    wrong_way = {"uk-central": [{key: 60.0}], "uk-devolved": [{key: 400.0}]}
    assert not {(r.variant, r.minus): r for r in calibration.table(wrong_way, 365.0)}[("uk-central", "uk-devolved")].within
    far_off = {"uk-central": [{key: 110.0}], "uk-devolved": [{key: 100.0}]}
    assert not {(r.variant, r.minus): r for r in calibration.table(far_off, 365.0)}[("uk-central", "uk-devolved")].within
    dutch = calibration.table({"nl-current": [{"cases": 1000.0}]}, 365.0)
    assert dutch and all(r.variant == "nl-current" for r in dutch)
    assert any(r.key == "cosm_places_needed" and r.note for r in dutch)
