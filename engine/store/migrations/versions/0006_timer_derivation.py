"""timers keep the process they belong to and how the engine derived their due moment

Revision ID: 0006_timer_derivation
Revises: 0006_timer_failures
Create Date: 2026-12-06
"""
import sqlalchemy as sa
from alembic import op

revision = "0006_timer_derivation"
down_revision = "0006_timer_failures"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("timers") as batch:
        batch.add_column(sa.Column("process_id", sa.String(length=128), nullable=True))
        batch.add_column(sa.Column("derivation", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("timers") as batch:
        batch.drop_column("derivation")
        batch.drop_column("process_id")
