"""The use cases of a case: start, read, complete a task, deliver a message, fire due timers.

Each use case is one transaction: load the case row and its workflow, act, save the new state, the
derived rows and the events, commit. The case row carries a version column: a second writer who read
the same version gets `Conflict` and nothing of his is saved.
"""
from __future__ import annotations

import datetime as dt
import logging
from typing import Any, Callable, Mapping, NamedTuple

from sqlalchemy import Select, inspect, select
from sqlalchemy import event as sa_event
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased, joinedload, sessionmaker
from sqlalchemy.orm.attributes import set_committed_value

from engine import case_facts
from engine.case_facts import STORE_KEY
from engine.case_parties import link_ind
from engine.case_reopening import OBJECTION_AFTER_CLOSURE, closed_row, objected_letter
from engine.case_reopening import start_data as reopening_data
from engine.case_sync import (
    FollowUps,
    FollowUpStep,
    OutboxHandler,
    form_key_of,
    record_fact_changes,
    record_thrown_messages,
    sync_open_tasks,
    sync_timers,
    task_process_id,
)
from engine.clock import Clock, using_clock
from engine.errors import (
    Conflict,
    InvalidTransition,
    MessageNotExpected,
    NotFound,
    NotPermitted,
    ValidationFailed,
)
from engine.input_bounds import check_value
from engine.ports import Actor, FormRegistry, NoForms
from engine.runtime import SERIALIZER, Runtime, Workflow, is_completed, is_reached, is_ready, thrown_events
from engine.runtime_position import case_diagrams
from engine.runtime_specs import task_property
from engine.script_env import FUNCTIONS
from engine.specs import DEFAULT_VARIANT, ModelSet, SpecLibrary
from engine.store.db import WRITE, UnitOfWork, read_session
from engine.store.decisions import as_dict as decision_dict
from engine.store.decisions import decisions_of_cases, record_decision
from engine.store.event_log import (
    append_event,
    case_locked,
    data_hash,
    events_for_case,
    lock_case,
    remember_chain_head,
)
from engine.store.tables import Case, ModelVersion, Timer, User
from engine.timers import (
    GRACE,
    RETRY_POLICY,
    ClaimedTimer,
    RetryPolicy,
    TimerAbandoned,
    claim_due_timer,
    record_failure,
)
from engine.views import CaseView, ProcedureView, TaskView, TimerView

Action = Callable[[Session, Case, Workflow, dt.datetime], None]
# Start data may not carry what the engine sets itself.
RESERVED_START_KEYS = frozenset({"policy", "case_reference", case_facts.STORE_KEY, case_facts.CHANGES_KEY,
                                 case_facts.WAKE_KEY, "deadlines_paused_since", "internal_wake"})
TIMER_ACTOR = Actor.system("timer-worker", purpose="statutory timer")
_OPEN_LOADED = "open_tasks_loaded"  # session.info: case id -> its ready user tasks as loaded in this transaction
_log = logging.getLogger(__name__)


class _Saved(NamedTuple):
    """What saving a step leaves for the rest of the use case: the case's timer rows (for its view) and
    the outbox requests to follow up once the step committed (letters)."""

    timers: list[Timer]
    follow_ups: FollowUps
    ready: list[Any]  # the ready user tasks after the step, in the workflow's order


