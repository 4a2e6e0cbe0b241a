"""An index of each case's ready and waiting tasks, so that asking for them does not walk the tree.

After every task it runs, SpiffWorkflow asks each running procedure, and then the case, for its READY
tasks (`do_engine_steps`), refreshes every WAITING task (`update_waiting_tasks`), and the engine asks
for READY and WAITING tasks to know what the case waits for. Each question walked the whole task tree —
every task the case ever ran, in every procedure — to find a handful: most of a simulated case's time,
and a growing part of a web request's as a case ages.

Each case (the top workflow) keeps one table of its tasks in READY or WAITING state (one part for
each state, so that a question for ready tasks passes over the waiting ones), in all its procedures, kept up to date where the library changes a task's state (`Task._set_state`) or creates a
task (`Task.__init__`, the deserializer included). The table is built on the first question from the
workflows' own task tables, so a case loaded from the database gets one too. Removed tasks are dropped
from it when it is read.

`Workflow.get_tasks`, `Workflow.get_next_task` and `Workflow.update_waiting_tasks` answer from the table
when the question is one it can answer exactly: a depth-first walk from a workflow's root, no
`end_at_spec`, and states within READY | WAITING. The answer is the library's:
- a task in the table is kept only if the walk would reach it: every ancestor is one the walk descends
  from, by the library's own rules (the state filter's minimum; a called procedure entered through its
  caller unless subprocesses are skipped). A climb that found every ancestor definite or finished is
  remembered until a task of the case leaves those states or is removed;
- the tasks come in the walk's order (depth first, a called procedure before its caller's children),
  found by comparing the two tasks' children of their nearest common ancestor; tasks placed for an
  earlier answer keep their places (two tasks never change their order);
- the library's `update_waiting_tasks` walks lazily and updates each waiting task as it reaches it; from
  the table a task is updated if it still waits when its turn comes. The two agree when no update makes
  a task and no task but the one updated starts waiting, which holds for events and joins, the only
  kinds taken this way (any other kind waiting: the library's walk).
Every other question (other states, a walk from a task, `end_at_spec`) takes the library's path.

The log records of a state change and of a workflow started or completed gather their details only when
they are logged (the library gathered them for every record, logged or not: for a workflow, a walk
listing every task).

tests/unit/test_task_walk.py compares the answers with the library's at every step of real cases; the
simulation's output files are byte-identical with and without the index
(tests/simulation/test_task_index.py). Installed for spiffworkflow 3.2.0 only, like engine.runtime_walk.
"""
from __future__ import annotations

import bisect
import functools
import importlib.metadata
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
from SpiffWorkflow.workflow import logger as workflow_logger

LIVE = TaskState.READY | TaskState.WAITING
_TABLE = "_erkend_live_tasks"  # on the case, and on each of its workflows once it has been looked up
# The tasks whose climb to their own workflow's root met only tasks the walk descends from, kept by the
# case until a task of the case leaves the definite and finished states (or is removed while in them),
# the only changes that could cut such a climb. Kept beside the tasks, not on them, like the lines of
# ancestors (_CHAIN): a task with attributes of its own takes more memory than its siblings.
_CLIMBED = "_erkend_climbed"

LIBRARY_GET_TASKS = Workflow.get_tasks
LIBRARY_GET_NEXT_TASK = Workflow.get_next_task
LIBRARY_UPDATE_WAITING = Workflow.update_waiting_tasks
_LIBRARY_REMOVE_TASK = Workflow._remove_task
_LIBRARY_WORKFLOW_LOG_EXTRAS = Workflow.collect_log_extras
# Waiting tasks whose update (after every completed task) only changes states: an event that fired becomes
# READY, a join that may fire becomes READY and cancels its other waiting instances. None creates a task.
_UPDATE_CREATES_NO_TASKS = (CatchingEvent, UnstructuredJoin)
_LIBRARY_SET_STATE = Task._set_state
_LIBRARY_TASK_INIT = Task.__init__


Table = dict[int, dict[Any, Any]]  # READY and WAITING: the case's tasks in that state, by id


def _case_table(workflow: Any) -> Table | None:
    """The case's table, once a question has built it (kept on each workflow of the case too)."""
    table: Table | None = workflow.__dict__.get(_TABLE)
    if table is None:
        table = _case_of(workflow).__dict__.get(_TABLE)
        if table is not None:
            workflow.__dict__[_TABLE] = table
    return table


