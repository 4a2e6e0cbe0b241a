"""SQLite: a step's writes in one statement, `INSERT INTO step_rows (...) VALUES (...), (...) RETURNING ...`.

`step_rows` is a view whose `INSTEAD OF INSERT` triggers (migration 0018) apply each row by its `op`, in
the order given: the case's UPDATE with its version check, the events, timers, decisions, letter
requests, open-task and link rows. The statement stops at the first failing row and SQLite undoes all of
it: a changed case version aborts it with `STALE`, reported as `StaleDataError` (a `Conflict`) as the
case's own UPDATE did. Its RETURNING clause gives each new row's id, found by the row's unique key
(an event's hash, a timer's case and task, a letter request's case and decision key), so the objects
written have their ids as after the ORM's flush.

Values are bound as the ORM binds them: each through the bind processor of its own table's column
(aware datetimes as naive UTC text, JSON as text), so the ORM reads back what it would have written.
The SQL is built once per shape (ops and columns of each row); only the values change.

A step this module cannot write exactly (a table with a column the triggers do not know, a held-back
write of another shape, a database without the view) is left to the caller's statement-per-table path.
"""
from __future__ import annotations

import weakref
from typing import Any, Iterable, NamedTuple

from sqlalchemy import inspect
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import instance_state, set_committed_value
from sqlalchemy.orm.exc import StaleDataError

from engine.store.db import Write, built, driver_rows
from engine.store.tables import Case, CaseLink, Decision, Event, LetterDue, OpenTask, Timer

STALE = "erkend: the case row changed"  # raised by the `case` trigger (migration 0018)

# What the triggers of migration 0018 write, per op: the table and its columns (besides the keys).
OPS: dict[str, tuple[Any, tuple[str, ...]]] = {
    "case": (Case.__table__, ("reference", "process_id", "variant", "model_version", "status", "created_at",
                              "updated_at", "completed_at", "state", "serializer_version", "chain_head",
                              "legal_values")),
    "chain_head": (Case.__table__, ("chain_head",)),
    "event": (Event.__table__, ("case_id", "at", "kind", "actor", "role", "purpose", "details", "prev_hash",
                                "hash")),
    "timer": (Timer.__table__, ("case_id", "task_id", "name", "due_at", "status", "fired_at", "attempts",
                                "next_attempt_at", "last_error_class", "last_error", "last_failed_at",
                                "process_id", "derivation")),
    "decision": (Decision.__table__, ("case_id", "decision", "outcome", "at", "actor", "role", "model_version",
                                      "variant")),
    "letter_due": (LetterDue.__table__, ("case_id", "decision_key", "payload", "requested_at", "actor", "role",
                                         "purpose", "issued_letter_id", "attempts", "last_error_class")),
    "open_task": (OpenTask.__table__, ("case_id", "task_id", "name", "title", "lane", "form_key", "process_id",
                                       "ready_since")),
    "open_task_gone": (OpenTask.__table__, ("case_id", "task_id")),
    "case_link": (CaseLink.__table__, ("case_id", "role", "because", "linked_at")),
}
OPS["timer_change"] = OPS["timer"]
_KEYS = {"id", "row_version", "event_id"}  # written by the triggers themselves, never from a value
_INSERT_OP = {Event: "event", Timer: "timer", Decision: "decision", LetterDue: "letter_due"}
_UPDATE_OP = {Case: "case", Timer: "timer_change"}
_HELD_OP = {("gone", "open_tasks"): "open_task_gone", ("missing", "open_tasks"): "open_task",
            ("missing", "case_links"): "case_link", ("chain_head",): "chain_head"}
_VIEW_COLUMNS = ("row_id", "old_version", "changed", *dict.fromkeys(
    c for _table, columns in OPS.values() for c in columns), "event_hash")
