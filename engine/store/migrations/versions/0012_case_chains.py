"""one hash chain per case instead of one for the whole log, tied together by periodic anchors

The entries written before this revision keep the rule they were written under (each chains to its
predecessor in the whole log): rewriting them would destroy the very proof they carry. The cut-over is
recorded as the first anchor: the id and hash of the last entry under the old rule. `verify_chain`
checks entries up to it under the old rule and every later entry against the previous entry of its
own case.

Revision ID: 0012_case_chains
Revises: 0011_sessions_and_secrets
Create Date: 2026-12-06
"""
import datetime as dt
import hashlib
import json

import sqlalchemy as sa
from alembic import op

revision = "0012_case_chains"
down_revision = "0011_sessions_and_secrets"
branch_labels = None
depends_on = None

GENESIS = "0" * 64


def upgrade() -> None:
    op.create_index("ix_events_case_chain", "events", ["case_id", "id"])
    anchors = op.create_table(
        "chain_anchors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("legacy_last_id", sa.Integer(), nullable=True),
        sa.Column("heads", sa.JSON(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("hash"),
    )
    bind = op.get_bind()
    last = bind.execute(sa.text("SELECT id, hash FROM events ORDER BY id DESC LIMIT 1")).first()
    last_id, last_hash = (last[0], last[1]) if last else (0, GENESIS)
    heads = {"legacy": [last_id, last_hash]}
    # The same body as engine.store.event_log.anchor_hash (a migration does not import the app).
    body = json.dumps({"kind": "cutover", "legacy_last_id": last_id, "heads": heads}, sort_keys=True,
                      separators=(",", ":"))
    now = dt.datetime.now(dt.timezone.utc)
    if bind.dialect.name == "sqlite":
        now = now.replace(tzinfo=None)
    op.bulk_insert(anchors, [{"at": now, "kind": "cutover", "legacy_last_id": last_id, "heads": heads,
                              "prev_hash": GENESIS,
                              "hash": hashlib.sha256((GENESIS + body).encode()).hexdigest()}])


def downgrade() -> None:
    op.drop_table("chain_anchors")
    op.drop_index("ix_events_case_chain", table_name="events")
