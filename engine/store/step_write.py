"""Writing a step: everything a use case left pending (the case row, its events, timers, decisions,
letter requests, open-task and link rows) in one statement, instead of the ORM's flush.

On PostgreSQL the writes are data-modifying CTEs of one statement: one round trip, whatever the step
wrote. Each sees the snapshot from before the statement and foreign keys are checked at its end, so
their order does not matter, except for the events, whose ids must follow their chain: each event's
INSERT selects from the one before, and a decision selects its event's id from that event's INSERT.
SQLite has no data-modifying CTEs: there the writes are rows of one INSERT into the view `step_rows`,
whose triggers apply them in order (engine.store.step_rows). A step that cannot be written so (a schema
without the view, a column the triggers do not know) is sent as plain Core statements, one per table and
row kind, in the same order.

Statements are built once per shape (which tables, columns and how many rows) with named bind
parameters, and only the values change: building and compiling SQL per step would cost more than
what it sends.

The case row keeps its optimistic version check: its UPDATE names the version read and raises
`StaleDataError` (which the unit of work reports as `Conflict`) when no row matched. Objects the writer
does not know (a deleted row, a class outside `_INSERTED`) leave the step to the ORM's flush, which is
always correct, only slower. After the write, new objects are detached with their ids set (nothing
flushes them again), changed objects hold their new values as committed.
"""
from __future__ import annotations

from typing import Any, Callable, NamedTuple

from sqlalchemy import (
    Integer,
    String,
    bindparam,
    cast,
    insert,
    literal,
    null,
    select,
    union_all,
    update,
)
from sqlalchemy.orm import LoaderCallableStatus, Session
from sqlalchemy.orm.attributes import instance_state, set_committed_value
from sqlalchemy.orm.exc import StaleDataError
from sqlalchemy.orm.util import identity_key

from engine.store.db import Write, built, execute_write, statement_rows, take_held_back
from engine.store.event_log import take_chain_heads
from engine.store.step_rows import write_rows
from engine.store.tables import Case, Decision, Event, LetterDue, Timer

_INSERTED = (Event, Decision, Timer, LetterDue)  # new rows the writer inserts itself
_UPDATED = (Case, Timer)  # changed rows the writer updates itself
_EVENTS: Any = Event.__table__
_EVENT_COLUMNS = tuple(c.name for c in _EVENTS.c if c.name != "id")
NO_VALUE = LoaderCallableStatus.NO_VALUE  # an attribute's value before it was loaded or set


class _Step(NamedTuple):
    """One write of the step: its shape, how to build its statement from earlier writes' CTEs (on
    PostgreSQL) and a bind-name prefix, its values, and what to do with the rows it returns."""

    shape: tuple[Any, ...]
    build: Callable[[str, list[Any]], Any]
    values: dict[str, Any]
    applied: Callable[[list[Any]], None]


def write_step(session: Session) -> None:
    """Write what is pending in the session and the writes held back, then stop collecting."""
    held = take_held_back(session)
    new = sorted(session.new, key=lambda o: instance_state(o).insert_order or 0)  # set for every new object
    changed = [o for o in session.dirty if changed_columns(o)]
    if session.deleted or any(not isinstance(o, _INSERTED) for o in new) \
            or any(not isinstance(o, _UPDATED) for o in changed):
        session.flush()
        for write in held:
            execute_write(session, write)
        return
    for case_id, head in take_chain_heads(session).items():
        case = session.identity_map.get(identity_key(Case, case_id))
        if case is not None and (case in session.new or changed_columns(case)):
            case.chain_head = head
        else:
            held.append(Write(("chain_head",), _store_head, [{"case_id": case_id, "head": head}]))
    # The case row first: a stale version stops the step before anything else is sent (on SQLite).
    # The chain heads above changed only rows already new or changed: `changed` still holds.
    changed.sort(key=lambda o: not isinstance(o, Case))
    postgres = session.get_bind().dialect.name == "postgresql"
    with session.no_autoflush:
        if postgres or not write_rows(session, changed, new, held):
            _write_each(session, postgres, changed, new, held)
    for obj in new:
        session.expunge(obj)  # written: a later flush has nothing to insert


def changed_columns(obj: Any) -> bool:
    """`Session.is_modified` for the rows a step changes, at a tenth of its cost (it asks every attribute
    for its history): whether an attribute set since the object was read or written holds another value
    than it had. One set back to the value it had is no change."""
    state = instance_state(obj)
    current = state.dict
    for key, original in state.committed_state.items():
        value = current.get(key, NO_VALUE)
        if value is NO_VALUE or original is NO_VALUE or value != original:
            return True
    return False


