"""A synthetic case that the real form would refuse is a simulator bug: the sampler's data passes the
form of every user task the models hold, and a refusal stops the run naming the task and the field."""
from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from engine.case_sync import form_key_of
from engine.simulation import experiment
from engine.simulation.population import Person
from engine.simulation.runner import SampleRefused
from engine.simulation.sampler import Sampler


def _user_tasks(library, variant: str) -> set[tuple[str, str]]:  # type: ignore[no-untyped-def]
    top, subs = library.current(variant).spec("procedure")
    return {(ts.bpmn_id, form_key_of(ts)) for spec in [top, *subs.values()] for ts in spec.task_specs.values()
            if getattr(ts, "manual", False)}


def _person(**over: object) -> Person:
    base = dict(number=7, arrival_day=0.0, age_group="adult", residence_status="tcn_unlawful",
                exploitation_form="labour", signal_source="ngo", suspect=True, reports=False, consents=True,
                seed="test:0:7")
    return Person(**{**base, **over})  # type: ignore[arg-type]


@pytest.mark.parametrize("variant", ["nl-current", "nl-decoupled"])
def test_sampled_data_passes_the_form_of_every_user_task_in_the_models(small, forms, library, variant) -> None:
    sampler = Sampler(small)
    people = [_person(), _person(age_group="minor", residence_status="dutch", exploitation_form="criminal"),
              _person(residence_status="dublin", exploitation_form="sexual", suspect=False)]
    for task, form_key in sorted(_user_tasks(library, variant)):
        assert sampler.knows(task), f"the simulation cannot fill in task {task!r}"
        for person in people:
            for occurrence in range(3):
                data = sampler.task_data(person, task, dt.date(2026, 3, 2), occurrence, form_key)
                forms.validate(form_key, data)  # raises ValidationFailed naming the field


def test_every_task_the_run_completed_had_its_data_checked_by_its_form(small, forms, library) -> None:
    for variant in small.variants:
        result = experiment.run_replication(small, variant, 1, forms, library)
        met = {e.name for e in result.events if e.kind == "task_completed"}
        keys: dict[str, set[str]] = {}
        for name, key in _user_tasks(library, variant):  # a name may serve two procedures (panel and IND)
            keys.setdefault(name, set()).add(key)
        assert all(keys[name] & result.validated_forms for name in met), met


def test_data_the_form_refuses_stops_the_run_naming_task_and_field(small, forms, library, monkeypatch) -> None:
    original = Sampler._t_consent

    def without_language(self, p, today, rng):  # type: ignore[no-untyped-def]
        data = original(self, p, today, rng)
        data.pop("informed_in_language")
        return data

    monkeypatch.setattr(Sampler, "_t_consent", without_language)
    few = dataclasses.replace(small, arrival_days=20.0, follow_up_days=5.0, rate_per_year=365.0)
    with pytest.raises(SampleRefused) as refused:
        experiment.run_replication(few, "nl-current", 0, forms, library)
    assert refused.value.task == "consent" and "informed_in_language" in refused.value.errors
    assert "'consent'" in str(refused.value) and "informed_in_language" in str(refused.value)
