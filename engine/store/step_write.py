"""Writing a step: everything a use case left pending (the case row, its events, timers, decisions,
letter requests, open-task and link rows) in one statement on PostgreSQL, and in plain Core statements,
one per table and row kind, on SQLite, instead of the ORM's flush.

On PostgreSQL the writes are data-modifying CTEs of one statement: one round trip, whatever the step
wrote. Their order within it does not matter to PostgreSQL (each sees the snapshot from before the
statement; foreign keys are checked at its end), and a decision finds its event by the event's hash.
On SQLite, where a statement is no round trip, they are sent one after another in that same order.

The case row keeps its optimistic version check: its UPDATE names the version read and raises
`StaleDataError` (which the unit of work reports as `Conflict`) when no row matched. Objects the writer
does not know (a deleted row, a class outside `_INSERTED`) leave the step to the ORM's flush, which is
always correct, only slower. After the write, new objects are detached with their ids set (nothing
flushes them again), changed objects hold their new values as committed.
"""
from __future__ import annotations

from typing import Any, Iterable, Iterator

from sqlalchemy import (
    Integer,
    String,
    cast,
    insert,
    inspect,
    literal,
    null,
    select,
    union_all,
    update,
)
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.exc import StaleDataError
from sqlalchemy.orm.util import identity_key

from engine.store.db import HeldBack, take_held_back
from engine.store.event_log import take_chain_heads
from engine.store.tables import Case, Decision, Event, LetterDue, Timer

_INSERTED = (Event, Decision, Timer, LetterDue)  # new rows the writer inserts itself
_UPDATED = (Case, Timer)  # changed rows the writer updates itself


def write_step(session: Session) -> None:
    """Write what is pending in the session and the statements held back, then stop collecting."""
    queued = take_held_back(session)
    new = sorted(session.new, key=lambda o: _state(o).insert_order)
    changed = [o for o in session.dirty if session.is_modified(o)]
    if session.deleted or any(not isinstance(o, _INSERTED) for o in new) \
            or any(not isinstance(o, _UPDATED) for o in changed):
        session.flush()
        for statement, rows in queued:
            session.execute(statement, rows)
        return
    for case_id, head in take_chain_heads(session).items():
        case = session.identity_map.get(identity_key(Case, case_id))
        if case is not None and (case in session.new or session.is_modified(case)):
            case.chain_head = head
        else:
            queued.append((update(Case).where(Case.id == case_id).values(chain_head=head), None))
    # The case row first: a stale version stops the step before anything else is sent (on SQLite).
    changed = sorted((o for o in session.dirty if session.is_modified(o)), key=lambda o: not isinstance(o, Case))
    plan = _Plan(session)
    for obj in changed:
        plan.update(obj)
    events = [o for o in new if isinstance(o, Event)]
    if events:
        plan.insert_events(events)
    for obj in new:
        if not isinstance(obj, Event):
            plan.insert(obj)
    plan.run(queued)
    for obj in new:
        session.expunge(obj)  # written: a later flush has nothing to insert


