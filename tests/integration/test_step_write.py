"""A step's writes (engine.store.step_write): one statement after the read (on SQLite an INSERT into the
view `step_rows`, which writes exactly what the statement-per-table path writes), the case's version
still checked, a new case's chain head read with its insert, and everything the ORM would have written
written."""
from __future__ import annotations

import datetime as dt
import importlib.util
import itertools
import uuid
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Iterator

import pytest
import SpiffWorkflow.task as spiff_task
from alembic import command
from sqlalchemy import Engine, delete, event, func, select, text

from engine import runtime_ids, runtime_index
from engine.cases import CaseEngine
from engine.clock import VirtualClock
from engine.errors import Conflict
from engine.legal_values import load_policy
from engine.letter_issuing import case_data_loader, make_letter_issuer
from engine.ports import Actor
from engine.specs import SpecLibrary
from engine.store import step_rows, step_write
from engine.store.db import UnitOfWork, make_engine, session_factory
from engine.store.event_log import GENESIS, append_event, verify_chain
from engine.store.migrate import MIGRATIONS_DIR, alembic_config, upgrade
from engine.store.tables import Case, Decision, Event, OpenTask, Timer
from forms.catalogue import all_forms
from letters.render import check_letter, render_letter
from tests.letters.conftest import MODELS as LETTER_MODELS
from tests.letters.conftest import case_data
from tests.letters.test_issuing import REASONS

INTAKE = {"person_alias": "Fictief F.", "needs_review": False}
DECISION = {"outcome": "positive", "reasons": "Meerdere sterke indicatoren."}
CLOSED = {"closed_on": "2026-01-05", "outcome": "dismissed"}
ACTOR = Actor("bench", frozenset({"coordinator", "panel"}), "panel")


class _Statements:
    def __init__(self, engine: Engine) -> None:
        self.engine, self.sent = engine, []  # type: ignore[var-annotated]

    def _seen(self, _conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        self.sent.append(statement.split()[0].upper())

    def __enter__(self) -> list[str]:
        event.listen(self.engine, "before_cursor_execute", self._seen)
        return self.sent

    def __exit__(self, *_: Any) -> None:
        event.remove(self.engine, "before_cursor_execute", self._seen)


@pytest.fixture
def counted(db_engine: Engine) -> Iterator[_Statements]:
    yield _Statements(db_engine)


# What each step of the reference case sends (its first word per statement): PostgreSQL the case's read
# (or a start's insert) and one statement of CTEs; SQLite BEGIN IMMEDIATE, the read (or the insert) and
# one INSERT into the view `step_rows`, whose triggers write the rest.
STEP_STATEMENTS = {
    "postgresql": [["INSERT", "WITH"]] + [["SELECT", "WITH"]] * 3,
    "sqlite": [["BEGIN", "INSERT", "INSERT"]] + [["BEGIN", "SELECT", "INSERT"]] * 3,
}


def test_a_step_is_its_read_and_one_write(db_engine: Engine, cases: CaseEngine, counted: _Statements) -> None:
    """Start, intake, decision (a decision row, an IND link, a cancelled timer) and message each send the
    case's read (or, for a start, its insert) and one statement that writes the case, its events,
    timers, decision, IND link and open tasks."""
    cases.start_case("reference_case", {}, ACTOR)  # the model version is stored once, then known
    steps = []
    with counted as sent:
        case = cases.start_case("reference_case", {}, ACTOR)
        steps.append(list(sent))
        case = cases.complete_task(case.id, case.tasks[0].id, INTAKE, ACTOR)
        steps.append(sent[sum(map(len, steps)):])
        case = cases.complete_task(case.id, case.tasks[0].id, DECISION, ACTOR)
        steps.append(sent[sum(map(len, steps)):])
        case = cases.deliver_message(case.id, "investigation_closed", CLOSED, ACTOR)
        steps.append(sent[sum(map(len, steps)):])
    assert steps == STEP_STATEMENTS[db_engine.dialect.name]
    assert case.status == "completed"
    with cases.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Decision).where(Decision.case_id == case.id)) == 1
        assert session.scalar(select(func.count()).select_from(OpenTask).where(OpenTask.case_id == case.id)) == 0
        assert [t.status for t in session.scalars(select(Timer).where(Timer.case_id == case.id))] == ["cancelled"]
        assert verify_chain(session)[1] is None


