"""the record of cases purged under the retention policy: reference and dates, no content

Revision ID: 0009_retention
Revises: 0008_simulation_runs
Create Date: 2026-12-06
"""
import sqlalchemy as sa
from alembic import op

revision = "0009_retention"
down_revision = "0008_simulation_runs"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "purged_cases",
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=32), nullable=True),
        sa.Column("process_id", sa.String(length=128), nullable=False),
        sa.Column("variant", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("retention_term", sa.String(length=32), nullable=False),
        sa.Column("expired_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("purged_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("purged_by", sa.String(length=128), nullable=False),
        sa.Column("letters", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("case_id"),
    )


def downgrade() -> None:
    op.drop_table("purged_cases")
