"""The database as the operator handles it: bring the schema up to date, verify the event log, seal
its chains in an anchor."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from engine.application.deps import Deps
from engine.store.db import UnitOfWork, read_session
from engine.store.event_log import anchor_chains, verify_chain
from engine.store.migrate import upgrade


@dataclass(frozen=True)
class Anchored:
    id: int
    chains: int  # how many chains' heads the anchor seals


def upgrade_schema(deps: Deps) -> str:
    """Apply every pending migration; returns where the database is (without its password)."""
    upgrade(deps.db)
    return deps.db.url.render_as_string(hide_password=True)


def verify_log(deps: Deps) -> tuple[int, int | None]:
    """(entries checked, the first broken entry or None) of the event log's hash chain."""
    with read_session(deps.sessions) as session:
        return verify_chain(session)


def anchor_log(deps: Deps, at: dt.datetime) -> Anchored:
    """Seal the head of every case's chain in a new anchor (the timer worker does so hourly)."""
    with UnitOfWork(deps.sessions) as uow:
        anchor = anchor_chains(uow.session, at)
        uow.commit()
    return Anchored(anchor.id, len(anchor.heads))
