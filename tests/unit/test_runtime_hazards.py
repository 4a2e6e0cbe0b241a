"""The SpiffWorkflow 3.2 hazards we reproduced, each guarded by the runtime facade."""
from __future__ import annotations

import datetime as dt
import decimal
import json

import pytest
from SpiffWorkflow.util.task import TaskState

from engine.clock import VirtualClock, using_clock
from engine.errors import InvalidTransition
from engine.runtime import Runtime
from engine.sandbox import RestrictedEnvironment
from engine.script_env import FUNCTIONS
from engine.specs import SpecLibrary
from tests.helpers import UTC, fixture_models


@pytest.fixture
def runtime() -> Runtime:
    return Runtime(FUNCTIONS)


@pytest.fixture
def reference():  # type: ignore[no-untyped-def]
    return SpecLibrary().current().spec("reference_case")


def _start_reference(runtime, reference, clock):  # type: ignore[no-untyped-def]
    top, subs = reference
    with using_clock(clock):
        workflow = runtime.start(top, subs, {})
        intake = runtime.ready_user_tasks(workflow)[0]
        runtime.complete_task(workflow, intake.id, {"needs_review": False})
    return workflow


def test_double_submit_is_refused(runtime: Runtime, reference) -> None:  # type: ignore[no-untyped-def]
    """Task.run() accepts a COMPLETED task; the facade must not."""
    top, subs = reference
    clock = VirtualClock()
    with using_clock(clock):
        workflow = runtime.start(top, subs, {})
        intake = runtime.ready_user_tasks(workflow)[0]
        runtime.complete_task(workflow, intake.id, {"needs_review": False})
        with pytest.raises(InvalidTransition):
            runtime.complete_task(workflow, intake.id, {"needs_review": True})
    assert workflow.get_task_from_id(intake.id).data["needs_review"] is False


def test_form_after_timer_cancelled_the_task_is_refused(runtime: Runtime, reference) -> None:  # type: ignore[no-untyped-def]
    clock = VirtualClock()
    workflow = _start_reference(runtime, reference, clock)
    decide = runtime.ready_user_tasks(workflow)[0]
    clock.advance(dt.timedelta(days=120))
    with using_clock(clock):
        runtime.advance(workflow)
        assert decide.state == TaskState.CANCELLED
        with pytest.raises(InvalidTransition):
            runtime.complete_task(workflow, decide.id, {"outcome": "positive"})
    assert workflow.completed and workflow.data["outcome"] == "expired"


def test_timer_fires_only_after_its_due_moment(runtime: Runtime, reference) -> None:  # type: ignore[no-untyped-def]
    """The library compares due < now strictly: at the due instant nothing happens, a second later it fires."""
    clock = VirtualClock(dt.datetime(2026, 1, 5, 8, 0, tzinfo=UTC))
    workflow = _start_reference(runtime, reference, clock)
    (_, _, due, _), = runtime.pending_timers(workflow)
    clock.set(due)
    with using_clock(clock):
        runtime.advance(workflow)
    assert not workflow.completed
    clock.set(due + dt.timedelta(seconds=1))
    with using_clock(clock):
        runtime.advance(workflow)
    assert workflow.completed


def test_month_terms_use_our_deadline_code_not_spiff_arithmetic(runtime: Runtime, reference) -> None:  # type: ignore[no-untyped-def]
    """SpiffWorkflow's own P1M from 31 January lands on 3 March; a term of months ends on the same day number,
    clamped to the month end: P3M armed on 30 November 2025 ends on 28 February 2026 (not 2 March)."""
    clock = VirtualClock(dt.datetime(2025, 11, 30, 10, 0, tzinfo=UTC))
    workflow = _start_reference(runtime, reference, clock)
    (_, _, due, _), = runtime.pending_timers(workflow)
    assert due.astimezone(dt.timezone(dt.timedelta(hours=1))).date() == dt.date(2026, 2, 28)


def test_date_and_decimal_task_data_survive_a_save(runtime: Runtime, reference) -> None:  # type: ignore[no-untyped-def]
    top, subs = reference
    with using_clock(VirtualClock()):
        workflow = runtime.start(top, subs, {"born": dt.date(2009, 5, 5), "amount": decimal.Decimal("12.50")})
        state = runtime.dump_state(workflow)
        restored = runtime.load_state(state, top, subs)
    data = runtime.ready_user_tasks(restored)[0].data
    assert data["born"] == dt.date(2009, 5, 5) and data["amount"] == decimal.Decimal("12.50")


