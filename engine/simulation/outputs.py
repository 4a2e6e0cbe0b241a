"""Runs a scenario and writes everything a policy maker or analyst takes away, into one folder:

    kpis.json      KPIs per variant and replication, means with 95 % CIs, paired differences
    cases.csv      one row per simulated case (pseudonymous id, attributes, key moments, outcomes)
    events.csv     the event log; events.xes the same log as IEEE 1849 XES (process-mining tools)
    charts/        SVG and PNG charts
    report.pdf     the report (question, assumptions, comparison, charts, capacity, calibration)

Case rows and events are written as each replication finishes (in a fixed order, whatever order the
worker processes finish in), so memory holds one replication's log at a time, never the whole run.
Same scenario and seed, same bytes in kpis.json and the CSV files.

`run` is the part a background job calls; `write_outputs` does all of it.
"""
from __future__ import annotations

import csv
import io
import itertools
import math
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from engine.legal_values import load_policy
from engine.ports import FormRegistry
from engine.simulation import model_names, records, xes
from engine.simulation.kpis import Kpis, measure
from engine.simulation.population import arrivals
from engine.simulation.runner import Models
from engine.simulation.scenario import Scenario
from engine.simulation.scheduler import Simulation
from engine.specs import SpecLibrary

Progress = Callable[[int], None]
FormsFactory = Callable[[], FormRegistry]


@dataclass
class ReplicationOutput:
    variant: str
    replication: int
    kpis: Kpis
    cases: list[dict[str, Any]]
    events: list[tuple[str, int, str, str, str, str, str]]
    series: records.Series
    decision_days: dict[str, list[float]]


@dataclass
class Results:
    """What stays in memory after a run: KPIs, daily series (averaged per variant later) and the
    decision times of every case (for the distribution charts); the logs are on disk."""

    scenario: Scenario
    replications: int
    kpis: dict[str, list[Kpis]] = field(default_factory=dict)
    series: dict[str, list[records.Series]] = field(default_factory=dict)
    decision_days: dict[str, dict[str, list[float]]] = field(default_factory=dict)


def run_one(scenario: Scenario, variant: str, replication: int, forms: FormRegistry,
            library: SpecLibrary) -> ReplicationOutput:
    models = Models(library, variant, load_policy(variant))
    sim = Simulation(scenario, models, forms, arrivals(scenario, replication), replication)
    series = records.Series()
    records.attach_monitor(sim, series)
    result = sim.run()
    cases = records.case_rows(result)
    series.values["running"] = records.running_series(cases, series.days)
    series.values["in_shelter"] = records.running_series(cases, series.days, "shelter")
    kpis = {**measure(result), **records.mix_kpis(cases, scenario.mix)}
    decision_days = {key: [r[f"days_to_{key}"] for r in cases if r[f"days_to_{key}"] == r[f"days_to_{key}"]]
                     for key in ("first_assessment", "final_decision")}
    return ReplicationOutput(variant, replication, kpis, cases, records.event_rows(result), series, decision_days)


def _cell(value: Any) -> Any:
    """A moment that never came (NaN days) is an empty cell, not the word nan."""
    return "" if isinstance(value, float) and math.isnan(value) else value


_worker: dict[str, Any] = {}


def _in_worker(scenario: Scenario, variant: str, replication: int, forms_factory: FormsFactory) -> ReplicationOutput:
    if "library" not in _worker:  # parsed once per worker process
        _worker["library"], _worker["forms"] = SpecLibrary(), forms_factory()
    return run_one(scenario, variant, replication, _worker["forms"], _worker["library"])


class _Sink:
    """The open CSV and XES files; takes replications in the fixed order."""

    def __init__(self, out_dir: Path) -> None:
        out_dir.mkdir(parents=True, exist_ok=True)
        self._files: list[io.TextIOWrapper] = []
        self.cases = csv.DictWriter(self._open(out_dir / "cases.csv"), fieldnames=records.CASE_COLUMNS,
                                    lineterminator="\n")
        self.cases.writeheader()
        self.events = csv.writer(self._open(out_dir / "events.csv"), lineterminator="\n")
        self.events.writerow(records.EVENT_COLUMNS)
        self.xes = xes.Writer(self._open(out_dir / "events.xes"))

    def _open(self, path: Path) -> io.TextIOWrapper:
        handle = path.open("w", encoding="utf-8", newline="")
        self._files.append(handle)
        return handle

    def take(self, output: ReplicationOutput) -> None:
        self.cases.writerows({k: _cell(v) for k, v in row.items()} for row in output.cases)
        self.events.writerows(output.events)
        self.xes.traces(output.events)

    def close(self) -> None:
        self.xes.close()
        for handle in self._files:
            handle.close()


def run(scenario: Scenario, out_dir: Path, forms_factory: FormsFactory, replications: int | None = None,
        workers: int = 1, progress: Progress | None = None, library: SpecLibrary | None = None) -> Results:
    """Every variant × replication; the logs streamed to `out_dir`; `progress(1)` after each."""
    library = library or SpecLibrary()
    model_names.check(scenario, library)
    count = replications or scenario.replications
    jobs = [(variant, r) for r in range(count) for variant in scenario.variants]
    results = Results(scenario, count, {v: [] for v in scenario.variants}, {v: [] for v in scenario.variants},
                      {v: {"first_assessment": [], "final_decision": []} for v in scenario.variants})
    sink = _Sink(out_dir)
    try:
        if workers > 1:
            _parallel(scenario, jobs, forms_factory, workers, sink, results, progress)
        else:
            forms = forms_factory()
            for variant, r in jobs:
                _keep(run_one(scenario, variant, r, forms, library), sink, results, progress)
    finally:
        sink.close()
    return results


def _parallel(scenario: Scenario, jobs: list[tuple[str, int]], forms_factory: FormsFactory, workers: int,
              sink: _Sink, results: Results, progress: Progress | None) -> None:
    """At most two jobs per worker are in flight, so finished logs waiting for their turn stay bounded."""
    with ProcessPoolExecutor(max_workers=workers) as pool:
        todo = iter(jobs)
        pending = deque(pool.submit(_in_worker, scenario, v, r, forms_factory)
                        for v, r in itertools.islice(todo, 2 * workers))
        while pending:
            output = pending.popleft().result()  # in job order: the files come out as a serial run's
            following = next(todo, None)
            if following is not None:
                pending.append(pool.submit(_in_worker, scenario, *following, forms_factory))
            _keep(output, sink, results, progress)


def _keep(output: ReplicationOutput, sink: _Sink, results: Results, progress: Progress | None) -> None:
    sink.take(output)
    results.kpis[output.variant].append(output.kpis)
    results.series[output.variant].append(output.series)
    for key, values in output.decision_days.items():
        results.decision_days[output.variant][key].extend(values)
    if progress:
        progress(1)
