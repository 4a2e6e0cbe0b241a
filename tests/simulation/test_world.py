"""The richer simulated world on the real models: calendared lanes never finish work on a weekend or a
Dutch public holiday, shelter refuses when its places run out, costs add up, a panel without capacity
shows its growing queue week by week, and every case event the models wait for can be sent."""
from __future__ import annotations

import dataclasses
import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from engine.atw_holidays import atw_holiday
from engine.simulation import experiment
from engine.simulation.kpis import measure, series_of
from engine.simulation.model_names import names_in_models
from engine.simulation.population import arrivals
from engine.simulation.resources import ShelterSpec
from engine.simulation.sampler import Sampler
from engine.simulation.scenario import Scenario
from engine.simulation.scheduler import SAMPLE_EVERY_DAYS, Replication
from engine.simulation.statistics_ci import summarise

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


@pytest.fixture(scope="module")
def spring(small: Scenario) -> Scenario:
    """Arrivals over Easter, King's Day and Liberation Day 2026; one COSM place only, and everyone placed
    needs shelter (no 'no shelter needed'), so the place runs out."""
    return dataclasses.replace(small, start=dt.date(2026, 3, 30), arrival_days=45.0, follow_up_days=45.0,
                               rate_per_year=300.0, shelter={**small.shelter, "cosm": ShelterSpec(1, 180.0, None)},
                               decisions={**small.decisions, "shelter_not_needed": 0.0})


@pytest.fixture(scope="module")
def run(spring: Scenario, forms, library) -> Replication:  # type: ignore[no-untyped-def]
    return experiment.run_replication(spring, "nl-decoupled", 0, forms, library)


def _lanes(library) -> dict[str, str]:  # type: ignore[no-untyped-def]
    top, subs = library.current("nl-decoupled").spec("procedure")
    return {ts.bpmn_id: ts.lane for spec in [top, *subs.values()] for ts in spec.task_specs.values()
            if getattr(ts, "manual", False)}


def test_calendared_lanes_do_no_work_on_weekends_or_public_holidays(run, spring, library) -> None:  # type: ignore[no-untyped-def]
    lanes = _lanes(library)
    office = {lane for lane, r in spring.resources.items() if r.calendar and "sat" not in r.calendar.days}
    assert {"panel", "ind", "police"} <= office
    days = [e.at.astimezone(AMSTERDAM) for e in run.events if e.kind == "task_completed" and lanes.get(e.name) in office]
    assert len(days) > 20
    assert not [d for d in days if d.weekday() >= 5 or atw_holiday(d.date())], "work done on a day off"
    assert all(9 <= d.hour + d.minute / 60 <= 17 for d in days)


def test_shelter_refuses_when_its_places_run_out(run) -> None:  # type: ignore[no-untyped-def]
    kpis = measure(run)
    assert kpis["refusals_cosm"] > 0 and kpis["admissions_cosm"] >= 1
    assert max(run.series["occupancy_cosm"]) == 1  # never more people than places
    assert kpis["refusals_omm"] == 0  # the example's 36 OMM places are enough for this run


def test_costs_add_up(run) -> None:  # type: ignore[no-untyped-def]
    kpis = measure(run)
    parts = [v for k, v in kpis.items() if k.startswith("cost_") and k != "cost_total"]
    assert kpis["cost_total"] == pytest.approx(sum(parts)) and kpis["cost_panel"] > 0 and kpis["cost_shelter_cosm"] > 0


def test_missed_deadlines_are_counted_per_kind(run) -> None:  # type: ignore[no-untyped-def]
    """Only deadlines an authority missed count as breaches; a reflection period that ends does not."""
    kpis = measure(run)
    kinds = {k: v for k, v in kpis.items() if k.startswith("breach:")}
    assert kpis["breaches_total"] == sum(kinds.values()) > 0
    assert "breach:placement within 36 hours" in kinds
    assert not any("Bedenktijd" in k for k in kinds)


def test_time_series_come_weekly_with_confidence_intervals(run, spring) -> None:  # type: ignore[no-untyped-def]
    weeks = int((spring.arrival_days + spring.follow_up_days) // SAMPLE_EVERY_DAYS) + 1
    assert len(run.series["queue_panel"]) == weeks
    summary = summarise([measure(run), measure(run)])
    grouped = series_of(summary)
    assert set(grouped) >= {"queue_panel", "queue_ind", "occupancy_cosm", "occupancy_omm"}
    assert len(grouped["occupancy_cosm"]) == weeks and grouped["occupancy_cosm"][-1].n == 2


def test_a_panel_without_capacity_shows_a_queue_that_only_grows(small, forms, library) -> None:  # type: ignore[no-untyped-def]
    blocked = dataclasses.replace(small, capacities={**small.capacities, "panel": 0}, arrival_days=35.0,
                                  follow_up_days=21.0)
    queue = experiment.run_replication(blocked, "nl-decoupled", 0, forms, library).series["queue_panel"]
    assert all(a <= b for a, b in zip(queue, queue[1:])) and queue[-1] > queue[1]


def test_every_case_event_the_models_wait_for_can_be_sent(small, forms, library) -> None:  # type: ignore[no-untyped-def]
    """Criminal case (prosecution, dismissal, conviction, acquittal), report withdrawn, asylum applied, a
    child missing and found, objections: the payload passes the message's own form."""
    _, messages, _ = names_in_models(library, ("nl-current", "nl-decoupled"))
    outside = sorted(m for m in messages if not m.startswith("internal.") and forms.has(f"message.{m}"))
    assert {"dismissal", "report_withdrawn", "asylum_applied", "child_missing", "objection_lodged"} <= set(outside)
    sampler, person = Sampler(small), arrivals(dataclasses.replace(small, rate_per_year=3000.0), 0)[0]
    for name in outside:
        forms.validate(f"message.{name}", sampler.message_payload(person, name, dt.date(2026, 3, 2)))


def test_a_long_run_holds_only_the_workflows_of_open_cases(small, forms, library) -> None:  # type: ignore[no-untyped-def]
    """Memory is bounded by the cases still running: a finished case's workflow is let go, and with the
    events streamed into the KPI tally no event list grows either."""
    import gc
    import weakref

    from engine.legal_values import load_policy
    from engine.simulation.kpis import Tally
    from engine.simulation.runner import Models
    from engine.simulation.scheduler import Simulation

    short = dataclasses.replace(small, arrival_days=30.0, follow_up_days=200.0)
    models = Models(library, "nl-decoupled", load_policy("nl-decoupled"))
    created: list[weakref.ref] = []  # type: ignore[type-arg]
    start = models.runtime.start

    def start_and_watch(*args, **kwargs):  # type: ignore[no-untyped-def]
        workflow = start(*args, **kwargs)
        created.append(weakref.ref(workflow))
        return workflow

    models.runtime.start = start_and_watch  # type: ignore[method-assign]
    simulation = Simulation(short, models, forms, arrivals(short, 0), 0, log=Tally())
    result = simulation.run()
    gc.collect()
    alive = sum(ref() is not None for ref in created)
    assert len(created) == len(result.people) > result.running_at_end
    assert alive <= result.running_at_end
    assert isinstance(result.events, Tally) and measure(result)["cases"] == len(result.people)
