"""An index of each workflow's ready and waiting tasks, so that asking for them does not walk the tree.

After every task it runs, SpiffWorkflow asks each running procedure, and then the case, for its READY
tasks (`do_engine_steps`), and the engine asks for READY and WAITING tasks to know what the case waits
for. Each question walks the whole task tree — every task the case ever ran, in every procedure — to
find a handful: most of a simulated case's time, and a growing part of a web request's as a case ages.

Each workflow (the case and each procedure it called) keeps a table of its tasks in READY or WAITING
state, kept up to date where the library changes a task's state (`Task._set_state`) or creates a task
(`Task.__init__`, the deserializer included). The table is built on the first question, from the
workflow's own task table, so a workflow loaded from the database gets one too. Removed tasks are
dropped from it when it is read.

`Workflow.get_tasks` and `Workflow.get_next_task` answer from the tables when the question is one the
tables can answer exactly: a depth-first walk from a workflow's root, no `end_at_spec`, and states within
READY | WAITING. The answer is the library's: a task in a table is kept only if the walk would reach it
(every ancestor one the walk descends from, by the library's own rules: the state filter's minimum,
entering a called procedure unless subprocesses are skipped), and the tasks come in the walk's order
(depth first, a called procedure's tasks before the caller's children), found by comparing their
positions in the tree. Every other question (other states, a walk from a task, `end_at_spec`, the lazy
walk of `update_waiting_tasks`, which acts on each task as it goes) takes the library's path.

tests/unit/test_task_walk.py compares both answers at every step of real cases; the simulation's KPI
files are byte-identical with and without the index (tests/simulation/test_task_index.py).
"""
from __future__ import annotations

import logging
import time
from typing import Any

from SpiffWorkflow.bpmn.specs.mixins.events.event_types import CatchingEvent
from SpiffWorkflow.bpmn.specs.mixins.unstructured_join import UnstructuredJoin
from SpiffWorkflow.bpmn.util.task import BpmnTaskIterator
from SpiffWorkflow.task import Task
from SpiffWorkflow.task import logger as task_logger
from SpiffWorkflow.util.task import TaskIterator, TaskState
from SpiffWorkflow.workflow import Workflow

LIVE = TaskState.READY | TaskState.WAITING
_TABLE = "_erkend_live_tasks"

LIBRARY_GET_TASKS = Workflow.get_tasks
LIBRARY_GET_NEXT_TASK = Workflow.get_next_task
LIBRARY_UPDATE_WAITING = Workflow.update_waiting_tasks
# Waiting tasks whose update (after every completed task) only changes states: an event that fired becomes
# READY, a join that may fire becomes READY and cancels its other waiting instances. None creates a task.
_UPDATE_CREATES_NO_TASKS = (CatchingEvent, UnstructuredJoin)
_LIBRARY_SET_STATE = Task._set_state
_LIBRARY_TASK_INIT = Task.__init__


def _table(workflow: Any) -> dict[Any, Any]:
    table: dict[Any, Any] | None = workflow.__dict__.get(_TABLE)
    if table is None:
        table = {task_id: task for task_id, task in workflow.tasks.items() if task._state & LIVE}
        workflow.__dict__[_TABLE] = table
    return table


def _set_state(self: Any, value: int) -> None:
    """Task._set_state of SpiffWorkflow 3.2, keeping the table; its log record's details (the parent
    looked up, the state named) are only gathered when the record is logged."""
    if value != self._state:
        elapsed = time.time() - self.last_state_change
        self.last_state_change = time.time()
        self._state = value
        if task_logger.isEnabledFor(logging.INFO):
            task_logger.info(f"State changed to {TaskState.get_name(value)}",
                             extra=self.collect_log_extras({"elapsed": elapsed}))
    elif task_logger.isEnabledFor(logging.DEBUG):
        task_logger.debug(f"State set to {TaskState.get_name(value)}", extra=self.collect_log_extras())
    table = self.workflow.__dict__.get(_TABLE)
    if table is not None:
        if self._state & LIVE:
            table[self.id] = self
        else:
            table.pop(self.id, None)


def _task_init(self: Any, workflow: Any, task_spec: Any, parent: Any = None, state: int = TaskState.MAYBE,
               id: Any = None) -> None:  # noqa: A002  # the library's own keyword
    _LIBRARY_TASK_INIT(self, workflow, task_spec, parent, state, id)
    if state & LIVE:
        table = workflow.__dict__.get(_TABLE)
        if table is not None:
            table[self.id] = self


