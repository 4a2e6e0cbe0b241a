"""Policy makers' figures: pseudonymised aggregates only (engine.policy.aggregates)."""
from __future__ import annotations

from typing import Any

from engine.application.deps import Deps
from engine.policy.aggregates import aggregates


def policy_figures(deps: Deps) -> dict[str, Any]:
    with deps.sessions() as session:
        return aggregates(session, deps.clock.now())
