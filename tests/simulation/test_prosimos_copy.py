"""The flattened copy the simulation bench hands to Prosimos says what the scenario says, in Prosimos's
terms: the same arrival rate, branching shares, mean durations and pools."""
from __future__ import annotations

import math
import xml.etree.ElementTree as ET  # nosec B405 - parses XML this test's own code wrote

import pytest

from engine.simulation import scenario as scenario_file
from engine.simulation.distributions import Distribution
from tests.bench import prosimos_copy
from tests.bench.bench_simulation import EXAMPLE, national

NS = {"b": "http://www.omg.org/spec/BPMN/20100524/MODEL"}


@pytest.fixture(scope="module")
def whole() -> scenario_file.Scenario:
    return national(scenario_file.load(EXAMPLE))


def test_the_copy_is_what_prosimos_reads_nine_tasks_six_gateways_one_end(whole: scenario_file.Scenario) -> None:
    root = ET.fromstring(prosimos_copy.bpmn(whole))  # nosec B314 - our own output
    process = root.find("b:process", NS)
    assert process is not None
    ids = {e.get("id") for e in process if e.tag != f"{{{NS['b']}}}sequenceFlow"}
    assert len(process.findall("b:task", NS)) == 9
    assert len(process.findall("b:exclusiveGateway", NS)) == 6
    assert len(process.findall("b:startEvent", NS)) == 1 and len(process.findall("b:endEvent", NS)) == 1
    flows = process.findall("b:sequenceFlow", NS)
    assert all(f.get("sourceRef") in ids and f.get("targetRef") in ids for f in flows)
    # every element but the end leads somewhere, every element but the start is reached
    sources, targets = {f.get("sourceRef") for f in flows}, {f.get("targetRef") for f in flows}
    assert ids - sources == {"end"} and ids - targets == {"start"}


def test_branching_shares_and_arrivals_are_the_scenarios(whole: scenario_file.Scenario) -> None:
    parameters = prosimos_copy.parameters(whole)
    shares = {g["gateway_id"]: [p["value"] for p in g["probabilities"]]
              for g in parameters["gateway_branching_probabilities"]}
    assert shares["g_consent"][0] == pytest.approx(whole.consent)
    assert shares["g_first"][0] == pytest.approx(whole.decision("first_stage", 1.0))
    assert shares["g_identified"][0] == pytest.approx(whole.decision("final_decision", 1.0))
    assert all(sum(values) == pytest.approx(1.0) for values in shares.values())
    gap = parameters["arrival_time_distribution"]["distribution_params"][0]["value"]
    assert gap == pytest.approx(365 * 86_400 / whole.rate_per_year, rel=1e-6)  # 5,000 a year


def test_pools_carry_the_scenarios_capacities_and_calendars(whole: scenario_file.Scenario) -> None:
    parameters = prosimos_copy.parameters(whole)
    pools = {r["name"]: r for p in parameters["resource_profiles"] for r in p["resource_list"]}
    assert {name: pool["amount"] for name, pool in pools.items()} == {
        lane: whole.resources[lane].capacity for lane in ("coordinator", "panel", "ind")}
    calendars = {c["id"]: c["time_periods"] for c in parameters["resource_calendars"]}
    panel_days = {period["from"] for period in calendars["panel_calendar"]}
    assert panel_days == {prosimos_copy.DAY_NAMES[d] for d in whole.resources["panel"].calendar.days}
    assert len(calendars["coordinator_calendar"]) == 7  # around the clock


@pytest.mark.parametrize("distribution", [
    Distribution("fixed", (0.5,)), Distribution("lognormal", (0.6, 0.8)),
    Distribution("triangular", (0.5, 1.0, 3.0)), Distribution("exponential", (2.0,))])
def test_durations_keep_their_mean_in_seconds_of_working_time(distribution: Distribution) -> None:
    converted = prosimos_copy.duration(distribution, hours_per_day=8.0)
    first = converted["distribution_params"][0]["value"]
    assert first == pytest.approx(distribution.mean() * 8 * 3600, rel=1e-4)
    if distribution.shape == "lognormal":  # Prosimos takes mean and variance; the variance is the scenario's
        median, sigma = distribution.params
        variance = (math.exp(sigma ** 2) - 1) * math.exp(2 * math.log(median) + sigma ** 2) * (8 * 3600) ** 2
        assert converted["distribution_params"][1]["value"] == pytest.approx(variance, rel=1e-4)
    if distribution.shape == "triangular":  # Prosimos draws no triangle: a normal cut to its ends
        assert converted["distribution_name"] == "norm"
        assert [p["value"] for p in converted["distribution_params"][2:]] == [0.5 * 8 * 3600, 3.0 * 8 * 3600]
