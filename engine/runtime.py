"""A small SpiffWorkflow 3.2 facade: create, dump, load, list ready tasks, complete, deliver, tick timers.

Everything SpiffWorkflow-specific lives here and in engine/runtime_case.py (the case's own script
functions: case facts and paused deadlines), including the library hazards we reproduced (see the
SpiffWorkflow notes in the project's reference material):
- `Task.run()` does not check state: `complete_task` refuses anything that is not READY.
- the default script engine is bare eval/exec: every workflow gets `RestrictedEnvironment`, re-attached
  after every load because deserialization drops it.
- timers compare `due < now` strictly and read `datetime.now` inside the library: the timer module is
  pointed at `engine.clock.current_clock()`; the worker wakes timers at due + 1 s.
- `date` and `Decimal` task data break the serializer unless registered: they are.
- the task iterator stops silently at depth 1,000 (a case renewing a permit for years would stall):
  the default depth is raised.
  `engine.runtime_walk` then walks the tree without the depth bookkeeping, in the same order.
- every question for ready or waiting tasks walked the whole task tree: `engine.runtime_index` answers
  them from a table of the case's ready and waiting tasks, with the walk's answer.
- every saved state embeds the whole spec (~60 % of its bytes, and 40 % of a dump's time to convert):
  the serializer's workflow converter leaves it out (`_StateConverter`), and `load_state` takes shared
  spec objects, stored once per model version.
- `serialize_json` flips a flag on the serializer's registry while it dumps: with one serializer shared
  by all server threads that is a race, so `dump_state` converts without it.
- the library evaluates a timer's expression once, when it arms the timer, and keeps only the due
  moment: the script engine records how that moment was derived at that evaluation (see
  `engine.timer_derivation`) in the timer task's internal data, next to the due moment.
- the library deep-copies a task's data into every child task: the case's legal values (`policy`,
  read by the models' expressions) are not task data but part of the script environment of the
  case, attached to the workflow object at start and load (`start`/`load_state` take them) and kept
  by the caller, never in the saved state. A state saved while they were task data runs on as it is.
"""
from __future__ import annotations

import copy
import datetime as dt
import decimal
import json
from typing import Any, Container, Iterator, Mapping, NamedTuple, TypeAlias
from uuid import UUID

import SpiffWorkflow.bpmn.specs.event_definitions.timer as spiff_timer
from SpiffWorkflow.bpmn import BpmnEvent, BpmnWorkflow
from SpiffWorkflow.bpmn.serializer.default.workflow import BpmnWorkflowConverter, WorkflowConverter
from SpiffWorkflow.bpmn.serializer.helpers.encoder import create_encoder
from SpiffWorkflow.bpmn.serializer.workflow import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.specs.event_definitions.message import MessageEventDefinition as _BpmnMessage
from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition
from SpiffWorkflow.bpmn.util.task import BpmnTaskIterator
from SpiffWorkflow.exceptions import WorkflowException
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG
from SpiffWorkflow.spiff.specs.event_definitions import MessageEventDefinition
from SpiffWorkflow.task import Task
from SpiffWorkflow.util.task import TaskIterator, TaskState

from engine import case_facts, runtime_data, runtime_ids, runtime_index, runtime_walk
from engine.clock import current_clock
from engine.errors import InvalidTransition, MessageNotExpected
from engine.runtime_case import (
    _PAUSE_KEY,
    _PAUSED_DUE,
    CASE_FUNCTIONS,
    DERIVATION_KEY,
    FACT_MESSAGE_PREFIX,
    INTERNAL_PREFIX,
    _definitions,
    _pause_armed_timers,
    _TaskAwareScriptEngine,
    _waiting_event_tasks,
    attach_policy,
    case_policy,
    task_policy,
)
from engine.sandbox import RestrictedEnvironment
from engine.timer_derivation import DerivationRecorder

ITERATOR_MAX_DEPTH = 10**6
class _ClockedDatetime(dt.datetime):
    """Stands in for `datetime` inside SpiffWorkflow's timer module so timers follow the injected clock."""

    @classmethod
    def now(cls, tz: dt.tzinfo | None = None) -> dt.datetime:  # type: ignore[override]  # the clock's datetime, not Self
        moment = current_clock().now()
        return moment.astimezone(tz) if tz else moment.replace(tzinfo=None)