def _write_each(session: Session, postgres: bool, changed: list[Any], new: list[Any], held: list[Write]) -> None:
    """PostgreSQL's one statement of CTEs, or SQLite's statement per table (a step `write_rows` cannot
    write as rows of `step_rows`)."""
    steps = [_update(o, session.identity_map) for o in changed]
    event_at: dict[str, int] = {}  # an event's hash -> its write's index (PostgreSQL)
    events = [o for o in new if isinstance(o, Event)]
    if postgres:
        before: int | None = None
        for event in events:
            steps.append(_insert_event(event, before))
            before = event_at[event.hash] = len(steps) - 1
    for obj in new:
        if not isinstance(obj, Event):
            steps.append(_insert(obj, event_at.get(obj.event.hash) if isinstance(obj, Decision) else None))
    if postgres and steps:
        _run_combined(session, steps, held)
    else:
        _run_each(session, steps, events, held)


def _update(obj: Any, identity_map: Any) -> _Step:
    """The UPDATE of a changed row: the columns changed, by primary key; with its version check."""
    state: Any = instance_state(obj)
    mapper = state.mapper
    table = mapper.local_table
    keys = sorted(k for k in state.committed_state if k in mapper.column_attrs)
    columns = {key: mapper.column_attrs[key].columns[0] for key in keys}
    values = {columns[key].name: state.dict[key] for key in keys}
    pk = mapper.primary_key[0]
    values["pk_"] = state.dict[mapper.get_property_by_column(pk).key]
    version = mapper.version_id_col
    if version is not None:
        version_key = mapper.get_property_by_column(version).key
        old = state.committed_state.get(version_key, state.dict[version_key])
        columns[version_key] = version
        values[version.name], values["old_version_"] = old + 1, old
    names = tuple(sorted(c.name for c in columns.values()))

    def build(prefix: str, _ctes: list[Any]) -> Any:
        statement = update(table).where(pk == bindparam(prefix + "pk_", type_=pk.type))
        if version is not None:
            statement = statement.where(version == bindparam(prefix + "old_version_", type_=version.type))
        return statement.values({n: bindparam(prefix + n, type_=table.c[n].type) for n in names}) \
            .returning(pk, cast(null(), String))

    def applied(rows: list[Any]) -> None:
        if not rows and version is not None:
            raise StaleDataError(f"{table.name} row changed by another writer")
        if version is not None:
            set_committed_value(obj, version_key, values[version.name])
        # Every changed column was written: the object is as committed, and the session's flush at
        # commit has nothing left of it (the ORM does the same after a flush of its own).
        state._commit_all(state.dict, identity_map)

    return _Step(("update", table.name, names, version is not None), build, values, applied)


def _insert_event(event: Event, after: int | None) -> _Step:
    """One event's INSERT (PostgreSQL); after the INSERT of the event before it, selecting from it."""

    def build(prefix: str, ctes: list[Any]) -> Any:
        binds = [bindparam(prefix + n, type_=_EVENTS.c[n].type) for n in _EVENT_COLUMNS]
        if after is None:
            statement = insert(_EVENTS).values(dict(zip(_EVENT_COLUMNS, binds)))
        else:
            statement = insert(_EVENTS).from_select(list(_EVENT_COLUMNS), select(*binds).select_from(ctes[after]))
        return statement.returning(_EVENTS.c.id, cast(_EVENTS.c.hash, String))

    def applied(rows: list[Any]) -> None:
        event.id = rows[0][0]

    return _Step(("event", after), build, {n: _column_value(event, _EVENTS.c[n]) for n in _EVENT_COLUMNS}, applied)


def _insert(obj: Any, event_write: int | None) -> _Step:
    """The INSERT of a new row; a decision's takes its event's id from the event's INSERT (PostgreSQL)
    or from the events table by the event's hash (SQLite)."""
    table: Any = instance_state(obj).mapper.local_table
    decision = isinstance(obj, Decision)
    names = tuple(c.name for c in table.c if c.name != "id" and not (decision and c.name == "event_id"))
    values = {n: _column_value(obj, table.c[n]) for n in names}
    if decision:
        values["event_hash_"] = obj.event.hash

    def build(prefix: str, ctes: list[Any]) -> Any:
        binds = [bindparam(prefix + n, type_=table.c[n].type) for n in names]
        if not decision:
            return insert(table).values(dict(zip(names, binds))).returning(table.c.id, cast(null(), String))
        source = ctes[event_write] if event_write is not None else _EVENTS
        chosen = select(source.c.id, *binds).select_from(source)
        if event_write is None:
            chosen = chosen.where(source.c.hash == bindparam(prefix + "event_hash_", type_=String))
        return insert(table).from_select(["event_id", *names], chosen).returning(table.c.id, cast(null(), String))

    def applied(rows: list[Any]) -> None:
        obj.id = rows[0][0]
        if decision:
            obj.event_id = obj.event.id

    if decision and event_write is not None:
        del values["event_hash_"]
    return _Step(("insert", table.name, names, event_write), build, values, applied)


