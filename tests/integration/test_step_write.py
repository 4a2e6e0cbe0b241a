"""A step's writes (engine.store.step_write): one statement after the read on PostgreSQL, the case's
version still checked, a new case's chain head read with its insert, and everything the ORM would have
written written."""
from __future__ import annotations

from typing import Any, Iterator

import pytest
from sqlalchemy import Engine, delete, event, func, select, text

from engine.cases import CaseEngine
from engine.errors import Conflict
from engine.ports import Actor
from engine.store.db import UnitOfWork
from engine.store.event_log import GENESIS, verify_chain
from engine.store.tables import Case, Decision, Event, OpenTask, Timer

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


def test_on_postgres_a_step_is_its_read_and_one_write(db_engine: Engine, cases: CaseEngine,
                                                      counted: _Statements) -> None:
    """Start, intake, decision (a decision row, an IND link, a cancelled timer) and message each send the
    case's read (or, for a start, its insert) and one statement that writes the rest."""
    if db_engine.dialect.name != "postgresql":
        pytest.skip("SQLite sends a statement per table (no data-modifying CTEs)")
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
    assert steps == [["INSERT", "WITH"], ["SELECT", "WITH"], ["SELECT", "WITH"], ["SELECT", "WITH"]]
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
