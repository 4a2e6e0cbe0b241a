"""decisions with their outcomes in a table of their own (purged with the case); the decision_taken event
keeps a keyed hash of the outcome instead of the answer itself

Revision ID: 0014_decisions
Revises: 0013_letters_due
Create Date: 2026-12-06
"""
import json

import sqlalchemy as sa
from alembic import op

revision = "0014_decisions"
down_revision = "0013_letters_due"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("decision", sa.String(length=128), nullable=False),
        sa.Column("outcome", sa.String(length=128), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=128), nullable=False),
        sa.Column("role", sa.String(length=64), nullable=True),
        sa.Column("model_version", sa.String(length=64), nullable=True),
        sa.Column("variant", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("event_id"),
    )
    op.create_index("ix_decisions_case_id", "decisions", ["case_id"])
    # Backfill from the decisions already taken, in cases that still exist (a purged case's decisions go
    # with it). The outcome comes from the old events' details; those events stay as they are: the log is
    # hash-chained, and changing an entry would break every hash after it.
    bind = op.get_bind()
    rows = bind.execute(sa.text(
        "SELECT e.id, e.case_id, e.at, e.actor, e.role, e.details FROM events e "
        "JOIN cases c ON c.id = e.case_id WHERE e.kind = 'decision_taken' ORDER BY e.id"
    )).all()
    backfill = []
    for event_id, case_id, at, actor, role, details in rows:
        if isinstance(details, str):  # SQLite hands JSON back as text
            details = json.loads(details)
        details = details or {}
        outcome = details.get("outcome")
        backfill.append({"case_id": case_id, "event_id": event_id, "decision": str(details.get("decision") or ""),
                         "outcome": None if outcome is None else str(outcome), "at": at, "actor": actor,
                         "role": role, "model_version": details.get("model_version"),
                         "variant": details.get("variant")})
    if backfill:
        # plain SQL binds: each moment goes back exactly as the database handed it out
        bind.execute(sa.text(
            "INSERT INTO decisions (case_id, event_id, decision, outcome, at, actor, role, model_version, variant) "
            "VALUES (:case_id, :event_id, :decision, :outcome, :at, :actor, :role, :model_version, :variant)"
        ), backfill)


def downgrade() -> None:
    op.drop_index("ix_decisions_case_id", table_name="decisions")
    op.drop_table("decisions")
