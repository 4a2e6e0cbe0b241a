"""The database as the operator handles it: bring the schema up to date, verify the event log."""
from __future__ import annotations

from engine.application.deps import Deps
from engine.store.event_log import verify_chain
from engine.store.migrate import upgrade


def upgrade_schema(deps: Deps) -> str:
    """Apply every pending migration; returns where the database is (without its password)."""
    upgrade(deps.db)
    return deps.db.url.render_as_string(hide_password=True)


def verify_log(deps: Deps) -> tuple[int, int | None]:
    """(entries checked, the first broken entry or None) of the event log's hash chain."""
    with deps.sessions() as session:
        return verify_chain(session)