class CaseEngine:
    def __init__(self, sessions: sessionmaker[Session], library: SpecLibrary, clock: Clock,
                 forms: FormRegistry | None = None, functions: Mapping[str, Any] | None = None,
                 outbox_handlers: Mapping[str, OutboxHandler | FollowUpStep] | None = None,
                 policy_loader: Callable[[str], Mapping[str, Any]] | None = None,
                 retry: RetryPolicy = RETRY_POLICY) -> None:
        self.sessions = sessions
        self.library = library
        self.clock = clock
        self.forms: FormRegistry = forms or NoForms()
        self.runtime = Runtime(functions or FUNCTIONS)
        # name of a message thrown by a model -> effect in the same transaction, or a step that records
        # its request there and is followed up after commit (issue_letter)
        self.outbox_handlers: dict[str, OutboxHandler | FollowUpStep] = dict(outbox_handlers or {})
        # variant -> legal values (terms, thresholds) kept with a new case (`Case.legal_values`): a case
        # keeps the values it started under, and the models read them as `policy` instead of literals.
        self.policy_loader = policy_loader
        self.retry = retry

    # -- start -----------------------------------------------------------------------------------------
    def start_case(self, process_id: str, data: Mapping[str, Any], actor: Actor,
                   variant: str = DEFAULT_VARIANT) -> CaseView:
        check_value("data", data)
        reserved = sorted(set(data) & RESERVED_START_KEYS)
        if reserved:
            # The legal values, the reference and the facts are the engine's: a caller who could set them
            # could move a statutory deadline (a `policy` in the start data once moved 36 hours to 10 years).
            raise ValidationFailed({key: ["gereserveerd: wordt door erkend gezet / reserved: set by erkend"]
                                    for key in reserved})
        model_set = self.library.current(variant)
        top, subs = model_set.spec(process_id)
        with UnitOfWork(self.sessions) as uow, using_clock(self.clock):
            session, now = uow.session, self.clock.now()
            self._store_model_version(session, model_set, now)
            case = Case(process_id=process_id, variant=variant, model_version=model_set.version, status="running",
                        created_at=now, updated_at=now, state="{}", serializer_version=SERIALIZER.VERSION)
            session.add(case)
            uow.flush()
            case_locked(session, case.id)  # no other transaction sees the new row: nothing to wait for
            case.reference = f"ERK-{now.year}-{case.id:06d}"
            case.legal_values = dict(self.policy_loader(variant)) if self.policy_loader else None
            workflow = self.runtime.start(top, subs, {**data, "case_reference": case.reference}, case.legal_values)
            append_event(session, case_id=case.id, at=now, kind="case_started", actor=actor.user, role=actor.role,
                         purpose=actor.purpose, details={"process": process_id, "variant": variant,
                                                         "model_version": model_set.version,
                                                         "reference": case.reference, "data_hash": data_hash(session, data)})
            saved = self._save(session, case, workflow, now, actor, fresh=True)
            view = self._view(case, workflow, saved.timers, saved.ready)
            uow.commit()
        self._follow_up(saved, view)
        return view

    def _store_model_version(self, session: Session, model_set: ModelSet, now: dt.datetime) -> None:
        if session.get(ModelVersion, model_set.version) is not None:
            return
        try:
            with session.begin_nested():
                session.add(ModelVersion(version=model_set.version, variant=model_set.variant,
                                         files={k: v.decode() for k, v in model_set.files.items()},
                                         created_at=now))
        except IntegrityError:
            pass  # stored concurrently by another writer: same content, same hash

    def model_set(self, version: str) -> ModelSet:
        """The models a case runs on: its own stored version, whatever processes/ holds today."""
        return self.library.by_version(version, self._load_files)

    def _load_files(self, version: str) -> tuple[str, dict[str, bytes]]:
        """May run inside a use case's transaction (the first load of a case on a version this process has
        not parsed yet): a read session, since on SQLite a second BEGIN IMMEDIATE from the same thread
        would wait for its own write lock until the busy timeout."""
        with read_session(self.sessions) as session:
            row = session.get(ModelVersion, version)
            if row is None:
                raise NotFound(f"model version {version} is not stored")
            return row.variant, {k: v.encode() for k, v in row.files.items()}

    # -- read ------------------------------------------------------------------------------------------
    def get_case(self, case_id: int, actor: Actor | None = None) -> CaseView:
        """The case with its data. With an actor, the read is written to the audit log.

        The case is read without the write lock; the audit record is appended after it in a short
        transaction of its own (on PostgreSQL it waits only for a writer of the same case), and the
        view is returned only once the record is committed."""
        with read_session(self.sessions) as session:
            case, workflow = self._load(session, case_id)
            view = self._view(case, workflow)
        if actor is not None:
            with UnitOfWork(self.sessions) as uow:
                append_event(uow.session, case_id=case.id, at=self.clock.now(), kind="case_viewed",
                             actor=actor.user, role=actor.role, purpose=actor.purpose)
                uow.commit()
        return view

    def finished_step(self, case_id: int, task_id: str) -> dict[str, Any] | None:
        """Who completed this user task and when, for a page that offered it to someone else too (the
        event log's `task_completed` of its model step). None while it is still open or unknown."""
        with self.sessions() as session:
            _case, workflow = self._load(session, case_id)
            task = self.runtime.find_task(workflow, task_id)
            if task is None or is_ready(task) or not task.task_spec.manual:
                return None
            spec = task.task_spec
            done = [e for e in events_for_case(session, case_id)
                    if e.kind == "task_completed" and (e.details or {}).get("task") == spec.bpmn_id]
            if not is_completed(task) or not done:
                return {"title": spec.bpmn_name, "completed": False, "by": None, "role": None, "at": None}
            last = done[-1]
            name = session.scalar(select(User.display_name).where(User.username == last.actor))
            return {"title": spec.bpmn_name, "completed": True, "by": name or last.actor, "role": last.role,
                    "at": last.at}

    def diagrams(self, case_id: int, words: Mapping[str, str] | None = None) -> list[tuple[str, str]]:
        """(process id, SVG with the case's position) for each process the case has entered."""
        with read_session(self.sessions) as session:
            case, workflow = self._load(session, case_id)
            model_set = self.model_set(case.model_version)
            return case_diagrams(model_set, workflow, words)

    def find_by_reference(self, reference: str) -> int:
        with read_session(self.sessions) as session:
            case_id = session.scalar(select(Case.id).where(Case.reference == reference))
            if case_id is None:
                raise NotFound("no such case")
            return case_id

    def events(self, case_id: int) -> list[dict[str, Any]]:
        with read_session(self.sessions) as session:
            return [{"id": e.id, "at": e.at.isoformat(), "kind": e.kind, "actor": e.actor, "role": e.role,
                     "purpose": e.purpose, "details": e.details, "hash": e.hash}
                    for e in events_for_case(session, case_id)]

    def decisions(self, case_id: int) -> list[dict[str, Any]]:
        """The decisions taken in the case, with their outcomes, in order (engine.store.decisions)."""
        with read_session(self.sessions) as session:
            return [decision_dict(row) for row in decisions_of_cases(session, [case_id])]

    # -- act -------------------------------------------------------------------------------------------
    def complete_task(self, case_id: int, task_id: str, data: Mapping[str, Any], actor: Actor,
                      expected_version: int | None = None) -> CaseView:
        check_value("data", data)

        def action(session: Session, case: Case, workflow: Workflow, now: dt.datetime) -> None:
            task, spec, cleaned = self._complete(workflow, task_id, data, actor)
            details = {"task": spec.bpmn_id, "title": spec.bpmn_name, "process": task_process_id(task),
                       "data_hash": data_hash(session, cleaned), "fields": sorted(cleaned)}
            append_event(session, case_id=case.id, at=now, kind="task_completed", actor=actor.user,
                         role=actor.role, purpose=actor.purpose, details=details)
            decision = task_property(spec, "decision")
            if decision:
                # the outcome goes to the decisions table; the event keeps only its keyed hash
                record_decision(session, {"case_id": case.id, "at": now, "actor": actor.user, "role": actor.role,
                                          "purpose": actor.purpose},
                                decision, cleaned.get("outcome"), case.model_version, case.variant)
                link_ind(session, case.id, now, spec.lane)

        return self._act(case_id, actor, action, expected_version)

    def _complete(self, workflow: Workflow, task_id: str, data: Mapping[str, Any],
                  actor: Actor) -> tuple[Any, Any, dict[str, Any]]:
        """Check, validate and complete a ready user task in the loaded workflow (nothing saved)."""
        task = self.runtime.find_task(workflow, task_id)
        if task is None or not is_ready(task) or not task.task_spec.manual:
            raise InvalidTransition("task is not ready (already completed, or cancelled by a deadline)")
        spec = task.task_spec
        if not actor.may_act_as(spec.lane):
            raise NotPermitted("this task belongs to another role")
        form_key = form_key_of(spec)
        cleaned = self.forms.validate(form_key, data) if form_key else dict(data)
        self.runtime.complete_task(workflow, task.id, cleaned)
        return task, spec, cleaned

    def dry_run_completion(self, case_id: int, task_id: str, data: Mapping[str, Any],
                           actor: Actor) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        """What completing the task would do, with nothing saved: the case data after the step and the
        payloads of the letters the models would ask for (`issue_letter`). Validates exactly as
        complete_task does (raises the same errors), so a preview refuses what the final submit refuses
        and renders the letter from the payload the model throws (a reconsideration window included)."""
        check_value("data", data)
        # A read: nothing is written, so it takes no lock and waits for no writer.
        with read_session(self.sessions) as session, using_clock(self.clock):
            case, workflow = self._load(session, case_id)
            if case.status != "running":
                raise InvalidTransition("the case is closed")
            self.runtime.advance(workflow)
            thrown_events(workflow, "issue_letter")  # what overdue timers threw is not this step's
            self._complete(workflow, task_id, data, actor)
            letters = thrown_events(workflow, "issue_letter")
            return dict(case_data(workflow)), letters

    def deliver_message(self, case_id: int, name: str, payload: Mapping[str, Any], actor: Actor) -> CaseView:
        check_value("payload", payload)

        def action(session: Session, case: Case, workflow: Workflow, now: dt.datetime) -> None:
            key = f"message.{name}"
            if name not in self.runtime.waiting_messages(workflow):  # nothing waits: say so before judging the payload
                raise MessageNotExpected(f"no process is waiting for message {name!r}")
            cleaned = self.forms.validate(key, payload) if self.forms.has(key) else dict(payload)
            self.runtime.deliver_message(workflow, name, cleaned)
            append_event(session, case_id=case.id, at=now, kind="message_received", actor=actor.user,
                         role=actor.role, purpose=actor.purpose,
                         details={"message": name, "data_hash": data_hash(session, cleaned)})

        return self._act(case_id, actor, action)

    def reopen_for_objection(self, case_id: int, letter_id: int, objection: Mapping[str, Any],
                             actor: Actor) -> CaseView:
        """An objection received after the case closed, against the decision of `letter_id` (issue 9
        item 13, engine.case_reopening): the case reopens with that decision's objection procedure as a
        new procedure, on the variant's current models, keeping its data and facts; the closed workflow
        is kept beside it. Audited as `case_reopened`. InvalidTransition while the case still runs (the
        objection is then a message into it)."""
        check_value("data", objection)
        key = "message.objection_lodged"
        cleaned = self.forms.validate(key, objection) if self.forms.has(key) else dict(objection)
        with UnitOfWork(self.sessions) as uow, using_clock(self.clock):
            session, now = uow.session, self.clock.now()
            case, closed = self._load(session, case_id)
            if case.status != "completed":
                raise InvalidTransition("the case is not closed: lodge the objection in it")
            letter = objected_letter(session, case.id, letter_id)
            route = OBJECTION_AFTER_CLOSURE[letter.letter_type]
            model_set = self.library.current(case.variant)
            self._store_model_version(session, model_set, now)
            top, subs = model_set.spec(route.process_id)
            session.add(closed_row(case, now))
            append_event(session, case_id=case.id, at=now, kind="case_reopened", actor=actor.user, role=actor.role,
                         purpose=actor.purpose,
                         details={"process": route.process_id, "model_version": model_set.version,
                                  "closed_process": case.process_id, "closed_model_version": case.model_version,
                                  "letter": letter.id, "letter_type": letter.letter_type,
                                  "message": "objection_lodged", "data_hash": data_hash(session, cleaned)})
            data = reopening_data(case_data(closed), letter, cleaned)
            if case.legal_values is not None:
                data.pop("policy", None)  # the values the case started under come with its row, not as task data
            workflow = self.runtime.start(top, subs, data, case.legal_values, facts=closed.data.get(STORE_KEY))
            case.process_id, case.model_version = route.process_id, model_set.version
            case.status, case.completed_at = "running", None
            saved = self._save(session, case, workflow, now, actor)
            view = self._view(case, workflow, saved.timers, saved.ready)
            uow.commit()
        self._follow_up(saved, view)
        return view

    def _act(self, case_id: int, actor: Actor, action: Action, expected_version: int | None = None) -> CaseView:
        with UnitOfWork(self.sessions) as uow, using_clock(self.clock):
            session, now = uow.session, self.clock.now()
            case, workflow = self._load(session, case_id, expected_version)
            if case.status != "running":
                raise InvalidTransition("the case is closed")
            # Overdue timers go first: a form sent after its deadline must meet a cancelled task.
            self.runtime.advance(workflow)
            action(session, case, workflow, now)
            saved = self._save(session, case, workflow, now, actor)
            view = self._view(case, workflow, saved.timers, saved.ready)
            uow.commit()
        self._follow_up(saved, view)
        return view

    def _follow_up(self, saved: _Saved, view: CaseView) -> None:
        """The step committed: what it asked for outside its transaction (its letters, rendered from the
        case data the step produced, so nothing is loaded again)."""
        for step, request in saved.follow_ups:
            step.follow_up(self.sessions, [request], view.data)

    def recover_follow_ups(self, limit: int = 50) -> int:
        """Follow up requests left behind by a crash between a step's commit and its follow-up (a letter
        recorded as due but not issued). The timer worker calls this on every pass."""
        return sum(step.recover(self.sessions, limit) for step in self.outbox_handlers.values()
                   if isinstance(step, FollowUpStep))

    # -- timers ----------------------------------------------------------------------------------------
    def fire_due_timers(self, limit: int = 100) -> int:
        """Fire due timers, each in its own transaction (engine.timers), until none is due or `limit`
        claims were made. A timer that fails is recorded, retried later and in the end parked; the others
        go on. Returns the number of timers fired."""
        fired = 0
        for _ in range(limit):
            claim = claim_due_timer(self.sessions, self.clock.now(), self.retry)
            if claim is None:
                break
            try:
                fired += self._fire_claimed(claim)
            except Exception as error:  # noqa: BLE001 - any failure of one timer is recorded, never fatal
                _log.warning("timer %s failed on attempt %s", claim.id, claim.attempts, exc_info=True)
                record_failure(self.sessions, claim.id, error, self.clock.now(), self.retry, TIMER_ACTOR)
        return fired

    def _fire_claimed(self, claim: ClaimedTimer) -> int:
        """A lost race with a user on the same case (Conflict) is tried again at once, a few times."""
        races = 0
        while True:
            try:
                return self._fire_timer(claim)
            except Conflict:
                races += 1
                if races > self.retry.conflict_retries:
                    raise

    def _fire_timer(self, claim: ClaimedTimer) -> int:
        """Load and save the case as a user action does, so the locks are taken in the same order."""
        with UnitOfWork(self.sessions) as uow, using_clock(self.clock):
            session, now = uow.session, self.clock.now()
            timer = session.get(Timer, claim.id)
            if timer is None:
                return 0
            lock_case(session, timer.case_id)  # then read the row again: a user action may have moved it
            session.refresh(timer)
            if timer.status != "pending" or timer.due_at > now - GRACE:
                return 0  # fired, cancelled or armed again by a user action since the claim
            if timer.attempts > self.retry.max_attempts:
                raise TimerAbandoned("earlier attempts ended without a result")
            case, workflow = self._load(session, timer.case_id)
            self.runtime.advance(workflow)
            saved = self._save(session, case, workflow, now, TIMER_ACTOR)
            if timer.status == "pending" and timer.due_at <= now - GRACE:
                # The library did not fire a timer that is due: park it and say so in the log, so an
                # operator sees it instead of the worker retrying it forever.
                timer.status = "stuck"
                append_event(session, case_id=case.id, at=now, kind="timer_stuck", actor=TIMER_ACTOR.user,
                             role=TIMER_ACTOR.role, details={"timer": timer.name, "due_at": timer.due_at.isoformat()})
            uow.commit()
        if saved.follow_ups:
            self._follow_up(saved, self._view_without_rows(case, workflow))
        return 1

    def next_timer_due(self) -> dt.datetime | None:
        with read_session(self.sessions) as session:
            return session.scalar(select(Timer.due_at).where(Timer.status == "pending").order_by(Timer.due_at).limit(1))

    # -- persistence -----------------------------------------------------------------------------------
    def _load(self, session: Session, case_id: int, expected_version: int | None = None) -> tuple[Case, Workflow]:
        """The case row, its timer rows and its workflow, in one statement. In a unit of work the case's
        chain head comes with its row (`Case.chain_head`): on SQLite the unit of work holds the
        database's write lock from its BEGIN; on PostgreSQL the row is locked with the read (the case's
        lock, `lock_case`), so a second writer waits here and then reads what the first committed."""
        writing = bool(session.execution_options.get(WRITE))
        locking = writing and session.get_bind().dialect.name == "postgresql"
        query: Select[Any] = select(Case).options(joinedload(Case.timers)).where(Case.id == case_id)
        if locking:
            # The version as the statement's snapshot saw it, beside the row the lock returns.
            query = query.with_for_update(of=Case, key_share=True).add_columns(_version_seen(Case.id))
        found = session.execute(query).unique().first()
        if found is None:
            raise NotFound("no such case")
        case = found[0]
        if locking:
            case_locked(session, case.id)
            if found[1] != case.row_version:
                # The read waited for another writer of the case: the lock hands back the row that writer
                # committed, but the joined timer rows are still those of the snapshot taken before the
                # wait. Read them again.
                _read_timers_again(session, case)
        if writing:
            remember_chain_head(session, case.id, case.chain_head)
        if expected_version is not None and case.row_version != expected_version:
            raise Conflict("the case was changed by someone else; reload and try again")
        model_set = self.model_set(case.model_version)
        top, subs = model_set.spec(case.process_id)
        workflow = self.runtime.load_state(case.state, top, subs, case.legal_values)
        if writing:
            # The open-task rows are what the previous save wrote from this workflow: saving the step
            # writes the difference against them instead of reading them.
            loaded: dict[int, list[str]] = session.info.setdefault(_OPEN_LOADED, {})
            loaded[case.id] = [str(t.id) for t in self.runtime.ready_user_tasks(workflow)]
        return case, workflow

    def _save(self, session: Session, case: Case, workflow: Workflow, now: dt.datetime, actor: Actor,
              fresh: bool = False) -> _Saved:
        """Save the step. `fresh`: the case was created in this transaction and has no rows yet."""
        lock_case(session, case.id)  # before any row is written: one lock order for every writer
        # Every change goes to the database in the one flush at the end: a query in between flushing
        # part of them would write the case row twice.
        with session.no_autoflush:
            # The outbox first: the library keeps thrown messages in the saved state until get_events()
            # empties it, so saving before would send every message again on each later load.
            follow_ups = record_thrown_messages(session, case, workflow, now, actor, self.outbox_handlers,
                                                lambda: case_data(workflow))
            record_fact_changes(session, case, workflow, self.runtime, now, actor)
            case.state = self.runtime.dump_state(workflow)
            case.serializer_version = SERIALIZER.VERSION
            case.updated_at = now
            timers: list[Timer] = []
            timers_loaded = "timers" not in inspect(case).unloaded
            sync_timers(session, case, workflow, self.runtime, now, actor, rows_out=timers, fresh=fresh,
                        loaded=case.timers if timers_loaded else None)
            open_loaded: dict[int, list[str]] = session.info.setdefault(_OPEN_LOADED, {})
            ready = sync_open_tasks(session, case, workflow, self.runtime, now, fresh=fresh,
                                    open_before=open_loaded.get(case.id))
            open_loaded[case.id] = [str(t.id) for t in ready]  # the rows as they are now
            if workflow.completed and case.status == "running":
                case.status, case.completed_at = "completed", now
                append_event(session, case_id=case.id, at=now, kind="case_completed", actor=actor.user,
                             role=actor.role)
        session.flush()
        return _Saved(sorted(timers, key=lambda t: t.id), follow_ups, ready)

    def _view_without_rows(self, case: Case, workflow: Workflow) -> CaseView:
        return self._view(case, workflow, [])

    def _view(self, case: Case, workflow: Workflow,
              timer_rows: list[Timer] | None = None, ready: list[Any] | None = None) -> CaseView:
        """The case as the caller sees it. `timer_rows` and `ready`: the case's timer rows and its ready
        user tasks as the step saved them; without them, the rows read with the case and a walk of the
        workflow."""
        if ready is None:
            ready = self.runtime.ready_user_tasks(workflow)
        tasks = tuple(self._task_view(t) for t in ready)
        if timer_rows is None:
            timer_rows = list(case.timers)  # read with the case row (`_load`)
        timers = tuple(TimerView(t.task_id, t.name, t.due_at, t.status, t.process_id, t.derivation)
                       for t in timer_rows)
        return CaseView(id=case.id, reference=case.reference or "", process_id=case.process_id, variant=case.variant,
                        model_version=case.model_version, status=case.status, version=case.row_version,
                        created_at=case.created_at, updated_at=case.updated_at, completed_at=case.completed_at,
                        data=case_data(workflow), tasks=tasks, timers=timers,
                        waiting_messages=tuple(sorted(self.runtime.waiting_messages(workflow))),
                        procedures=tuple(ProcedureView(*p) for p in self.runtime.procedures(workflow)),
                        deadlines_paused_since=self.runtime.deadlines_paused_since(workflow))

    def _task_view(self, task: Any) -> TaskView:
        spec = task.task_spec
        form_key = form_key_of(spec)
        schema = self.forms.json_schema(form_key) if form_key and self.forms.has(form_key) else {}
        return TaskView(id=str(task.id), name=spec.bpmn_id or spec.name, title=spec.bpmn_name or spec.bpmn_id,
                        lane=spec.lane, form_key=form_key, process_id=task_process_id(task), form_schema=schema)