def test_saved_state_leaves_the_spec_out(runtime: Runtime, reference) -> None:  # type: ignore[no-untyped-def]
    """The state is what the library's own converter writes, minus the specs, which are never converted."""
    from SpiffWorkflow.bpmn.serializer.workflow import BpmnWorkflowSerializer
    from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG

    library_serializer = BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure(SPIFF_CONFIG))
    top, subs = reference
    with using_clock(VirtualClock()):
        workflow = runtime.start(top, subs, {})
        runtime.complete_task(workflow, runtime.ready_user_tasks(workflow)[0].id,
                              {"person_alias": "Fictief F.", "needs_review": False})
    ours = json.loads(runtime.dump_state(workflow))
    full = json.loads(library_serializer.serialize_json(workflow))
    assert "spec" not in ours and "subprocess_specs" not in ours
    spec, sub_specs = full.pop("spec"), full.pop("subprocess_specs")
    assert spec["name"] == top.name and set(sub_specs) == set(subs)
    assert ours == full  # every other key, with the same content
    assert list(ours) == list(full)  # in the same order: task data is restored as deltas in key order


def test_sandbox_is_reattached_after_load(runtime: Runtime, reference) -> None:  # type: ignore[no-untyped-def]
    top, subs = reference
    with using_clock(VirtualClock()):
        workflow = runtime.start(top, subs, {})
        restored = runtime.load_state(runtime.dump_state(workflow), top, subs)
    assert isinstance(restored.script_engine.environment, RestrictedEnvironment)


def test_model_script_cannot_walk_to_os(runtime: Runtime) -> None:
    """().__class__.__base__.__subclasses__() is the classic escape from an eval sandbox."""
    top, subs = fixture_models("loop.bpmn").spec("script_probe")
    with using_clock(VirtualClock()), pytest.raises(Exception) as caught:
        runtime.start(top, subs, {})
    assert "__class__" in str(caught.value) or "invalid attribute" in str(caught.value).lower()


@pytest.mark.parametrize("source", [
    "import os",
    "__import__('os').system('true')",
    "open('/etc/hostname').read()",
    "().__class__.__base__.__subclasses__()",
    "getattr((), '__class__')",
])
def test_sandbox_refuses_escapes(source: str) -> None:
    env = RestrictedEnvironment({})
    with pytest.raises(Exception):
        env.execute(f"x = {source}" if not source.startswith("import") else source, {})


def test_sandbox_runs_ordinary_expressions() -> None:
    env = RestrictedEnvironment({"double": lambda v: v * 2})
    context = {"values": [1, 2, 3]}
    env.execute("total = sum([double(v) for v in values])\nfirst, *rest = values", context)
    assert context["total"] == 12 and context["rest"] == [2, 3]
    assert env.evaluate("total > 10 and len(values) == 3", context) is True


def test_a_long_loop_does_not_stall_at_iterator_depth(runtime: Runtime) -> None:
    """With the library's default depth of 1,000 this loop stopped silently at round 251."""
    top, subs = fixture_models("loop.bpmn").spec("review_loop")
    with using_clock(VirtualClock()):
        workflow = runtime.start(top, subs, {"rounds": 300})
        for _ in range(300):
            (task,) = runtime.ready_user_tasks(workflow)
            runtime.complete_task(workflow, task.id, {"renewed": True})
    assert workflow.completed and workflow.data["done"] == 300


def test_ten_yearly_renewals_run_to_the_end(runtime: Runtime) -> None:
    top, subs = fixture_models("renewal.bpmn").spec("renewal")
    clock = VirtualClock(dt.datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    with using_clock(clock):
        workflow = runtime.start(top, subs, {"years": 10})
        state = runtime.dump_state(workflow)
    for year in range(10):
        with using_clock(clock):
            workflow = runtime.load_state(state, top, subs)
            (_, _, due, _), = runtime.pending_timers(workflow)
            assert due.year == 2027 + year
            clock.set(due + dt.timedelta(seconds=1))
            runtime.advance(workflow)
            (task,) = runtime.ready_user_tasks(workflow)
            runtime.complete_task(workflow, task.id, {"renewed": True})
            state = runtime.dump_state(workflow)
    assert workflow.completed and workflow.data["renewals"] == 10


def test_a_resubmitted_list_replaces_the_old_one(runtime: Runtime) -> None:
    """The library's add_data_from_form deep-merges lists: a corrected list of indicators would keep
    the refused entries. Submitted fields replace what the case held under that name."""
    top, subs = fixture_models("loop.bpmn").spec("review_loop")
    with using_clock(VirtualClock()):
        workflow = runtime.start(top, subs, {"rounds": 2})
        (task,) = runtime.ready_user_tasks(workflow)
        runtime.complete_task(workflow, task.id, {"indicators": [{"code": "a"}, {"code": "b"}]})
        (task,) = runtime.ready_user_tasks(workflow)
        runtime.complete_task(workflow, task.id, {"indicators": [{"code": "c"}]})
    assert workflow.data["indicators"] == [{"code": "c"}]
