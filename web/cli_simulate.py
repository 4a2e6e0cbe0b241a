"""`erkend simulate SCENARIO.yaml [--replications N] [--out DIR] [--workers K]
[--find RESOURCE --target "KPI<=VALUE"]`: the whole run with every output file, and the capacity answer.

The `simulate` group keeps its sub-commands (`run`, `schema`); a first argument that is not one of
them is taken as a scenario file for this command."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click


class ScenarioFirstGroup(click.Group):
    """`erkend simulate X.yaml ...` means `erkend simulate scenario X.yaml ...`."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and not args[0].startswith("-") and args[0] not in self.commands:
            args = ["scenario", *args]
        return super().parse_args(ctx, args)

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write_usage(ctx.command_path, "SCENARIO.yaml [OPTIONS] | COMMAND [ARGS]...")


def _load(path: Path) -> Any:
    from engine.simulation import scenario as scenario_file
    from engine.simulation.model_names import check
    from engine.specs import SpecLibrary

    try:
        loaded = scenario_file.load(path)
        check(loaded, SpecLibrary())
    except scenario_file.ScenarioInvalid as error:
        for where, name, reason in error.faults:
            click.echo(f"{where}: {name}: {reason}", err=True)
        raise click.ClickException(f"{len(error.faults)} fault(s) in the scenario") from error
    return loaded


def _trial_line(trial: Any, clauses: Any) -> str:
    parts = []
    for clause in clauses:
        ci = trial.intervals[clause.kpi]
        parts.append(f"{clause.kpi} = {ci.mean:.1f} [95 % CI {ci.low:.1f}, {ci.high:.1f}]")
    return f"  level {trial.level}: {'; '.join(parts)} -> {'meets' if trial.passed else 'fails'} the target"


@click.command("scenario", hidden=True, help="Run a scenario and write every output (see `erkend simulate --help`).")
@click.argument("scenario", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--replications", "-r", type=click.IntRange(min=1), default=None,
              help="Replications per variant (default: the scenario's).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder for the outputs (default: simulation-<scenario file name>).")
@click.option("--workers", "-w", type=click.IntRange(min=1), default=1, show_default=True,
              help="Processes to spread the replications over (same results as one).")
@click.option("--find", "resource", default=None,
              help="Resource whose smallest level meets --target: a lane (panel, ind, police, coordinator) or "
                   "<lane>_members, e.g. panel_members.")
@click.option("--target", default=None,
              help='The target for --find, e.g. "p90_final_decision_days<=56" (clauses joined with "and").')
@click.option("--variant", default=None, help="Variant the target is judged on (default: the scenario's last).")
def simulate_scenario(scenario: Path, replications: int | None, out: Path | None, workers: int,
                      resource: str | None, target: str | None, variant: str | None) -> None:
    from engine.simulation import bundle, capacity, report
    from engine.simulation.capacity import CapacityRefused
    from forms.catalogue import all_forms
    from letters.simulation_report import pdf_bytes

    if (resource is None) != (target is None):
        raise click.UsageError("--find and --target go together: --find panel_members --target "
                               "\"p90_final_decision_days<=56\"")
    loaded = _load(scenario)
    out = out or Path(f"simulation-{scenario.stem}")
    answer = None
    if resource is not None and target is not None:
        click.echo(f"searching the smallest {resource} for {target} (each level: every replication) ...", err=True)
        try:
            clauses = capacity.parse_target(target, sorted(loaded.capacities))
            answer = bundle.find_capacity(loaded, resource, target, all_forms, replications, workers, variant,
                                          on_trial=lambda trial: click.echo(_trial_line(trial, clauses)))
        except CapacityRefused as error:
            raise click.UsageError(str(error)) from error
        if answer.level is None:
            click.echo(f"{resource}: the target is not met up to level {answer.trials[-1].level}")
        else:
            click.echo(f"{resource} = {answer.level}: the smallest level meeting {target} "
                       f"(judged on the 95 % CI over {answer.replications} replications; "
                       f"level {answer.level - 1} fails)")
    runs = (replications or loaded.replications) * len(loaded.variants)
    with click.progressbar(length=runs, label="simulating (variant x replication)", file=sys.stderr) as bar:
        written = bundle.write_outputs(loaded, out, all_forms, replications, workers, bar.update, answer,
                                       render_pdf=pdf_bytes)
    click.echo(report.text_table(list(written.results.kpis.items())))
    click.echo(f"written to {out}/: kpis.json, cases.csv, events.csv, events.xes, charts/ "
               f"({len(written.charts)} files), report.html, {written.report.name}")
