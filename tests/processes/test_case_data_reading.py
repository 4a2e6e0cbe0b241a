"""What a step reads from its workflow, read the fast way, is exactly what the slow way gave:
the case data from the workflows' task tables (`reached_tasks`, and `_latest_changes` skipping tasks
that changed nothing) against a walk of the task tree comparing every key, and each procedure's
position from the task index against a walk of its tree, and the fired timers from the task tables
against a walk. Checked at every reading of every scenario
of the procedures side by side, the residence tracks, the minors' route and objection."""
from __future__ import annotations

import datetime as dt
import inspect
from typing import Any, Callable

import pytest
from SpiffWorkflow.util.task import TaskState
from sqlalchemy import Engine

from engine import case_data as case_data_module
from engine.cases import CaseEngine
from engine.clock import VirtualClock
from engine.legal_values import load_policy
from engine.runtime import (
    _PAUSED_DUE,
    ArmedTimer,
    Runtime,
    TimerEventDefinition,
    _definitions,
    _definitions_or_none,
    _derivation,
    is_reached,
    reached_tasks,
)
from engine.specs import SpecLibrary
from engine.store.db import session_factory
from forms.catalogue import all_forms
from tests.processes import test_minors, test_objection, test_residence, test_side_by_side


def _walked(workflow: Any) -> dict[str, Any]:
    """The reading before: every reached task by a walk of the tree, every key compared."""
    data: dict[str, Any] = {}
    tasks = [t for t in workflow.get_tasks() if is_reached(t)]
    for task in sorted(tasks, key=lambda t: t.last_state_change):
        if len(getattr(task.task_spec, "inputs", ())) > 1:
            continue
        before = task.parent.data if task.parent is not None else {}
        data.update({k: v for k, v in task.data.items() if k not in before or before[k] != v or k not in data})
    return data


def _procedures_walked(workflow: Any) -> list[tuple[str, str, str, tuple[str, ...]]]:
    """`Runtime.procedures` as it read before: each procedure's position by a walk of its whole tree."""
    out = []
    for task_id, sub in workflow.subprocesses.items():
        caller = workflow.get_task_from_id(task_id)
        if sub.completed:
            status = "completed"
        elif caller is not None and caller.state == TaskState.CANCELLED:
            status = "stopped"
        else:
            status = "running"
        position = tuple(dict.fromkeys(
            t.task_spec.bpmn_name or t.task_spec.bpmn_id for t in sub.get_tasks()
            if t.workflow is sub and t.state in (TaskState.READY, TaskState.WAITING)
            and getattr(t.task_spec, "bpmn_id", None) and (t.task_spec.manual or _definitions_or_none(t))))
        if status == "running" or position or sub.completed or status == "stopped":
            out.append((sub.spec.name, sub.spec.description or sub.spec.name, status,
                        position if status == "running" else (), caller.last_state_change if caller else 0.0))
    out.sort(key=lambda p: p[4])
    return [p[:4] for p in out]


def _fired_walked(workflow: Any, known: Any) -> list[Any]:
    """`Runtime.fired_timers` as it read before (every fired timer, by a walk), less the known ones."""
    timers = []
    for task in workflow.get_tasks(state=TaskState.COMPLETED | TaskState.READY):
        if getattr(task.task_spec, "event_definition", None) is None:
            continue
        value = task.internal_data.get("event_value")
        if not isinstance(value, str) or value == _PAUSED_DUE:
            continue
        for definition in _definitions(task):
            if isinstance(definition, TimerEventDefinition):
                due = dt.datetime.fromisoformat(value)
                timers.append(ArmedTimer(str(task.id), definition.name or task.task_spec.bpmn_id, due, False,
                                         task.workflow.spec.name, _derivation(task, due)))
    return [t for t in timers if t.task_id not in known]