def _patch_library() -> None:
    spiff_timer.datetime = _ClockedDatetime
    TaskIterator.__init__.__defaults__ = (None, ITERATOR_MAX_DEPTH, True, None)
    BpmnTaskIterator.__init__.__defaults__ = (None, ITERATOR_MAX_DEPTH, True, False, None)
    runtime_walk.install(ITERATOR_MAX_DEPTH)  # the same walk, without the depth bookkeeping the limit made moot
    runtime_index.install(ITERATOR_MAX_DEPTH)  # ready and waiting tasks from a table, not a walk
    runtime_ids.install()  # plain task ids inside a simulation, uuid4 everywhere else
    runtime_data.install()  # no merge of a parent's data into a task that holds it already


_patch_library()


class _StateConverter(BpmnWorkflowConverter):  # type: ignore[misc]  # the library is untyped
    """The workflow's state without its specs, which are stored once per model version. The library's
    converter converts the whole spec on every dump, only for `dump_state` to throw it away: 40 % of a
    dump's time. Restoring is the library's: `load_state` puts the shared spec objects in."""

    def to_dict(self, workflow: BpmnWorkflow) -> dict[str, Any]:
        dct: dict[str, Any] = WorkflowConverter.to_dict(self, workflow)
        dct["subprocesses"] = self.mapping_to_dict(workflow.subprocesses)
        dct["bpmn_events"] = self.registry.convert(workflow.bpmn_events)
        return dct


def _build_serializer() -> BpmnWorkflowSerializer:
    # The library's documented way to replace a converter: a configuration with our class for BpmnWorkflow.
    registry = BpmnWorkflowSerializer.configure({**SPIFF_CONFIG, BpmnWorkflow: _StateConverter})
    registry.register(dt.date, lambda v: {"value": v.isoformat()},
                      lambda v: dt.date.fromisoformat(v["value"]), typename="erkend_date")
    registry.register(decimal.Decimal, lambda v: {"value": str(v)},
                      lambda v: decimal.Decimal(v["value"]), typename="erkend_decimal")
    return BpmnWorkflowSerializer(registry)


SERIALIZER = _build_serializer()
# Writes what the registry leaves to the JSON step (dates and decimals in task data, which the library
# keeps as deltas against the parent task without converting them).
_JSON_ENCODER = create_encoder(SERIALIZER.registry)


class _DerivingScriptEngine(_TaskAwareScriptEngine):
    """Evaluates a timer's expression, when the library arms the timer, with recording stand-ins for
    the deadline functions, and keeps what they computed with the task. Every other expression is
    evaluated as usual."""

    def __init__(self, functions: Mapping[str, Any]) -> None:
        super().__init__(environment=RestrictedEnvironment(functions))
        self._names = frozenset(functions)

    def evaluate(self, task: Task, expression: str, external_context: dict[str, Any] | None = None) -> Any:
        timer = _arming_timer(task, expression)
        if timer is None:
            return super().evaluate(task, expression, external_context)
        recorder = DerivationRecorder(task_policy(task))
        stand_ins = {name: f for name, f in recorder.functions().items() if name in self._names}
        value = super().evaluate(task, expression, {**(external_context or {}), **stand_ins})
        task.internal_data[DERIVATION_KEY] = recorder.derivation(value, expression, type(timer).__name__)
        return value


class ArmedTimer(NamedTuple):
    task_id: str
    name: str
    due: dt.datetime  # a paused timer: the due moment it had when it was paused
    paused: bool
    process_id: str  # the process (workflow spec) the timer belongs to: a call activity's own process
    derivation: dict[str, Any] | None  # None for a timer armed before derivations were recorded


class Waiting(NamedTuple):
    ready: list[Task]  # user tasks ready to be done
    messages: set[str]  # messages awaited from outside
    timers: list[tuple[str, str, dt.datetime, bool]]  # (task id, name, due, paused), as pending_timers


