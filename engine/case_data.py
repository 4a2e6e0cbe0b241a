"""The data of a case as it stands, read from its workflow: what views, letters and previews show."""
from __future__ import annotations

from typing import Any

from engine import case_facts
from engine.case_facts import STORE_KEY
from engine.runtime import Runtime, Workflow, reached_tasks

# The engine's own bookkeeping in the workflow data, never case data: the fact store (its values are laid
# over the data), the wake-up messages of waiting procedures and the pause marker.
_INTERNAL = (STORE_KEY, "case_facts_changes", "case_facts_wake", "deadlines_paused_since", "data_objects",
             "internal_wake")


def _latest_changes(workflow: Workflow) -> dict[str, Any]:
    """Each key's most recent change in any branch. A task counts only for the keys it changed against
    the task before it: every branch holds a copy of the data as it was at the fork, and those copies
    must not undo what another branch changed later. Joins and merges are skipped, since they only
    carry what their branches changed (a parallel join even takes stale values from the last arrival)."""
    data: dict[str, Any] = {}
    joins: dict[int, bool] = {}  # per task spec (shared by the case's tasks): whether it joins branches
    for task in sorted(reached_tasks(workflow), key=lambda t: t.last_state_change):
        spec = task.task_spec
        join = joins.get(id(spec))
        if join is None:
            join = joins[id(spec)] = len(getattr(spec, "inputs", ())) > 1
        if join:
            continue
        own = task.data
        parent = task.parent
        before = parent.data if parent is not None else {}
        if own == before:
            # Most tasks change nothing: then only keys not seen yet count. The comparison and the subset
            # test run in C; the loop below only when a key is new.
            if not own.keys() <= data.keys():
                data.update({k: v for k, v in own.items() if k not in data})
            continue
        data.update({k: v for k, v in own.items() if k not in before or before[k] != v or k not in data})
    return data


def case_data(workflow: Workflow) -> dict[str, Any]:
    """The data as the case stands. Procedures run side by side, each branch with its own copy of the
    task data: the data of every branch's current position is combined (the latest change wins), and
    the case facts, which every procedure shares, are laid over it."""
    data = dict(workflow.data) if workflow.completed else _latest_changes(workflow)
    for internal in _INTERNAL:
        data.pop(internal, None)
    data.update(case_facts.values(workflow.data))
    policy = Runtime.policy(workflow)
    if policy is not None and "policy" not in data:
        data["policy"] = policy  # the legal values the case runs under, as its models read them
    return data
