"""A faster walk of SpiffWorkflow's task tree, visiting the same tasks in the same order.

Every `get_tasks` (the engine steps, ready tasks, waiting events, timers) walks a case's whole task
tree, and a case's tree grows for as long as it runs. The library's depth-first iterator keeps its
pending tasks in a list it pops from the front and prepends children to (each a copy of the whole
list), and walks up the parents of every leaf to keep a depth count that only serves `max_depth`.
With the depth limit lifted (engine.runtime raises it to a million, beyond any real tree) that count
is dead weight. This walk keeps the pending tasks on a stack (children pushed in reverse, so they pop
in the library's order) and skips the depth bookkeeping; the descent rules — the state filter's
minimum, `end_at_spec`, not entering a finished subprocess when only unfinished tasks are asked for,
`skip_subprocesses` — are the library's own, line for line.

Used only for depth-first walks whose depth limit is at least `DEPTH_LIMIT`; any other walk takes
the library's path. tests/unit/test_task_walk.py checks the order against the library's on real cases.

A parallel join (every procedure's branches meet at one) asked the whole tree, every time a branch
arrived, for the tasks of its own spec: a quarter of a simulated case's time. It now takes them from
its workflow's task table. The answer is the same: the join removes from a set of awaited inputs,
which no order of the tasks changes, and tasks of nested subprocesses (which the tree walk also
visited) have specs of another process, never an input of this join, and no parent in this tree.

Every join (UnstructuredJoin: parallel, inclusive and end joins) also looked through the whole task
table of its workflow for its other instances, when updated and when run: they come from the index's
table of tasks by spec name (`engine.runtime_index.tasks_of_spec`), in the same order.

A process's end join (the library's `_EndJoin`, which waits for every other task of the process) walked
the process's tree after every step to find one unfinished task: it now reads the workflow's task table
(`_end_join_ready`).
"""
from __future__ import annotations

from typing import Any

from SpiffWorkflow.bpmn.specs.control import _EndJoin
from SpiffWorkflow.bpmn.specs.mixins.parallel_gateway import ParallelGateway
from SpiffWorkflow.bpmn.specs.mixins.unstructured_join import UnstructuredJoin
from SpiffWorkflow.bpmn.util.task import BpmnTaskIterator
from SpiffWorkflow.util.deep_merge import DeepMerge
from SpiffWorkflow.util.task import TaskIterator, TaskState

from engine.runtime_index import tasks_of_spec

_LIBRARY_NEXT = BpmnTaskIterator._next
_LIBRARY_PLAIN_NEXT = TaskIterator._next  # the walk without subprocesses (waiting tasks after each step)
LIBRARY_JOIN_CHECK = ParallelGateway._check_threshold_unstructured
LIBRARY_END_JOIN_CHECK = _EndJoin._check_threshold_unstructured
LIBRARY_JOIN_UPDATE = UnstructuredJoin._update_hook
LIBRARY_JOIN_RUN = UnstructuredJoin._run_hook


def install(depth_limit: int) -> None:
    def _next(self: Any) -> Any:
        stack = self.__dict__.get("_erkend_stack")
        if stack is None:
            if not self.depth_first or self.max_depth < depth_limit:
                return _LIBRARY_NEXT(self)
            stack = self._erkend_stack = self.task_list[::-1]
        if not stack:
            raise StopIteration()
        task = stack.pop()
        subprocess = task.workflow.top_workflow.subprocesses.get(task.id)
        if ((task._children or subprocess is not None)
                and (task.state >= self.min_state or subprocess is not None)
                and task.task_spec.name != self.end_at_spec):
            stack.extend(reversed(task.children))
            if not (subprocess is None or self.skip_subprocesses
                    or (task.state >= TaskState.FINISHED_MASK and self.task_filter.state <= TaskState.FINISHED_MASK)):
                stack.append(subprocess.task_tree)
        return task

    def _plain_next(self: Any) -> Any:
        stack = self.__dict__.get("_erkend_stack")
        if stack is None:
            if not self.depth_first or self.max_depth < depth_limit:
                return _LIBRARY_PLAIN_NEXT(self)
            stack = self._erkend_stack = self.task_list[::-1]
        if not stack:
            raise StopIteration()
        task = stack.pop()
        if task._children and task.state >= self.min_state and task.task_spec.name != self.end_at_spec:
            stack.extend(reversed(task.children))
        return task

    BpmnTaskIterator._next = _next
    TaskIterator._next = _plain_next
    ParallelGateway._check_threshold_unstructured = _join_ready
    _EndJoin._check_threshold_unstructured = _end_join_ready
    UnstructuredJoin._update_hook = _join_update
    UnstructuredJoin._run_hook = _join_run


