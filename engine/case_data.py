"""The data of a case as it stands, read from its workflow: what views, letters and previews show."""
from __future__ import annotations

from typing import Any

from engine import case_facts
from engine.case_facts import STORE_KEY
from engine.runtime import Runtime, Workflow, is_reached

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
    tasks = [t for t in workflow.get_tasks() if is_reached(t)]
    for task in sorted(tasks, key=lambda t: t.last_state_change):
        if len(getattr(task.task_spec, "inputs", ())) > 1:
            continue
        before = task.parent.data if task.parent is not None else {}
        data.update({k: v for k, v in task.data.items() if k not in before or before[k] != v or k not in data})
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
