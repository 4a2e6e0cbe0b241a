"""merge the access and letters branches

The case-party tables and the letter store were added side by side on top of 0002; this joins them so
the next migration has one parent.

Revision ID: 0004
Revises: 0003_access, 0003_letters
Create Date: 2026-11-28
"""

revision = "0004"
down_revision = ("0003_access", "0003_letters")
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
