"""Training mode's shared virtual clock: move it forward and fire what falls due."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from engine.application.deps import Deps
from engine.deadlines import InvalidTerm
from engine.errors import ValidationFailed
from engine.store.training_clock import StoredOffsetClock, term_delta

FIRE_LIMIT = 10_000


@dataclass(frozen=True)
class ClockMoved:
    now: dt.datetime
    fired: int  # timers fired because they fell due


def movable(deps: Deps) -> bool:
    return isinstance(deps.clock, StoredOffsetClock)


def advance_clock(deps: Deps, term: str) -> ClockMoved:
    """ValidationFailed on `term` when the clock is not the training clock or the term is no ISO 8601
    duration (P3M, P6W, PT36H)."""
    clock = deps.clock
    if not isinstance(clock, StoredOffsetClock):
        raise ValidationFailed({"term": ["this clock cannot be moved"]})
    try:
        now = clock.advance(term_delta(clock.now(), term))
    except (InvalidTerm, ValueError, OverflowError) as error:
        raise ValidationFailed({"term": ["not an ISO 8601 term such as P3M, P6W or PT36H"]}) from error
    return ClockMoved(now, deps.cases.fire_due_timers(limit=FIRE_LIMIT))
