"""the installation's audit key: data hashes in the event log are keyed (HMAC), not guessable

Revision ID: 0007_audit_key
Revises: 0006_timer_derivation
Create Date: 2026-12-06
"""
import secrets

import sqlalchemy as sa
from alembic import op

revision = "0007_audit_key"
down_revision = "0006_timer_derivation"
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = op.create_table(
        "audit_key",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.bulk_insert(table, [{"id": 1, "key": secrets.token_hex(32)}])


def downgrade() -> None:
    op.drop_table("audit_key")