@sa_event.listens_for(Session, "after_transaction_end")
def _forget_open_tasks(session: Session, transaction: Any) -> None:
    """The open-task rows known from a load hold for that transaction only."""
    if transaction.parent is None:
        session.info.pop(_OPEN_LOADED, None)


def _version_seen(case_id: Any) -> Any:
    """A scalar subquery for the case's row version as the statement's snapshot sees it."""
    seen = aliased(Case)
    return select(seen.row_version).where(seen.id == case_id).correlate_except(seen).scalar_subquery()


def _read_timers_again(session: Session, case: Case) -> None:
    rows = list(session.scalars(select(Timer).where(Timer.case_id == case.id).order_by(Timer.id)
                                .execution_options(populate_existing=True)))
    set_committed_value(case, "timers", rows)


def _latest_changes(workflow: Workflow) -> dict[str, Any]:
    """Each key's most recent change in any branch. A task counts only for the keys it changed against
    the task before it: every branch holds a copy of the data as it was at the fork, and those copies
    must not undo what another branch changed later. Joins and merges are skipped, since they only
    carry what their branches changed (a parallel join even takes stale values from the last arrival)."""
    data: dict[str, Any] = {}
    tasks = [t for t in workflow.get_tasks() if is_reached(t)]
    for task in sorted(tasks, key=lambda t: t.last_state_change):
        if len(getattr(task.task_spec, "inputs", ())) > 1:
            continue
        before = task.parent.data if task.parent is not None else {}
        data.update({k: v for k, v in task.data.items() if k not in before or before[k] != v or k not in data})
    return data


def case_data(workflow: Workflow) -> dict[str, Any]:
    """The data as the case stands. Procedures run side by side, each branch with its own copy of the
    task data: the data of every branch's current position is combined (the latest change wins), and
    the case facts, which every procedure shares, are laid over it."""
    if workflow.completed:
        data = dict(workflow.data)
    else:
        data = _latest_changes(workflow)
    # The engine's own bookkeeping is not case data: the fact store (its values are laid over below), the
    # wake-up messages of waiting procedures and the pause marker.
    for internal in (STORE_KEY, "case_facts_changes", "case_facts_wake", "deadlines_paused_since", "data_objects",
                     "internal_wake"):
        data.pop(internal, None)
    data.update(case_facts.values(workflow.data))
    policy = Runtime.policy(workflow)
    if policy is not None and "policy" not in data:
        data["policy"] = policy  # the legal values the case runs under, as its models read them
    return data
