"""letters due: a decision records the letter it asks for; the letter is rendered after the decision's
transaction, outside the write lock, and a request left behind by a crash is issued on recovery

Revision ID: 0013_letters_due
Revises: 0012_case_chains
Create Date: 2026-12-06
"""
import sqlalchemy as sa
from alembic import op

revision = "0013_letters_due"
down_revision = "0012_case_chains"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "letters_due",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("decision_key", sa.String(length=64), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=128), nullable=False),
        sa.Column("role", sa.String(length=64), nullable=True),
        sa.Column("purpose", sa.String(length=256), nullable=True),
        sa.Column("issued_letter_id", sa.Integer(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error_class", sa.String(length=128), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"]),
        sa.ForeignKeyConstraint(["issued_letter_id"], ["letters.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("case_id", "decision_key"),
    )
    op.create_index("ix_letters_due_open", "letters_due", ["issued_letter_id"])


def downgrade() -> None:
    op.drop_index("ix_letters_due_open", table_name="letters_due")
    op.drop_table("letters_due")
