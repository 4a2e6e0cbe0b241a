"""Timers that failed, for the administrator and the operator: list them, put one back in the queue."""
from __future__ import annotations

from engine.application.deps import Deps
from engine.ports import Actor
from engine.timers import TimerProblem, problem_timers, retry_timer


def problems(deps: Deps) -> list[TimerProblem]:
    with deps.sessions() as session:
        return problem_timers(session)


def retry(deps: Deps, actor: Actor, timer_id: int) -> None:
    """Back in the queue; the retry is written to the case's audit trail with the actor's name."""
    retry_timer(deps.sessions, timer_id, deps.clock.now(), actor)
