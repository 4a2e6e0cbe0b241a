"""After every state change: rebuild the rows derived from the workflow (open tasks, timers) and record
what happened to timers and thrown messages in the event log."""
from __future__ import annotations

import datetime as dt
import re
from typing import Any, Callable, Iterable, Mapping, Protocol, runtime_checkable
from uuid import UUID

from sqlalchemy import bindparam, delete, select
from sqlalchemy.orm import Session, sessionmaker

from engine.ports import Actor
from engine.runtime import ArmedTimer, Runtime, Workflow, is_completed_or_ready, is_timer_definition
from engine.runtime_specs import task_property
from engine.store.db import Write, insert_missing, later
from engine.store.event_log import append_event, data_hash
from engine.store.tables import Case, OpenTask, Timer


def form_key_of(task_spec: object) -> str | None:
    return task_property(task_spec, "formKey")


def task_process_id(task: Any) -> str:
    name: str = task.workflow.spec.name
    return name


def sync_open_tasks(session: Session, case: Case, workflow: Workflow, runtime: Runtime,
                    now: dt.datetime, fresh: bool = False, open_before: Iterable[str] | None = None) -> list[Any]:
    """Write the difference between the case's open-task rows and its ready user tasks now.
    `open_before`: the ready user tasks of the workflow as it was loaded, which are the rows the previous
    save wrote, so they need not be read; without it the rows are read. `fresh`: the case was created in
    this transaction, so it has no rows. Returns the ready user tasks, in the workflow's order."""
    if fresh:
        before: set[str] = set()
    elif open_before is not None:
        before = set(open_before)
    else:
        before = set(session.scalars(select(OpenTask.task_id).where(OpenTask.case_id == case.id)))
    ready_tasks = runtime.ready_user_tasks(workflow)
    ready = {str(t.id): t for t in ready_tasks}
    gone = sorted(before - set(ready))
    if gone:
        # One row per task: the statement's SQL stays the same whatever the number (an expanding IN would
        # be rendered again for each execution).
        later(session, Write(("gone", "open_tasks"), _delete_gone,
                             [{"case_id": case.id, "task_id": task_id} for task_id in gone]))
    new_rows = []
    for task_id, task in ready.items():
        if task_id not in before:
            spec = task.task_spec
            new_rows.append({"case_id": case.id, "task_id": task_id, "name": spec.bpmn_id or spec.name,
                             "title": spec.bpmn_name or spec.bpmn_id or spec.name, "lane": spec.lane,
                             "form_key": form_key_of(spec), "process_id": task_process_id(task),
                             "ready_since": now})
    insert_missing(session, OpenTask, new_rows)
    return ready_tasks


def _delete_gone(prefix: str) -> Any:
    table: Any = OpenTask.__table__
    return delete(table).where(OpenTask.case_id == bindparam(prefix + "case_id"),
                               OpenTask.task_id == bindparam(prefix + "task_id"))


def any_timer_due(rows: Iterable[Timer], now: dt.datetime) -> bool:
    """Whether a timer row not yet fired or cancelled is due: pending and paused ones, and those parked
    after failed attempts (a step fires what is due, as the worker would)."""
    return any(row.due_at <= now for row in rows if row.status not in ("fired", "cancelled"))


def sync_timers(session: Session, case: Case, workflow: Workflow, runtime: Runtime, now: dt.datetime,
                actor: Actor, rows_out: list[Timer] | None = None, fresh: bool = False,
                loaded: Iterable[Timer] | None = None) -> list[Timer]:
    """Mark pending timers fired or cancelled, follow re-armed and paused ones, add newly armed ones, each
    with the process it belongs to and how the engine derived its due moment. Returns the timers that fired;
    `rows_out` receives every timer row of the case (for its view). `fresh`: a case created in this
    transaction, which has no rows to read yet. `loaded`: the case's timer rows, read with the case row
    (`Case.timers`); without it they are read here."""
    armed = {timer.task_id: timer for timer in runtime.armed_timers(workflow)}
    if fresh:
        rows: dict[str, Timer] = {}
    else:
        found = loaded if loaded is not None else session.scalars(select(Timer).where(Timer.case_id == case.id))
        rows = {row.task_id: row for row in found}
    added: list[Timer] = []
    fired = []
    for task_id, row in rows.items():
        if row.status not in ("pending", "paused"):
            continue
        if task_id in armed:
            # A timer armed again (a loop) keeps its row with its new due time and a clean slate; a
            # paused timer keeps the due moment it had, and comes back pending with the time it had left.
            timer = armed[task_id]
            status = "paused" if timer.paused else "pending"
            if status != row.status:
                append_event(session, case_id=case.id, at=now,
                             kind=f"timer_{'paused' if timer.paused else 'resumed'}", actor=actor.user,
                             role=actor.role, purpose=actor.purpose,
                             details={"timer": row.name, "due_at": timer.due.isoformat()})
            if row.due_at != timer.due:
                row.attempts, row.next_attempt_at = 0, None
                row.last_error_class = row.last_error = row.last_failed_at = None
            row.status = status
            _follow(row, timer)
            continue
        task = workflow.get_task_from_id(UUID(task_id))
        if task is not None and is_completed_or_ready(task) and _timer_won(task):
            row.status, row.fired_at = "fired", now
            fired.append(row)
            append_event(session, case_id=case.id, at=now, kind="timer_fired", actor=actor.user, role=actor.role,
                         purpose=actor.purpose, details={"timer": row.name, "due_at": row.due_at.isoformat()})
        else:
            row.status = "cancelled"
    for task_id, timer in armed.items():
        if task_id not in rows:
            added.append(Timer(case_id=case.id, task_id=task_id, name=timer.name, due_at=timer.due,
                               status="paused" if timer.paused else "pending", process_id=timer.process_id,
                               derivation=timer.derivation))
            session.add(added[-1])
    # A timer armed and fired within this one step (its deadline had run out before it was armed) was
    # never seen waiting: it gets its row and its event too.
    for timer in runtime.fired_timers(workflow, known=rows.keys() | armed.keys()):
        task = workflow.get_task_from_id(UUID(timer.task_id))
        if task is None or not _timer_won(task):
            continue
        row = Timer(case_id=case.id, task_id=timer.task_id, name=timer.name, due_at=timer.due, status="fired",
                    fired_at=now, process_id=timer.process_id, derivation=timer.derivation)
        session.add(row)
        added.append(row)
        fired.append(row)
        append_event(session, case_id=case.id, at=now, kind="timer_fired", actor=actor.user, role=actor.role,
                     purpose=actor.purpose, details={"timer": timer.name, "due_at": timer.due.isoformat()})
    if rows_out is not None:
        rows_out.extend([*rows.values(), *added])
    return fired


