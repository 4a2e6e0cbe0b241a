"""SQLAlchemy 2 tables. The schema is created and changed only through Alembic migrations."""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy import event as sa_event
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

UTC = dt.timezone.utc


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Stores naive UTC, returns aware UTC: SQLite has no time zones, PostgreSQL gets timestamptz."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime stored; every datetime in erkend is timezone-aware")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    pass


class ModelVersion(Base):
    """The files of one model set, stored once per content hash; cases point here."""

    __tablename__ = "model_versions"
    version: Mapped[str] = mapped_column(String(64), primary_key=True)
    variant: Mapped[str] = mapped_column(String(64))
    files: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class Case(Base):
    __tablename__ = "cases"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    reference: Mapped[str | None] = mapped_column(String(32), unique=True)
    process_id: Mapped[str] = mapped_column(String(128))
    variant: Mapped[str] = mapped_column(String(64))
    model_version: Mapped[str] = mapped_column(ForeignKey("model_versions.version"))
    status: Mapped[str] = mapped_column(String(16), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    completed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    state: Mapped[str] = mapped_column(Text)
    serializer_version: Mapped[str] = mapped_column(String(16))
    row_version: Mapped[int] = mapped_column(Integer, nullable=False)
    # The hash of the case's last event (None: none yet), kept by engine.store.event_log with every
    # append: a writer that reads and locks the row has its chain head with it.
    chain_head: Mapped[str | None] = mapped_column(String(64))
    # The legal values the case started under (terms, thresholds, variant switches: engine.legal_values),
    # which its models read as `policy`: kept here once, not in the task data of its saved state. None:
    # a case without them (an engine without a policy loader).
    legal_values: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # Read with the case row itself when a step loads it (one statement instead of two); never written
    # through: engine.case_sync adds and changes the rows.
    timers: Mapped[list["Timer"]] = relationship(viewonly=True, order_by="Timer.id")

    __mapper_args__ = {"version_id_col": row_version}


class OpenTask(Base):
    """Ready user tasks of every case, rebuilt after each state change: the worklists query this."""

    __tablename__ = "open_tasks"
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True)
    task_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(128))
    title: Mapped[str] = mapped_column(String(256))
    lane: Mapped[str | None] = mapped_column(String(64), index=True)
    form_key: Mapped[str | None] = mapped_column(String(128))
    process_id: Mapped[str] = mapped_column(String(128))
    ready_since: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class Timer(Base):
    """One row per armed timer. The worker fires rows whose due time (+1 s) has passed, exactly once.

    A failed attempt is kept on the row (engine.timers): how many attempts were made, the class of the
    last error and a short message without case data, and when the next attempt may start. After too
    many the row is parked as an `incident` that the worker skips until an operator retries it."""

    __tablename__ = "timers"
    __table_args__ = (UniqueConstraint("case_id", "task_id"), Index("ix_timers_pending_due", "status", "due_at"))
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    task_id: Mapped[str] = mapped_column(String(36))
    name: Mapped[str] = mapped_column(String(256))
    due_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(16))  # pending | paused | fired | cancelled | stuck | incident
    fired_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    next_attempt_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    last_error_class: Mapped[str | None] = mapped_column(String(128))
    last_error: Mapped[str | None] = mapped_column(String(256))
    last_failed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    process_id: Mapped[str | None] = mapped_column(String(128))  # the procedure the timer belongs to
    # How the engine derived due_at when it armed the timer (engine.timer_derivation): start, term, rule,
    # steps, policy entry and legal source. None for timers armed before derivations were stored.
    derivation: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class WorkerHeartbeat(Base):
    """The last sign of life of each timer worker (one row per worker name), read by /healthz and /readyz."""

    __tablename__ = "worker_heartbeats"
    name: Mapped[str] = mapped_column(String(128), primary_key=True)
    beat_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    fired: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)