# The new row's id, by its unique key, once its trigger has inserted it.
_RETURNING = (" RETURNING seq, CASE op"
              " WHEN 'event' THEN (SELECT e.id FROM events e WHERE e.hash = step_rows.hash)"
              " WHEN 'timer' THEN (SELECT t.id FROM timers t WHERE t.case_id = step_rows.case_id"
              " AND t.task_id = step_rows.task_id)"
              " WHEN 'decision' THEN (SELECT d.id FROM decisions d JOIN events e ON e.id = d.event_id"
              " WHERE e.hash = step_rows.event_hash)"
              " WHEN 'letter_due' THEN (SELECT l.id FROM letters_due l WHERE l.case_id = step_rows.case_id"
              " AND l.decision_key = step_rows.decision_key) END")
_MAX_ROWS = 400  # beyond, the per-table path (SQLite's limits on a statement's terms and variables)


def _complete(op: str) -> bool:
    """Whether the op's trigger writes every column its table has (a column added to the table since
    migration 0018 would be lost: such rows go the per-table way until a migration covers it)."""
    table, columns = OPS[op]
    return op in ("chain_head", "open_task_gone") or {c.name for c in table.c} - _KEYS <= set(columns)


_COMPLETE = frozenset(op for op in OPS if _complete(op))


class _Row(NamedTuple):
    op: str
    values: dict[str, Any]  # view column -> value as the ORM would bind it (before its bind processor)
    obj: Any  # the object written, or None


_ORDER = {name: i for i, name in enumerate(_VIEW_COLUMNS)}
_WRITTEN = {op: frozenset(columns) for op, (_table, columns) in OPS.items()}
# Per op that writes an object: its attribute key -> column name, and what to read for a new row (column,
# attribute key, Python default) in the view's column order. Looked up once, not per value.
_COLUMN_OF = {op: {inspect(cls).get_property_by_column(c).key: c.name for c in OPS[op][0].c}
              for cls, op in [*_INSERT_OP.items(), *_UPDATE_OP.items()]}
_READ = {op: tuple((c.name, inspect(cls).get_property_by_column(c).key,
                    c.default.arg if c.default is not None and c.default.is_scalar else None)
                   for c in sorted((OPS[op][0].c[n] for n in OPS[op][1]), key=lambda c: _ORDER[c.name]))
         for cls, op in _INSERT_OP.items()}
_PROCESSORS: weakref.WeakKeyDictionary[Any, dict[str, dict[str, Any]]] = weakref.WeakKeyDictionary()


def _processors(dialect: Any) -> dict[str, dict[str, Any]]:
    """Per op, each column's bind processor for this dialect (None: the value goes as it is)."""
    found = _PROCESSORS.get(dialect)
    if found is None:
        found = _PROCESSORS[dialect] = {
            op: {c.name: c.type._cached_bind_processor(dialect) for c in table.c} for op, (table, _c) in OPS.items()}
    return found


def _row(op: str, values: dict[str, Any], obj: Any = None) -> _Row:
    """A row with its values in the view's column order (the order of the statement's placeholders)."""
    return _Row(op, {n: values[n] for n in sorted(values, key=_ORDER.__getitem__)}, obj)


def write_rows(session: Session, changed: list[Any], new: list[Any], held: list[Write]) -> bool:
    """Write the step in one statement; False (and nothing sent) when it cannot be written so."""
    rows = _rows(changed, new, held)
    if rows is None:
        return False
    if not rows:
        return True
    shape = tuple((row.op, tuple(row.values)) for row in rows)
    sql = built("sqlite", ("step_rows", shape), "", lambda _prefix: _sql(shape))
    params: list[Any] = []
    processors = _processors(session.get_bind().dialect)
    for row in rows:
        of_op = processors[row.op]
        for name, value in row.values.items():
            process = of_op.get(name)  # None also for the view's own keys (row_id, old_version, ...)
            params.append(process(value) if process is not None else value)
    try:
        returned = driver_rows(session.connection(), sql, tuple(params))
    except IntegrityError as error:
        if STALE in str(error.orig):
            raise StaleDataError("cases row changed by another writer") from error
        raise
    except OperationalError as error:
        if "no such table: step_rows" in str(error.orig):
            return False  # a schema before migration 0018
        raise
    ids: dict[int, int | None] = {seq: row_id for seq, row_id in returned}
    for seq, row in enumerate(rows):
        if row.obj is not None and row.op in _INSERT_OP.values():
            if ids.get(seq) is None:  # never for a row its trigger inserted: its key is unique
                raise RuntimeError(f"the {row.op} row written by step_rows was not found by its key")
            row.obj.id = ids[seq]
    for row in rows:
        if row.op == "decision":
            row.obj.event_id = row.obj.event.id
        elif row.op in ("case", "timer_change"):
            _committed(session, row)
    return True