def _built_table(workflow: Any) -> Table:
    case = _case_of(workflow)
    table: Table | None = case.__dict__.get(_TABLE)
    if table is None:
        table = {TaskState.READY: {}, TaskState.WAITING: {}}
        for wf in [case, *getattr(case, "subprocesses", {}).values()]:
            for task_id, task in wf.tasks.items():
                if task._state & LIVE:
                    table[task._state][task_id] = task
        case.__dict__[_TABLE] = table
    return table


def _keep(table: Table, task: Any) -> None:
    """The task in the part of the table for its state, and in no other."""
    state, task_id = task._state, task.id
    if state == TaskState.READY:
        table[TaskState.WAITING].pop(task_id, None)
        table[state][task_id] = task
    elif state == TaskState.WAITING:
        table[TaskState.READY].pop(task_id, None)
        table[state][task_id] = task
    else:
        table[TaskState.READY].pop(task_id, None)
        table[TaskState.WAITING].pop(task_id, None)


def _set_state(self: Any, value: int) -> None:
    """Task._set_state of SpiffWorkflow 3.2, keeping the table; its log record's details (the parent
    looked up, the state named) are only gathered when the record is logged."""
    if value < TaskState.FUTURE <= self._state:
        _move_epoch(self.workflow)
    if value != self._state:
        elapsed = time.time() - self.last_state_change
        self.last_state_change = time.time()
        self._state = value
        if task_logger.isEnabledFor(logging.INFO):
            task_logger.info(f"State changed to {TaskState.get_name(value)}",
                             extra=self.collect_log_extras({"elapsed": elapsed}))
    elif task_logger.isEnabledFor(logging.DEBUG):
        task_logger.debug(f"State set to {TaskState.get_name(value)}", extra=self.collect_log_extras())
    table = _case_table(self.workflow)
    if table is not None:
        _keep(table, self)


def _workflow_log_extras(self: Any, dct: dict[str, Any] | None = None) -> dict[str, Any]:
    """Workflow.collect_log_extras of SpiffWorkflow 3.2: with its logger's own level unset it lists every
    task of the tree (a walk) for the record of a workflow started, completed or cancelled, logged or
    not. The details only go to a record that is logged, so they are gathered only then."""
    if workflow_logger.isEnabledFor(logging.INFO):
        extras: dict[str, Any] = _LIBRARY_WORKFLOW_LOG_EXTRAS(self, dct)
        return extras
    extra = dct or {}
    extra.update({"workflow_spec": self.spec.name, "success": self.success, "completed": self.completed,
                  "root": self.task_tree.id})
    return extra


def _case_of(workflow: Any) -> Any:
    return getattr(workflow, "top_workflow", workflow)


def _move_epoch(workflow: Any) -> None:
    _case_of(workflow).__dict__.pop(_CLIMBED, None)


def _remove_task(self: Any, task_id: Any) -> None:
    task = self.tasks[task_id]
    if task._state >= TaskState.FUTURE or task_id in getattr(_case_of(self), "subprocesses", {}):
        _move_epoch(self)
    _LIBRARY_REMOVE_TASK(self, task_id)
    built = self.__dict__.get(_BY_SPEC)
    if built is not None and built[0] is self.tasks:
        same = built[2].get(task.task_spec.name)
        if same and task in same:
            same.remove(task)


# Each workflow's tasks by the name of their spec, in the order of its task table (`workflow.tasks`), for
# the joins, which asked the whole table for the tasks of their own spec every time they were updated.
# A spec's list is made when first asked for, from the table it stands for, and kept with it (a table
# replaced wholesale, as the deserializer does, is read afresh); `forget_specs` drops the lists when a
# migration gives tasks other specs.
_BY_SPEC = "_erkend_by_spec"


def tasks_of_spec(workflow: Any, name: str) -> list[Any]:
    """The workflow's tasks whose spec is named `name`, in table order. The list is the index's own:
    read it, never change it."""
    if not _installed:  # nothing keeps the table up to date: the library's filter
        return [task for task in workflow.tasks.values() if task.task_spec.name == name]
    built = workflow.__dict__.get(_BY_SPEC)
    if built is None or built[0] is not workflow.tasks or built[1] != _installs:
        built = workflow.__dict__[_BY_SPEC] = (workflow.tasks, _installs, {})
    by_spec: dict[str, list[Any]] = built[2]
    found = by_spec.get(name)
    if found is None:  # kept from the first question on, for the specs asked about only (the joins')
        found = by_spec[name] = [task for task in workflow.tasks.values() if task.task_spec.name == name]
    return found


def forget_specs(workflow: Any) -> None:
    workflow.__dict__.pop(_BY_SPEC, None)


