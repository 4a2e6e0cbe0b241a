"""The index of ready and waiting tasks (engine.runtime_index) changes nothing a simulation writes: the
same seed gives byte-identical KPI JSON, case CSV, event CSV and XES with the index and with the
library's own walks."""
from __future__ import annotations

import dataclasses
from pathlib import Path

from engine import runtime_index
from engine.runtime import ITERATOR_MAX_DEPTH
from engine.simulation import exports, outputs
from engine.simulation.scenario import Scenario
from forms.catalogue import all_forms

FILES = ("kpis.json", "cases.csv", "events.csv", "events.xes")


def _written(small: Scenario, folder: Path) -> list[bytes]:
    results = outputs.run(small, folder, all_forms, replications=1)
    exports.write_kpis(folder / "kpis.json", exports.kpi_document(small.name, small.seed, results.kpis))
    return [(folder / name).read_bytes() for name in FILES]


def test_the_index_writes_the_same_bytes_as_the_librarys_walks(tmp_path: Path, small: Scenario) -> None:
    scenario = dataclasses.replace(small, arrival_days=45.0, follow_up_days=120.0)
    indexed = _written(scenario, tmp_path / "indexed")
    runtime_index.uninstall()
    try:
        walked = _written(scenario, tmp_path / "walked")
    finally:
        runtime_index.install(ITERATOR_MAX_DEPTH)
    assert indexed == walked
    assert indexed[1].count(b"\n") > 10  # cases were simulated