def _position(task: Any, root: Any, walk: Any, enters: bool) -> list[int] | None:
    """The task's place in the walk from `root` (child indexes from the root; -1 enters a called
    procedure, which the walk visits before the caller's children), or None when the walk does not
    reach it."""
    key: list[int] = []
    node = task
    min_state = walk.min_state
    while node is not root:
        parent_id = node._parent
        workflow = node.workflow
        if parent_id is None:  # the root of a called procedure: reached through its caller
            if not enters:
                return None
            top = workflow.top_workflow
            if workflow is top:
                return None
            caller = top.get_task_from_id(workflow.parent_task_id)
            if caller is None or top.subprocesses.get(caller.id) is not workflow:
                return None
            if caller._state >= TaskState.FINISHED_MASK and walk.task_filter.state <= TaskState.FINISHED_MASK:
                return None  # the library's rule (as it reads: it compares with the mask's value)
            key.append(-1)
            node = caller
            continue
        parent = workflow.tasks.get(parent_id)
        if parent is None:
            return None
        if parent._state < min_state and not (enters and parent.id in workflow.top_workflow.subprocesses):
            return None
        try:
            key.append(parent._children.index(node.id))
        except ValueError:
            return None
        node = parent
    key.reverse()
    return key


def _indexed(workflow: Any, walk: Any, depth_limit: int) -> list[Any] | None:
    """The tasks the walk would give, from the tables; None when the walk is not one they answer."""
    wanted = walk.task_filter.state
    if (not wanted or wanted & ~LIVE or walk.end_at_spec is not None or not walk.depth_first
            or walk.max_depth < depth_limit or len(walk.task_list) != 1):
        return None
    root = walk.task_list[0]
    if root._parent is not None or root.workflow.task_tree is not root:
        return None
    enters = isinstance(walk, BpmnTaskIterator) and not walk.skip_subprocesses
    owner = root.workflow
    workflows = [owner]
    if enters:
        top = owner.top_workflow
        if owner is top:
            workflows.extend(top.subprocesses.values())
        else:  # the procedures this one called, and theirs (a procedure is made after its caller's)
            for sub in top.subprocesses.values():
                if any(sub.parent_task_id in wf.tasks for wf in workflows):
                    workflows.append(sub)
    matches = walk.task_filter.matches
    found = []
    for wf in workflows:
        table = _table(wf)
        for task_id, task in list(table.items()):
            if wf.tasks.get(task_id) is not task:
                del table[task_id]  # removed from the tree
                continue
            if task._state & wanted and matches(task):
                key = _position(task, root, walk, enters)
                if key is not None:
                    found.append((key, task))
    if len(found) > 1:
        found.sort(key=lambda pair: pair[0])
    return [task for _, task in found]


def install(depth_limit: int) -> None:
    def get_tasks(self: Any, first_task: Any = None, **kwargs: Any) -> list[Any]:
        walk = self.get_tasks_iterator(first_task, **kwargs)
        tasks = _indexed(self, walk, depth_limit)
        return list(walk) if tasks is None else tasks

    def get_next_task(self: Any, first_task: Any = None, **kwargs: Any) -> Any:
        walk = self.get_tasks_iterator(first_task, **kwargs)
        tasks = _indexed(self, walk, depth_limit)
        if tasks is None:
            return next(walk, None)
        return tasks[0] if tasks else None

    def update_waiting_tasks(self: Any) -> None:
        """Workflow.update_waiting_tasks: each waiting task updated in the walk's order. The library walks
        lazily and updates each task as it reaches it; from the table, a task is updated if it still
        waits when its turn comes. The two agree when no update creates a task (so nothing the table
        missed can appear on the walk's path) and no task but the one updated starts waiting: true of
        events and joins, the only kinds taken this way."""
        walk = TaskIterator(self.task_tree, state=TaskState.WAITING)
        tasks = _indexed(self, walk, depth_limit)
        if tasks is None or not all(isinstance(t.task_spec, _UPDATE_CREATES_NO_TASKS) for t in tasks):
            for task in walk:
                task.task_spec._update(task)
            return
        for task in tasks:
            if task._state == TaskState.WAITING:
                task.task_spec._update(task)

    Task._set_state = _set_state
    Task.__init__ = _task_init
    Workflow.get_tasks = get_tasks
    Workflow.get_next_task = get_next_task
    Workflow.update_waiting_tasks = update_waiting_tasks


def uninstall() -> None:
    """The library's own methods back (for the tests that compare the two)."""
    Task._set_state = _LIBRARY_SET_STATE
    Task.__init__ = _LIBRARY_TASK_INIT
    Workflow.get_tasks = LIBRARY_GET_TASKS
    Workflow.get_next_task = LIBRARY_GET_NEXT_TASK
    Workflow.update_waiting_tasks = LIBRARY_UPDATE_WAITING