def _climbs_to_own_root(task: Any) -> bool:
    """Every ancestor of `task` in its own workflow is one the walk descends from for every state in
    LIVE (definite or finished: at least FUTURE). Remembered until the case's tree epoch moves."""
    workflow = task.workflow
    climbed: set[Any] = _case_of(workflow).__dict__.setdefault(_CLIMBED, set())
    if task in climbed:
        return True
    tasks = workflow.tasks
    passed = [task]
    node = tasks.get(task._parent) if task._parent is not None else None
    while node is not None:
        if node._state < TaskState.FUTURE:
            return False
        if node in climbed:
            break
        passed.append(node)
        node = tasks.get(node._parent) if node._parent is not None else None
    else:  # off the top: the last task passed must be the workflow's root, not a broken link
        if passed[-1] is not workflow.task_tree:
            return False
    climbed.update(passed)
    return True


def _caller(workflow: Any) -> Any:
    """The task that called this procedure (looked up once; a procedure's caller never changes)."""
    caller = workflow.__dict__.get("_erkend_caller")
    if caller is None or caller.workflow.tasks.get(caller.id) is not caller:
        caller = workflow.top_workflow.get_task_from_id(workflow.parent_task_id)
        workflow.__dict__["_erkend_caller"] = caller
    return caller


def _called_from(workflow: Any, owner: Any) -> bool:
    """Whether `workflow` is a procedure called by `owner`, directly or through others."""
    while workflow is not owner:
        if workflow is _case_of(workflow):
            return False
        caller = _caller(workflow)
        if caller is None:
            return False
        workflow = caller.workflow
    return True


def _reaches(task: Any, root: Any, walk: Any, enters: bool) -> bool:
    """Whether the walk from `root` reaches `task` (a LIVE task): `_position` is not None, with the
    climbs remembered."""
    node = task
    while True:
        if not _climbs_to_own_root(node):
            return _position(task, root, walk, enters) is not None
        workflow = node.workflow
        if workflow is root.workflow:
            return True
        if not enters:
            return False
        top = workflow.top_workflow
        if workflow is top:
            return False
        caller = _caller(workflow)
        if caller is None or top.subprocesses.get(caller.id) is not workflow:
            return False
        if caller._state >= TaskState.FINISHED_MASK and walk.task_filter.state <= TaskState.FINISHED_MASK:
            return False
        node = caller


def _task_init(self: Any, workflow: Any, task_spec: Any, parent: Any = None, state: int = TaskState.MAYBE,
               id: Any = None) -> None:  # noqa: A002  # the library's own keyword
    _LIBRARY_TASK_INIT(self, workflow, task_spec, parent, state, id)
    built = workflow.__dict__.get(_BY_SPEC)
    if built is not None and built[0] is workflow.tasks:
        same = built[2].get(self.task_spec.name)
        if same is not None:
            same.append(self)
    if self._state & LIVE:
        table = _case_table(workflow)
        if table is not None:
            table[self._state][self.id] = self


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


_CHAIN = "_erkend_chain"


def _chain(task: Any) -> tuple[int, Any, Any, bool]:
    """(depth, the parent's chain, task, whether the task is a called procedure's root): the task's line
    of ancestors up to the case's root, a called procedure's root hanging under its caller. Parents and
    callers never change, so each task's chain is made once, from its parent's."""
    chains: dict[Any, tuple[int, Any, Any, bool]] = _case_of(task.workflow).__dict__.setdefault(_CHAIN, {})
    chain = chains.get(task)
    if chain is not None:
        return chain
    line, node = [], task
    known: tuple[int, Any, Any, bool] | None
    while True:
        known = chains.get(node)
        if known is not None:
            break
        line.append(node)
        if node._parent is not None:
            node = node.workflow.tasks[node._parent]
            continue
        workflow = node.workflow
        if workflow is _case_of(workflow):
            known = None
            break
        node = _caller(workflow)
    for node in reversed(line):
        entered = node._parent is None and known is not None
        known = (known[0] + 1 if known is not None else 0, known, node, entered)
        chains[node] = known
    assert known is not None
    return known


def _before(a: Any, b: Any) -> int:
    """-1 when the depth-first walk meets task `a` before task `b`, 1 after (both on the walk)."""
    ca, cb = _chain(a), _chain(b)
    while ca[0] > cb[0]:
        if ca[1] is cb:
            return 1  # b is an ancestor of a
        ca = ca[1]
    while cb[0] > ca[0]:
        if cb[1] is ca:
            return -1
        cb = cb[1]
    while ca[1] is not cb[1]:
        ca, cb = ca[1], cb[1]
    if ca[3] or cb[3]:  # a called procedure comes before its caller's children
        return -1 if ca[3] else 1
    siblings = ca[1][2]._children
    return -1 if siblings.index(ca[2].id) < siblings.index(cb[2].id) else 1


