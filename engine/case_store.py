"""Loading and saving a case within a use case's transaction: the case row with its lock, its workflow,
and after the step the new state, the rows derived from it (timers, open tasks) and its events.

The case row carries a version column: a second writer who read the same version gets `Conflict` and
nothing of his is saved. Lock order for every writer: the case row first, then its rows and its chain.
"""
from __future__ import annotations

import datetime as dt
import weakref
from typing import Any, Mapping, NamedTuple

from sqlalchemy import Engine, bindparam, func, insert, select
from sqlalchemy import event as sa_event
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.attributes import instance_state, set_committed_value

from engine.case_data import case_data
from engine.case_sync import (
    FollowUps,
    FollowUpStep,
    OutboxHandler,
    record_fact_changes,
    record_thrown_messages,
    sync_open_tasks,
    sync_timers,
)
from engine.errors import Conflict, NotFound
from engine.ports import Actor
from engine.runtime import SERIALIZER, Runtime, Workflow
from engine.specs import ModelSet, SpecLibrary
from engine.store.case_read import read_case
from engine.store.db import WRITE, collect, read_session, statement_rows
from engine.store.event_log import append_event, case_locked, lock_case, remember_chain_head
from engine.store.objects import as_read
from engine.store.step_write import write_step
from engine.store.tables import Case, Event, ModelVersion, Timer
from engine.workflow_cache import CaseRow, WorkflowCache

# The model versions known to be stored, per database engine (`CaseStore.store_model_version`).
_STORED: weakref.WeakKeyDictionary[Engine, set[str]] = weakref.WeakKeyDictionary()
_STORING = "model_versions_storing"  # session.info: (engine, version) stored by this transaction
_OPEN_LOADED = "open_tasks_loaded"  # session.info: case id -> its ready user tasks as loaded in this transaction


class Saved(NamedTuple):
    """What saving a step leaves for the rest of the use case: the case's timer rows (for its view),
    the outbox requests to follow up once the step committed (letters) and the ready user tasks after
    the step, in the workflow's order."""

    timers: list[Timer]
    follow_ups: FollowUps
    ready: list[Any]


class CaseStore:
    def __init__(self, sessions: sessionmaker[Session], library: SpecLibrary, runtime: Runtime,
                 outbox_handlers: Mapping[str, OutboxHandler | FollowUpStep]) -> None:
        self.sessions = sessions
        self.library = library
        self.runtime = runtime
        self.outbox_handlers = outbox_handlers
        # The workflows of the cases stepped last, for their next step (engine.workflow_cache).
        self.workflows = WorkflowCache()

    # -- model versions --------------------------------------------------------------------------------
    def store_model_version(self, session: Session, model_set: ModelSet, now: dt.datetime) -> None:
        """Store the models a new case runs on, once: a version is never changed or removed, so a version
        this process has seen stored is not looked up again (a restore forgets what was seen,
        `forget_stored_versions`)."""
        engine = _engine_of(session)
        seen = _STORED.setdefault(engine, set()) if engine is not None else set()
        if model_set.version in seen:
            return
        if session.get(ModelVersion, model_set.version) is not None:
            seen.add(model_set.version)  # committed before this transaction began: it stays
            return
        try:
            with session.begin_nested():
                session.add(ModelVersion(version=model_set.version, variant=model_set.variant,
                                         files={k: v.decode() for k, v in model_set.files.items()},
                                         created_at=now))
        except IntegrityError:
            pass  # stored concurrently by another writer: same content, same hash
        if engine is not None:  # known once this transaction commits (`_remember_stored_versions`)
            session.info.setdefault(_STORING, set()).add((engine, model_set.version))

    def new_case(self, session: Session, process_id: str, variant: str, model_set: ModelSet,
                 now: dt.datetime, legal_values: dict[str, Any] | None = None) -> Case:
        """Insert the row of a new case (its id makes its reference) and note its chain head. No other
        transaction sees the new row, so it is locked as it stands. On PostgreSQL an id comes from a
        sequence and never comes back: a new case's chain starts afresh. On SQLite a new row takes the
        largest id plus one, which may be a purged case's, whose chain goes on: its head is read with
        the insert."""
        values: dict[str, Any] = {
            "reference": None, "process_id": process_id, "variant": variant, "model_version": model_set.version,
            "status": "running", "created_at": now, "updated_at": now, "completed_at": None, "state": "{}",
            "serializer_version": SERIALIZER.VERSION, "row_version": 1}
        if legal_values is not None:  # else SQL NULL, not a JSON null
            values["legal_values"] = legal_values
        dialect = session.get_bind().dialect.name
        names = tuple(values)
        try:
            [row] = statement_rows(session.connection(), ("new_case", names),
                                   lambda: _insert_case(dialect, names, "v_"), {f"v_{k}": v for k, v in values.items()})
        except IntegrityError:
            engine = _engine_of(session)
            if engine is not None:
                _STORED.pop(engine, None)  # a model version seen stored is gone (a restore underneath)
            raise
        case = as_read(Case, {"id": row[0], "chain_head": row[1], "legal_values": None, **values})
        set_committed_value(case, "timers", [])  # as if read: the ORM updates it from here on
        session.add(case)
        case_locked(session, case.id)
        remember_chain_head(session, case.id, case.chain_head)
        return case

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

    # -- load ------------------------------------------------------------------------------------------
    def load(self, session: Session, case_id: int, expected_version: int | None = None) -> tuple[Case, Workflow]:
        """The case row, its timer rows and its workflow, in one statement. In a unit of work the case's
        chain head comes with its row (`Case.chain_head`): on SQLite the unit of work holds the
        database's write lock from its BEGIN; on PostgreSQL the row is locked with the read (the case's
        lock, `lock_case`), so a second writer waits here and then reads what the first committed."""
        writing = bool(session.execution_options.get(WRITE))
        if writing:
            collect(session)  # the step's writes go together when it is saved (engine.store.step_write)
        locking = writing and session.get_bind().dialect.name == "postgresql"
        found = read_case(session, case_id, locking)
        if found is None:
            raise NotFound("no such case")
        case = found.case
        if locking:
            case_locked(session, case.id)
            if found.version_seen != case.row_version:
                # The read waited for another writer of the case: the lock hands back the row that writer
                # committed, but the joined timer rows are still those of the snapshot taken before the
                # wait. Read them again.
                _read_timers_again(session, case)
        if writing:
            remember_chain_head(session, case.id, case.chain_head)
        if expected_version is not None and case.row_version != expected_version:
            raise Conflict("the case was changed by someone else; reload and try again")
        # A step goes on with the workflow its case's last step saved, if this process kept it for
        # exactly this row; reads deserialize, so a kept workflow is only ever changed by a step.
        workflow = self.workflows.take(_row_of(case), self.runtime.dump_state) if writing else None
        if workflow is None:
            model_set = self.model_set(case.model_version)
            top, subs = model_set.spec(case.process_id)
            workflow = self.runtime.load_state(case.state, top, subs, case.legal_values)
        if writing:
            # The open-task rows are what the previous save wrote from this workflow: saving the step
            # writes the difference against them instead of reading them.
            loaded: dict[int, list[str]] = session.info.setdefault(_OPEN_LOADED, {})
            loaded[case.id] = [str(t.id) for t in self.runtime.ready_user_tasks(workflow)]
        return case, workflow

    def keep(self, case: Case, workflow: Workflow) -> None:
        """The step that saved `workflow` committed: keep it for the case's next step. Call it last: the
        workflow must not change after it was saved."""
        self.workflows.keep(_row_of(case), workflow)

    # -- save ------------------------------------------------------------------------------------------
    def save(self, session: Session, case: Case, workflow: Workflow, now: dt.datetime, actor: Actor,
             fresh: bool = False) -> Saved:
        """Save the step. `fresh`: the case was created in this transaction and has no rows yet."""
        lock_case(session, case.id)  # before any row is written: one lock order for every writer
        collect(session)
        # Every change goes to the database in the one write at the end: a query in between flushing
        # part of them would write the case row twice.
        with session.no_autoflush:
            # The outbox first: the library keeps thrown messages in the saved state until get_events()
            # empties it, so saving before would send every message again on each later load.
            follow_ups = record_thrown_messages(session, case, workflow, now, actor, self.outbox_handlers,
                                                lambda: case_data(workflow))
            record_fact_changes(session, case, workflow, self.runtime, now, actor)
            self.runtime.settle(workflow)  # saved as loading it gives it back, kept or not
            case.state = self.runtime.dump_state(workflow)
            case.serializer_version = SERIALIZER.VERSION
            case.updated_at = now
            timers: list[Timer] = []
            timers_loaded = "timers" not in instance_state(case).unloaded
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
        write_step(session)
        return Saved(sorted(timers, key=lambda t: t.id), follow_ups, ready)