def _follow(row: Timer, timer: ArmedTimer) -> None:
    """The row follows its timer: due moment and derivation come from the same arming (and the pauses
    since). A timer armed before derivations were stored keeps whatever its row has."""
    row.due_at = timer.due
    row.process_id = timer.process_id
    if timer.derivation is not None and timer.derivation != row.derivation:
        row.derivation = timer.derivation


def record_fact_changes(session: Session, case: Case, workflow: Workflow, runtime: Runtime,
                        now: dt.datetime, actor: Actor) -> None:
    """Each change of a case fact in the event log: which fact, its new version, the task that wrote it
    and when. Never the value: that is case content and stays in the case."""
    for change in runtime.drain_fact_changes(workflow):
        append_event(session, case_id=case.id, at=now, kind="fact_recorded", actor=actor.user, role=actor.role,
                     purpose=actor.purpose, details=change)


def _timer_won(task: Any) -> bool:
    """An event-based gateway also completes when one of its messages arrives: its timer fired only if
    the event it saw was the timer."""
    seen = task.internal_data.get("seen_events")
    if not hasattr(task.task_spec.event_definition, "event_definitions") or seen is None:
        return True
    return any(is_timer_definition(event.event_definition) for event in seen)


OutboxHandler = Callable[[Session, Case, dict[str, Any], dt.datetime, Actor], None]


@runtime_checkable
class FollowUpStep(Protocol):
    """An outbox handler whose work goes on after the step's commit (issuing a letter): `record` notes
    the request in the step's own transaction, with the case data the step produced, and returns what
    `follow_up` needs; `follow_up` runs once the step committed, outside the write lock; a request
    left behind by a crash in between is found again by `recover`."""

    def record(self, session: Session, case: Case, payload: dict[str, Any], now: dt.datetime, actor: Actor,
               case_data: Mapping[str, Any] | None) -> object | None: ...

    def follow_up(self, sessions: sessionmaker[Session], requests: list[object],
                  case_data: Mapping[str, Any]) -> None: ...

    def recover(self, sessions: sessionmaker[Session], limit: int = 50) -> int: ...


# What `record_thrown_messages` hands back: the steps to follow up once the step committed.
FollowUps = list[tuple[FollowUpStep, object]]


def record_thrown_messages(session: Session, case: Case, workflow: Workflow, now: dt.datetime,
                           actor: Actor, handlers: Mapping[str, OutboxHandler | FollowUpStep],
                           case_data: Callable[[], Mapping[str, Any]] | None = None) -> FollowUps:
    """Messages the models throw to the outside world (an outbox): logged, and handed to the handler
    registered for their name in the same transaction. `get_events()` empties the library's list, so
    nothing thrown is lost between the state change and its effects. A `FollowUpStep` (e.g.
    `issue_letter`) only records its request here; the requests come back to be followed up after commit."""
    follow_ups: FollowUps = []
    for event in workflow.get_events():
        name = getattr(event.event_definition, "name", type(event.event_definition).__name__)
        payload = event.payload if isinstance(event.payload, dict) else {"value": event.payload}
        append_event(session, case_id=case.id, at=now, kind="message_sent", actor=actor.user, role=actor.role,
                     details={"message": name, **_identifiers(payload), "data_hash": data_hash(session, payload)})
        handler = handlers.get(name)
        if isinstance(handler, FollowUpStep):
            request = handler.record(session, case, payload, now, actor, case_data() if case_data else None)
            if request is not None:
                follow_ups.append((handler, request))
        elif handler is not None:
            handler(session, case, payload, now, actor)
    return follow_ups


_TYPE_NAME = re.compile(r"[a-z][a-z0-9_]{0,63}")


def _identifiers(payload: Mapping[str, Any]) -> dict[str, str]:
    """What the log may say of a thrown message besides its name: the letter type, when it is a type name.
    Never the payload's other fields: short free text (a child's best-interests summary) and answers are
    case content, and the log is immutable. The payload itself is in the letter, where retention reaches it."""
    letter_type = payload.get("letter_type")
    return {"letter_type": letter_type} if isinstance(letter_type, str) and _TYPE_NAME.fullmatch(letter_type) else {}
