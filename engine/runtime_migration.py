"""Move running cases to a newer version of their models (`erkend cases migrate --to VERSION`).

Residence cases run for years and must get model fixes, yet a case keeps running on the model version it
started on (engine.specs). This moves a case on only where the move cannot change what the case stands
on: SpiffWorkflow's spec diff (`diff_workflow`) aligns the old task specs with the new ones by element
id, and a case is refused when one of its active tokens (a ready task, a waiting event or timer, a
started call activity) sits on an element that changed or was removed, when a task in its history has
no element any more (the saved state could not be loaded), or when a procedure it entered is gone.
Changes ahead of the tokens (an added task, a changed later step) are taken.

The library's own `migrate_workflow` resets the branch of every active task, which clears the task's
internal data: an armed timer would be armed again from today and a statutory deadline would move. Here
the active tasks keep their state and data, and only what lies ahead of them is predicted again from
the new specs.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.util.diff import WorkflowDiff, diff_workflow
from SpiffWorkflow.task import Task
from SpiffWorkflow.util.task import TaskState

from engine import runtime_index
from engine.runtime import SERIALIZER

# Where a token stands: the task acts next, waits for an event or timer, or runs a called procedure.
ACTIVE = TaskState.READY | TaskState.WAITING | TaskState.STARTED


@dataclass(frozen=True)
class Blocker:
    """Why a case cannot move: the element (BPMN id, or process id) and the reason in words."""

    element: str
    reason: str


@dataclass
class MigrationPlan:
    """The diff of one case against the new models; `blocker` is None when the case may move."""

    top: WorkflowDiff
    subprocesses: dict[Any, WorkflowDiff | None]
    blocker: Blocker | None = None
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def element_of(task: Task) -> str:
    spec = task.task_spec
    return str(getattr(spec, "bpmn_id", None) or spec.name)


def plan_migration(workflow: BpmnWorkflow, new_top: Any, new_subs: Mapping[str, Any]) -> MigrationPlan:
    """Compare the case with the new specs and decide whether it may move (nothing is changed)."""
    top_diff, sp_diffs = diff_workflow(SERIALIZER.registry, workflow, new_top, dict(new_subs))
    plan = MigrationPlan(top_diff, sp_diffs, added=_added_elements(workflow, new_top, new_subs))
    for sub_id, sub in workflow.subprocesses.items():
        if sp_diffs.get(sub_id) is None:
            plan.blocker = plan.blocker or Blocker(sub.spec.name, "the procedure is not in the new models")
    for diff in [top_diff, *(d for d in sp_diffs.values() if d is not None)]:
        _collect_changes(plan, diff)
        for task in diff.changed:
            if task.has_state(ACTIVE) and plan.blocker is None:
                plan.blocker = Blocker(element_of(task), "the case stands on an element that changed")
        for task in diff.removed:
            if plan.blocker is not None:
                break
            if task.has_state(ACTIVE):
                plan.blocker = Blocker(element_of(task), "the case stands on an element that was removed")
            elif task.has_state(TaskState.FINISHED_MASK):
                # The saved state names each task's element: without it the case could not be loaded.
                plan.blocker = Blocker(element_of(task), "the case passed an element that was removed")
            elif task.has_state(TaskState.FUTURE):
                plan.blocker = Blocker(element_of(task), "the case is bound to reach an element that was removed")
    return plan


def _collect_changes(plan: MigrationPlan, diff: WorkflowDiff) -> None:
    """Element ids for the report and the audit log (identifiers only, no case content): the changed
    and removed elements this case has passed, stands on or is predicted to reach."""
    changed = {element_of(t) for t in diff.changed}
    removed = {element_of(t) for t in diff.removed}
    plan.changed = sorted(set(plan.changed) | changed)
    plan.removed = sorted(set(plan.removed) | removed)


def apply_migration(plan: MigrationPlan, workflow: BpmnWorkflow, new_top: Any, new_subs: Mapping[str, Any]) -> None:
    """Point the case at the new specs; the active tasks keep their state, data and armed timers."""
    if plan.blocker is not None:
        raise ValueError(f"case cannot move: {plan.blocker}")
    _retarget(plan.top, workflow, new_top)
    for sub_id, sub in workflow.subprocesses.items():
        diff = plan.subprocesses[sub_id]
        if diff is None:
            raise ValueError(f"procedure {sub.spec.name} is not in the new models")  # a blocker in the plan
        _retarget(diff, sub, new_subs[sub.spec.name])
    workflow.subprocess_specs = dict(new_subs)
    for task in workflow.get_tasks(state=ACTIVE):
        _predict_ahead(task)


def _retarget(diff: WorkflowDiff, workflow: Any, spec: Any) -> None:
    workflow.spec = spec
    for task in workflow.tasks.values():
        new_spec = diff.alignment.get(task)
        if new_spec is not None:
            task.task_spec = new_spec
    runtime_index.forget_specs(workflow)  # its tasks by spec name were by the old specs' names


def _predict_ahead(task: Task) -> None:
    """Predict the tasks after an active task again from the new specs: its predicted children are
    dropped and predicted anew, what `reset_branch` does after its reset, without resetting the
    active task itself. A task whose children act themselves (an event gateway's waiting events) is
    left to them."""
    if any(child.has_state(ACTIVE | TaskState.FINISHED_MASK) for child in task.children):
        return
    task._drop_children(force=True)
    task.task_spec._predict_hook(task)
    mask = TaskState.PREDICTED_MASK | TaskState.FUTURE
    for child in task.children:
        child.task_spec._predict(child, mask=mask)


def _added_elements(workflow: BpmnWorkflow, new_top: Any, new_subs: Mapping[str, Any]) -> list[str]:
    """Elements of the new models that the old ones did not have (for the report)."""
    old = {workflow.spec.name: workflow.spec, **workflow.subprocess_specs}
    new = {new_top.name: new_top, **new_subs}
    added: set[str] = set()
    for name, spec in new.items():
        before = old.get(name)
        for ts_name, ts in spec.task_specs.items():
            if before is None or ts_name not in before.task_specs:
                added.add(str(getattr(ts, "bpmn_id", None) or ts_name))
    return sorted(added)
