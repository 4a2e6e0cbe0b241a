"""Simulations asked for on the policy page: queued in the database, run by the worker in the background,
watched while they run, kept with their results.

A run is a row (engine.store.tables.SimulationRun), so it survives a page reload, a server restart and a
worker that dies: the worker claims a queued run, or a running one whose heartbeat went stale, with a
compare-and-set on its status and heartbeat, so two workers never run the same run at once. A claimed
run starts from its first replication again; the results do not depend on who runs them (every draw comes
from the scenario's seed), so a run taken over gives what the first worker would have given.

Nothing here is case data: the scenario text, who asked, the progress and the KPIs. The request itself
and its outcome are written to the event log all the same, so the audit shows who ran what.
"""
from __future__ import annotations

import datetime as dt
import math
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from engine.clock import Clock
from engine.ports import FormRegistry
from engine.simulation import bundle, model_names
from engine.simulation import scenario as scenario_file
from engine.simulation.bundle import RenderPdf
from engine.simulation.kpis import Kpis
from engine.simulation.scenario import Scenario, ScenarioInvalid
from engine.specs import PROCESSES_DIR, SpecLibrary
from engine.store.db import UnitOfWork
from engine.store.event_log import append_event
from engine.store.tables import SimulationRun

EXAMPLES_DIR = PROCESSES_DIR / "scenarios"
MAX_REPLICATIONS = 20
MAX_SCENARIO_BYTES = 64 * 1024
# A run whose heartbeat is older than this is taken to have lost its worker. One replication of the
# example scenarios takes seconds; the heartbeat is written after each one.
STALE_AFTER = dt.timedelta(minutes=10)
MAX_ATTEMPTS = 3


class RunRefused(ValueError):
    """The request cannot become a run. `field` names the form field, `reason_nl`/`reason_en` say why;
    `faults` carries the scenario file's own faults (line, field, reason) when the file is at fault."""

    def __init__(self, field: str, reason_nl: str, reason_en: str,
                 faults: list[tuple[str, str, str]] | None = None) -> None:
        super().__init__(f"{field}: {reason_en}")
        self.field, self.reason_nl, self.reason_en = field, reason_nl, reason_en
        self.faults = faults or []


@dataclass(frozen=True)
class Example:
    file: str
    name: str
    question: str
    variants: tuple[str, ...]
    replications: int
    name_en: str = ""
    question_en: str = ""


@dataclass(frozen=True)
class RunView:
    id: int
    requested_by: str
    requested_at: dt.datetime
    scenario_name: str
    scenario_file: str
    replications: int
    status: str
    done_steps: int
    total_steps: int
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    error: str | None
    variants: tuple[str, ...]

    @property
    def percent(self) -> int:
        return int(100 * self.done_steps / self.total_steps) if self.total_steps else 0

    @property
    def active(self) -> bool:
        return self.status in ("queued", "running")


def examples(directory: Path = EXAMPLES_DIR) -> list[Example]:
    """The annotated example scenarios a policy maker can pick."""
    found = []
    for path in sorted(directory.glob("*.yaml")):
        s = scenario_file.load(path)
        found.append(Example(path.name, s.name, s.question, s.variants, s.replications, s.name_en, s.question_en))
    return found


def _parse(text: str, file_name: str, library: SpecLibrary) -> Scenario:
    if len(text.encode("utf-8")) > MAX_SCENARIO_BYTES:
        raise RunRefused("scenario", f"Het scenariobestand is groter dan {MAX_SCENARIO_BYTES // 1024} kB.",
                         f"The scenario file is larger than {MAX_SCENARIO_BYTES // 1024} kB.")
    try:
        scenario = scenario_file.parse(text, file_name)
        model_names.check(scenario, library)
    except ScenarioInvalid as error:
        raise RunRefused("scenario", "Het scenariobestand klopt niet; zie de regels hieronder.",
                         "The scenario file is not valid; see the lines below.", error.faults) from error
    return scenario