def _run_each(session: Session, steps: list[_Step], events: list[Event], held: list[Write]) -> None:
    """SQLite (and a step without writes of its own on PostgreSQL): the case row, the events in one
    INSERT of many rows, then the other writes in order."""
    dialect = session.get_bind().dialect.name
    first, rest = steps[:1], steps[1:]
    if first and first[0].shape[0] == "update" and first[0].shape[1] == "cases":
        _send(session, dialect, first[0])
    else:
        rest = steps
    if events:
        statement = built(dialect, ("events",), "", _many_events)
        back = session.connection().execute(statement, [{n: _column_value(e, _EVENTS.c[n]) for n in _EVENT_COLUMNS}
                                           for e in events])
        by_hash = {e.hash: e for e in events}
        for event_id, event_hash in back:
            by_hash[event_hash].id = event_id
    for step in rest:
        _send(session, dialect, step)
    for write in held:
        execute_write(session, write)


def _send(session: Session, dialect: str, step: _Step) -> None:
    statement = built(dialect, step.shape, "v_", lambda prefix: step.build(prefix, []))
    step.applied(list(session.connection().execute(statement, {f"v_{k}": v for k, v in step.values.items()})))


def _many_events(_prefix: str) -> Any:
    return insert(_EVENTS).returning(_EVENTS.c.id, cast(_EVENTS.c.hash, String), sort_by_parameter_order=True)


def _run_combined(session: Session, steps: list[_Step], held: list[Write]) -> None:
    """PostgreSQL: every write a CTE of one statement, which returns (write, id, key) rows."""
    extra = [(write, i) for write in held for i in range(len(write.rows))]
    shape = ("step", tuple(s.shape for s in steps), tuple((w.shape, i) for w, i in extra))

    def build(_prefix: str) -> Any:
        ctes: list[Any] = []
        for i, step in enumerate(steps):
            ctes.append(step.build(f"w{i}_", ctes).cte(f"w{i}"))
        tagged = [select(literal(i, Integer).label("w"), cte.c[0].label("id"), cte.c[1].label("key"))
                  for i, cte in enumerate(ctes)]
        statement: Any = union_all(*tagged) if len(tagged) > 1 else tagged[0]
        held_ctes = [write.build(f"q{n}_").cte(f"q{n}") for n, (write, _) in enumerate(extra)]
        return statement.add_cte(*held_ctes) if held_ctes else statement

    params: dict[str, Any] = {}
    for i, step in enumerate(steps):
        params.update({f"w{i}_{k}": v for k, v in step.values.items()})
    for n, (write, row) in enumerate(extra):
        params.update({f"q{n}_{k}": v for k, v in write.rows[row].items()})
    results: dict[int, list[Any]] = {i: [] for i in range(len(steps))}
    # On the driver's cursor: SQLAlchemy's execute of a statement of many CTEs looks up its compiled form
    # and builds a result with column metadata on every step, about a tenth of a step on PostgreSQL.
    for tag, row_id, key in statement_rows(session.connection(), shape, lambda: build(""), params):
        results[tag].append((row_id, key))
    for i, step in enumerate(steps):
        step.applied(results[i])


def _store_head(prefix: str) -> Any:
    """The chain head of a case the step did not change otherwise (engine.store.event_log)."""
    table: Any = Case.__table__
    return update(table).where(table.c.id == bindparam(prefix + "case_id")) \
        .values(chain_head=bindparam(prefix + "head", type_=table.c.chain_head.type))


def _column_value(obj: Any, column: Any) -> Any:
    """The attribute's value, or the column's Python default for one never set (as the ORM would)."""
    mapper = instance_state(obj).mapper
    key = mapper.get_property_by_column(column).key
    value = instance_state(obj).dict.get(key)
    if value is None and column.default is not None and column.default.is_scalar:
        value = column.default.arg
        setattr(obj, key, value)
    return value