@sa_event.listens_for(Session, "after_commit")
def _remember_stored_versions(session: Session) -> None:
    for engine, version in session.info.pop(_STORING, ()):
        _STORED.setdefault(engine, set()).add(version)


@sa_event.listens_for(Session, "after_soft_rollback")
def _forget_storing(session: Session, _previous: Any) -> None:
    session.info.pop(_STORING, None)


def _insert_case(dialect: str, names: tuple[str, ...], prefix: str) -> Any:
    """A new case's INSERT, returning its id and chain head: on SQLite the head of the id the row will
    take (the largest plus one), on PostgreSQL none."""
    table: Any = Case.__table__
    head: Any = None
    if dialect != "postgresql":
        next_id = select(func.coalesce(func.max(table.c.id), 0) + 1).scalar_subquery()
        head = select(Event.hash).where(Event.case_id == next_id).order_by(Event.id.desc()).limit(1).scalar_subquery()
    return insert(table).values({**{n: bindparam(prefix + n, type_=table.c[n].type) for n in names},
                                 "chain_head": head}).returning(table.c.id, table.c.chain_head)


def _row_of(case: Case) -> CaseRow:
    return CaseRow(case.id, case.row_version, case.state, case.process_id, case.model_version, case.legal_values)


def forget_stored_versions(engine: Engine) -> None:
    """After a restore the database may lack a model version this process has seen stored."""
    _STORED.pop(engine, None)


def _engine_of(session: Session) -> Engine | None:
    bind = session.get_bind()
    return bind if isinstance(bind, Engine) else getattr(bind, "engine", None)


@sa_event.listens_for(Session, "after_transaction_end")
def _forget_open_tasks(session: Session, transaction: Any) -> None:
    """The open-task rows known from a load hold for that transaction only."""
    if transaction.parent is None:
        session.info.pop(_OPEN_LOADED, None)


def _read_timers_again(session: Session, case: Case) -> None:
    rows = list(session.scalars(select(Timer).where(Timer.case_id == case.id).order_by(Timer.id)
                                .execution_options(populate_existing=True)))
    set_committed_value(case, "timers", rows)
