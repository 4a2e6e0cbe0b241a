"""The capacity answer: the smallest panel at which a target holds (judged on the 95 % CI), proved by the
run of the level below, which fails; a target or resource the search cannot use is refused with a
message naming it, before anything runs."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from click.testing import CliRunner

from engine.simulation import bundle, capacity
from engine.simulation.distributions import Distribution
from engine.simulation.scenario import Scenario
from engine.simulation.statistics_ci import Interval
from forms.catalogue import all_forms
from tests.simulation.conftest import EXAMPLES
from web.cli import main

LANES = ["coordinator", "ind", "panel", "police"]


@pytest.fixture(scope="module")
def busy_panel(small: Scenario) -> Scenario:
    """A panel that takes four days over each first-stage decision and sits on its session days only: with
    a few members at a time the signals queue for weeks; with enough, they wait for the next sitting."""
    durations = {**small.durations, "first_stage": Distribution.from_mapping({"dist": "fixed", "value": 4})}
    return dataclasses.replace(small, variants=("nl-decoupled",), rate_per_year=250.0, arrival_days=30.0,
                               follow_up_days=60.0, durations=durations, replications=2,
                               capacities={**small.capacities, "panel": 4})


def test_the_search_finds_the_smallest_level_and_the_level_below_fails(busy_panel: Scenario) -> None:
    answer = bundle.find_capacity(busy_panel, "panel_members", "median_first_assessment_days<=30", all_forms)
    assert answer.lane == "panel" and answer.level is not None and answer.level > 1
    below, found = answer.proof
    assert found is not None and found.passed and found.level == answer.level
    assert below is not None and not below.passed and below.level == answer.level - 1
    ci = found.intervals["days_to_first_assessment"]
    assert ci.n == 2 and ci.high <= 30  # judged on the CI's upper bound, not the mean
    assert all(t.passed == (t.level >= answer.level) for t in answer.trials)


def test_a_target_holds_only_when_the_whole_interval_is_on_the_right_side() -> None:
    [at_most] = capacity.parse_target("p90_final_decision_days <= 56", LANES)
    assert at_most.kpi == "p90_days_to_final_decision"
    assert at_most.holds(Interval(50, 45, 55, 5)) and not at_most.holds(Interval(50, 40, 60, 5))
    assert not at_most.holds(Interval(float("nan"), float("nan"), float("nan"), 0))  # nothing decided
    [at_least] = capacity.parse_target("protected>=100", LANES)
    assert at_least.holds(Interval(120, 101, 139, 5)) and not at_least.holds(Interval(120, 99, 141, 5))
    both = capacity.parse_target("utilisation_panel<0.8 and days_to_reflection<=3", LANES)
    assert [c.kpi for c in both] == ["utilisation_panel", "days_to_reflection"]


@pytest.mark.parametrize(("target", "reason"), [
    ("p90_final_decision_days=<56", "cannot read"),
    ("p90_final_decision_days<=", "cannot read"),
    ("p90_decision_speed<=56", "unknown KPI 'p90_decision_speed'"),
    ("utilisation_judges<=0.5", "unknown KPI"),
    ("", "empty"),
])
def test_a_bad_target_is_refused_with_the_reason(target: str, reason: str) -> None:
    with pytest.raises(capacity.CapacityRefused, match=reason):
        capacity.parse_target(target, LANES)


def test_the_command_line_refuses_a_bad_target_or_resource_before_running(tmp_path: Path) -> None:
    scenario = str(EXAMPLES / "nl-decoupled.yaml")
    out = tmp_path / "out"
    bad_target = CliRunner().invoke(main, ["simulate", scenario, "--out", str(out), "--find", "panel_members",
                                           "--target", "p90_final_decision_days=56"])
    assert bad_target.exit_code == 2 and "--target: cannot read" in bad_target.output
    bad_resource = CliRunner().invoke(main, ["simulate", scenario, "--out", str(out), "--find", "judges",
                                             "--target", "p90_final_decision_days<=56"])
    assert bad_resource.exit_code == 2 and "unknown resource 'judges'" in bad_resource.output
    alone = CliRunner().invoke(main, ["simulate", scenario, "--out", str(out), "--find", "panel"])
    assert alone.exit_code == 2 and "--find and --target go together" in alone.output
    assert not out.exists()  # nothing ran, nothing written


def test_the_report_shows_the_level_and_the_runs_that_prove_it() -> None:
    from engine.simulation.report_html import capacity_section

    clauses = capacity.parse_target("p90_final_decision_days<=56", LANES)
    trials = [capacity.Trial(level, {"p90_days_to_final_decision": Interval(mean, mean - 2, mean + 2, 5)},
                             mean + 2 <= 56) for level, mean in ((6, 70.0), (7, 55.0), (8, 50.0), (12, 40.0))]
    answer = capacity.Answer("panel_members", "panel", "nl-decoupled", "p90_final_decision_days<=56", clauses, 5,
                             level=8, trials=trials)
    page = capacity_section(answer)
    assert "<b>8</b>" in page and "Bij 7 wordt het doel niet gehaald" in page
    assert page.count("(bewijs)") == 2 and "multidisciplinair panel" in page
    assert "57,0" in page and "voldoet niet" in page  # level 7's upper bound, in Dutch notation
    assert "90e percentiel dagen tot eindbesluit ten hoogste 56" in page and "&lt;=" not in page  # words