def _rows(changed: list[Any], new: list[Any], held: list[Write]) -> list[_Row] | None:
    """The step's rows in the order the per-table path writes them: the case (`changed` comes case
    first), the events, the other changed rows, the other new rows, the held-back writes. None: a row
    this statement cannot write."""
    first = [o for o in changed[:1] if isinstance(o, Case)]
    rows = [*map(_update, first), *(_insert(o) for o in new if isinstance(o, Event)),
            *map(_update, changed[len(first):]), *(_insert(o) for o in new if not isinstance(o, Event))]
    for write in held:
        rows.extend(_held(write))
    if any(row is None or row.op not in _COMPLETE for row in rows) or len(rows) > _MAX_ROWS:
        return None
    return [row for row in rows if row is not None]


def _update(obj: Any) -> _Row | None:
    """The changed columns of a case or timer row, by its id (a case's with the version read)."""
    op = _UPDATE_OP.get(type(obj))
    if op is None:
        return None
    state = instance_state(obj)
    written = _WRITTEN[op]
    keys = sorted((k for k in state.committed_state if k in _COLUMN_OF[op]), key=lambda k: _ORDER[_COLUMN_OF[op][k]])
    if any(_COLUMN_OF[op][k] not in written for k in keys):
        return None
    names = [_COLUMN_OF[op][k] for k in keys]
    values: dict[str, Any] = {"row_id": obj.id}  # the view's own keys first, in its column order
    if op == "case":
        values["old_version"] = obj.row_version
    values["changed"] = "," + ",".join(names) + ","
    values.update(zip(names, (state.dict[k] for k in keys)))
    return _Row(op, values, obj)


def _insert(obj: Any) -> _Row | None:
    """Every column of a new row (a column never set takes its Python default, as the ORM would)."""
    op = _INSERT_OP.get(type(obj))
    if op is None:
        return None
    found = instance_state(obj).dict
    values = {}
    for name, key, default in _READ[op]:
        value = found.get(key)
        if value is None and default is not None:
            value = default
            setattr(obj, key, value)
        values[name] = value
    if op == "decision":
        values["event_hash"] = obj.event.hash  # the last column of the view
    return _Row(op, values, obj)


def _held(write: Write) -> Iterable[_Row | None]:
    op = _HELD_OP.get(write.shape[:2] if write.shape[0] == "missing" else write.shape)
    if op is None or (op in ("open_task", "case_link") and not set(write.shape[2]) <= set(OPS[op][1])):
        return [None]
    if op == "open_task_gone":
        return [_row(op, {"case_id": row["case_id"], "task_id": row["task_id"]}) for row in write.rows]
    if op == "chain_head":
        return [_row(op, {"row_id": row["case_id"], "chain_head": row["head"]}) for row in write.rows]
    return [_row(op, dict(row)) for row in write.rows]


def _sql(shape: tuple[tuple[str, tuple[str, ...]], ...]) -> str:
    used = set(name for _op, names in shape for name in names)
    columns = [c for c in _VIEW_COLUMNS if c in used]
    # A row's values are in the view's column order (`_row`), so its placeholders take them in turn.
    values = [f"({seq}, '{op}', " + ", ".join("?" if c in names else "NULL" for c in columns) + ")"
              for seq, (op, names) in enumerate(shape)]
    # Column names from the view's own list and op names from OPS; every value is a bound parameter.
    return f"INSERT INTO step_rows (seq, op, {', '.join(columns)}) VALUES {', '.join(values)}" + _RETURNING  # nosec B608


def _committed(session: Session, row: _Row) -> None:
    """The changed object as the ORM leaves it after its own flush: every change written, the version
    one up."""
    state = instance_state(row.obj)
    if row.op == "case":
        set_committed_value(row.obj, "row_version", row.values["old_version"] + 1)
    state._commit_all(state.dict, session.identity_map)