_WALK_ORDER = functools.cmp_to_key(_before)
# The case's live tasks that have been asked for, in the walk's order. Two tasks keep their order for as
# long as both exist: a task's parent and caller never change, and the library only appends children or
# removes them, so siblings keep their order. Sorting each answer afresh was a tenth of a simulated case's
# time; now the tasks known from earlier answers keep their places and only the new ones are placed
# among them (a binary search by the same comparison). Tasks no longer live are dropped from it.
_ORDERED = "_erkend_ordered"


def _in_walk_order(case: Any, tasks: list[Any]) -> list[Any]:
    ordered: list[Any] = [t for t in case.__dict__.get(_ORDERED, ()) if t._state & LIVE
                          and t.workflow.tasks.get(t.id) is t]
    placed = set(ordered)
    for task in tasks:
        if task not in placed:
            bisect.insort(ordered, task, key=_WALK_ORDER)
            placed.add(task)
    case.__dict__[_ORDERED] = ordered
    wanted = set(tasks)
    return [t for t in ordered if t in wanted]


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
    table = _built_table(owner)
    whole_case = enters and owner is _case_of(owner)
    matches = walk.task_filter.matches
    found, gone = [], []
    for part_state, part in table.items():
        if not part_state & wanted:
            continue  # a question for ready tasks does not look at the waiting ones, nor the other way round
        for task in part.values():
            if not task._state & wanted:
                continue
            workflow = task.workflow
            if workflow.tasks.get(task.id) is not task:
                gone.append((part, task.id))  # removed from the tree
            elif ((workflow is owner or whole_case or (enters and _called_from(workflow, owner)))
                  and matches(task) and _reaches(task, root, walk, enters)):
                found.append(task)
    for part, task_id in gone:
        del part[task_id]
    if len(found) > 1:
        return _in_walk_order(_case_of(owner), found)
    return found


class _LiveWalk:
    """What `_reaches` reads of the walk `get_tasks(state=READY | WAITING)` makes: its filter's states and
    the least state it descends from (a definite state is asked for: FUTURE)."""

    class task_filter:  # noqa: N801  # the walk's attribute name
        state = LIVE

    min_state = TaskState.FUTURE


_installed = False
_installs = 0  # how many times installed: a table made under an earlier install was not kept since


def live_tasks(case: Any) -> list[Any] | None:
    """`case.get_tasks(state=READY | WAITING)` of a case (a top workflow), straight from its table: the
    same tasks in the same order as the indexed answer, without making the walk and its filter to ask
    it (the filter asks nothing else of a task in the table than its state). None when the index is
    not installed or `case` is a procedure within a case."""
    if not _installed or _case_of(case) is not case:
        return None
    root = case.task_tree
    table = _built_table(case)
    found, gone = [], []
    for part in table.values():
        for task in part.values():
            if not task._state & LIVE:
                continue
            if task.workflow.tasks.get(task.id) is not task:
                gone.append((part, task.id))  # removed from the tree
            elif _reaches(task, root, _LiveWalk, True):
                found.append(task)
    for part, task_id in gone:
        del part[task_id]
    if len(found) > 1:
        return _in_walk_order(case, found)
    return found


def install(depth_limit: int) -> None:
    """Answer from the tables. The replaced methods are SpiffWorkflow 3.2.0's (pinned): any other
    version keeps its own."""
    if importlib.metadata.version("spiffworkflow") != "3.2.0":
        return

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

    global _installed, _installs
    _installed, _installs = True, _installs + 1
    Task._set_state = _set_state
    Task.__init__ = _task_init
    Workflow.get_tasks = get_tasks
    Workflow.get_next_task = get_next_task
    Workflow.update_waiting_tasks = update_waiting_tasks
    Workflow._remove_task = _remove_task
    Workflow.collect_log_extras = _workflow_log_extras


def uninstall() -> None:
    """The library's own methods back (for the tests that compare the two)."""
    global _installed
    _installed = False
    Task._set_state = _LIBRARY_SET_STATE
    Task.__init__ = _LIBRARY_TASK_INIT
    Workflow.get_tasks = LIBRARY_GET_TASKS
    Workflow.get_next_task = LIBRARY_GET_NEXT_TASK
    Workflow.update_waiting_tasks = LIBRARY_UPDATE_WAITING
    Workflow._remove_task = _LIBRARY_REMOVE_TASK
    Workflow.collect_log_extras = _LIBRARY_WORKFLOW_LOG_EXTRAS
