"""timer failures kept on the timer row; worker heartbeats

Revision ID: 0006_timer_failures
Revises: 0005
Create Date: 2026-12-06
"""
import sqlalchemy as sa
from alembic import op

revision = "0006_timer_failures"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("timers") as batch:
        batch.add_column(sa.Column("attempts", sa.Integer(), server_default="0", nullable=False))
        batch.add_column(sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("last_error_class", sa.String(length=128), nullable=True))
        batch.add_column(sa.Column("last_error", sa.String(length=256), nullable=True))
        batch.add_column(sa.Column("last_failed_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "worker_heartbeats",
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("beat_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("fired", sa.Integer(), nullable=False),
        sa.Column("failed", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )


def downgrade() -> None:
    op.drop_table("worker_heartbeats")
    with op.batch_alter_table("timers") as batch:
        batch.drop_column("last_failed_at")
        batch.drop_column("last_error")
        batch.drop_column("last_error_class")
        batch.drop_column("next_attempt_at")
        batch.drop_column("attempts")
