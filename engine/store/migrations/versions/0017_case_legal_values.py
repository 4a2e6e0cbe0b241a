"""the legal values of each case on its row (`cases.legal_values`), out of the task data of its saved state

Until now a case carried its legal values (`policy`) in the data of its first task, and the library copied
them into every task after it. They move to the case row unchanged: a running case keeps the values it
started under, whatever the policy files say today. The saved state loses every `policy` key of its task
data (full data and deltas, the called procedures' included) and of its workflows' data; nothing else in
the state changes, its key order included (the library restores task data as deltas in that order). The workflows
kept when a case reopened (`closed_workflows`) are history and keep their state as it was saved (the
runtime still reads a state with `policy` in its task data).

Revision ID: 0017_case_legal_values
Revises: 0016_closed_workflows
Create Date: 2026-12-06
"""
import json
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0017_case_legal_values"
down_revision = "0016_closed_workflows"
branch_labels = None
depends_on = None

NAME = "policy"
BATCH = 200


def split_state(state: str) -> tuple[str, Any]:
    """(the state without `policy` in any task or workflow data, the values its top workflow's first task
    held, or None when it held none)."""
    doc = json.loads(state)
    found = _strip_workflow(doc)
    for sub in (doc.get("subprocesses") or {}).values():
        sub_found = _strip_workflow(sub)
        found = found if found is not None else sub_found
    return json.dumps(doc, separators=(",", ":")), found


def _strip_workflow(workflow: dict[str, Any]) -> Any:
    tasks = workflow.get("tasks") or {}
    root = tasks.get(workflow.get("root") or "")
    found = (root or {}).get("data", {}).get(NAME)
    for task in tasks.values():
        found = found if found is not None else (task.get("data") or {}).get(NAME)
        (task.get("data") or {}).pop(NAME, None)
        delta = task.get("delta") or {}
        (delta.get("updates") or {}).pop(NAME, None)
        if isinstance(delta.get("deletions"), list) and NAME in delta["deletions"]:
            delta["deletions"].remove(NAME)
    if isinstance(workflow.get("data"), dict):
        found = found if found is not None else workflow["data"].get(NAME)
        workflow["data"].pop(NAME, None)
    return found


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("legal_values", sa.JSON(), nullable=True))
    cases = sa.table("cases", sa.column("id", sa.Integer), sa.column("state", sa.Text),
                     sa.column("legal_values", sa.JSON))
    connection = op.get_bind()
    last = 0
    while True:
        rows = connection.execute(sa.select(cases.c.id, cases.c.state).where(cases.c.id > last)
                                  .where(cases.c.state.like(f'%"{NAME}"%')).order_by(cases.c.id).limit(BATCH)).all()
        if not rows:
            break
        for case_id, state in rows:
            stripped, values = split_state(state)
            if values is not None:
                connection.execute(sa.update(cases).where(cases.c.id == case_id)
                                   .values(state=stripped, legal_values=values))
        last = rows[-1][0]


def downgrade() -> None:
    """The values go back into the task data of the first task of each of the case's workflows (the
    library hands them on to the tasks after it when it loads the state)."""
    cases = sa.table("cases", sa.column("id", sa.Integer), sa.column("state", sa.Text),
                     sa.column("legal_values", sa.JSON))
    connection = op.get_bind()
    for case_id, state, values in connection.execute(
            sa.select(cases.c.id, cases.c.state, cases.c.legal_values).where(cases.c.legal_values.is_not(None))).all():
        doc = json.loads(state)
        for workflow in (doc, *(doc.get("subprocesses") or {}).values()):
            root = (workflow.get("tasks") or {}).get(workflow.get("root") or "")
            if root is not None:
                root["data"] = {NAME: values, **(root.get("data") or {})}
        connection.execute(sa.update(cases).where(cases.c.id == case_id)
                           .values(state=json.dumps(doc, separators=(",", ":"))))
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("legal_values")
