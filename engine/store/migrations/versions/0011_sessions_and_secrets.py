"""server-side sign-in sessions, expiring tokens, TOTP secrets sealed at rest, signed audit checkpoints

Revision ID: 0011_sessions_and_secrets
Revises: 0010_ind_links
Create Date: 2026-12-06
"""
import sqlalchemy as sa
from alembic import op

revision = "0011_sessions_and_secrets"
down_revision = "0010_ind_links"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "web_sessions",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_web_sessions_user_id", "web_sessions", ["user_id"])
    op.create_index("ix_web_sessions_expires_at", "web_sessions", ["expires_at"])
    op.create_table(
        "audit_checkpoints",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("event_hash", sa.String(length=64), nullable=False),
        sa.Column("entries", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("signature", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("token_expires_at", sa.DateTime(timezone=True), nullable=True))
        batch.alter_column("totp_secret", type_=sa.String(length=256), existing_type=sa.String(length=64))
    _seal_existing_totp_secrets()


def _seal_existing_totp_secrets() -> None:
    """Secrets stored plain before this revision are sealed with the master key (created in the
    instance folder when neither it nor ERKEND_MASTER_KEY exists yet, as for a demo)."""
    from engine.secrets_box import SEALED_PREFIX, SecretBox, load_master_key

    bind = op.get_bind()
    users = sa.table("users", sa.column("id", sa.Integer()), sa.column("totp_secret", sa.String()))
    rows = bind.execute(sa.select(users.c.id, users.c.totp_secret).where(users.c.totp_secret.is_not(None))).all()
    plain = [(row.id, row.totp_secret) for row in rows if not row.totp_secret.startswith(SEALED_PREFIX)]
    if not plain:
        return
    box = SecretBox(load_master_key(create=True))
    for user_id, secret in plain:
        bind.execute(users.update().where(users.c.id == user_id).values(totp_secret=box.seal(secret)))


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("token_expires_at")
    op.drop_table("audit_checkpoints")
    op.drop_index("ix_web_sessions_expires_at", "web_sessions")
    op.drop_index("ix_web_sessions_user_id", "web_sessions")
    op.drop_table("web_sessions")
