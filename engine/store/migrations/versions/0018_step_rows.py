"""SQLite: a step's writes as one statement, an INSERT of many rows into the view `step_rows`

SQLite has no data-modifying CTEs. A view with `INSTEAD OF INSERT` triggers takes their place: each row
inserted into `step_rows` names in `op` which write it is, and the trigger of that op applies it, row
after row in the order given, all in one statement (engine.store.step_rows builds it). A row of op
`case` checks the case's row version first and aborts the whole statement when it changed (nothing of
the step is written); a decision finds its event by the event's unique hash. The view itself holds no
rows.

The column lists here must stay those of engine.store.step_rows (`OPS`). A later migration that adds a
column to one of the tables written here creates the triggers again with it; until then the writer
sends the steps writing that table statement by statement (it compares the tables' columns with `OPS`).
One that rebuilds such a table (a batch operation that copies it, on SQLite any drop or change of a
column) must drop the view first: SQLite refuses to rename the copy into place while a trigger names
the table. Dropping the view drops its triggers with it.

PostgreSQL writes a step as one statement of data-modifying CTEs and needs none of this.

Revision ID: 0018_step_rows
Revises: 0017_case_legal_values
Create Date: 2026-12-06
"""
from alembic import op

revision = "0018_step_rows"
down_revision = "0017_case_legal_values"
branch_labels = None
depends_on = None

# Every column of the view: which write the row is (`op`, `seq` its place in the statement), the key of a
# changed row with its version as read and the names of its changed columns, then the columns of the
# tables written (one column for a name several tables share).
COLUMNS = (
    "seq", "op", "row_id", "old_version", "changed",
    # cases
    "reference", "process_id", "variant", "model_version", "status", "created_at", "updated_at", "completed_at",
    "state", "serializer_version", "chain_head", "legal_values",
    # events
    "case_id", "at", "kind", "actor", "role", "purpose", "details", "prev_hash", "hash",
    # timers
    "task_id", "name", "due_at", "fired_at", "attempts", "next_attempt_at", "last_error_class", "last_error",
    "last_failed_at", "derivation",
    # decisions (`event_hash`: the hash of the decision's event)
    "event_hash", "decision", "outcome",
    # letters_due
    "decision_key", "payload", "requested_at", "issued_letter_id",
    # open_tasks
    "title", "lane", "form_key", "ready_since",
    # case_links
    "because", "linked_at",
)

CASE_COLUMNS = ("reference", "process_id", "variant", "model_version", "status", "created_at", "updated_at",
                "completed_at", "state", "serializer_version", "chain_head", "legal_values")
TIMER_COLUMNS = ("case_id", "task_id", "name", "due_at", "status", "fired_at", "attempts", "next_attempt_at",
                 "last_error_class", "last_error", "last_failed_at", "process_id", "derivation")
EVENT_COLUMNS = ("case_id", "at", "kind", "actor", "role", "purpose", "details", "prev_hash", "hash")
DECISION_COLUMNS = ("case_id", "decision", "outcome", "at", "actor", "role", "model_version", "variant")
LETTER_DUE_COLUMNS = ("case_id", "decision_key", "payload", "requested_at", "actor", "role", "purpose",
                      "issued_letter_id", "attempts", "last_error_class")
OPEN_TASK_COLUMNS = ("case_id", "task_id", "name", "title", "lane", "form_key", "process_id", "ready_since")
CASE_LINK_COLUMNS = ("case_id", "role", "because", "linked_at")

STALE = "erkend: the case row changed"  # engine.store.step_rows reports it as StaleDataError
NO_EVENT = "erkend: a decision without its event"


def _changed(columns: tuple[str, ...]) -> str:
    """SET each column to the row's value when `changed` names it (`,a,b,`), else leave it as it is."""
    return ", ".join(f"{c} = CASE WHEN instr(NEW.changed, ',{c},') > 0 THEN NEW.{c} ELSE {c} END" for c in columns)


def _insert(table: str, columns: tuple[str, ...], tail: str = "") -> str:
    # Table and column names are this module's constants; values come only from NEW.
    return (f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('NEW.' + c for c in columns)})"  # nosec B608
            f"{tail};")


TRIGGERS = {
    # The SQL below is built from this module's constant names only (no value is ever formatted in).
    "case": (
        f"SELECT RAISE(ABORT, '{STALE}')"
        " WHERE NOT EXISTS (SELECT 1 FROM cases WHERE id = NEW.row_id AND row_version = NEW.old_version);"
        f" UPDATE cases SET {_changed(CASE_COLUMNS)}, row_version = NEW.old_version + 1"  # nosec B608
        " WHERE id = NEW.row_id;"),
    "chain_head": "UPDATE cases SET chain_head = NEW.chain_head WHERE id = NEW.row_id;",
    "event": _insert("events", EVENT_COLUMNS),
    "timer": _insert("timers", TIMER_COLUMNS),
    "timer_change": f"UPDATE timers SET {_changed(TIMER_COLUMNS)} WHERE id = NEW.row_id;",  # nosec B608
    "decision": (
        f"SELECT RAISE(ABORT, '{NO_EVENT}') WHERE NOT EXISTS (SELECT 1 FROM events WHERE hash = NEW.event_hash);"
        f" INSERT INTO decisions (event_id, {', '.join(DECISION_COLUMNS)})"
        f" SELECT id, {', '.join('NEW.' + c for c in DECISION_COLUMNS)}"  # nosec B608
        " FROM events WHERE hash = NEW.event_hash;"),
    "letter_due": _insert("letters_due", LETTER_DUE_COLUMNS),
    "open_task": _insert("open_tasks", OPEN_TASK_COLUMNS, " ON CONFLICT DO NOTHING"),
    "open_task_gone": "DELETE FROM open_tasks WHERE case_id = NEW.case_id AND task_id = NEW.task_id;",
    "case_link": _insert("case_links", CASE_LINK_COLUMNS, " ON CONFLICT DO NOTHING"),
}


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    nothing = ", ".join(f"NULL AS {c}" for c in COLUMNS)
    op.execute(f"CREATE VIEW step_rows AS SELECT {nothing} WHERE 0")
    for name, body in TRIGGERS.items():
        op.execute(f"CREATE TRIGGER step_rows_{name} INSTEAD OF INSERT ON step_rows WHEN NEW.op = '{name}' "
                   f"BEGIN {body.strip()} END")


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("DROP VIEW IF EXISTS step_rows")  # its triggers with it
