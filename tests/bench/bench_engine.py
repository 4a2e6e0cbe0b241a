"""Engine benchmark: (a) raw SpiffWorkflow in memory, (b) through engine/ with SQLite, (c) with PostgreSQL.

One case of the reference process = start, intake, decision, inbound message (4 steps). Prints per-step
latency p50/p95, cases per second, the saved state size per case, and b/a and c/a. Targets on a 2-core
machine: persistence overhead <= 3x raw; per-step p95 <= 25 ms on SQLite.

Beside it, in the same run, the parts a durable step cannot do without: serializing and deserializing
the state, and the durable floor (`bench_floor`: one transaction that updates a row of the state's size
and appends its event, synced to disk), measured between the cases (tests/bench/durable_floor.py,
`Beside`). `step_over_floor_*` = step p50 / (raw step + serialize + deserialize + floor): how far a step
is from what durability itself costs (target <= 2). `*_apart` are the same parts measured one after the
other after the steps, as the bench did before: on warm caches they come out faster.
`statements_per_step` counts the SQL statements a step sends (target <= 4).

A step goes on with the workflow its case's last step kept in this process (engine.workflow_cache), as
a server stepping a case request after request does; `*_cold_*` are the same steps with nothing kept,
each deserializing its case's stored state (another process stepped the case last). BENCH_PROFILE=1 prints
where a durable step's time goes (cProfile, SQLite); BENCH_PARTS=1 times its parts without a profiler
(tests/bench/step_parts.py, SQLite and PostgreSQL).
"""
from __future__ import annotations

import contextlib
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable, NamedTuple

from SpiffWorkflow.bpmn import BpmnEvent, BpmnWorkflow
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine, TaskDataEnvironment
from SpiffWorkflow.spiff.specs.event_definitions import MessageEventDefinition
from SpiffWorkflow.util.task import TaskState
from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError

from engine.cases import CaseEngine
from engine.clock import VirtualClock, using_clock
from engine.ports import Actor
from engine.script_env import FUNCTIONS
from engine.specs import SpecLibrary
from engine.store.db import make_engine, session_factory
from engine.store.migrate import upgrade
from engine.workflow_cache import WorkflowCache
from forms.catalogue import all_forms
from tests.bench.durable_floor import Beside, StatementCounter, profile_steps
from tests.bench.step_parts import print_parts
from tests.pg_schema import private_schema

RAW_CASES, DB_CASES = 400, 150
INTAKE = {"person_alias": "Fictief F.", "needs_review": False}
DECISION = {"outcome": "positive", "reasons": "Meerdere sterke indicatoren."}
CLOSED = {"closed_on": "2026-01-05", "outcome": "dismissed"}
ACTOR = Actor("bench", frozenset({"coordinator", "panel"}), "panel")


