"""Saved mid-run states must load and finish after any upgrade of SpiffWorkflow or of erkend.

SpiffWorkflow 3.1 -> 3.2 could not load states that had entered a call activity; these fixtures were
saved inside a call activity and with a timer armed. If an upgrade breaks them, the upgrade needs a
migration before it may ship.
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from engine.clock import VirtualClock, using_clock
from engine.runtime import Runtime
from engine.script_env import FUNCTIONS
from engine.specs import ModelSet

STATES = Path(__file__).parent.parent / "fixtures" / "states"


def _load(name: str):  # type: ignore[no-untyped-def]
    doc = json.loads((STATES / f"{name}.json").read_text())
    model_set = ModelSet("fixture", {k: v.encode() for k, v in doc["model_files"].items()})
    top, subs = model_set.spec(doc["process_id"])
    runtime = Runtime(FUNCTIONS)
    clock = VirtualClock(dt.datetime.fromisoformat(doc["saved_at"]))
    with using_clock(clock):
        workflow = runtime.load_state(json.dumps(doc["state"]), top, subs)
    return runtime, workflow, clock


def test_state_saved_inside_a_call_activity_finishes() -> None:
    runtime, workflow, clock = _load("reference_in_call_activity")
    with using_clock(clock):
        (review,) = runtime.ready_user_tasks(workflow)
        assert review.workflow.spec.name == "reference_review"
        runtime.complete_task(workflow, review.id, {"agree": False})
        (decide,) = runtime.ready_user_tasks(workflow)
        runtime.complete_task(workflow, decide.id, {"outcome": "negative", "reasons": "Onvoldoende signalen."})
        runtime.deliver_message(workflow, "investigation_closed", {"outcome": "dismissed"})
    assert workflow.completed and workflow.data["signal_date"] == dt.date(2026, 1, 30)


@pytest.mark.parametrize("days, outcome", [(10, "positive"), (200, "expired")])
def test_state_saved_with_an_armed_timer_finishes(days: int, outcome: str) -> None:
    runtime, workflow, clock = _load("reference_timer_armed")
    clock.advance(dt.timedelta(days=days))
    with using_clock(clock):
        runtime.advance(workflow)
        for task in runtime.ready_user_tasks(workflow):
            runtime.complete_task(workflow, task.id, {"outcome": "positive", "reasons": "Binnen de termijn."})
        if not workflow.completed:
            runtime.deliver_message(workflow, "investigation_closed", {"outcome": "prosecuted"})
    assert workflow.completed and workflow.data["outcome"] == outcome
