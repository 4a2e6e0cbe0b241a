"""The use cases that change a case: start it, complete a task, deliver a message (and a dry run of a
completion). Reads are in engine.case_reads, firing timers in engine.case_timer_firing; loading and
saving within the transaction in engine.case_store.

Each use case is one transaction: load the case row and its workflow, act, save the new state, the
derived rows and the events, commit; what the step asked for outside it (letters) follows the commit.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Callable, Mapping

from sqlalchemy.orm import Session, sessionmaker

from engine import case_facts
from engine.case_data import case_data
from engine.case_facts import STORE_KEY
from engine.case_parties import link_ind
from engine.case_reads import CaseReads
from engine.case_reopening import OBJECTION_AFTER_CLOSURE, closed_row, objected_letter
from engine.case_reopening import start_data as reopening_data
from engine.case_store import CaseStore, Saved
from engine.case_sync import FollowUpStep, OutboxHandler, any_timer_due, form_key_of, task_process_id
from engine.case_timer_firing import TIMER_ACTOR, TimerFiring
from engine.case_view import CaseViews
from engine.clock import Clock, using_clock
from engine.errors import InvalidTransition, MessageNotExpected, NotPermitted, ValidationFailed
from engine.input_bounds import check_value
from engine.ports import Actor, FormRegistry, NoForms
from engine.runtime import Runtime, Workflow, is_ready, thrown_events
from engine.runtime_specs import task_property
from engine.script_env import FUNCTIONS
from engine.specs import DEFAULT_VARIANT, ModelSet, SpecLibrary
from engine.store.db import UnitOfWork, read_session
from engine.store.decisions import record_decision
from engine.store.event_log import append_event, data_hash
from engine.store.tables import Case
from engine.timers import RETRY_POLICY, RetryPolicy
from engine.views import CaseView

__all__ = ["TIMER_ACTOR", "CaseEngine", "case_data"]

Action = Callable[[Session, Case, Workflow, dt.datetime], None]
# Start data may not carry what the engine sets itself.
RESERVED_START_KEYS = frozenset({"policy", "case_reference", case_facts.STORE_KEY, case_facts.CHANGES_KEY,
                                 case_facts.WAKE_KEY, "deadlines_paused_since", "internal_wake"})


class CaseEngine(CaseReads, TimerFiring):
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
        self.store = CaseStore(sessions, library, self.runtime, self.outbox_handlers)
        self.views = CaseViews(self.runtime, self.forms)

    def model_set(self, version: str) -> ModelSet:
        """The models a case runs on: its own stored version, whatever processes/ holds today."""
        return self.store.model_set(version)

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
            self.store.store_model_version(session, model_set, now)
            legal_values = dict(self.policy_loader(variant)) if self.policy_loader else None
            case = self.store.new_case(session, process_id, variant, model_set, now, legal_values)
            case.reference = f"ERK-{now.year}-{case.id:06d}"
            workflow = self.runtime.start(top, subs, {**data, "case_reference": case.reference}, case.legal_values)
            append_event(session, case_id=case.id, at=now, kind="case_started", actor=actor.user, role=actor.role,
                         purpose=actor.purpose, details={"process": process_id, "variant": variant,
                                                         "model_version": model_set.version,
                                                         "reference": case.reference, "data_hash": data_hash(session, data)})
            saved = self.store.save(session, case, workflow, now, actor, fresh=True)
            view = self.views.view(case, workflow, saved.timers, saved.ready)
            uow.commit()
        self.store.keep(case, workflow)
        self._follow_up(saved, view)
        return view

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
            case, workflow = self.store.load(session, case_id)
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
            case, closed = self.store.load(session, case_id)
            if case.status != "completed":
                raise InvalidTransition("the case is not closed: lodge the objection in it")
            letter = objected_letter(session, case.id, letter_id)
            route = OBJECTION_AFTER_CLOSURE[letter.letter_type]
            model_set = self.library.current(case.variant)
            self.store.store_model_version(session, model_set, now)
            top, subs = model_set.spec(route.process_id)
            session.add(closed_row(case, now))
            data = reopening_data(case_data(closed), letter, cleaned)
            added = self._complete_legal_values(case, data)
            append_event(session, case_id=case.id, at=now, kind="case_reopened", actor=actor.user, role=actor.role,
                         purpose=actor.purpose,
                         details={"process": route.process_id, "model_version": model_set.version,
                                  "closed_process": case.process_id, "closed_model_version": case.model_version,
                                  "letter": letter.id, "letter_type": letter.letter_type,
                                  "message": "objection_lodged", "data_hash": data_hash(session, cleaned),
                                  "legal_values_added": added})
            workflow = self.runtime.start(top, subs, data, case.legal_values, facts=closed.data.get(STORE_KEY))
            case.process_id, case.model_version = route.process_id, model_set.version
            case.status, case.completed_at = "running", None
            saved = self.store.save(session, case, workflow, now, actor)
            view = self.views.view(case, workflow, saved.timers, saved.ready)
            uow.commit()
        self.store.keep(case, workflow)
        self._follow_up(saved, view)
        return view

    def _complete_legal_values(self, case: Case, data: dict[str, Any]) -> list[str]:
        """A reopened case runs on the variant's current models, which may read a legal value that did
        not exist when the case started: the case keeps every value it started under, and takes the
        current value only for a name it lacks (returned, for the audit record). A case saved before
        the values moved to its row keeps them in its data."""
        current = dict(self.policy_loader(case.variant)) if self.policy_loader else {}
        if case.legal_values is not None:
            data.pop("policy", None)  # the values the case started under come with its row, not as task data
            own = case.legal_values
        else:
            own = data.get("policy") or {}
        added = sorted(set(current) - set(own))
        if added:
            completed = {**own, **{name: current[name] for name in added}}
            if case.legal_values is not None:
                case.legal_values = completed
            else:
                data["policy"] = completed
        return added

    def _act(self, case_id: int, actor: Actor, action: Action, expected_version: int | None = None) -> CaseView:
        with UnitOfWork(self.sessions) as uow, using_clock(self.clock):
            session, now = uow.session, self.clock.now()
            case, workflow = self.store.load(session, case_id, expected_version)
            if case.status != "running":
                raise InvalidTransition("the case is closed")
            # Overdue timers go first: a form sent after its deadline must meet a cancelled task. The
            # timer rows read with the case say whether one is due (the save before wrote a row for
            # every armed timer); without one, advancing would find nothing to do.
            if any_timer_due(case.timers, now):
                self.runtime.advance(workflow)
            action(session, case, workflow, now)
            saved = self.store.save(session, case, workflow, now, actor)
            view = self.views.view(case, workflow, saved.timers, saved.ready)
            uow.commit()
        self.store.keep(case, workflow)
        self._follow_up(saved, view)
        return view

    def _follow_up(self, saved: Saved, view: CaseView) -> None:
        """The step committed: what it asked for outside its transaction (its letters, rendered from the
        case data the step produced, so nothing is loaded again)."""
        for step, request in saved.follow_ups:
            step.follow_up(self.sessions, [request], view.data)

    def recover_follow_ups(self, limit: int = 50) -> int:
        """Follow up requests left behind by a crash between a step's commit and its follow-up (a letter
        recorded as due but not issued). The timer worker calls this on every pass."""
        return sum(step.recover(self.sessions, limit) for step in self.outbox_handlers.values()
                   if isinstance(step, FollowUpStep))