def _progress(label: str, done: int, total: int) -> None:
    if done != total and done % max(1, total // 20):
        return
    width = 30
    filled = width * done // total
    sys.stdout.write(f"\r  {label:<10} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
    if done == total:
        sys.stdout.write("\n")
    sys.stdout.flush()


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def _timed(steps: list[float], fn: Callable[[], object]) -> object:
    start = time.perf_counter()
    result = fn()
    steps.append((time.perf_counter() - start) * 1000)
    return result


def bench_raw(library: SpecLibrary) -> tuple[float, list[float]]:
    top, subs = library.current().spec("reference_case")
    engine = PythonScriptEngine(environment=TaskDataEnvironment(dict(FUNCTIONS)))
    steps: list[float] = []

    def complete(workflow: BpmnWorkflow, data: dict) -> None:
        task = workflow.get_tasks(state=TaskState.READY, manual=True)[0]
        task.set_data(**data)
        task.run()
        workflow.do_engine_steps()

    started = time.perf_counter()
    with using_clock(VirtualClock()):
        for i in range(RAW_CASES):
            workflow = _timed(steps, lambda: _raw_start(top, subs, engine))
            _timed(steps, lambda: complete(workflow, INTAKE))  # type: ignore[arg-type]
            _timed(steps, lambda: complete(workflow, DECISION))  # type: ignore[arg-type]
            _timed(steps, lambda: _raw_message(workflow))  # type: ignore[arg-type]
            assert workflow.completed  # type: ignore[attr-defined]
            _progress("raw", i + 1, RAW_CASES)
    return RAW_CASES / (time.perf_counter() - started), steps


def _raw_start(top, subs, engine) -> BpmnWorkflow:  # type: ignore[no-untyped-def]
    workflow = BpmnWorkflow(top, subs, script_engine=engine)
    workflow.do_engine_steps()
    return workflow


def _raw_message(workflow: BpmnWorkflow) -> None:
    workflow.send_event(BpmnEvent(MessageEventDefinition("investigation_closed"), payload=CLOSED))
    workflow.do_engine_steps()


def bench_persistent(label: str, cases: CaseEngine, counter: StatementCounter | None = None,
                     beside: Beside | None = None) -> tuple[float, list[float], list[int]]:
    """(cases per second, step ms, state sizes). `beside`: measured after each case, its time and
    statements left out."""
    steps: list[float] = []
    uncounted = counter.paused if counter is not None else contextlib.nullcontext
    sizes: list[int] = []
    besides = 0.0
    started = time.perf_counter()
    for i in range(DB_CASES):
        case = _timed(steps, lambda: cases.start_case("reference_case", {}, ACTOR))
        case = _timed(steps, lambda: cases.complete_task(case.id, case.tasks[0].id, INTAKE, ACTOR))  # type: ignore[attr-defined]
        with uncounted(), cases.sessions() as session:
            sizes.append(len(session.execute(text("SELECT state FROM cases WHERE id = :i"),
                                             {"i": case.id}).scalar_one()))  # type: ignore[attr-defined]
        case = _timed(steps, lambda: cases.complete_task(case.id, case.tasks[0].id, DECISION, ACTOR))  # type: ignore[attr-defined]
        case = _timed(steps, lambda: cases.deliver_message(case.id, "investigation_closed", CLOSED, ACTOR))  # type: ignore[attr-defined]
        assert case.status == "completed"  # type: ignore[attr-defined]
        if beside is not None:
            with uncounted():
                beside_started = time.perf_counter()
                beside.measure()
                besides += time.perf_counter() - beside_started
        _progress(label, i + 1, DB_CASES)
    return DB_CASES / (time.perf_counter() - started - besides), steps, sizes


def _cold(label: str, cases: CaseEngine, beside: Beside) -> list[float]:
    """The step times with no workflow kept between steps: every step deserializes."""
    kept = cases.store.workflows
    cases.store.workflows = WorkflowCache(size=0)
    try:
        return bench_persistent(label, cases, beside=beside)[1]
    finally:
        cases.store.workflows = kept


def _measured(label: str, engine: Engine, cases: CaseEngine,
              beside: Beside) -> tuple[float, list[float], list[int], float]:
    """The persistent bench with every statement counted: (rate, steps, sizes, statements per step)."""
    with StatementCounter(engine) as counter:
        rate, steps, sizes = bench_persistent(label, cases, counter, beside)
    return rate, steps, sizes, counter.count / len(steps)


class DatabaseRun(NamedTuple):
    """One database's steps, warm and cold, with their parts measured between the cases and apart."""

    rate: float
    steps: list[float]
    sizes: list[int]
    statements: float
    parts: tuple[float, float, float]  # (serialize, deserialize, floor) ms, between the warm cases
    cold: list[float]
    cold_parts: tuple[float, float, float]
    apart: tuple[float, float, float]  # the same parts, one after the other after the steps


def _run_on(label: str, engine: Engine, cases: CaseEngine) -> DatabaseRun:
    beside = Beside(engine, cases)
    rate, steps, sizes, statements = _measured(label, engine, cases, beside)
    parts = beside.take()
    cold = _cold(f"{label}-cold", cases, beside)
    return DatabaseRun(rate, steps, sizes, statements, parts, cold, beside.take(), beside.apart())


def _over(steps: list[float], raw_step: float, parts: tuple[float, float, float]) -> float:
    """step p50 / (raw step + serialize + deserialize + floor), the parts measured between the same cases."""
    serialize, deserialize, floor = parts
    return statistics.median(steps) / (raw_step + serialize + deserialize + floor)


def run() -> dict[str, float]:
    library = SpecLibrary()
    clock = VirtualClock(dt.datetime(2026, 1, 5, 8, 0, tzinfo=dt.timezone.utc))
    raw_rate, raw_steps = bench_raw(library)
    raw_step = statistics.median(raw_steps)
    with tempfile.TemporaryDirectory() as tmp:
        sqlite = make_engine(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}")
        upgrade(sqlite)
        sqlite_cases = CaseEngine(session_factory(sqlite), library, clock, all_forms())
        lite = _run_on("sqlite", sqlite, sqlite_cases)
        if os.environ.get("BENCH_PROFILE"):
            profile_steps(sqlite_cases, ACTOR, INTAKE, DECISION, CLOSED)
        if os.environ.get("BENCH_PARTS"):
            print("  where a step's time goes, SQLite:")
            print_parts(sqlite_cases, ACTOR, INTAKE, DECISION, CLOSED)
        sqlite.dispose()
        # The same without a disk sync per commit, to show how much of the cost is durability.
        unsynced = make_engine(f"sqlite:///{Path(tmp) / 'bench-normal.sqlite3'}", sqlite_synchronous="NORMAL")
        upgrade(unsynced)
        unsynced_rate, unsynced_steps, _ = bench_persistent(
            "sqlite-nosync", CaseEngine(session_factory(unsynced), library, clock, all_forms()))
        unsynced.dispose()
    figures = {
        "raw_cases_per_s": raw_rate,
        "raw_step_p50_ms": raw_step,
        "sqlite_cases_per_s": lite.rate,
        "sqlite_step_p50_ms": statistics.median(lite.steps),
        "sqlite_step_p95_ms": _percentile(lite.steps, 0.95),
        "state_bytes_per_case": statistics.mean(lite.sizes),
        "overhead_ratio_sqlite": raw_rate / lite.rate,
        "sqlite_unsynced_cases_per_s": unsynced_rate,
        "sqlite_unsynced_step_p50_ms": statistics.median(unsynced_steps),
        "overhead_ratio_sqlite_unsynced": raw_rate / unsynced_rate,
        "serialize_ms": lite.parts[0],
        "deserialize_ms": lite.parts[1],
        "durable_floor_sqlite_ms": lite.parts[2],
        "statements_per_step": lite.statements,
        "step_over_floor_sqlite": _over(lite.steps, raw_step, lite.parts),
        "sqlite_step_p50_cold_ms": statistics.median(lite.cold),
        "step_over_floor_sqlite_cold": _over(lite.cold, raw_step, lite.cold_parts),
        "serialize_apart_ms": lite.apart[0],
        "deserialize_apart_ms": lite.apart[1],
        "durable_floor_sqlite_apart_ms": lite.apart[2],
        "step_over_floor_sqlite_apart": _over(lite.steps, raw_step, lite.apart),
    }
    url = os.environ.get("TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
    try:
        with private_schema(url, prefix="bench") as pg:
            pg_cases = CaseEngine(session_factory(pg), library, clock, all_forms())
            pgr = _run_on("postgres", pg, pg_cases)
            if os.environ.get("BENCH_PARTS"):
                print("  where a step's time goes, PostgreSQL:")
                print_parts(pg_cases, ACTOR, INTAKE, DECISION, CLOSED)
        figures.update(postgres_cases_per_s=pgr.rate, postgres_step_p50_ms=statistics.median(pgr.steps),
                       postgres_step_p95_ms=_percentile(pgr.steps, 0.95), overhead_ratio_postgres=raw_rate / pgr.rate,
                       durable_floor_postgres_ms=pgr.parts[2], statements_per_step_postgres=pgr.statements,
                       step_over_floor_postgres=_over(pgr.steps, raw_step, pgr.parts),
                       postgres_step_p50_cold_ms=statistics.median(pgr.cold),
                       step_over_floor_postgres_cold=_over(pgr.cold, raw_step, pgr.cold_parts),
                       durable_floor_postgres_apart_ms=pgr.apart[2],
                       step_over_floor_postgres_apart=_over(pgr.steps, raw_step, pgr.apart))
    except (OSError, OperationalError) as error:
        print(f"  postgres unavailable: {type(error).__name__}")
    figures = {k: round(v, 3) for k, v in figures.items()}
    for key, value in figures.items():
        print(f"  {key:<30} {value}")
    return figures
