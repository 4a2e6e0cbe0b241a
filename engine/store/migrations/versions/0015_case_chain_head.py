"""the hash of each case's last event on the case row (`cases.chain_head`), so a writer that reads and
locks the case has its chain head with it

Revision ID: 0015_case_chain_head
Revises: 0014_decisions
Create Date: 2026-12-06
"""
import sqlalchemy as sa
from alembic import op

revision = "0015_case_chain_head"
down_revision = "0014_decisions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("chain_head", sa.String(length=64), nullable=True))
    op.execute("UPDATE cases SET chain_head = (SELECT e.hash FROM events e WHERE e.case_id = cases.id "
               "ORDER BY e.id DESC LIMIT 1)")


def downgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("chain_head")
