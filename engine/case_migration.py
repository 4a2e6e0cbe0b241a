"""The use case behind `erkend cases migrate`: each running case of the target's variant moves to the
target model version in its own transaction, or is refused with the element that holds it back.

A moved case is saved as any step is (timers and open tasks re-derived, `case_migrated` in the audit log
with both versions and the element ids that were added, changed or removed; never case content). A dry
run goes through exactly the same steps, the reload of the moved state included, and rolls back.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import select

from engine.cases import CaseEngine
from engine.clock import using_clock
from engine.errors import Conflict, NotFound
from engine.ports import Actor
from engine.runtime_migration import apply_migration, plan_migration
from engine.specs import ModelSet
from engine.store.db import UnitOfWork
from engine.store.event_log import append_event
from engine.store.tables import Case, ModelVersion

Outcome = Literal["migrated", "refused", "unchanged"]
MIN_PREFIX = 8  # a version may be named by the first characters of its hash, as the admin page shows it


@dataclass(frozen=True)
class CaseMigration:
    """What happened (or, in a dry run, would happen) to one case."""

    case_id: int
    reference: str
    from_version: str
    outcome: Outcome
    element: str | None = None
    reason: str | None = None
    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()


def resolve_target(cases: CaseEngine, version: str) -> ModelSet:
    """The model set named by a full version hash or a unique prefix: a variant's current models in
    processes/, or a version stored in the database."""
    version = version.strip().lower()
    if len(version) < MIN_PREFIX:
        raise NotFound(f"name a model version by at least {MIN_PREFIX} characters of its hash")
    current = {cases.library.current(v).version: cases.library.current(v) for v in cases.library.variants}
    with cases.sessions() as session:
        stored = list(session.scalars(select(ModelVersion.version).where(ModelVersion.version.startswith(version))))
    matches = sorted({v for v in current if v.startswith(version)} | set(stored))
    if not matches:
        raise NotFound(f"no model version {version}")
    if len(matches) > 1:
        raise NotFound(f"model version {version} is ambiguous: {', '.join(m[:12] for m in matches)}")
    return current.get(matches[0]) or cases.model_set(matches[0])


def migrate_cases(cases: CaseEngine, target: ModelSet, actor: Actor, dry_run: bool = False) -> list[CaseMigration]:
    """Every running case of the target's variant, oldest first, one transaction each."""
    with cases.sessions() as session:
        ids = list(session.scalars(select(Case.id).where(Case.status == "running", Case.variant == target.variant)
                                   .order_by(Case.id)))
    return [migrate_case(cases, case_id, target, actor, dry_run) for case_id in ids]


def migrate_case(cases: CaseEngine, case_id: int, target: ModelSet, actor: Actor,
                 dry_run: bool = False) -> CaseMigration:
    try:
        return _migrate_case(cases, case_id, target, actor, dry_run)
    except Conflict:
        return CaseMigration(case_id, "", "", "refused", None, "the case changed meanwhile; run the migration again")


def _migrate_case(cases: CaseEngine, case_id: int, target: ModelSet, actor: Actor, dry_run: bool) -> CaseMigration:
    with UnitOfWork(cases.sessions) as uow, using_clock(cases.clock):
        session, now = uow.session, cases.clock.now()
        case, workflow = cases.store.load(session, case_id)
        reference, source = case.reference or "", case.model_version
        if source == target.version:
            return CaseMigration(case_id, reference, source, "unchanged")
        if case.process_id not in target.process_ids:
            return _refused(uow, case, target, actor, now, dry_run, case.process_id,
                            "the process is not in the new models")
        new_top, new_subs = target.spec(case.process_id)
        plan = plan_migration(workflow, new_top, new_subs)
        if plan.blocker is not None:
            return _refused(uow, case, target, actor, now, dry_run, plan.blocker.element, plan.blocker.reason)
        try:
            apply_migration(plan, workflow, new_top, new_subs)
            # The moved state must load on the new models, or the case would be lost at its next step.
            workflow = cases.runtime.load_state(cases.runtime.dump_state(workflow), new_top, new_subs,
                                                case.legal_values)
            cases.runtime.advance(workflow)
        except Exception as error:  # noqa: BLE001 - the library's errors have no common base; nothing was written
            return _refused(uow, case, target, actor, now, dry_run, "-",
                            f"the case does not run on the new models ({type(error).__name__})")
        cases.store.store_model_version(session, target, now)
        case.model_version = target.version
        append_event(session, case_id=case.id, at=now, kind="case_migrated", actor=actor.user, role=actor.role,
                     purpose=actor.purpose, details={"from_version": source, "to_version": target.version,
                                                     "added": plan.added, "changed": plan.changed,
                                                     "removed": plan.removed})
        saved = cases.store.save(session, case, workflow, now, actor)
        migrated = CaseMigration(case_id, reference, source, "migrated", added=tuple(plan.added),
                                 changed=tuple(plan.changed), removed=tuple(plan.removed))
        if dry_run:
            return migrated
        uow.commit()
    if saved.follow_ups:  # letters the moved case asked for, issued once its transaction committed
        cases._follow_up(saved, cases.views.without_rows(case, workflow))
    return migrated


def _refused(uow: UnitOfWork, case: Case, target: ModelSet, actor: Actor, now: dt.datetime, dry_run: bool,
             element: str, reason: str) -> CaseMigration:
    """A refusal of a real run is audited too: the operator's attempt is part of the case's history."""
    if not dry_run:
        append_event(uow.session, case_id=case.id, at=now, kind="case_migration_refused",
                     actor=actor.user, role=actor.role, purpose=actor.purpose,
                     details={"from_version": case.model_version, "to_version": target.version, "element": element})
        uow.commit()
    return CaseMigration(case.id, case.reference or "", case.model_version, "refused", element, reason)
