"""the workflow a case ran until it closed, kept when the case reopens for an objection received after
it closed (`closed_workflows`)

Revision ID: 0016_closed_workflows
Revises: 0015_case_chain_head
Create Date: 2026-12-06
"""
import sqlalchemy as sa
from alembic import op

revision = "0016_closed_workflows"
down_revision = "0015_case_chain_head"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "closed_workflows",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("cases.id", ondelete="CASCADE"), nullable=False),
        sa.Column("process_id", sa.String(length=128), nullable=False),
        sa.Column("model_version", sa.String(length=64), sa.ForeignKey("model_versions.version"), nullable=False),
        sa.Column("state", sa.Text(), nullable=False),
        sa.Column("serializer_version", sa.String(length=16), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reopened_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_closed_workflows_case_id", "closed_workflows", ["case_id"])


def downgrade() -> None:
    op.drop_index("ix_closed_workflows_case_id", table_name="closed_workflows")
    op.drop_table("closed_workflows")
