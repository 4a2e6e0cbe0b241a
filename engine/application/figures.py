"""Policy makers' figures: pseudonymised aggregates only (engine.queries.aggregates)."""
from __future__ import annotations

from typing import Any

from engine.application.deps import Deps
from engine.queries.aggregates import Period, aggregates, periods

__all__ = ["Period", "policy_figures"]


def policy_figures(deps: Deps, period: Period | None = None, variant: str | None = None) -> dict[str, Any]:
    """The figures over the cases started in `period` under `variant` (all when None), with the periods a
    reader can choose."""
    with deps.sessions() as session:
        now = deps.clock.now()
        return {**aggregates(session, now, period, variant), "periods": periods(session, now)}