def submit(sessions: sessionmaker[Session], library: SpecLibrary, *, user: str, role: str, text: str,
           file_name: str, replications: int | None, now: dt.datetime) -> int:
    """Queue a run of the scenario `text`; refused (RunRefused) without storing anything when the file or
    the number of replications is not acceptable."""
    scenario = _parse(text, file_name, library)
    runs = replications if replications is not None else scenario.replications
    if not 1 <= runs <= MAX_REPLICATIONS:
        raise RunRefused("replications", f"Kies 1 tot en met {MAX_REPLICATIONS} herhalingen.",
                         f"Choose 1 to {MAX_REPLICATIONS} replications.")
    with UnitOfWork(sessions) as uow:  # a writer: on SQLite it takes the write lock at BEGIN
        session = uow.session
        run = SimulationRun(requested_by=user, requested_at=now, scenario_name=scenario.name[:256],
                            scenario_file=file_name[:256], scenario_text=text, replications=runs,
                            status="queued", done_steps=0, total_steps=runs * len(scenario.variants),
                            attempts=0)
        session.add(run)
        session.flush()
        append_event(session, case_id=None, at=now, kind="simulation_requested", actor=user, role=role,
                     details={"run": run.id, "replications": runs, "variants": list(scenario.variants)})
        uow.commit()
        return run.id


def _view(run: SimulationRun) -> RunView:
    try:
        variants = scenario_file.parse(run.scenario_text, run.scenario_file).variants
    except ScenarioInvalid:  # stored only after it parsed; a later schema change may refuse it
        variants = ()
    return RunView(run.id, run.requested_by, run.requested_at, run.scenario_name, run.scenario_file,
                   run.replications, run.status, run.done_steps, run.total_steps, run.started_at,
                   run.finished_at, run.error, variants)


def recent(sessions: sessionmaker[Session], limit: int = 20) -> list[RunView]:
    with sessions() as session:
        rows = session.scalars(select(SimulationRun).order_by(SimulationRun.id.desc()).limit(limit))
        return [_view(run) for run in rows]


def get(sessions: sessionmaker[Session], run_id: int) -> RunView | None:
    with sessions() as session:
        run = session.get(SimulationRun, run_id)
        return _view(run) if run else None


@dataclass(frozen=True)
class Outcome:
    """A finished run: the scenario and the KPIs of each variant, one entry per replication."""

    view: RunView
    scenario: Scenario
    columns: list[tuple[str, list[Kpis]]]


def outcome(sessions: sessionmaker[Session], run_id: int) -> Outcome | None:
    with sessions() as session:
        run = session.get(SimulationRun, run_id)
        if run is None or run.status != "done" or run.results is None:
            return None
        scenario = scenario_file.parse(run.scenario_text, run.scenario_file)
        columns = [(variant, [_from_json(kpis) for kpis in run.results[variant]])
                   for variant in scenario.variants if variant in run.results]
        return Outcome(_view(run), scenario, columns)


def report_pdf(sessions: sessionmaker[Session], run_id: int) -> bytes | None:
    with sessions() as session:
        return session.scalar(select(SimulationRun.report_pdf).where(SimulationRun.id == run_id,
                                                                     SimulationRun.status == "done"))


# --- the worker's side -------------------------------------------------------------------------------


def claim_next(sessions: sessionmaker[Session], worker: str, now: dt.datetime) -> int | None:
    """Take the oldest queued run, or a running run whose worker fell silent, for `worker`. A
    compare-and-set on status and heartbeat: of two workers claiming the same run, one wins."""
    stale = now - STALE_AFTER
    claimable = or_(SimulationRun.status == "queued",
                    and_(SimulationRun.status == "running", SimulationRun.heartbeat_at < stale))
    with UnitOfWork(sessions) as uow:  # the compare-and-set queues on SQLite's write lock
        session = uow.session
        candidates = session.execute(
            select(SimulationRun.id, SimulationRun.status, SimulationRun.heartbeat_at, SimulationRun.attempts)
            .where(claimable).order_by(SimulationRun.id).limit(5)).all()
        for run_id, status, heartbeat, attempts in candidates:
            if attempts >= MAX_ATTEMPTS:
                _give_up(session, run_id, status, heartbeat, now)
                continue
            claimed = session.execute(
                update(SimulationRun)
                .where(SimulationRun.id == run_id, SimulationRun.status == status,
                       SimulationRun.heartbeat_at.is_(None) if heartbeat is None
                       else SimulationRun.heartbeat_at == heartbeat)
                .values(status="running", worker=worker[:128], started_at=now, heartbeat_at=now,
                        done_steps=0, attempts=attempts + 1, error=None))
            if claimed.rowcount == 1:  # type: ignore[attr-defined]  # CursorResult of an UPDATE
                uow.commit()
                return int(run_id)
        uow.commit()  # the runs given up on
    return None