def _join_ready(self: Any, my_task: Any) -> bool:
    """SpiffWorkflow 3.2's ParallelGateway._check_threshold_unstructured, its tasks from the table."""
    tasks = list(tasks_of_spec(my_task.workflow, self.name))
    waiting_inputs = set(self.inputs)

    def remove_ancestor(task: Any) -> None:
        while task is not None:
            if task.task_spec in waiting_inputs:
                waiting_inputs.remove(task.task_spec)
                return
            task = task.parent

    # my_task.is_descendant_of(task) and task.is_descendant_of(my_task), the library's two climbs to the
    # root per task, from my_task's ancestors gathered once: a climb from `task` that meets one of them
    # (other than my_task) can no longer meet my_task.
    tree = my_task.workflow.tasks
    above = set()
    node = tree.get(my_task._parent)
    while node is not None:
        above.add(node.id)
        node = tree.get(node._parent)

    def below_mine(task: Any) -> bool:
        node = tree.get(task._parent)
        while node is not None:
            if node is my_task:
                return True
            if node.id in above:
                return False
            node = tree.get(node._parent)
        return False

    for task in tasks:
        if below_mine(task):  # the gateway is part of a loop: the first iteration
            remove_ancestor(task)
        elif task.id in above:  # a later iteration: ignore the parents of earlier ones
            continue
        elif task.parent.state == TaskState.COMPLETED and task.parent.task_spec in waiting_inputs:
            waiting_inputs.remove(task.parent.task_spec)
    return len(waiting_inputs) == 0


def _join_update(self: Any, my_task: Any) -> Any:
    """SpiffWorkflow 3.2's UnstructuredJoin._update_hook, the other instances of the join from the table
    of tasks by spec (the same tasks, in the same order, as its filter of the whole task table)."""
    may_fire = self._check_threshold_unstructured(my_task)
    other_tasks = [t for t in tasks_of_spec(my_task.workflow, self.name)
                   if t.task_spec == self and t != my_task and t.state is TaskState.WAITING]
    for task in other_tasks:
        task.cancel()  # the library's reason: no later update of the instances that will never fire
    if not may_fire:
        my_task._set_state(TaskState.WAITING)
    else:
        my_task._inherit_data()
    return may_fire


def _join_run(self: Any, my_task: Any) -> bool:
    """SpiffWorkflow 3.2's UnstructuredJoin._run_hook, the finished instances of the join from the table
    of tasks by spec: the data of each branch that came in, oldest first, then the task's own parent's."""
    other_tasks = [t for t in tasks_of_spec(my_task.workflow, self.name)
                   if t.task_spec == self and t.has_state(TaskState.FINISHED_MASK) and not my_task.is_descendant_of(t)]
    for task in sorted(other_tasks, key=lambda t: t.last_state_change):
        DeepMerge.merge(my_task.data, task.parent.data)
        if task.has_state(TaskState.COMPLETED):  # the library's care for a branch reset inside the join
            task._drop_children(force=True)
    my_task._inherit_data()
    return True


def _end_join_ready(self: Any, my_task: Any) -> bool:
    """SpiffWorkflow 3.2's _EndJoin._check_threshold_unstructured from the workflow's task table: whether
    no task of the workflow but `my_task` is unfinished, leaving out those below a task of this join.

    The library walks the tree (every task descends: the walk's minimum state is MAYBE) without going past
    a task of this join, and stops at the first unfinished task other than `my_task`. A process's end join
    waits, so it is updated after every step: one walk of the process's whole tree each time."""
    tasks = my_task.workflow.tasks
    unfinished, joins = [], []
    for task in tasks.values():
        if task._state & TaskState.NOT_FINISHED_MASK and task is not my_task:
            unfinished.append(task)
        if task.task_spec.name == self.name:
            joins.append(task)
    if not unfinished:
        return True
    below = set()  # the tasks the walk does not reach: those under a task of this join
    stack = [child for join in joins for child in join._children]
    while stack:
        task_id = stack.pop()
        below.add(task_id)
        child = tasks.get(task_id)
        if child is not None:
            stack.extend(child._children)
    return all(task.id in below for task in unfinished)


def library_walk(iterator: TaskIterator) -> TaskIterator:
    """Make `iterator` take the library's own path (for the test that compares the two)."""
    own = _LIBRARY_NEXT if isinstance(iterator, BpmnTaskIterator) else _LIBRARY_PLAIN_NEXT
    iterator._next = own.__get__(iterator)  # a per-instance override
    return iterator
