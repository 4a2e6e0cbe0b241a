"""What a durable step cannot do without, measured beside the engine bench (not a suite of its own),
between its cases (`Beside`):

- the durable floor: one transaction that updates a case row with a state of the real size and appends
  its event, committed (SQLite with `synchronous=FULL`, PostgreSQL with its default fsync);
- serializing and deserializing that state;
- the SQL statements a step sends, counted by a `before_cursor_execute` listener.
"""
from __future__ import annotations

import contextlib
import cProfile
import datetime as dt
import io
import pstats
import statistics
import time
import uuid
from types import TracebackType
from typing import Any, Iterator, Mapping

from sqlalchemy import Engine, event, select, text

from engine.cases import CaseEngine
from engine.ports import Actor
from engine.store.db import WRITE
from engine.store.tables import Case


class StatementCounter:
    """Counts the statements sent on `engine` while the block runs (BEGIN included, COMMIT is not a
    statement the driver is handed)."""

    def __init__(self, engine: Engine) -> None:
        self.engine, self.count, self._paused = engine, 0, False

    def _count(self, *_: Any) -> None:
        if not self._paused:
            self.count += 1

    @contextlib.contextmanager
    def paused(self) -> Iterator[None]:
        """Statements of the bench itself (reading a state's size) are not a step's."""
        self._paused = True
        try:
            yield
        finally:
            self._paused = False

    def __enter__(self) -> "StatementCounter":
        event.listen(self.engine, "before_cursor_execute", self._count)
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        event.remove(self.engine, "before_cursor_execute", self._count)


class Beside:
    """The parts a durable step cannot do without, measured between the bench's cases: serializing and
    deserializing a state of the real size, and the durable floor (one committed transaction that
    updates a case row with that state and appends its event). Measured between the cases rather than
    after them, they see the machine as the steps do: on a shared machine a minute's difference in load
    moved the ratio of the step to them by a tenth.

    The state is a case's halfway through the reference process; the floor writes a case of its own, so
    no step meets a row the floor changed."""

    def __init__(self, engine: Engine, cases: CaseEngine) -> None:
        actor = Actor("bench", frozenset({"coordinator", "panel"}), "panel")
        case = cases.start_case("reference_case", {}, actor)
        cases.complete_task(case.id, case.tasks[0].id, {"person_alias": "Fictief F.", "needs_review": False}, actor)
        with cases.sessions() as session:
            row = session.scalars(select(Case).where(Case.id == case.id)).one()
            self.spec = cases.model_set(row.model_version).spec(row.process_id)
            self.state = row.state
        self.engine, self.runtime, self.case_id = engine, cases.runtime, case.id
        self.loads: list[float] = []
        self.dumps: list[float] = []
        self.floors: list[float] = []

    def measure(self, rounds: int = 2) -> None:
        """`rounds` of each part, timed."""
        for _ in range(rounds):
            load, dump = self._round_trip()
            self.loads.append(load)
            self.dumps.append(dump)
            self.floors.append(floor_transaction(self.engine, self.case_id, self.state))

    def _round_trip(self) -> tuple[float, float]:
        """ms to deserialize the state and to serialize it again."""
        top, subs = self.spec
        start = time.perf_counter()
        workflow = self.runtime.load_state(self.state, top, subs)
        loaded = time.perf_counter()
        self.runtime.dump_state(workflow)
        return (loaded - start) * 1000, (time.perf_counter() - loaded) * 1000

    def apart(self, rounds: int = 300) -> tuple[float, float, float]:
        """The same parts measured one after the other, `rounds` times each, as this bench measured them
        before they were measured between the cases: each part then runs on warm caches, and the three
        come out faster than between steps (compare `step_over_floor_*_apart`)."""
        loads, dumps = zip(*(self._round_trip() for _ in range(rounds)))
        floors = [floor_transaction(self.engine, self.case_id, self.state) for _ in range(rounds)]
        return statistics.median(dumps), statistics.median(loads), statistics.median(floors)

    def take(self) -> tuple[float, float, float]:
        """(serialize p50 ms, deserialize p50 ms, floor p50 ms) of what was measured since the last take."""
        figures = statistics.median(self.dumps), statistics.median(self.loads), statistics.median(self.floors)
        self.loads, self.dumps, self.floors = [], [], []
        return figures


def floor_transaction(engine: Engine, case_id: int, state: str) -> float:
    """ms of one committed transaction: update the case row with `state`, append an event."""
    now = dt.datetime(2026, 1, 5, 8, 0)
    start = time.perf_counter()
    with engine.connect().execution_options(**{WRITE: True}) as conn, conn.begin():
        conn.execute(text("UPDATE cases SET state = :state, row_version = row_version + 1, updated_at = :now "
                          "WHERE id = :id"), {"state": state, "now": now, "id": case_id})
        conn.execute(text("INSERT INTO events (case_id, at, kind, actor, role, purpose, details, prev_hash, hash) "
                          "VALUES (:id, :now, 'bench_floor', 'bench', 'panel', NULL, '{}', :prev, :hash)"),
                     {"id": case_id, "now": now, "prev": "0" * 64, "hash": uuid.uuid4().hex * 2})
    return (time.perf_counter() - start) * 1000


def profile_steps(cases: CaseEngine, actor: Actor, intake: Mapping[str, Any], decision: Mapping[str, Any],
                  closed: Mapping[str, Any], rounds: int = 40) -> None:
    """Print where a durable step's time goes: the functions with the most cumulative and own time."""
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(rounds):
        case = cases.start_case("reference_case", {}, actor)
        case = cases.complete_task(case.id, case.tasks[0].id, intake, actor)
        case = cases.complete_task(case.id, case.tasks[0].id, decision, actor)
        cases.deliver_message(case.id, "investigation_closed", closed, actor)
    profiler.disable()
    for order in ("cumulative", "tottime"):
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(order).print_stats(30)
        print(out.getvalue())
