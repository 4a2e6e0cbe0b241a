"""Policy makers' figures: pseudonymised aggregates only (engine.queries.aggregates)."""
from __future__ import annotations

import datetime as dt
from typing import Any

from engine.application.deps import Deps
from engine.queries.aggregates import aggregates


def policy_figures(deps: Deps, since: dt.datetime | None = None, until: dt.datetime | None = None,
                   variant: str | None = None) -> dict[str, Any]:
    """The figures over the cases started in [since, until) under `variant` (each optional)."""
    with deps.sessions() as session:
        return aggregates(session, deps.clock.now(), since, until, variant)
