"""Read models handed out by the engine: plain data, no ORM objects and no SpiffWorkflow objects."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class TaskView:
    id: str
    name: str
    title: str
    lane: str | None
    form_key: str | None
    process_id: str
    form_schema: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class TimerView:
    task_id: str
    name: str
    due_at: dt.datetime
    status: str
    process_id: str | None = None
    derivation: dict[str, Any] | None = None  # how the engine derived due_at (engine.timer_derivation)


@dataclass(frozen=True)
class ProcedureView:
    """One of the person's procedures (a process the case called) as it stands: running or ended, and
    the steps it is at (open tasks, and the events or deadlines it waits for)."""

    process_id: str
    title: str
    status: str  # running | completed | stopped
    position: tuple[str, ...] = ()


@dataclass(frozen=True)
class CaseSummary:
    """A case as a list shows it: what its row says, without loading the workflow. Every list of cases
    (API, coordinator, overviews) and disclosure's summary read this one shape."""

    id: int
    reference: str
    process_id: str
    variant: str
    status: str
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime
    completed_at: dt.datetime | None


@dataclass(frozen=True)
class CaseView(CaseSummary):
    """The whole case as the engine holds it: the summary plus its data, tasks, timers and procedures."""

    model_version: str
    data: dict[str, Any]
    tasks: tuple[TaskView, ...] = ()
    timers: tuple[TimerView, ...] = ()
    waiting_messages: tuple[str, ...] = ()
    procedures: tuple[ProcedureView, ...] = ()
    deadlines_paused_since: str | None = None

    @property
    def running_procedure_ids(self) -> tuple[str, ...]:
        """The procedures running now. A case reopened for an objection after closure runs that objection
        procedure as its whole workflow, with no procedures inside it: then the case's own process is the
        one running."""
        running = tuple(p.process_id for p in self.procedures if p.status == "running")
        if not running and self.status == "running":
            return (self.process_id,)
        return running
