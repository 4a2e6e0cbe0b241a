"""The simulator drives the real models: same seed same result, every variant meets the same people,
and the decoupled procedure protects at least the people the current one does not reach."""
from __future__ import annotations

import dataclasses

import pytest

from engine.simulation import experiment
from engine.simulation.kpis import measure
from engine.simulation.scheduler import Replication


@pytest.fixture(scope="module")
def runs(small, forms, library) -> dict[str, Replication]:  # type: ignore[no-untyped-def]
    return {v: experiment.run_replication(small, v, 0, forms, library) for v in small.variants}


def test_same_seed_gives_the_same_events_and_kpis(small, forms, library, runs) -> None:
    again = experiment.run_replication(small, "nl-decoupled", 0, forms, library)
    assert again.events == runs["nl-decoupled"].events
    assert measure(again) == measure(runs["nl-decoupled"])


def test_a_different_seed_gives_different_people(small, forms, library, runs) -> None:
    other = experiment.run_replication(dataclasses.replace(small, seed=small.seed + 1), "nl-decoupled", 0, forms,
                                       library)
    assert other.events != runs["nl-decoupled"].events


def test_every_variant_meets_the_same_people(runs) -> None:
    """Common random numbers: a difference between variants is a difference of procedure."""
    assert runs["nl-current"].people == runs["nl-decoupled"].people
    assert len(runs["nl-current"].people) > 10


def test_the_run_passes_through_the_real_procedures(runs) -> None:
    current = {e.name for e in runs["nl-current"].events if e.kind == "task_completed"}
    decoupled = {e.name for e in runs["nl-decoupled"].events if e.kind == "task_completed"}
    assert {"register_signal", "safety_check", "placement", "police_assessment"} <= current
    assert {"compose_panel", "first_stage", "final_decision"} <= decoupled
    assert "police_assessment" not in decoupled and "first_stage" not in current
    assert any(e.kind == "timer_fired" for e in runs["nl-decoupled"].events)


def test_a_lane_with_room_to_spare_has_no_queue(runs) -> None:
    kpis = measure(runs["nl-current"])
    assert kpis["queue_peak_coordinator"] == 0 and 0 < kpis["utilisation_coordinator"] < 1


def test_decoupled_protects_at_least_as_many_people_who_do_not_report(runs) -> None:
    """Decoupled, the reflection period and residence no longer wait for the police or a report."""
    current, decoupled = measure(runs["nl-current"]), measure(runs["nl-decoupled"])
    assert decoupled["protected_non_reporters"] >= current["protected_non_reporters"]
    assert decoupled["identified"] > 0 and current["identified"] == 0
    assert decoupled["days_to_reflection"] <= current["days_to_reflection"]


def test_no_arrivals_no_cases(small, forms, library) -> None:
    result = experiment.run_replication(dataclasses.replace(small, rate_per_year=0.0), "nl-decoupled", 0, forms,
                                        library)
    assert result.people == [] and measure(result)["cases"] == 0


def test_a_panel_without_capacity_decides_nothing_and_the_queue_shows_it(small, forms, library) -> None:
    blocked = dataclasses.replace(small, capacities={**small.capacities, "panel": 0}, arrival_days=30.0,
                                  follow_up_days=30.0)
    kpis = measure(experiment.run_replication(blocked, "nl-decoupled", 0, forms, library))
    assert kpis["identified"] == 0 and kpis["cases"] > 0
    assert kpis["running_at_end"] > 0 and kpis["queue_peak_panel"] >= kpis["running_at_end"] - 1


def test_doubling_a_scarce_panel_never_lengthens_the_p90_decision_time(small, forms, library) -> None:
    busy = dataclasses.replace(small, rate_per_year=365.0, arrival_days=25.0, follow_up_days=130.0)
    p90 = {}
    for panels in (1, 2):
        scenario = dataclasses.replace(busy, capacities={**busy.capacities, "panel": panels})
        kpis = measure(experiment.run_replication(scenario, "nl-decoupled", 0, forms, library))
        p90[panels] = kpis["p90_days_to_final_decision"]
        assert kpis["utilisation_panel"] > 0
    assert p90[2] <= p90[1], p90
    assert p90[1] > 0, "the run reached final decisions"
