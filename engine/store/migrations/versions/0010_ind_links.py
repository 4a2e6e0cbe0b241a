"""IND access from a recorded link: a case_links row (role `ind`) written with each decision, backfilled
from the decisions already in the event log

Revision ID: 0010_ind_links
Revises: 0009_retention
Create Date: 2026-12-06
"""
import sqlalchemy as sa
from alembic import op

revision = "0010_ind_links"
down_revision = "0009_retention"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "case_links",
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("because", sa.String(length=64), nullable=False),
        sa.Column("linked_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("case_id", "role"),
    )
    op.create_index("ix_case_links_role", "case_links", ["role", "case_id"])
    # Until now the IND saw a case once any decision had been taken in it (read from the event log):
    # the link takes the moment of the first decision, so nobody gains or loses access by the upgrade.
    op.execute(
        "INSERT INTO case_links (case_id, role, because, linked_at) "
        "SELECT case_id, 'ind', 'decision_taken', MIN(at) FROM events "
        "WHERE kind = 'decision_taken' AND case_id IS NOT NULL GROUP BY case_id"
    )


def downgrade() -> None:
    op.drop_table("case_links")