class Runtime:
    """Runs workflows with the restricted script environment built from `functions`."""

    def __init__(self, functions: Mapping[str, Any] | None = None) -> None:
        self.script_engine = _DerivingScriptEngine({**(functions or {}), **CASE_FUNCTIONS})

    # -- lifecycle -------------------------------------------------------------------------------------
    def start(self, spec: Any, subprocess_specs: Mapping[str, Any], data: Mapping[str, Any],
              policy: Mapping[str, Any] | None = None, facts: Mapping[str, Any] | None = None) -> BpmnWorkflow:
        """A new workflow. `policy`: the case's legal values, which its expressions read as `policy`;
        `facts`: the case-fact store to start with (a case reopened with a new procedure keeps the facts
        it had; engine.case_facts)."""
        workflow = BpmnWorkflow(spec, dict(subprocess_specs), script_engine=self.script_engine)
        attach_policy(workflow, policy)
        if facts:
            workflow.data[case_facts.STORE_KEY] = copy.deepcopy(dict(facts))
        # wf.data is not copied into the start task: seed the first task instead.
        workflow.get_tasks(state=TaskState.READY)[0].data.update(data)
        self.advance(workflow)
        return workflow

    def advance(self, workflow: BpmnWorkflow) -> None:
        """Run engine steps until only user tasks and waiting events remain. Overdue timers fire first;
        `do_engine_steps` refreshes timers only at its end, leaving a fired boundary READY (and its user
        task still completable), so it runs again while automatic tasks are ready."""
        workflow.refresh_timers()
        self._run_steps(workflow)
        # A changed case fact wakes the procedures waiting for it. Waiting procedures check the fact
        # before they wait, so a change made before anyone waited is not lost.
        while True:
            woken = False
            for name in case_facts.drain_wakes(workflow.data):
                message = FACT_MESSAGE_PREFIX + name
                if message in self._waiting_names(workflow):
                    workflow.send_event(BpmnEvent(MessageEventDefinition(message), payload={"fact": name}))
                    woken = True
            if not woken:
                break
            self._run_steps(workflow)

    def _run_steps(self, workflow: BpmnWorkflow) -> None:
        workflow.do_engine_steps()
        while workflow.get_next_task(state=TaskState.READY, manual=False) is not None:
            workflow.do_engine_steps()
        if workflow.data.get(_PAUSE_KEY):
            _pause_armed_timers(workflow)  # timers armed while deadlines are paused wait too

    @staticmethod
    def settle(workflow: BpmnWorkflow) -> None:
        """Put the sub-processes in the order loading the saved state gives them: each after the task that
        called it, depth first (the library's `subprocesses_from_dict`). A workflow that went on in memory
        holds them in the order they started, and the library's engine steps take sub-processes of one
        depth in that order. Settled before every save, a step behaves the same whether it goes on with
        the workflow the last step kept (engine.workflow_cache) or loads the saved state."""
        subprocesses = workflow.subprocesses
        if len(subprocesses) < 2:
            return
        ordered: dict[Any, Any] = {}

        def visit(tasks: Mapping[Any, Any]) -> None:
            for task_id in tasks:
                sub = subprocesses.get(task_id)
                if sub is not None and task_id not in ordered:
                    ordered[task_id] = sub
                    visit(sub.tasks)

        visit(workflow.tasks)
        for task_id, sub in subprocesses.items():
            ordered.setdefault(task_id, sub)  # a caller no longer in the tree: kept, last, as saved before
        if list(ordered) != list(subprocesses):
            subprocesses.clear()
            subprocesses.update(ordered)

    def dump_state(self, workflow: BpmnWorkflow) -> str:
        """The workflow as JSON text, without its spec (stored once per model version instead).

        Kept as text, never JSONB or re-sorted JSON: the library restores each task's data as a delta
        against its parent in the order tasks appear, so reordered keys silently lose task data.

        One serializer serves every server thread, so this uses only its stateless conversion. The
        library's `serialize_json` flips a mode flag on the shared registry for the length of a dump,
        and a thread finishing its dump would switch the flag off under another's."""
        if runtime_ids.is_counted(workflow.task_tree.id):
            raise ValueError("a workflow with counted task ids (a simulated case) is never saved")
        dct = SERIALIZER.to_dict(workflow)  # without the specs (`_StateConverter`)
        dct[SERIALIZER.VERSION_KEY] = SERIALIZER.VERSION
        return json.dumps(dct, cls=_JSON_ENCODER, separators=(",", ":"))

    def load_state(self, state: str, spec: Any, subprocess_specs: Mapping[str, Any],
                   policy: Mapping[str, Any] | None = None) -> BpmnWorkflow:
        """The saved workflow; `policy`: the legal values the case started with (kept beside its state)."""
        dct = json.loads(state, cls=SERIALIZER.json_decoder_cls)
        version = dct.get(SERIALIZER.VERSION_KEY)
        if version != SERIALIZER.VERSION:
            # An older serializer format: let the library migrate a full (spec-embedded) dictionary.
            dct["spec"] = SERIALIZER.to_dict(spec)
            dct["subprocess_specs"] = {name: SERIALIZER.to_dict(s) for name, s in subprocess_specs.items()}
            SERIALIZER.migrate(dct)
        else:
            dct.pop(SERIALIZER.VERSION_KEY)
            # The library restores what is not a serialized dictionary as it is, so the shared spec
            # objects go in where an embedded spec would be.
            dct["spec"], dct["subprocess_specs"] = spec, dict(subprocess_specs)
        workflow = SERIALIZER.from_dict(dct)
        workflow.script_engine = self.script_engine
        attach_policy(workflow, policy)
        return workflow

    @staticmethod
    def policy(workflow: BpmnWorkflow) -> dict[str, Any] | None:
        """The legal values attached to the workflow at start or load (None: none attached)."""
        return case_policy(workflow)

    # -- user tasks ------------------------------------------------------------------------------------
    @staticmethod
    def ready_user_tasks(workflow: BpmnWorkflow) -> list[Task]:
        tasks: list[Task] = workflow.get_tasks(state=TaskState.READY, manual=True)
        return tasks

    def complete_task(self, workflow: BpmnWorkflow, task_id: UUID | str | int, data: Mapping[str, Any]) -> Task:
        task = self.find_task(workflow, task_id)
        if task is None or task.state != TaskState.READY or not task.task_spec.manual:
            # A double submit, or a form sent after a timer cancelled the task: Task.run() would accept it.
            raise InvalidTransition("task is not ready")
        # Submitted fields replace what the case held under the same names. The library's
        # add_data_from_form deep-merges, so a corrected list would be combined with the refused one.
        task.data.update(dict(data))
        task.run()
        self.advance(workflow)
        return task

    @staticmethod
    def find_task(workflow: BpmnWorkflow, task_id: UUID | str | int) -> Task | None:
        """The task by its id: a UUID or its text, or a simulated case's counted id (engine.runtime_ids)."""
        if isinstance(task_id, str):
            try:
                task_id = UUID(task_id)
            except ValueError:
                return None
        return workflow.get_task_from_id(task_id)

    # -- messages --------------------------------------------------------------------------------------
    @staticmethod
    def _waiting_names(workflow: BpmnWorkflow) -> set[str]:
        return {definition.name for task in _waiting_event_tasks(workflow) for definition in _definitions(task)
                if isinstance(definition, _BpmnMessage)}

    def waiting_messages(self, workflow: BpmnWorkflow) -> set[str]:
        """The messages the case waits for from outside (the engine's own internal messages left out)."""
        return {name for name in self._waiting_names(workflow) if not name.startswith(INTERNAL_PREFIX)}

    def deliver_message(self, workflow: BpmnWorkflow, name: str, payload: Mapping[str, Any]) -> None:
        if name not in self.waiting_messages(workflow):
            raise MessageNotExpected(f"no process is waiting for message {name!r}")
        try:
            workflow.send_event(BpmnEvent(MessageEventDefinition(name), payload=dict(payload)))
        except WorkflowException as exc:
            raise MessageNotExpected(f"no process is waiting for message {name!r}") from exc
        self.advance(workflow)

    # -- timers ----------------------------------------------------------------------------------------
    @staticmethod
    def pending_timers(workflow: BpmnWorkflow) -> list[tuple[str, str, dt.datetime, bool]]:
        """(task id, timer name, due, paused) for every armed timer, sub-processes included. A paused
        timer reports the due moment it had when it was paused."""
        return [(t.task_id, t.name, t.due, t.paused) for t in Runtime.armed_timers(workflow)]

    @staticmethod
    def armed_timers(workflow: BpmnWorkflow) -> list[ArmedTimer]:
        """Every armed timer, sub-processes included, with its process and how its due was derived."""
        return Runtime._armed_among(_waiting_event_tasks(workflow))

    @staticmethod
    def waiting(workflow: BpmnWorkflow) -> "Waiting":
        """The ready user tasks, the messages awaited from outside and the armed timers, in one walk of
        the task tree: the simulator reads all three after every step, and each walk is most of a
        step's cost in a long-running case."""
        ready: list[Task] = []
        messages: set[str] = set()
        timers: list[tuple[str, str, dt.datetime, bool]] = []
        live = runtime_index.live_tasks(workflow)
        if live is None:
            live = workflow.get_tasks(state=TaskState.READY | TaskState.WAITING)
        for task in live:
            spec = task.task_spec
            if task.state == TaskState.READY:
                if spec.manual:
                    ready.append(task)
                continue
            listens = _LISTENS.get(spec)
            if listens is None:
                listens = _LISTENS[spec] = _listens(spec)
            messages.update(listens[0])
            for name in listens[1]:  # as _armed_among, without the derivation
                value = task.internal_data.get("event_value")
                paused = value == _PAUSED_DUE
                if paused:
                    value = task.internal_data.get("erkend_due_before_pause")
                if value:
                    timers.append((str(task.id), name, dt.datetime.fromisoformat(value), paused))
        return Waiting(ready, messages, timers)

    @staticmethod
    def _armed_among(waiting_tasks: Any, derived: bool = True) -> list[ArmedTimer]:
        """The armed timers of `waiting_tasks`; with `derived=False` without their derivations (the
        simulator, which reads timers after every step, has no use for them)."""
        timers = []
        for task in waiting_tasks:
            for definition in _definitions(task):
                if not isinstance(definition, TimerEventDefinition):
                    continue
                value = task.internal_data.get("event_value")
                paused = value == _PAUSED_DUE
                if paused:
                    value = task.internal_data.get("erkend_due_before_pause")
                if value:
                    due = dt.datetime.fromisoformat(value)
                    timers.append(ArmedTimer(str(task.id), definition.name or task.task_spec.bpmn_id, due, paused,
                                             task.workflow.spec.name, _derivation(task, due) if derived else None))
        return timers

    @staticmethod
    def fired_timers(workflow: BpmnWorkflow, known: Container[str] = frozenset()) -> list[ArmedTimer]:
        """Timers the library has fired (their task went on), with the due moment they were armed with, in
        the order of a walk of the tree; those whose task id is in `known` (timers the caller has rows
        for) left out. The engine uses it for a timer armed and fired within one step (a deadline that
        ran out before the case was registered), which was never seen waiting.

        Every save asks, and a long case holds every timer that ever fired: the candidates come from the
        task tables (`_every_task`), and only when more than one is left does a walk give their order."""
        fired = [(task, value) for task in _every_task(workflow)
                 if getattr(task.task_spec, "event_definition", None) is not None and task.state in _FIRED
                 and (value := _fired_due(task)) is not None and str(task.id) not in known]
        if len(fired) > 1:
            walk = workflow.get_tasks(state=TaskState.COMPLETED | TaskState.READY)
            order = {task.id: i for i, task in enumerate(walk)}
            fired.sort(key=lambda found: order[found[0].id])
        timers = []
        for task, value in fired:
            for definition in _definitions(task):
                if isinstance(definition, TimerEventDefinition):
                    due = dt.datetime.fromisoformat(value)
                    timers.append(ArmedTimer(str(task.id), definition.name or task.task_spec.bpmn_id, due, False,
                                             task.workflow.spec.name, _derivation(task, due)))
        return timers

    @staticmethod
    def procedures(workflow: BpmnWorkflow) -> list[tuple[str, str, str, tuple[str, ...]]]:
        """(process id, title, status, position) of every procedure the case called, in the order they
        started. A procedure interrupted by a boundary event (the minors' route on the 18th birthday) is
        `stopped`; its position is the names of the steps it stands at."""
        out = []
        for task_id, sub in workflow.subprocesses.items():
            caller = workflow.get_task_from_id(task_id)
            if sub.completed:
                status = "completed"
            elif caller is not None and caller.state == TaskState.CANCELLED:
                status = "stopped"
            else:
                status = "running"
            # The ready and waiting tasks from the case's task index, in the walk's order.
            position = tuple(dict.fromkeys(
                t.task_spec.bpmn_name or t.task_spec.bpmn_id
                for t in sub.get_tasks(state=TaskState.READY | TaskState.WAITING)
                if t.workflow is sub and getattr(t.task_spec, "bpmn_id", None)
                and (t.task_spec.manual or _definitions_or_none(t))))
            if status == "running" or position or sub.completed or status == "stopped":
                out.append((sub.spec.name, sub.spec.description or sub.spec.name, status,
                            position if status == "running" else (),
                            caller.last_state_change if caller is not None else 0.0))
        out.sort(key=lambda p: p[4])
        return [p[:4] for p in out]

    @staticmethod
    def facts(workflow: BpmnWorkflow) -> dict[str, Any]:
        """The case facts as they stand (see engine.case_facts)."""
        return case_facts.values(workflow.data)

    @staticmethod
    def drain_fact_changes(workflow: BpmnWorkflow) -> list[dict[str, Any]]:
        return case_facts.drain_changes(workflow.data)

    @staticmethod
    def deadlines_paused_since(workflow: BpmnWorkflow) -> str | None:
        since: str | None = workflow.data.get(_PAUSE_KEY)
        return since


