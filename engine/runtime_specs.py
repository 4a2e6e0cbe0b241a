"""Plain answers about the parsed models, so that no module outside engine/runtime*.py walks
SpiffWorkflow's task specs or their extensions."""
from __future__ import annotations

from typing import Any

from engine.errors import ErkendError
from engine.specs import ModelSet


def task_property(task_spec: Any, name: str) -> str | None:
    """A `spiffworkflow:property` of a task in the model (None if the task has none of that name)."""
    value = (getattr(task_spec, "extensions", None) or {}).get("properties", {}).get(name)
    return None if value is None else str(value)


def decision_of(model_set: ModelSet, case_process_id: str, task_process_id: str, task_name: str) -> str | None:
    """The `decision` property of task `task_name` in process `task_process_id` of the models a case of
    `case_process_id` runs on; None if the task takes no decision or the model cannot be loaded."""
    try:
        top, subs = model_set.spec(case_process_id)
    except ErkendError:
        return None
    for spec in [top, *subs.values()]:
        if spec.name != task_process_id:
            continue
        for task_spec in spec.task_specs.values():
            if getattr(task_spec, "bpmn_id", None) == task_name:
                return task_property(task_spec, "decision")
    return None