def _give_up(session: Session, run_id: int, status: str, heartbeat: dt.datetime | None, now: dt.datetime) -> None:
    session.execute(update(SimulationRun).where(SimulationRun.id == run_id, SimulationRun.status == status)
                    .values(status="failed", finished_at=now,
                            error=f"the worker stopped {MAX_ATTEMPTS} times during this run"))


class _Lost(Exception):
    """Another worker took the run over (this one was taken for dead): stop without writing."""


def execute(sessions: sessionmaker[Session], run_id: int, worker: str, forms: FormRegistry,
            library: SpecLibrary, clock: Clock, render_pdf: RenderPdf | None = None) -> str:
    """Run a claimed run to the end, writing progress and a heartbeat after every replication, and keep
    its KPIs and (with `render_pdf`, which engine/ cannot import from letters/) its PDF report.
    Returns the final status ('done', 'failed', or 'lost' when another worker took it over)."""
    with sessions() as session:
        run = session.get(SimulationRun, run_id)
        if run is None:
            return "lost"
        text, file_name, replications = run.scenario_text, run.scenario_file, run.replications
    done = 0

    def progress(step: int) -> None:
        nonlocal done
        done += step
        with UnitOfWork(sessions) as uow:
            moved = uow.session.execute(
                update(SimulationRun).where(SimulationRun.id == run_id, SimulationRun.worker == worker,
                                            SimulationRun.status == "running")
                .values(done_steps=done, heartbeat_at=clock.now()))
            if moved.rowcount != 1:  # type: ignore[attr-defined]  # CursorResult of an UPDATE
                raise _Lost()
            uow.commit()

    try:
        scenario = scenario_file.parse(text, file_name)
        model_names.check(scenario, library)
        # the same outputs as `erkend simulate --out`; the logs and charts on disk are not kept
        with tempfile.TemporaryDirectory(prefix="erkend-simulation-") as folder:
            written = bundle.write_outputs(scenario, Path(folder), lambda: forms, replications, progress=progress,
                                           library=library, render_pdf=render_pdf)
            pdf = written.report.read_bytes() if written.report.suffix == ".pdf" else None
    except _Lost:
        return "lost"
    except Exception as error:  # noqa: BLE001 - any failure of a run is reported on the run, not raised
        return _finish(sessions, run_id, worker, clock.now(), "failed", None,
                       f"{type(error).__name__}: {error}"[:2000])
    stored = {variant: [_to_json(kpis) for kpis in reps] for variant, reps in written.results.kpis.items()}
    return _finish(sessions, run_id, worker, clock.now(), "done", stored, None, pdf)


def _finish(sessions: sessionmaker[Session], run_id: int, worker: str, now: dt.datetime, status: str,
            results: dict[str, Any] | None, error: str | None, pdf: bytes | None = None) -> str:
    with UnitOfWork(sessions) as uow:
        session = uow.session
        finished = session.execute(
            update(SimulationRun).where(SimulationRun.id == run_id, SimulationRun.worker == worker,
                                        SimulationRun.status == "running")
            .values(status=status, results=results, error=error, finished_at=now, heartbeat_at=now,
                    report_pdf=pdf))
        if finished.rowcount != 1:  # type: ignore[attr-defined]  # CursorResult of an UPDATE
            return "lost"
        append_event(session, case_id=None, at=now, kind=f"simulation_{status}", actor=worker,
                     details={"run": run_id})
        uow.commit()
    return status


def _to_json(kpis: Kpis) -> dict[str, float | None]:
    """NaN (a KPI with no cases behind it) is not JSON; PostgreSQL refuses it. Stored as null."""
    return {key: (None if isinstance(value, float) and math.isnan(value) else value) for key, value in kpis.items()}


def _from_json(stored: dict[str, float | None]) -> Kpis:
    return {key: (math.nan if value is None else float(value)) for key, value in stored.items()}
