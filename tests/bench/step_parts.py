"""Where a durable step's time goes, without a profiler: named parts of the step timed by wrapping them
for the length of a run (`BENCH_PARTS=1 make bench SUITE=engine`).

A profiler adds a cost to every call, which inflates code made of many small calls (SQLAlchemy,
SpiffWorkflow) against code that waits (an fsync); a timer around a handful of parts adds almost
nothing. Parts nest (the write is inside the save), so their shares do not add up to the step.
"""
from __future__ import annotations

import contextlib
import functools
import time
from collections import defaultdict
from typing import Any, Callable, Iterator, Mapping

from sqlalchemy.engine.default import DefaultDialect

from engine import case_store
from engine import cases as cases_module
from engine.case_store import CaseStore
from engine.case_view import CaseViews
from engine.cases import CaseEngine
from engine.ports import Actor
from engine.runtime import Runtime
from engine.store import case_read as case_read_module
from engine.store import db as db_module
from engine.store import step_rows as step_rows_module
from engine.store import step_write as step_write_module
from engine.store.db import UnitOfWork

# (owner, attribute, what the table calls it); the owner's attribute is replaced for the run only.
PARTS: tuple[tuple[Any, str, str], ...] = (
    (CaseStore, "load", "load: the case read and its workflow"),
    (case_store, "read_case", "  the case read (with BEGIN)"),
    (Runtime, "load_state", "  deserializing"),
    (Runtime, "advance", "advancing the workflow (engine steps)"),
    (Runtime, "complete_task", "completing the task (its engine steps included)"),
    (Runtime, "deliver_message", "delivering the message (its engine steps included)"),
    (CaseStore, "save", "save"),
    (Runtime, "dump_state", "  serializing"),
    (case_store, "sync_timers", "  the timer rows' diff"),
    (case_store, "write_step", "  the step's write (statements included)"),
    (cases_module, "append_event", "audit entries (their hashes included)"),
    (CaseViews, "view", "the view the caller gets"),
    (CaseStore, "new_case", "a new case's INSERT"),
    (UnitOfWork, "commit", "commit (its fsync included)"),
    (DefaultDialect, "do_commit", "  the driver's commit"),
    (DefaultDialect, "do_execute", "statements through SQLAlchemy's execute (the driver's part)"),
    # The read, the write, a new case's INSERT and SQLite's BEGIN go to the driver's cursor directly
    # (engine.store.db.driver_rows); each module that calls it holds its own name for it.
    (case_read_module, "driver_rows", "statements on the driver's cursor (driver_rows)"),
    (step_rows_module, "driver_rows", "statements on the driver's cursor (driver_rows)"),
    (step_write_module, "driver_rows", "statements on the driver's cursor (driver_rows)"),
    (case_store, "driver_rows", "statements on the driver's cursor (driver_rows)"),
    (db_module, "driver_rows", "statements on the driver's cursor (driver_rows)"),
)


@contextlib.contextmanager
def timed_parts(totals: dict[str, float]) -> Iterator[None]:
    """Add each part's wall time to `totals` while the block runs."""
    saved = [(owner, name, owner.__dict__[name]) for owner, name, _ in PARTS]
    for owner, name, label in PARTS:
        setattr(owner, name, _timed(getattr(owner, name), label, totals))
    try:
        yield
    finally:
        for owner, name, original in saved:
            setattr(owner, name, original)


def _timed(function: Callable[..., Any], label: str, totals: dict[str, float]) -> Callable[..., Any]:
    @functools.wraps(function)
    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            totals[label] += time.perf_counter() - start

    return timed


def print_parts(cases: CaseEngine, actor: Actor, intake: Mapping[str, Any], decision: Mapping[str, Any],
                closed: Mapping[str, Any], rounds: int = 150) -> dict[str, float]:
    """Run `rounds` reference cases (4 steps each) with the parts timed; print and return ms per step."""
    totals: dict[str, float] = defaultdict(float)
    started = time.perf_counter()
    with timed_parts(totals):
        for _ in range(rounds):
            case = cases.start_case("reference_case", {}, actor)
            case = cases.complete_task(case.id, case.tasks[0].id, intake, actor)
            case = cases.complete_task(case.id, case.tasks[0].id, decision, actor)
            cases.deliver_message(case.id, "investigation_closed", closed, actor)
    steps = rounds * 4
    per_step = {label: totals[label] * 1000 / steps for _, _, label in PARTS}
    print(f"  a step, mean: {(time.perf_counter() - started) * 1000 / steps:.3f} ms")
    for label, ms in per_step.items():
        print(f"  {label:<60} {ms:6.3f} ms")
    return per_step