SCENARIOS: list[Callable[..., Any]] = [
    function for module in (test_side_by_side, test_residence, test_minors, test_objection)
    for name, function in sorted(vars(module).items())
    if name.startswith("test_") and list(inspect.signature(function).parameters) == ["cases", "clock"]]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda f: f.__name__[5:60])
def test_what_a_view_reads_is_what_a_walk_of_the_tree_gives(scenario: Callable[..., Any], sqlite_engine: Engine,
                                                    library: SpecLibrary, monkeypatch: pytest.MonkeyPatch) -> None:
    readings = []
    fast = case_data_module._latest_changes

    def compared(workflow: Any) -> dict[str, Any]:
        found = fast(workflow)
        assert list(found.items()) == list(_walked(workflow).items())  # the same values, in the same order
        walked = {t.id for t in workflow.get_tasks() if is_reached(t)}
        assert {t.id for t in reached_tasks(workflow)} == walked
        readings.append(len(walked))
        return found

    fast_procedures = Runtime.procedures

    def procedures_compared(workflow: Any) -> list[tuple[str, str, str, tuple[str, ...]]]:
        found = fast_procedures(workflow)
        assert found == _procedures_walked(workflow)
        positions.append(len(found))
        return found

    fast_fired = Runtime.fired_timers

    def fired_compared(workflow: Any, known: Any = frozenset()) -> list[Any]:
        found = fast_fired(workflow, known)
        assert found == _fired_walked(workflow, known)
        assert fast_fired(workflow) == _fired_walked(workflow, frozenset())  # all of them, in the walk's order
        return found

    monkeypatch.setattr(Runtime, "fired_timers", staticmethod(fired_compared))
    positions: list[int] = []
    monkeypatch.setattr(case_data_module, "_latest_changes", compared)
    monkeypatch.setattr(Runtime, "procedures", staticmethod(procedures_compared))
    clock = VirtualClock(dt.datetime(2026, 1, 5, 8, 0, tzinfo=dt.timezone.utc))
    scenario(CaseEngine(session_factory(sqlite_engine), library, clock, all_forms(), policy_loader=load_policy), clock)
    assert readings and positions, "the scenario read its case data and its procedures"


class _Task:
    def __init__(self, flow: "_Flow", name: str, data: dict[str, Any], at: float, parent: "_Task | None" = None,
                 inputs: int = 1) -> None:
        from SpiffWorkflow.util.task import TaskState

        self.id, self.data, self.last_state_change, self.parent = name, data, at, parent
        self.state = TaskState.COMPLETED
        self.task_spec = type("Spec", (), {"inputs": [None] * inputs})()
        flow.tasks[name] = self


class _Flow:
    """Just enough of a workflow for reading its case data: its task table, no sub-processes."""

    def __init__(self) -> None:
        self.tasks: dict[str, _Task] = {}
        self.subprocesses: dict[str, Any] = {}

    def get_tasks(self) -> list[_Task]:
        return list(self.tasks.values())


def test_a_task_that_changed_nothing_still_brings_the_keys_not_seen_yet() -> None:
    """Two cases no scenario produces: a task whose state changed before its parent's did, and the child
    of a join (joins are skipped). Each brings keys no task read before it holds."""
    flow = _Flow()
    root = _Task(flow, "root", {"a": 1}, at=1.0)
    join = _Task(flow, "join", {"a": 1, "from_branch": "x"}, at=2.0, parent=root, inputs=2)
    _Task(flow, "after_join", {"a": 1, "from_branch": "x"}, at=3.0, parent=join)  # changed nothing
    late_parent = _Task(flow, "late_parent", {"a": 1, "b": 2}, at=9.0, parent=root)
    _Task(flow, "early_child", {"a": 1, "b": 2}, at=4.0, parent=late_parent)  # read before its parent
    found = case_data_module._latest_changes(flow)  # type: ignore[arg-type]  # a stand-in workflow
    assert list(found.items()) == list(_walked(flow).items())
    assert found == {"a": 1, "from_branch": "x", "b": 2}