def test_a_started_case_reads_nothing_before_its_insert(db_engine: Engine, cases: CaseEngine,
                                                        counted: _Statements) -> None:
    """The model version is looked up once per process, the new case's chain head comes with its
    insert: a start sends no SELECT."""
    cases.start_case("reference_case", {}, ACTOR)
    with counted as sent:
        cases.start_case("reference_case", {}, ACTOR)
    assert "SELECT" not in sent, sent


def test_the_write_of_a_step_checks_the_case_version(cases: CaseEngine) -> None:
    """A case row that changed after the step read it (another writer's commit) is a Conflict, and
    nothing of the step is saved."""
    case = cases.start_case("reference_case", {}, ACTOR)
    events_before = len(cases.events(case.id))
    with pytest.raises(Conflict), UnitOfWork(cases.sessions) as uow:
        loaded, workflow = cases.store.load(uow.session, case.id)
        cases._complete(workflow, case.tasks[0].id, INTAKE, ACTOR)
        uow.session.execute(text("UPDATE cases SET row_version = row_version + 1 WHERE id = :id"), {"id": case.id})
        cases.store.save(uow.session, loaded, workflow, cases.clock.now(), ACTOR)
        uow.commit()
    assert len(cases.events(case.id)) == events_before
    assert cases.get_case(case.id).tasks[0].name == "intake"


def test_a_new_case_on_a_purged_cases_id_goes_on_with_its_chain(db_engine: Engine, cases: CaseEngine) -> None:
    """SQLite gives a new row the largest id plus one: after the newest case was purged, the next case
    takes its id, and its events go on from the purged case's chain (read with the insert)."""
    if db_engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL's ids come from a sequence and never come back")
    first = cases.start_case("reference_case", {}, ACTOR)
    with UnitOfWork(cases.sessions) as uow:
        head = uow.session.scalar(select(Event.hash).where(Event.case_id == first.id).order_by(Event.id.desc()))
        uow.session.execute(delete(Case).where(Case.id == first.id))  # its events stay: the log outlives it
        uow.commit()
    second = cases.start_case("reference_case", {}, ACTOR)
    assert second.id == first.id and head not in (None, GENESIS)
    with cases.sessions() as session:
        started = session.scalars(select(Event).where(Event.prev_hash == head)).one()
        assert (started.case_id, started.kind) == (second.id, "case_started")
        assert verify_chain(session)[1] is None


def test_the_step_rows_triggers_write_every_column_of_their_tables() -> None:
    """The writer's list of what each trigger writes is migration 0018's, and covers every column of the
    tables it writes (a column added later must come with triggers that write it; until then such steps
    go statement by statement)."""
    spec = importlib.util.spec_from_file_location("m0018", MIGRATIONS_DIR / "versions" / "0018_step_rows.py")
    assert spec is not None and spec.loader is not None
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    written = {"case": migration.CASE_COLUMNS, "event": migration.EVENT_COLUMNS, "timer": migration.TIMER_COLUMNS,
               "timer_change": migration.TIMER_COLUMNS, "decision": migration.DECISION_COLUMNS,
               "letter_due": migration.LETTER_DUE_COLUMNS, "open_task": migration.OPEN_TASK_COLUMNS,
               "case_link": migration.CASE_LINK_COLUMNS}
    assert {op: columns for op, (_table, columns) in step_rows.OPS.items() if op in written} == written
    assert set(migration.TRIGGERS) == set(step_rows.OPS)
    assert set(step_rows._VIEW_COLUMNS) | {"seq", "op"} == set(migration.COLUMNS)
    assert step_rows._COMPLETE == frozenset(step_rows.OPS)
    assert migration.STALE == step_rows.STALE


def test_without_the_view_a_step_is_written_table_by_table(sqlite_engine: Engine, library: SpecLibrary,
                                                             clock: VirtualClock) -> None:
    """A database without `step_rows` (a schema before 0018) still gets every step written, the old way."""
    with sqlite_engine.begin() as conn:
        conn.execute(text("DROP VIEW step_rows"))
    cases = CaseEngine(session_factory(sqlite_engine), library, clock, all_forms(), policy_loader=load_policy)
    counted = _Statements(sqlite_engine)
    case = cases.start_case("reference_case", {}, ACTOR)
    with counted as sent:
        case = cases.complete_task(case.id, case.tasks[0].id, INTAKE, ACTOR)
    assert sent[2] == "INSERT" and len(sent) > 4  # the failed INSERT into the view, then a statement a table
    case = cases.complete_task(case.id, case.tasks[0].id, DECISION, ACTOR)
    case = cases.deliver_message(case.id, "investigation_closed", CLOSED, ACTOR)
    assert case.status == "completed"
    with cases.sessions() as session:
        assert [t.status for t in session.scalars(select(Timer).where(Timer.case_id == case.id))] == ["cancelled"]
        assert verify_chain(session)[1] is None


