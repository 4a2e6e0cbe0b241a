"""The whole run in one call, for the command line and for a background job on the policy page:

    answer = find_capacity(scenario, "panel_members", "p90_final_decision_days<=56", all_forms)  # optional
    written = write_outputs(scenario, out_dir, all_forms, replications=5, workers=2, progress=bar.update,
                            answer=answer, render_pdf=letters.simulation_report.pdf_bytes)
    pdf = letters.simulation_report.pdf_bytes(written.results, answer)   # the report alone, as bytes

`progress(1)` is called after each variant × replication of the main run; `on_trial` after each level the
capacity search has tried. The PDF renderer is handed in (engine/ does not know letters/); without it the
report is written as report.html only.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from engine.simulation import calibration, capacity, charts, experiment, exports, report_html
from engine.simulation.outputs import FormsFactory, Progress, Results, run
from engine.simulation.scenario import Scenario
from engine.specs import SpecLibrary

RenderPdf = Callable[[Results, capacity.Answer | None, dict[str, str] | None], bytes]


@dataclass(frozen=True)
class Written:
    results: Results
    kpis: Path
    cases: Path
    events_csv: Path
    events_xes: Path
    charts: list[Path]
    report: Path  # report.pdf, or report.html without a PDF renderer


def write_outputs(scenario: Scenario, out_dir: Path, forms_factory: FormsFactory, replications: int | None = None,
                  workers: int = 1, progress: Progress | None = None, answer: capacity.Answer | None = None,
                  library: SpecLibrary | None = None, render_pdf: RenderPdf | None = None) -> Written:
    results = run(scenario, out_dir, forms_factory, replications, workers, progress, library)
    extra: dict[str, Any] = {"calibration": calibration.as_json(calibration.table(results.kpis, scenario.arrival_days))}
    if answer is not None:
        extra["capacity"] = capacity_json(answer)
    kpis = out_dir / "kpis.json"
    exports.write_kpis(kpis, exports.kpi_document(scenario.name, scenario.seed, results.kpis, extra))
    chart_files = charts.write(results, out_dir / "charts")
    svg = charts.render(results)
    report = out_dir / "report.html"
    report.write_text(report_html.html_report(results, answer, svg), encoding="utf-8")
    if render_pdf is not None:
        report = out_dir / "report.pdf"
        report.write_bytes(render_pdf(results, answer, svg))
    return Written(results, kpis, out_dir / "cases.csv", out_dir / "events.csv", out_dir / "events.xes",
                   chart_files, report)


def find_capacity(scenario: Scenario, resource: str, target: str, forms_factory: FormsFactory,
                  replications: int | None = None, workers: int = 1, variant: str | None = None,
                  on_trial: Callable[[capacity.Trial], None] | None = None,
                  library: SpecLibrary | None = None) -> capacity.Answer:
    """Raises `capacity.CapacityRefused` for a bad target or an unknown resource, before any run."""
    library = library or SpecLibrary()
    scenario = dataclasses.replace(scenario, replications=replications or scenario.replications)
    capacity.resolve_resource(resource, scenario.capacities)
    capacity.parse_target(target, sorted(scenario.capacities))
    forms = forms_factory() if workers == 1 else None

    def evaluate(trial: Scenario) -> list[dict[str, float]]:
        if forms is None:
            return experiment.run_parallel(trial, forms_factory, workers)[trial.variants[0]]
        return experiment.run(trial, forms, library=library)[trial.variants[0]]

    return capacity.search(scenario, resource, target, evaluate, variant, on_trial)


def capacity_json(answer: capacity.Answer) -> dict[str, object]:
    return {"resource": answer.resource, "lane": answer.lane, "variant": answer.variant, "target": answer.target,
            "level": answer.level,
            "trials": [{"level": t.level, "passed": t.passed,
                        "kpis": {k: exports.interval_json(ci) for k, ci in sorted(t.intervals.items())}}
                       for t in answer.trials]}
