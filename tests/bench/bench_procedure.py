"""Procedure benchmark: what a step costs when the person's procedures run side by side.

One case of the decoupled procedure, from the signal to the permit (intake, placement, the panel's first
stage, preparation, the recovery period's timers, the final decision and the IND's permit: 9 actions, with
5 to 7 procedures running at once), through engine/ on SQLite. Baseline in the same run: a step of the
engine's small reference process (start, intake, decision, message) on the same database. Prints per-step
p50/p95 of each, their ratio, the saved state's size at the end of the case, and the fact changes logged.
"""
from __future__ import annotations

import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

from sqlalchemy import func, select, text

from engine.cases import CaseEngine
from engine.clock import VirtualClock
from engine.legal_values import load_policy
from engine.ports import Actor
from engine.specs import SpecLibrary
from engine.store.db import make_engine, session_factory
from engine.store.migrate import upgrade
from engine.store.tables import Event
from forms.catalogue import all_forms
from tests.bench.bench_engine import CLOSED, DECISION, INTAKE, _percentile, _progress

CASES = 25
ACTOR = Actor("bench", frozenset({"coordinator", "panel", "ind"}), "coordinator")
MEMBERS = [{"name": "Voorzitter Smit", "role": "chair", "voting": True},
           {"name": "Zorg de Wit", "role": "care", "voting": True},
           {"name": "Jurist Bakker", "role": "legal", "voting": True},
           {"name": "Arbeid Visser", "role": "labour", "voting": True}]
SIGNAL = {"signal_source": "ngo", "signal_date": "2026-01-05", "person_alias": "Fictief F.", "legal_name": "Fenna Fictief", "birth_date": "1994-03-12",
          "age_doubt": False, "residence_status": "tcn_unlawful", "exploitation_form": "labour",
          "suspected_offence": False, "nationality": "fictional"}
INDICATOR = {"list_name": "ilo_forced_labour", "code": "withholding_wages", "status": "reported_by_person",
             "source": "self", "weight": "strong"}
STEPS: list[tuple[str, dict[str, Any]]] = [
    ("register_signal", SIGNAL),
    ("safety_check", {"immediate_danger": False, "safe_location": True, "emergency_bed": True}),
    ("consent", {"consent_given": True, "informed_in_language": "Engels"}),
    ("placement", {"shelter_type": "cosm", "placement_start": "2026-01-05"}),
    ("compose_panel", {"panel_members": MEMBERS}),
    ("first_stage", {"indicators": [INDICATOR], "threshold": "suspect_cannot_prove", "outcome": "positive",
                     "reasons": "Loon ingehouden."}),
    ("prepare", {"info_requested_from": [], "info_question": None, "hearing_wanted": False}),
    ("final_decision", {"threshold": "suspect_cannot_prove", "outcome": "positive", "reasons": "Indicatoren gewogen.",
                        "decided_by": ["Voorzitter Smit", "Zorg de Wit", "Jurist Bakker"]}),
    ("permit_decision", {"outcome": "granted", "reasons": "Erkend als slachtoffer."}),
]


def _timed(steps: list[float], fn: Callable[[], Any]) -> Any:
    start = time.perf_counter()
    result = fn()
    steps.append((time.perf_counter() - start) * 1000)
    return result


def _reference_steps(cases: CaseEngine) -> list[float]:
    steps: list[float] = []
    for i in range(CASES * 2):
        case = _timed(steps, lambda: cases.start_case("reference_case", {}, ACTOR))
        case = _timed(steps, lambda: cases.complete_task(case.id, case.tasks[0].id, INTAKE, ACTOR))
        case = _timed(steps, lambda: cases.complete_task(case.id, case.tasks[0].id, DECISION, ACTOR))
        _timed(steps, lambda: cases.deliver_message(case.id, "investigation_closed", CLOSED, ACTOR))
        _progress("reference", i + 1, CASES * 2)
    return steps


def _procedure_case(cases: CaseEngine, clock: VirtualClock, steps: list[float]) -> tuple[int, int, int]:
    case = _timed(steps, lambda: cases.start_case("procedure", {}, ACTOR, variant="nl-decoupled"))
    most_running = 0
    for name, data in STEPS:
        if name == "final_decision":  # the minimum recovery period and the reflection period run out first
            clock.advance(dt.timedelta(days=92))
            _timed(steps, lambda: cases.fire_due_timers(limit=100))
        task = next(t for t in cases.get_case(case.id).tasks if t.name == name)
        case = _timed(steps, lambda: cases.complete_task(case.id, task.id, data, ACTOR))
        most_running = max(most_running, sum(1 for p in case.procedures if p.status == "running"))
    with cases.sessions() as session:
        size = len(session.execute(text("SELECT state FROM cases WHERE id = :i"), {"i": case.id}).scalar_one())
        facts = session.scalar(select(func.count(Event.id)).where(Event.case_id == case.id,
                                                                  Event.kind == "fact_recorded")) or 0
    return size, facts, most_running


def run() -> dict[str, float]:
    library = SpecLibrary()
    with tempfile.TemporaryDirectory() as tmp:
        db = make_engine(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}")
        upgrade(db)
        sessions = session_factory(db)
        reference = _reference_steps(CaseEngine(sessions, library, VirtualClock(), all_forms()))
        procedure: list[float] = []
        sizes, facts, running = [], [], []
        for i in range(CASES):
            clock = VirtualClock(dt.datetime(2026, 1, 5, 8, 0, tzinfo=dt.timezone.utc))
            cases = CaseEngine(sessions, library, clock, all_forms(), policy_loader=load_policy)
            size, fact_count, most = _procedure_case(cases, clock, procedure)
            sizes.append(size)
            facts.append(fact_count)
            running.append(most)
            _progress("procedure", i + 1, CASES)
        db.dispose()
    figures = {
        "reference_step_p50_ms": statistics.median(reference),
        "reference_step_p95_ms": _percentile(reference, 0.95),
        "procedure_step_p50_ms": statistics.median(procedure),
        "procedure_step_p95_ms": _percentile(procedure, 0.95),
        "procedure_over_reference_p50": statistics.median(procedure) / statistics.median(reference),
        "procedure_state_bytes_at_permit": statistics.mean(sizes),
        "procedure_facts_recorded_per_case": statistics.mean(facts),
        "procedures_running_at_once_max": max(running),
    }
    figures = {k: round(v, 3) for k, v in figures.items()}
    for key, value in figures.items():
        print(f"  {key:<34} {value}")
    return figures
