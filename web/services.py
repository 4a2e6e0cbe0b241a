"""The composition root: wires database, models, forms, clock and engine from the settings. The
use cases (engine.application) take the Services as their dependencies (engine.application.deps.Deps).

Training mode uses the shared virtual clock kept in the database; otherwise the real clock.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from engine.application.deps import Database, Sessions, open_database, training_clock
from engine.cases import CaseEngine
from engine.clock import Clock, SystemClock
from engine.legal_values import load_policy
from engine.letter_issuing import case_data_loader, make_letter_issuer
from engine.secrets_box import SecretBox, load_master_key
from engine.specs import SpecLibrary
from engine.timer_worker import TimerWorker
from forms.catalogue import all_forms
from forms.registry import MarshmallowForms
from letters.render import check_letter, render_letter
from web.settings import Settings


@dataclass
class Services:
    settings: Settings
    db: Database
    sessions: Sessions
    library: SpecLibrary
    forms: MarshmallowForms
    clock: Clock
    cases: CaseEngine
    box: SecretBox  # TOTP secrets at rest, audit checkpoint signatures
    wall: Clock = field(default_factory=SystemClock)  # real time, for heartbeats, also in training mode
    worker: TimerWorker | None = None  # the timer worker running in this process, if any


def build_services(settings: Settings, clock: Clock | None = None, library: SpecLibrary | None = None) -> Services:
    db, sessions = open_database(settings.database_url)
    library = library or SpecLibrary()
    forms = all_forms()
    clock = clock or (training_clock(db) if settings.training else SystemClock())
    # Decisions that throw `issue_letter` get their letter right after their transaction (engine.letter_issuing).
    outbox = {"issue_letter": make_letter_issuer(render_letter, case_data_loader(library), check_letter)}
    engine = CaseEngine(sessions, library, clock, forms, policy_loader=load_policy, outbox_handlers=outbox)
    return Services(settings, db, sessions, library, forms, clock, engine, SecretBox(_master_key(settings)))


def _master_key(settings: Settings) -> bytes:
    if settings.master_key:
        return bytes.fromhex(settings.master_key)
    if settings.testing:
        import secrets

        return secrets.token_bytes(32)  # a test app's own key: nothing it seals outlives it
    return load_master_key()