class _Plan:
    """The step's writes, each with what to do with the rows it returns."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.postgres = session.get_bind().dialect.name == "postgresql"
        # (DML with RETURNING id and a key, what to do with its rows, its CTE on PostgreSQL, the rows
        # of a statement executed once a row on SQLite)
        self.writes: list[tuple[Any, Any, Any, list[dict[str, Any]] | None]] = []
        self.event_ctes: dict[str, Any] = {}  # an event's hash -> its INSERT's CTE (PostgreSQL)

    def _add(self, statement: Any, applied: Any) -> Any:
        cte = statement.cte(f"w{len(self.writes)}") if self.postgres else None
        self.writes.append((statement, applied, cte, None))
        return cte

    def update(self, obj: Any) -> None:
        state, mapper = _state(obj), _state(obj).mapper
        table = mapper.local_table
        values = {}
        for prop in mapper.column_attrs:
            history = state.attrs[prop.key].history
            if history.added:
                values[prop.columns[0].name] = history.added[0]
        statement = update(table).where(*[c == state.dict[mapper.get_property_by_column(c).key]
                                          for c in mapper.primary_key])
        version = mapper.version_id_col
        if version is not None:
            key = mapper.get_property_by_column(version).key
            old = state.committed_state.get(key, state.dict.get(key))
            values[version.name] = old + 1
            statement = statement.where(version == old)
        statement = statement.values({k: _bound(table.c[k], v) for k, v in values.items()})

        def applied(rows: list[Any]) -> None:
            if not rows and version is not None:
                raise StaleDataError(f"{table.name} row changed by another writer")
            for prop in mapper.column_attrs:
                if prop.columns[0].name in values:
                    set_committed_value(obj, prop.key, values[prop.columns[0].name])

        self._add(statement.returning(*_returned(table.c[mapper.primary_key[0].name])), applied)

    def insert_events(self, events: list[Event]) -> None:
        """The events in the order appended, so that their ids follow the chain; the ids come back
        by hash. On SQLite one INSERT of many rows; on PostgreSQL one INSERT per event (a statement
        of a fixed shape is compiled once), each selecting from the one before, so that they run in
        order."""
        table: Any = Event.__table__
        columns = [c for c in table.c if c.name != "id"]
        by_hash = {e.hash: e for e in events}

        def applied(rows_back: list[Any]) -> None:
            for event_id, event_hash in rows_back:
                by_hash[event_hash].id = event_id

        if not self.postgres:
            rows = [{c.name: _column_value(e, c) for c in columns} for e in events]
            many = insert(table).returning(table.c.id, cast(table.c.hash, String), sort_by_parameter_order=True)
            self.writes.append((many, applied, None, rows))
            return
        before: Any = None
        for event in events:
            values = [_bound(c, _column_value(event, c)) for c in columns]
            if before is None:
                statement: Any = insert(table).values(dict(zip([c.name for c in columns], values)))
            else:
                statement = insert(table).from_select([c.name for c in columns], select(*values).select_from(before))
            before = self._add(statement.returning(table.c.id, cast(table.c.hash, String)), applied)
            self.event_ctes[event.hash] = before

    def insert(self, obj: Any) -> None:
        table = _state(obj).mapper.local_table
        if isinstance(obj, Decision):
            # Its event is inserted by the same write: found by its (unique) hash on SQLite, as the
            # event's own CTE on PostgreSQL.
            source: Any = self.event_ctes[obj.event.hash] if self.postgres else Event.__table__
            columns = [c for c in table.c if c.name != "id"]
            picked = [source.c.id if c.name == "event_id" else _bound(c, _column_value(obj, c)) for c in columns]
            chosen = select(*picked).select_from(source)
            if not self.postgres:
                chosen = chosen.where(source.c.hash == obj.event.hash)
            statement: Any = insert(table).from_select([c.name for c in columns], chosen)
        else:
            statement = insert(table).values({c.name: _bound(c, _column_value(obj, c))
                                              for c in table.c if c.name != "id"})

        def applied(rows: list[Any]) -> None:
            obj.id = rows[0][0]
            if isinstance(obj, Decision):
                obj.event_id = obj.event.id

        self._add(statement.returning(*_returned(table.c.id)), applied)

    def run(self, queued: Iterable[HeldBack]) -> None:
        with self.session.no_autoflush:
            if self.postgres:
                self._run_combined(list(queued))
            else:
                for statement, applied, _, rows in self.writes:
                    applied(list(self.session.execute(statement, rows)))
                for statement, rows in queued:
                    self.session.execute(statement, rows)

    def _run_combined(self, queued: list[HeldBack]) -> None:
        ctes = [cte for _, _, cte, _ in self.writes]
        tagged = [select(literal(i, Integer).label("w"), cte.c[0].label("id"), cte.c[1].label("key"))
                  for i, cte in enumerate(ctes)]
        statement: Any = union_all(*tagged) if len(tagged) > 1 else tagged[0]
        extra = [one.cte(f"q{i}") for i, one in enumerate(_one_a_row(queued))]
        if extra:
            statement = statement.add_cte(*extra)
        results: dict[int, list[Any]] = {i: [] for i in range(len(ctes))}
        for tag, row_id, key in self.session.execute(statement):
            results[tag].append((row_id, key))
        for i, (_, applied, _, _) in enumerate(self.writes):
            applied(results[i])


def _one_a_row(queued: list[HeldBack]) -> Iterator[Any]:
    """The held-back writes as single statements: a statement with rows once a row, its values bound
    anonymously (a statement of one row is compiled once; one of many rows would be compiled anew)."""
    for statement, rows in queued:
        if rows is None:
            yield statement
            continue
        table: Any = statement.table  # type: ignore[attr-defined]
        for row in rows:
            yield statement.values({k: _bound(table.c[k], v) for k, v in row.items()})  # type: ignore[attr-defined]


def _returned(id_column: Any) -> tuple[Any, Any]:
    return id_column, cast(null(), String)


def _state(obj: Any) -> Any:
    return inspect(obj)


def _column_value(obj: Any, column: Any) -> Any:
    """The attribute's value, or the column's Python default for one never set (as the ORM would)."""
    mapper = _state(obj).mapper
    key = mapper.get_property_by_column(column).key
    value = _state(obj).dict.get(key)
    if value is None and column.default is not None and column.default.is_scalar:
        value = column.default.arg
        setattr(obj, key, value)
    return value


def _bound(column: Any, value: Any) -> Any:
    """The value as an anonymous bind of the column's type: the same column in several CTEs of one
    statement gets binds of its own."""
    return literal(value, column.type) if value is not None else null()

