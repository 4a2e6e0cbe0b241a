"""One case on the real models, in memory: start, complete a task, deliver a message, fire due timers,
and record what happened as plain events (no database, no serializer in the loop).

Form data is checked by the `FormRegistry` handed in (the forms catalogue in production, never imported
here: engine/ does not know forms/). A refusal raises `SampleRefused` naming the task and the fields:
a synthetic case that the real form would refuse is a simulator bug.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Mapping

from engine.case_sync import form_key_of
from engine.clock import Clock, using_clock
from engine.errors import ValidationFailed
from engine.ports import FormRegistry
from engine.runtime import Runtime, Workflow, is_ready
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
    def __init__(self, models: Models, number: int, clock: Clock, forms: FormRegistry, log: list[Event]) -> None:
        self.models, self.number, self.clock, self.forms, self.log = models, number, clock, forms, log
        self.runtime = models.runtime
        self.workflow: Workflow | None = None
        self.validated: set[str] = set()  # form keys whose sampled data passed (for the tests)
        self._armed: dict[str, tuple[str, dt.datetime]] = {}
        self._ended = False

    def _emit(self, kind: str, name: str, value: Any = None) -> None:
        self.log.append(Event(self.number, self.clock.now(), kind, name, value))

    def start(self) -> None:
        with using_clock(self.clock):
            data = {"policy": dict(self.models.policy), "case_reference": f"SIM-{self.number:06d}"}
            self.workflow = self.runtime.start(self.models.top, self.models.subs, data)
            self._emit("case_started", self.models.variant)
            self._after()

    @property
    def wf(self) -> Workflow:
        assert self.workflow is not None, "the case has not started"
        return self.workflow

    @property
    def completed(self) -> bool:
        return self.workflow is not None and self.workflow.completed

    def ready_tasks(self) -> list[ReadyTask]:
        return [ReadyTask(str(t.id), t.task_spec.bpmn_id, t.task_spec.lane or "", form_key_of(t.task_spec))
                for t in self.runtime.ready_user_tasks(self.wf)]

    def is_ready(self, task_id: str) -> bool:
        task = self.runtime.find_task(self.wf, task_id)
        return task is not None and is_ready(task)

    def complete(self, task: ReadyTask, data: Mapping[str, Any]) -> None:
        cleaned = self.clean(task.name, task.form_key, data)
        with using_clock(self.clock):
            self.runtime.advance(self.wf)  # a deadline that passed meanwhile goes first, as in the engine
            self._record_fired()
            if not self.is_ready(task.id):
                return
            self.runtime.complete_task(self.wf, task.id, cleaned)
            self._emit("task_completed", task.name, cleaned.get("outcome"))
            self._after()

    def clean(self, task: str, form_key: str | None, data: Mapping[str, Any]) -> dict[str, Any]:
        if not form_key:
            return dict(data)
        try:
            cleaned = self.forms.validate(form_key, data)
        except ValidationFailed as exc:
            raise SampleRefused(task, form_key, exc.errors) from exc
        self.validated.add(form_key)
        return cleaned

    def waiting_messages(self) -> set[str]:
        return self.runtime.waiting_messages(self.wf)

    def deliver(self, name: str, payload: Mapping[str, Any]) -> bool:
        if name not in self.waiting_messages():
            return False
        key = f"message.{name}"
        cleaned = self.clean(name, key, payload) if self.forms.has(key) else dict(payload)
        with using_clock(self.clock):
            self.runtime.deliver_message(self.wf, name, cleaned)
            self._emit("message_received", name)
            self._after()
        return True

    def next_timer(self) -> dt.datetime | None:
        due = [d for _, _, d, paused in self.runtime.pending_timers(self.wf) if not paused]
        return min(due) if due else None

    def fire_due(self) -> None:
        with using_clock(self.clock):
            self.runtime.advance(self.wf)
            self._record_fired()
            self._after()

    def _record_fired(self) -> None:
        """Timers the library fired: armed before, gone now, and due."""
        now = self.clock.now()
        armed = self._armed
        self._armed = {tid: (name, due) for tid, name, due, _ in self.runtime.pending_timers(self.wf)}
        for tid, (name, due) in armed.items():
            if tid not in self._armed and due < now:
                self._emit("timer_fired", name)

    def _after(self) -> None:
        self._record_fired()
        for change in self.runtime.drain_fact_changes(self.wf):
            name = change["fact"]
            self._emit("fact_recorded", name, self.runtime.facts(self.wf).get(name))
        for event in self.wf.get_events():
            name = getattr(event.event_definition, "name", "")
            if name == "issue_letter" and isinstance(event.payload, dict):
                self._emit("letter_requested", str(event.payload.get("letter_type")))
        if self.wf.completed and not self._ended:
            self._ended = True
            self._emit("case_completed", self.models.variant)