class Event(Base):
    """Append-only, hash-chained log of every state change and every read of case data.

    One chain per case (events without a case form one chain of their own): each entry chains to the
    previous entry of the same case, so writers of different cases never wait on one another.
    `ChainAnchor` rows tie all chains together. No foreign key to cases on purpose: the audit trail
    outlives corrections and retention."""

    __tablename__ = "events"
    __table_args__ = (Index("ix_events_case_chain", "case_id", "id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[int | None] = mapped_column(Integer, index=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    kind: Mapped[str] = mapped_column(String(64), index=True)
    actor: Mapped[str] = mapped_column(String(128))
    role: Mapped[str | None] = mapped_column(String(64))
    purpose: Mapped[str | None] = mapped_column(String(256))
    details: Mapped[dict[str, Any]] = mapped_column(JSON)
    prev_hash: Mapped[str] = mapped_column(String(64))
    # Unique and set before the insert: it tells the rows of one multi-row INSERT ... RETURNING apart, so
    # a step's events go in one statement on SQLite too (whose ids alone cannot be matched to rows).
    hash: Mapped[str] = mapped_column(String(64), unique=True, insert_sentinel=True)


class ChainAnchor(Base):
    """A periodic seal over every chain of the event log: the head (id and hash) of each chain when it was
    taken, chained to the previous anchor. The first row is the cut-over from the single chain the log
    had before (`legacy_last_id`: entries up to it chain to their predecessor in the whole log)."""

    __tablename__ = "chain_anchors"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    kind: Mapped[str] = mapped_column(String(16))  # cutover | anchor
    legacy_last_id: Mapped[int | None] = mapped_column(Integer)
    heads: Mapped[dict[str, Any]] = mapped_column(JSON)  # chain key -> [head id, head hash]
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


class ClockSetting(Base):
    """Training mode only: how far the shared virtual clock runs ahead of real time."""

    __tablename__ = "clock_settings"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    offset_seconds: Mapped[float] = mapped_column(default=0.0)


class User(Base):
    """A person or integration using erkend. Roles are a list because one person may hold several."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(128))
    password_hash: Mapped[str | None] = mapped_column(String(256))
    roles: Mapped[list[str]] = mapped_column(JSON)
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    # Sealed with the installation's master key (engine.secrets_box), never stored plain (0008).
    totp_secret: Mapped[str | None] = mapped_column(String(256))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    token_expires_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)  # None: no expiry set (CLI)


class CaseParty(Base):
    """Who is linked to a case, and how: the ground of every case-level access decision.

    kind: `lawyer` (the person's lawyer), `guardian` (appointed for a minor), `panel` (a panel member
    assigned to the case), `investigator` (police/prosecution working on the related investigation),
    `conflict` (a panel member declared linked to the investigating team: never assignable)."""

    __tablename__ = "case_parties"
    __table_args__ = (UniqueConstraint("case_id", "username", "kind"),
                      Index("ix_case_parties_user", "username", "kind"))
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    username: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(32))
    linked_by: Mapped[str] = mapped_column(String(128))
    linked_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class CaseLink(Base):
    """A role's access to a case that comes from what happened in it rather than from a person's link:
    `ind` once a decision was taken and sent to the IND (every IND caseworker may then read the case).
    Written with the decision, in its transaction; `because` names the event kind that made it."""

    __tablename__ = "case_links"
    __table_args__ = (Index("ix_case_links_role", "role", "case_id"),)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[str] = mapped_column(String(32), primary_key=True)
    because: Mapped[str] = mapped_column(String(64))
    linked_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class Decision(Base):
    """A decision taken in a case and its outcome: the answer itself lives here, with the case, and goes
    when retention purges the case. The `decision_taken` event (event_id) carries only a keyed hash of
    the outcome, since the hash-chained log can never be cleaned up."""

    __tablename__ = "decisions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    # the event is inserted first in the same flush (no flush per event, engine.store.event_log)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"), unique=True)
    event: Mapped[Event] = relationship()
    decision: Mapped[str] = mapped_column(String(128))
    outcome: Mapped[str | None] = mapped_column(String(128))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(String(128))
    role: Mapped[str | None] = mapped_column(String(64))
    model_version: Mapped[str | None] = mapped_column(String(64))
    variant: Mapped[str | None] = mapped_column(String(64))


class ClosedWorkflow(Base):
    """The workflow a case ran until it closed, kept when the case reopens with a new procedure (an
    objection received after the case closed, art. 6:9 lid 2 / 6:11 Awb): the case row then holds the new
    procedure's state, and this row the state it had when it closed, with its process and model version.
    Purged with the case (engine.retention)."""

    __tablename__ = "closed_workflows"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    process_id: Mapped[str] = mapped_column(String(128))
    model_version: Mapped[str] = mapped_column(ForeignKey("model_versions.version"))
    state: Mapped[str] = mapped_column(Text)
    serializer_version: Mapped[str] = mapped_column(String(16))
    completed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    reopened_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class Letter(Base):
    """An issued decision letter: rendered once and kept byte for byte with its SHA-256.

    Never updated (a listener refuses it); a re-issue is a new row with version + 1 that names the row it
    supersedes. No cascade from cases: letters are part of the record."""

    __tablename__ = "letters"
    __table_args__ = (UniqueConstraint("case_id", "decision_key", "version"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    letter_type: Mapped[str] = mapped_column(String(64))
    decision_key: Mapped[str] = mapped_column(String(64))  # SHA-256 of letter type + decision id/payload
    version: Mapped[int] = mapped_column(Integer)
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("letters.id"))
    sha256: Mapped[str] = mapped_column(String(64))
    pdf: Mapped[bytes] = mapped_column(LargeBinary)
    size: Mapped[int] = mapped_column(Integer)
    decided_on: Mapped[dt.date] = mapped_column(Date)
    sent_on: Mapped[dt.date] = mapped_column(Date)
    objection_deadline: Mapped[dt.date | None] = mapped_column(Date)
    issued_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    issued_by: Mapped[str] = mapped_column(String(128))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)  # the decision as thrown by the model, for a re-issue
    details: Mapped[dict[str, Any]] = mapped_column(JSON)  # template version, remedy, deadline derivation, ...


class LetterDelivery(Base):
    """A letter placed in an inbox. Per-person roles (person, lawyer, guardian) name their user."""

    __tablename__ = "letter_deliveries"
    __table_args__ = (Index("ix_letter_deliveries_role_user", "role", "user"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    letter_id: Mapped[int] = mapped_column(ForeignKey("letters.id"), index=True)
    role: Mapped[str] = mapped_column(String(64))
    user: Mapped[str | None] = mapped_column(String(128))
    party: Mapped[str] = mapped_column(String(16))  # addressee | copy | inbox
    delivered_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class LetterDue(Base):
    """A letter a decision asked for, recorded in the decision's own transaction and rendered after it
    (outside the write lock). `issued_letter_id` is set in the transaction that stores the letter; a row
    still without it after a crash is issued by the recovery pass (CaseEngine.issue_due_letters)."""

    __tablename__ = "letters_due"
    __table_args__ = (UniqueConstraint("case_id", "decision_key"), Index("ix_letters_due_open", "issued_letter_id"))
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    decision_key: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)  # the decision as thrown by the model
    requested_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)  # the decision's moment: the sending day
    actor: Mapped[str] = mapped_column(String(128))
    role: Mapped[str | None] = mapped_column(String(64))
    purpose: Mapped[str | None] = mapped_column(String(256))
    issued_letter_id: Mapped[int | None] = mapped_column(ForeignKey("letters.id"))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error_class: Mapped[str | None] = mapped_column(String(128))  # never the message: it may hold case data


@sa_event.listens_for(Letter, "before_update")
def _letters_are_immutable(mapper: Any, connection: Any, target: Letter) -> None:
    raise ValueError("an issued letter is never changed; re-issue it as a new version")


class LoginAttempt(Base):
    """Failed sign-ins, shared by every server process so the rate limit holds across them."""

    __tablename__ = "login_attempts"
    __table_args__ = (Index("ix_login_attempts_username_at", "username", "at"),
                      Index("ix_login_attempts_address_at", "address", "at"))
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(128))
    address: Mapped[str] = mapped_column(String(64))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class AuditKey(Base):
    """The installation's secret for the event log's data hashes (HMAC), created by migration 0007.
    One row; never exported, never shown."""

    __tablename__ = "audit_key"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(64))  # 32 random bytes, hex


class SimulationRun(Base):
    """A policy simulation asked for on the web, run in the background by the worker.

    Holds no case data: the scenario (its YAML text), who asked, the progress and the KPIs per variant
    and replication. `heartbeat_at` is written with each progress step, so a run whose worker died is
    seen as stale and taken up again from the start (a replication is the unit of work; the results are
    the same whoever runs it, because every draw comes from the scenario's seed)."""

    __tablename__ = "simulation_runs"
    __table_args__ = (Index("ix_simulation_runs_status", "status"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    requested_by: Mapped[str] = mapped_column(String(128))
    requested_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    scenario_name: Mapped[str] = mapped_column(String(256))
    scenario_file: Mapped[str] = mapped_column(String(256))  # the example picked, or the uploaded file's name
    scenario_text: Mapped[str] = mapped_column(Text)
    replications: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))  # queued | running | done | failed
    done_steps: Mapped[int] = mapped_column(Integer, default=0)
    total_steps: Mapped[int] = mapped_column(Integer)
    worker: Mapped[str | None] = mapped_column(String(128))
    started_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    heartbeat_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    results: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # {variant: [KPIs of each replication]}
    report_pdf: Mapped[bytes | None] = mapped_column(LargeBinary)  # the report a policy maker sends on


class PurgedCase(Base):
    """What the retention run removed (engine.retention): the case's identifiers and dates, never its
    content. Kept with the event log, which outlives retention; `case_id` matches the log's entries."""

    __tablename__ = "purged_cases"
    case_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    reference: Mapped[str | None] = mapped_column(String(32))
    process_id: Mapped[str] = mapped_column(String(128))
    variant: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    completed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    retention_term: Mapped[str] = mapped_column(String(32))
    expired_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    purged_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    purged_by: Mapped[str] = mapped_column(String(128))
    letters: Mapped[int] = mapped_column(Integer)  # how many issued letters went with it


class WebSession(Base):
    """A sign-in session kept on the server: the browser's cookie holds only a random id, of which this
    table keeps the SHA-256. Ending the row (logout, an administrator, token revocation) ends the
    session everywhere at once, also for a cookie copied earlier."""

    __tablename__ = "web_sessions"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # SHA-256 of the cookie's value
    user_id: Mapped[int | None] = mapped_column(Integer, index=True)
    data: Mapped[str] = mapped_column(Text)  # Flask's tagged JSON of the session dict
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    seen_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)


class AuditCheckpoint(Base):
    """A signed statement "the event log's newest entry was N with hash H": removing entries up to N
    can then no longer pass as a shorter but intact chain. Signed (HMAC) with a key derived from the
    master key, which is not in the database."""

    __tablename__ = "audit_checkpoints"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[int] = mapped_column(Integer)
    event_hash: Mapped[str] = mapped_column(String(64))
    entries: Mapped[int] = mapped_column(Integer)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    signature: Mapped[str] = mapped_column(String(64))
