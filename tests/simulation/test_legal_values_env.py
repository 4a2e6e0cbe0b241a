"""The legal values reach the models' expressions from the script environment of the case, not from
its task data: the same seed writes byte-identical KPI JSON, case CSV, event CSV and XES as when every
case carried them in its task data (as cases did before), and no task of a simulated case holds them."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from engine.clock import using_clock
from engine.simulation import exports, outputs
from engine.simulation.runner import CaseRun
from engine.simulation.scenario import Scenario
from forms.catalogue import all_forms

FILES = ("kpis.json", "cases.csv", "events.csv", "events.xes")


def _written(scenario: Scenario, folder: Path) -> list[bytes]:
    results = outputs.run(scenario, folder, all_forms, replications=1)
    exports.write_kpis(folder / "kpis.json", exports.kpi_document(scenario.name, scenario.seed, results.kpis))
    return [(folder / name).read_bytes() for name in FILES]


def _start_with_values_in_task_data(self: CaseRun) -> None:
    """CaseRun.start as it was: the legal values copied into the first task's data."""
    with using_clock(self.clock):
        data = {"policy": dict(self.models.policy), "case_reference": f"SIM-{self.number:06d}"}
        self.workflow = self.runtime.start(self.models.top, self.models.subs, data)
        self._emit("case_started", self.models.variant)
        self._after()


def test_values_from_the_environment_write_the_same_bytes_as_values_in_task_data(
        tmp_path: Path, small: Scenario, monkeypatch: pytest.MonkeyPatch) -> None:
    scenario = dataclasses.replace(small, arrival_days=45.0, follow_up_days=120.0)
    seen: list[bool] = []
    after = CaseRun._after

    def watching(self: CaseRun) -> None:
        seen.append(any("policy" in task.data for task in self.wf.get_tasks()))
        after(self)

    monkeypatch.setattr(CaseRun, "_after", watching)
    environment = _written(scenario, tmp_path / "environment")
    assert seen and not any(seen)  # no task of any case held them
    seen.clear()
    monkeypatch.setattr(CaseRun, "start", _start_with_values_in_task_data)
    task_data = _written(scenario, tmp_path / "task_data")
    assert seen and all(seen)
    assert environment == task_data
    assert environment[1].count(b"\n") > 10  # cases were simulated
