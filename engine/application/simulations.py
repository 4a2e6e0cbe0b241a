"""Policy simulations asked for on the policy page: queue one, list them, read one and its report. The
runs hold no case data (synthetic people); the request is in the event log all the same."""
from __future__ import annotations

from engine.application.deps import Deps
from engine.clock import Clock
from engine.ports import Actor
from engine.simulation import runs
from engine.simulation.runs import Example, Outcome, RunRefused, RunView

__all__ = ["Example", "Outcome", "RunRefused", "RunView", "examples", "get", "outcome", "recent", "report_pdf",
           "submit"]


def examples() -> list[Example]:
    return runs.examples()


def submit(deps: Deps, wall: Clock, actor: Actor, text: str, file_name: str, replications: int | None) -> int:
    """Queue a run; RunRefused (field and reason) without storing anything when the file or number is bad."""
    return runs.submit(deps.sessions, deps.library, user=actor.user, role=actor.role or "policy", text=text,
                       file_name=file_name, replications=replications, now=wall.now())


def recent(deps: Deps) -> list[RunView]:
    return runs.recent(deps.sessions)


def get(deps: Deps, run_id: int) -> RunView | None:
    return runs.get(deps.sessions, run_id)


def outcome(deps: Deps, run_id: int) -> Outcome | None:
    return runs.outcome(deps.sessions, run_id)


def report_pdf(deps: Deps, run_id: int) -> bytes | None:
    return runs.report_pdf(deps.sessions, run_id)