# What a waiting task's spec listens for, read once per spec (specs are parsed once per model version,
# shared by every case and never changed): the messages from outside it awaits, and its timers' names.
_LISTENS: dict[Any, tuple[tuple[str, ...], tuple[str, ...]]] = {}


def _listens(spec: Any) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if getattr(spec, "event_definition", None) is None:
        return (), ()
    definitions = list(getattr(spec.event_definition, "event_definitions", None) or [spec.event_definition])
    messages = tuple(d.name for d in definitions if isinstance(d, _BpmnMessage) and not d.name.startswith(INTERNAL_PREFIX))
    timers = tuple(d.name or spec.bpmn_id for d in definitions if isinstance(d, TimerEventDefinition))
    return messages, timers


def _definitions_or_none(task: Task) -> list[Any]:
    return _definitions(task) if getattr(task.task_spec, "event_definition", None) is not None else []


def _arming_timer(task: Task, expression: str) -> TimerEventDefinition | None:
    """The timer of `task` whose expression this is, while the library arms it (no due moment yet)."""
    if task.internal_data.get("event_value") is not None:
        return None
    return next((d for d in _definitions_or_none(task)
                 if isinstance(d, TimerEventDefinition) and d.expression == expression), None)


def _derivation(task: Task, due: dt.datetime) -> dict[str, Any] | None:
    """The recorded derivation with the timer's due moment as it stands, and the pauses that moved it."""
    derivation = task.internal_data.get(DERIVATION_KEY)
    if not derivation:
        return None
    pauses = task.internal_data.get("erkend_pauses")
    stored = {**derivation, "due": due.astimezone(dt.timezone.utc).isoformat()}
    return {**stored, "pauses": pauses} if pauses else stored


