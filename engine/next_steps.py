"""Who acts next on a case, for the top of the case file: every open task with the role whose turn it
is, whether this reader may take it, and whether anyone is linked to take it at all (a panel task on a
case without linked panel members waits for the coordinator to compose the panel, not for the panel)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

# Lanes whose tasks only users linked to the case may take (engine.access.rules: per-person relations).
LINKED_LANES = {"panel": "panel", "lawyer": "lawyer", "guardian": "guardian"}


@dataclass(frozen=True)
class NextStep:
    lane: str | None
    title: str
    task_id: str
    mine: bool  # this reader may complete it now
    unstaffed: bool  # nobody is linked to the case in the lane's capacity yet


def next_steps(tasks: Iterable[Any], completable: Iterable[Any], linked_kinds: Iterable[str]) -> list[NextStep]:
    """The open tasks (engine.views.TaskView) in the order the engine lists them, each marked with
    whether the reader may take it (`completable`) and whether its lane is staffed on this case."""
    mine = {t.id for t in completable}
    kinds = set(linked_kinds)
    return [
        NextStep(t.lane, t.title, t.id, t.id in mine,
                 t.lane in LINKED_LANES and LINKED_LANES[t.lane] not in kinds)
        for t in tasks
    ]
