"""Simulated cases number their tasks (engine.runtime_ids) instead of drawing a uuid4 for each: the same
seed writes byte-identical KPI JSON, case CSV, event CSV and XES with either kind of id; a case run
outside a simulation keeps UUIDs, and a workflow with counted ids is never saved."""
from __future__ import annotations

import contextlib
import dataclasses
from pathlib import Path
from uuid import UUID

import pytest

from engine.legal_values import load_policy
from engine.runtime_ids import counted_task_ids
from engine.simulation import exports, outputs, scheduler
from engine.simulation.runner import CaseRun, Models
from engine.simulation.scenario import Scenario
from engine.specs import SpecLibrary
from forms.catalogue import all_forms

FILES = ("kpis.json", "cases.csv", "events.csv", "events.xes")


def _written(scenario: Scenario, folder: Path) -> list[bytes]:
    results = outputs.run(scenario, folder, all_forms, replications=1)
    exports.write_kpis(folder / "kpis.json", exports.kpi_document(scenario.name, scenario.seed, results.kpis))
    return [(folder / name).read_bytes() for name in FILES]


def test_counted_ids_write_the_same_bytes_as_uuids(tmp_path: Path, small: Scenario,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    scenario = dataclasses.replace(small, arrival_days=45.0, follow_up_days=120.0)
    kinds: set[type] = set()
    after = CaseRun._after

    def watching(self: CaseRun) -> None:
        kinds.update(type(task.id) for task in self.wf.get_tasks())
        after(self)

    monkeypatch.setattr(CaseRun, "_after", watching)
    counted = _written(scenario, tmp_path / "counted")
    assert kinds == {int}
    kinds.clear()
    monkeypatch.setattr(scheduler, "counted_task_ids", contextlib.nullcontext)
    drawn = _written(scenario, tmp_path / "uuid4")
    assert kinds == {UUID}
    assert counted == drawn
    assert counted[1].count(b"\n") > 10  # cases were simulated


def test_ids_are_counted_only_inside_the_context_and_such_a_workflow_is_never_saved() -> None:
    models = Models(SpecLibrary(), "nl-decoupled", load_policy("nl-decoupled"))
    runtime = models.runtime
    outside = runtime.start(models.top, models.subs, {"case_reference": "X-1"}, models.policy)
    assert all(isinstance(task.id, UUID) for task in outside.get_tasks())
    runtime.dump_state(outside)
    with counted_task_ids():
        inside = runtime.start(models.top, models.subs, {"case_reference": "X-2"}, models.policy)
    ids = [task.id for task in inside.get_tasks()]
    assert all(isinstance(i, int) for i in ids) and len(set(ids)) == len(ids) and min(ids) == 1
    with pytest.raises(ValueError, match="never saved"):
        runtime.dump_state(inside)