# Plain answers about a workflow and its tasks for the modules above the facade, so that none of them
# imports SpiffWorkflow (the architecture test holds them to it).
Workflow: TypeAlias = Any  # a BpmnWorkflow; the library ships no type information


def is_ready(task: Task) -> bool:
    return bool(task.state == TaskState.READY)


_REACHED = (TaskState.READY, TaskState.WAITING, TaskState.COMPLETED)


def is_reached(task: Task) -> bool:
    """Ready, waiting or completed: a task the case has come to (its data counts)."""
    return bool(task.state in _REACHED)


def _every_task(workflow: Workflow) -> Iterator[Task]:
    """Every task of the workflow and its sub-processes, in no particular order, from the workflows'
    task tables instead of a walk of the tree: the library registers each task in its workflow's table
    when it makes it and removes it when it drops it, so both hold the same tasks. A walk of a case with a
    few procedures costs 0.2-0.37 ms."""
    for flow in (workflow, *workflow.subprocesses.values()):
        yield from flow.tasks.values()


def reached_tasks(workflow: Workflow) -> list[Task]:
    """Every task the case has come to, sub-processes included, in no particular order (`_every_task`)."""
    return [task for task in _every_task(workflow) if task.state in _REACHED]


_FIRED = (TaskState.COMPLETED, TaskState.READY)


def _fired_due(task: Task) -> str | None:
    """The due moment an event task was armed with, as the library keeps it (None: not a timer that
    was armed, or one paused)."""
    value = task.internal_data.get("event_value")
    return value if isinstance(value, str) and value != _PAUSED_DUE else None


def is_completed(task: Task) -> bool:
    return bool(task.state == TaskState.COMPLETED)


def thrown_events(workflow: Workflow, name: str) -> list[dict[str, Any]]:
    """Empties the workflow's thrown events; the payloads of those named `name` (a dict each)."""
    return [dict(e.payload) for e in workflow.get_events()
            if getattr(e.event_definition, "name", None) == name and isinstance(e.payload, dict)]


def is_completed_or_ready(task: Task) -> bool:
    return bool(task.state in (TaskState.COMPLETED, TaskState.READY))


def is_timer_definition(event_definition: Any) -> bool:
    return isinstance(event_definition, TimerEventDefinition)
