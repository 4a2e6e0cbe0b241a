"""case parties: lawyer, guardian, panel and investigator links that case access is decided on

Revision ID: 0003_access
Revises: 0002
Create Date: 2026-11-28
"""
import sqlalchemy as sa
from alembic import op

revision = "0003_access"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "case_parties",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("linked_by", sa.String(length=128), nullable=False),
        sa.Column("linked_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("case_id", "username", "kind"),
    )
    op.create_index("ix_case_parties_case_id", "case_parties", ["case_id"])
    op.create_index("ix_case_parties_user", "case_parties", ["username", "kind"])


def downgrade() -> None:
    op.drop_index("ix_case_parties_user", table_name="case_parties")
    op.drop_index("ix_case_parties_case_id", table_name="case_parties")
    op.drop_table("case_parties")