def _every_row(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    with engine.connect() as conn:
        # Every table but the chain anchors, whose first row the migrations write at the wall clock's time.
        tables = conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                                   "'sqlite_%' AND name != 'chain_anchors' ORDER BY name")).scalars().all()
        return {t: [tuple(r) for r in conn.execute(text(f'SELECT * FROM "{t}" ORDER BY rowid'))]  # noqa: S608
                for t in tables}


def _steps_written(path: Path, library: SpecLibrary, letter_library: SpecLibrary, fast: bool,
                   monkeypatch: pytest.MonkeyPatch) -> dict[str, list[tuple[Any, ...]]]:
    """A fixed set of steps on a new SQLite database: each kind of row the step writer writes, with task ids
    and the audit key the same in every run. `fast`: through `step_rows`, else statement by statement."""
    numbers = itertools.count(1)
    monkeypatch.setattr(runtime_ids, "uuid4", lambda: uuid.UUID(int=next(numbers)))
    frozen = SimpleNamespace(time=lambda: 1_767_600_000.0)  # tasks' last state change, saved in the state
    monkeypatch.setattr(spiff_task, "time", frozen)
    monkeypatch.setattr(runtime_index, "time", frozen)
    if not fast:
        monkeypatch.setattr(step_write, "write_rows", lambda *_: False)
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    with engine.begin() as conn:
        conn.execute(text("UPDATE audit_key SET key = :key"), {"key": "5e" * 32})
    through_view = []
    event.listen(engine, "before_cursor_execute",
                 lambda _c, _cur, statement, *_: through_view.append("step_rows" in statement))
    clock = VirtualClock(dt.datetime(2026, 1, 5, 8, 0, tzinfo=dt.timezone.utc))
    cases = CaseEngine(session_factory(engine), library, clock, all_forms(), policy_loader=load_policy)
    issuer = make_letter_issuer(render_letter, case_data_loader(letter_library), check_letter)
    monkeypatch.setattr(issuer, "follow_up", lambda *_: None)  # the request stays due: no PDF in the rows
    letters = CaseEngine(session_factory(engine), letter_library, clock, all_forms(),
                         outbox_handlers={"issue_letter": issuer})
    done = cases.start_case("reference_case", {}, ACTOR)  # open task, events, case update
    done = cases.complete_task(done.id, done.tasks[0].id, INTAKE, ACTOR)  # timer armed, open task replaced
    done = cases.complete_task(done.id, done.tasks[0].id, DECISION, ACTOR)  # decision, IND link, timer cancelled
    cases.deliver_message(done.id, "investigation_closed", CLOSED, ACTOR)
    waiting = cases.start_case("reference_case", {}, ACTOR)
    cases.complete_task(waiting.id, waiting.tasks[0].id, INTAKE, ACTOR)
    clock.advance(dt.timedelta(days=100))
    assert cases.fire_due_timers() == 1  # a timer fired: its row changed
    with pytest.raises(Conflict):
        cases.complete_task(done.id, "00000000-0000-0000-0000-000000000001", INTAKE, ACTOR, expected_version=1)
    lettered = letters.start_case("letter_decision", case_data(), ACTOR)
    letters.complete_task(lettered.id, lettered.tasks[0].id, {"outcome": "positive", "reasons": REASONS}, ACTOR)
    with session_factory(engine)() as session:
        assert verify_chain(session)[1] is None
    assert sum(through_view) == (9 if fast else 0)  # every step but the refused one
    rows = _every_row(engine)
    engine.dispose()
    monkeypatch.undo()
    return rows


