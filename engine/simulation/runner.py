"""One case on the real models, in memory: start, complete a task, deliver a message, fire due timers,
and record what happened as plain events (no database, no serializer in the loop).

Form data is checked by the `FormRegistry` handed in (the forms catalogue in production, never imported
here: engine/ does not know forms/). A refusal raises `SampleRefused` naming the task and the fields:
a synthetic case that the real form would refuse is a simulator bug.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Mapping, Protocol

from engine.case_sync import form_key_of
from engine.clock import Clock, using_clock
from engine.errors import ValidationFailed
from engine.ports import FormRegistry
from engine.runtime import Runtime, Workflow
from engine.script_env import FUNCTIONS
from engine.specs import SpecLibrary


class SampleRefused(Exception):
    def __init__(self, task: str, form_key: str, errors: Mapping[str, Any]) -> None:
        super().__init__(task, form_key, errors)  # SimPy re-raises an exception by calling it with its args
        self.task, self.form_key, self.errors = task, form_key, dict(errors)

    def __str__(self) -> str:
        fields = "; ".join(f"{name}: {reason}" for name, reason in sorted(self.errors.items()))
        return f"sampled data for task {self.task!r} (form {self.form_key!r}) refused by its form: {fields}"


@dataclass(frozen=True)
class Event:
    """What the KPIs read: `kind` is task_completed, message_received, timer_fired, fact_recorded,
    letter_requested, case_started or case_completed; `name` the task, message, timer, fact or letter."""

    case: int
    at: dt.datetime
    kind: str
    name: str
    value: Any = None


class EventLog(Protocol):
    """Where a case's events go: a list (kept for the tests and the event log) or a KPI tally that
    folds each event in as it comes and keeps nothing of it (long runs)."""

    def append(self, event: Event, /) -> None: ...


# An action on a case, as the benchmark replays it on bare SpiffWorkflow: (case, moment, kind, name,
# data), kind one of start, complete, deliver, fire.
Trace = list[tuple[int, dt.datetime, str, str, dict[str, Any]]]


@dataclass(frozen=True)
class ReadyTask:
    id: str
    name: str
    lane: str
    form_key: str | None


class Models:
    """The parsed procedure of one variant and its legal values: parsed once, shared by every case."""

    def __init__(self, library: SpecLibrary, variant: str, policy: Mapping[str, Any]) -> None:
        self.variant = variant
        self.top, self.subs = library.current(variant).spec("procedure")
        self.policy = dict(policy)
        self.runtime = Runtime(FUNCTIONS)


class CaseRun:
    def __init__(self, models: Models, number: int, clock: Clock, forms: FormRegistry, log: EventLog,
                 trace: Trace | None = None) -> None:
        self.models, self.number, self.clock, self.forms, self.log = models, number, clock, forms, log
        self.trace = trace
        self._released = False
        # What the case waits for, read in one walk of the task tree after every change (a walk is the
        # bulk of a step's cost): armed timers, awaited messages, ready user tasks.
        self._timers: list[tuple[str, str, dt.datetime, bool]] = []
        self._waiting: set[str] = set()
        self._ready: list[ReadyTask] = []
        self._ready_ids: dict[str, tuple[Any, ReadyTask]] = {}  # the ready tasks, by their ids as text
        self.runtime = models.runtime
        self.workflow: Workflow | None = None
        self.validated: set[str] = set()  # form keys whose sampled data passed (for the tests)
        self._armed: dict[str, tuple[str, dt.datetime]] = {}
        self._ended = False

    def _emit(self, kind: str, name: str, value: Any = None) -> None:
        self.log.append(Event(self.number, self.clock.now(), kind, name, value))

    def _traced(self, kind: str, name: str, data: Mapping[str, Any]) -> None:
        if self.trace is not None:
            self.trace.append((self.number, self.clock.now(), kind, name, dict(data)))

    def release(self) -> None:
        """Let go of the finished workflow (its events are out): memory stays bounded by the open cases."""
        self._released = True
        self.workflow = None

    def start(self) -> None:
        with using_clock(self.clock):
            data = {"case_reference": f"SIM-{self.number:06d}"}
            self._traced("start", "", data)
            # the legal values are the script environment's, shared by every case, not task data
            self.workflow = self.runtime.start(self.models.top, self.models.subs, data, self.models.policy)
            self._emit("case_started", self.models.variant)
            self._after()

    @property
    def wf(self) -> Workflow:
        assert self.workflow is not None, "the case has not started"
        return self.workflow

    @property
    def completed(self) -> bool:
        return self._released or (self.workflow is not None and self.workflow.completed)

    def ready_tasks(self) -> list[ReadyTask]:
        return self._ready

    def is_ready(self, task_id: str) -> bool:
        """Read from what the case waits for, which is read again after every change of the case."""
        return task_id in self._ready_ids

    def complete(self, task: ReadyTask, data: Mapping[str, Any]) -> None:
        with using_clock(self.clock):  # forms judge 'not in the future' by the simulated day
            cleaned = self.clean(task.name, task.form_key, data)
            if self._timer_due():  # a deadline that passed meanwhile goes first, as in the engine
                self._traced("fire", "", {})
                self.runtime.advance(self.wf)
                self._after()
                if not self.is_ready(task.id):
                    return
            self._traced("complete", task.name, cleaned)
            self.runtime.complete_task(self.wf, self._ready_ids[task.id][0].id, cleaned)
            self._emit("task_completed", task.name, cleaned.get("outcome"))
            self._after()

    def clean(self, task: str, form_key: str | None, data: Mapping[str, Any]) -> dict[str, Any]:
        if not form_key:
            return dict(data)
        try:
            with using_clock(self.clock):  # "not in the future" means the simulated today, not the wall clock's
                cleaned = self.forms.validate(form_key, data)
        except ValidationFailed as exc:
            raise SampleRefused(task, form_key, exc.errors) from exc
        self.validated.add(form_key)
        return cleaned

    def waiting_messages(self) -> set[str]:
        return self._waiting

    def deliver(self, name: str, payload: Mapping[str, Any]) -> bool:
        if name not in self.waiting_messages():
            return False
        key = f"message.{name}"
        with using_clock(self.clock):
            cleaned = self.clean(name, key, payload) if self.forms.has(key) else dict(payload)
            self._traced("deliver", name, cleaned)
            self.runtime.deliver_message(self.wf, name, cleaned)
            self._emit("message_received", name)
            self._after()
        return True

    def next_timer(self) -> dt.datetime | None:
        due = [d for _, _, d, paused in self._timers if not paused]
        return min(due) if due else None

    def _timer_due(self) -> bool:
        now = self.clock.now()
        return any(due < now and not paused for _, _, due, paused in self._timers)

    def fire_due(self) -> None:
        with using_clock(self.clock):
            self._traced("fire", "", {})
            self.runtime.advance(self.wf)
            self._after()

    def _record_fired(self) -> None:
        """Timers the library fired: armed before, gone now, and due."""
        now = self.clock.now()
        armed = self._armed
        waiting = self.runtime.waiting(self.wf)
        self._timers = waiting.timers
        self._waiting = waiting.messages
        # a task that stays ready keeps its ReadyTask (its form key is read once, not after every step)
        before, self._ready_ids = self._ready_ids, {}
        ready = self._ready = []
        for t in waiting.ready:
            task_id = str(t.id)
            entry = before.get(task_id)
            if entry is None or entry[0] is not t:
                entry = (t, ReadyTask(task_id, t.task_spec.bpmn_id, t.task_spec.lane or "", form_key_of(t.task_spec)))
            self._ready_ids[task_id] = entry
            ready.append(entry[1])
        self._armed = {tid: (name, due) for tid, name, due, _ in self._timers}
        for tid, (name, due) in armed.items():
            if tid not in self._armed and due < now:
                self._emit("timer_fired", name)

    def _after(self) -> None:
        self._record_fired()
        changes = self.runtime.drain_fact_changes(self.wf)
        if changes:
            facts = self.runtime.facts(self.wf)  # as they stand after the step, for every change it made
            for change in changes:
                name = change["fact"]
                self._emit("fact_recorded", name, facts.get(name))
        for event in self.wf.get_events():
            name = getattr(event.event_definition, "name", "")
            if name == "issue_letter" and isinstance(event.payload, dict):
                self._emit("letter_requested", str(event.payload.get("letter_type")))
        if self.wf.completed and not self._ended:
            self._ended = True
            self._emit("case_completed", self.models.variant)
