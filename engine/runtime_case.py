"""The case's own script functions, for the models' scripts and expressions: case facts (read and
written by the running task) and the pause of every procedure's deadlines while a child is missing.

SpiffWorkflow-specific like engine/runtime.py, whose facade uses them: the running task is made known
through a context variable set by the script engine, so `record_fact` knows which model task writes.
"""
from __future__ import annotations

import contextvars
import datetime as dt
from typing import Any, Iterable, Mapping

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine
from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition
from SpiffWorkflow.task import Task
from SpiffWorkflow.util.task import TaskState

from engine import case_facts
from engine.clock import current_clock
from engine.deadlines import resume_after_pause

# Messages the engine sends inside a case (a fact changed, the person came of age): never from outside.
INTERNAL_PREFIX = "internal."
FACT_MESSAGE_PREFIX = INTERNAL_PREFIX + "fact."
# A paused timer waits for this moment until it is resumed with the time it had left.
_PAUSED_DUE = "9999-12-31T00:00:00+00:00"
_PAUSE_KEY = "deadlines_paused_since"
DERIVATION_KEY = "erkend_derivation"  # in a timer task's internal data, beside the library's event_value
# The name the models read the case's legal values by, and the workflow attribute holding them (never
# serialized: the caller keeps them with the case and attaches them again on every load).
POLICY_NAME = "policy"
_POLICY_ATTR = "erkend_policy"

# The task whose script or expression is being evaluated: case-fact functions act on its workflow and
# record it as the writer.
_RUNNING_TASK: contextvars.ContextVar[Task | None] = contextvars.ContextVar("erkend_running_task", default=None)


def attach_policy(workflow: BpmnWorkflow, policy: Mapping[str, Any] | None) -> None:
    """Make `policy` the legal values the workflow's expressions read (None: none attached)."""
    setattr(workflow, _POLICY_ATTR, dict(policy) if policy is not None else None)


def case_policy(workflow: BpmnWorkflow) -> dict[str, Any] | None:
    policy: dict[str, Any] | None = getattr(workflow.top_workflow, _POLICY_ATTR, None)
    return policy


def task_policy(task: Task) -> Any:
    """The legal values an expression of `task` reads: those in its data in a state saved while they
    were task data, else the case's."""
    data = task.data
    return data[POLICY_NAME] if POLICY_NAME in data else case_policy(task.workflow)


def _with_policy(task: Task, external_context: dict[str, Any] | None) -> dict[str, Any] | None:
    """The case's legal values join the names an expression sees, unless its task data still holds
    them (a state saved before they left the task data) and so provides them itself."""
    policy = getattr(task.workflow.top_workflow, _POLICY_ATTR, None)
    if policy is None or POLICY_NAME in task.data:
        return external_context
    return {**external_context, POLICY_NAME: policy} if external_context else {POLICY_NAME: policy}


class _TaskAwareScriptEngine(PythonScriptEngine):  # type: ignore[misc]  # SpiffWorkflow ships no type information
    """Makes the running task known to the script functions (case facts, deadline pauses), and the
    case's legal values to its expressions as `policy`."""

    def __init__(self, environment: Any = None) -> None:
        super().__init__(environment)
        self._parsed: set[str] = set()

    def validate(self, expression: str) -> None:
        """The library's check that an expression parses, which the DMN engine asks for every cell of a
        table each time it is evaluated: an expression that parsed once is not parsed again (one that
        does not parse still raises every time: the DMN engine tries it again with a prefix)."""
        if expression not in self._parsed:
            super().validate(expression)
            self._parsed.add(expression)

    def evaluate(self, task: Task, expression: str, external_context: dict[str, Any] | None = None) -> Any:
        token = _RUNNING_TASK.set(task)
        try:
            return super().evaluate(task, expression, _with_policy(task, external_context))
        finally:
            _RUNNING_TASK.reset(token)

    def execute(self, task: Task, script: str, external_context: dict[str, Any] | None = None) -> Any:
        token = _RUNNING_TASK.set(task)
        try:
            return super().execute(task, script, _with_policy(task, external_context))
        finally:
            _RUNNING_TASK.reset(token)