def test_a_step_through_step_rows_writes_exactly_what_the_per_table_statements_write(
        tmp_path: Path, library: SpecLibrary, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same steps written both ways leave every row of every table the same, byte for byte: values
    bound through each column's own type (datetimes, JSON), ids, defaults, the case's version."""
    letter_library = SpecLibrary(LETTER_MODELS)
    slow = _steps_written(tmp_path / "slow.sqlite3", library, letter_library, False, monkeypatch)
    fast = _steps_written(tmp_path / "fast.sqlite3", library, letter_library, True, monkeypatch)
    assert all(slow[t] for t in ("cases", "events", "timers", "decisions", "letters_due", "case_links"))
    assert any(status == "fired" for status in (row[5] for row in fast["timers"]))
    for table in slow:
        for fast_row, slow_row in zip(fast[table], slow[table]):
            assert [(i, f, s) for i, (f, s) in enumerate(zip(fast_row, slow_row)) if f != s] == [], table
        assert fast[table] == slow[table], table


def test_migration_0018_adds_the_view_on_sqlite_only_and_its_downgrade_takes_it_away(
        db_engine: Engine, cases: CaseEngine) -> None:
    """The view and its triggers exist on SQLite alone; downgraded to 0017, steps are written table by
    table (the same rows), and upgraded again they go through the view."""
    def schema() -> list[str]:
        with db_engine.connect() as conn:
            if db_engine.dialect.name != "sqlite":
                return list(conn.execute(text("SELECT table_name FROM information_schema.views "
                                              "WHERE table_schema = current_schema()")).scalars())
            return sorted(conn.execute(text("SELECT name FROM sqlite_master WHERE type IN ('view', 'trigger') "
                                            "AND name LIKE 'step_rows%'")).scalars())

    sqlite = db_engine.dialect.name == "sqlite"
    assert schema() == (["step_rows", *sorted(f"step_rows_{op}" for op in step_rows.OPS)] if sqlite else [])
    config = alembic_config(db_engine.url.render_as_string(hide_password=False))
    with db_engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0017_case_legal_values")
    assert schema() == []
    case = cases.start_case("reference_case", {}, ACTOR)
    case = cases.complete_task(case.id, case.tasks[0].id, INTAKE, ACTOR)
    upgrade(db_engine)
    assert len(schema()) == (len(step_rows.OPS) + 1 if sqlite else 0)
    case = cases.complete_task(case.id, case.tasks[0].id, DECISION, ACTOR)
    assert cases.deliver_message(case.id, "investigation_closed", CLOSED, ACTOR).status == "completed"
    with cases.sessions() as session:
        assert verify_chain(session)[1] is None


def test_an_event_for_another_case_in_a_step_moves_that_cases_chain_head(db_engine: Engine, cases: CaseEngine,
                                                                        counted: _Statements) -> None:
    """A step that logs an entry for a case it does not change writes that case's chain head alone (its
    version stays), in the step's one write."""
    other = cases.start_case("reference_case", {}, ACTOR)
    case = cases.start_case("reference_case", {}, ACTOR)
    with counted as sent, UnitOfWork(cases.sessions) as uow:
        loaded, workflow = cases.store.load(uow.session, case.id)
        cases._complete(workflow, case.tasks[0].id, INTAKE, ACTOR)
        logged = append_event(uow.session, case_id=other.id, at=cases.clock.now(), kind="case_read", actor="bench")
        cases.store.save(uow.session, loaded, workflow, cases.clock.now(), ACTOR)
        uow.commit()
    sqlite = db_engine.dialect.name == "sqlite"
    # The case's read, the other case's chain head (read from its log: it is not locked), one write.
    assert sent == [*(["BEGIN"] if sqlite else []), "SELECT", "SELECT", "INSERT" if sqlite else "WITH"]
    with cases.sessions() as session:
        row = session.get(Case, other.id)
        assert row is not None and (row.chain_head, row.row_version) == (logged.hash, other.version)
        assert verify_chain(session)[1] is None


def test_a_row_is_changed_when_and_only_when_the_session_would_say_so(cases: CaseEngine) -> None:
    """`changed_columns` answers as `Session.is_modified` for what a step does to its rows."""
    case = cases.start_case("reference_case", {}, ACTOR)
    with cases.sessions() as session:
        row = session.get(Case, case.id)
        assert row is not None
        answers = [(step_write.changed_columns(row), session.is_modified(row))]
        row.status = row.status  # set to the value it has
        answers.append((step_write.changed_columns(row), session.is_modified(row)))
        before = row.state
        row.state = before + " "
        answers.append((step_write.changed_columns(row), session.is_modified(row)))
        row.state = before  # and back
        answers.append((step_write.changed_columns(row), session.is_modified(row)))
        session.expire(row, ["completed_at"])
        row.completed_at = None  # set without having been loaded
        answers.append((step_write.changed_columns(row), session.is_modified(row)))
    assert answers == [(False, False), (False, False), (True, True), (False, False), (True, True)]