def _running_task() -> Task:
    task = _RUNNING_TASK.get()
    if task is None:
        raise RuntimeError("case facts can only be used from a model's script or expression")
    return task


def _top_data(task: Task) -> dict[str, Any]:
    data: dict[str, Any] = task.workflow.top_workflow.data
    return data


def fact(name: str) -> Any:
    """Script function: the current value of a case fact (None when not recorded)."""
    return case_facts.read(_top_data(_running_task()), name)


def record_fact(name: str, value: Any) -> Any:
    """Script function: record a case fact on behalf of the running task (which must be one of the
    fact's writers). Returns the value so a script can also keep it in its own data."""
    task = _running_task()
    case_facts.record(_top_data(task), name, value, task.task_spec.bpmn_id or task.task_spec.name,
                      current_clock().now())
    return value


def pause_deadlines() -> bool:
    """Script function: every running procedure's deadlines stop (a child went missing). The tasks stay
    where they are; `resume_deadlines` gives each timer back the time it had left."""
    top = _running_task().workflow.top_workflow
    if top.data.get(_PAUSE_KEY):
        return False
    top.data[_PAUSE_KEY] = current_clock().now().isoformat()
    _pause_armed_timers(top)
    return True


def resume_deadlines() -> bool:
    top = _running_task().workflow.top_workflow
    since = top.data.pop(_PAUSE_KEY, None)
    if not since:
        return False
    now = current_clock().now()
    paused_at = dt.datetime.fromisoformat(since)
    for task in _procedure_timer_tasks(top):
        due = task.internal_data.pop("erkend_due_before_pause", None)
        if due is None:
            continue
        derivation = task.internal_data.get(DERIVATION_KEY)
        rule = derivation.get("rule") if isinstance(derivation, dict) else None
        resumed = resume_after_pause(dt.datetime.fromisoformat(due), paused_at, now, rule)
        task.internal_data["event_value"] = resumed.due.isoformat()
        task.internal_data.setdefault("erkend_pauses", []).append(
            {"from": since, "to": now.isoformat(), "due_before": due, "due_after": resumed.due.isoformat(),
             "how": resumed.text, "how_nl": resumed.text_nl})
    return True


def _procedure_timer_tasks(top: BpmnWorkflow) -> list[Task]:
    """Waiting timers of the procedures the case runs (its called processes); the case's own timers,
    such as the 18th birthday, are facts of life and never pause."""
    return [t for t in _waiting_event_tasks(top) if t.workflow is not top
            and any(isinstance(d, TimerEventDefinition) for d in _definitions(t))]


def _pause_armed_timers(top: BpmnWorkflow) -> None:
    for task in _procedure_timer_tasks(top):
        due = task.internal_data.get("event_value")
        if due and due != _PAUSED_DUE:
            task.internal_data["erkend_due_before_pause"] = due
            task.internal_data["event_value"] = _PAUSED_DUE


CASE_FUNCTIONS = {"fact": fact, "record_fact": record_fact, "pause_deadlines": pause_deadlines,
                  "resume_deadlines": resume_deadlines}


def _definitions(task: Task) -> list[Any]:
    """The event definitions a waiting task listens for. An event-based gateway waits as one task with a
    MultipleEventDefinition (its messages and its timer); the library keeps one `event_value` per task,
    so such a gateway may hold one timer only (erkend's models respect that)."""
    definition = task.task_spec.event_definition
    return list(getattr(definition, "event_definitions", None) or [definition])


def _waiting_event_tasks(workflow: BpmnWorkflow) -> Iterable[Task]:
    return [t for t in workflow.get_tasks(state=TaskState.WAITING)
            if getattr(t.task_spec, "event_definition", None) is not None]
