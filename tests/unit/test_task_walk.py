"""engine.runtime_walk visits the same tasks in the same order as SpiffWorkflow's own depth-first walk, and
its parallel join and a process's end join give the library's answers, on real cases of both procedures at every step (ready,
waiting, finished and predicted tasks; subprocesses entered or skipped), so installing it changes
nothing but the time a step takes. engine.runtime_index answers the questions about ready and waiting
tasks from its tables with the walk's answer (the same tasks in the same order), asked of the case and
of every procedure in it, at every step; and `Runtime.waiting` gives the answers of the three questions
it stands for."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from SpiffWorkflow.bpmn.specs.control import _EndJoin
from SpiffWorkflow.bpmn.specs.mixins.parallel_gateway import ParallelGateway
from SpiffWorkflow.bpmn.util.task import BpmnTaskIterator
from SpiffWorkflow.util.task import TaskIterator, TaskState

from engine import runtime_index
from engine.clock import VirtualClock, using_clock
from engine.legal_values import load_policy
from engine.runtime_index import LIBRARY_GET_NEXT_TASK, LIBRARY_GET_TASKS
from engine.runtime_walk import LIBRARY_END_JOIN_CHECK, LIBRARY_JOIN_CHECK, library_walk
from engine.simulation import scenario as scenario_file
from engine.simulation.kpis import Tally
from engine.simulation.population import arrivals
from engine.simulation.runner import Models, Trace
from engine.simulation.scheduler import Simulation
from engine.specs import SpecLibrary
from forms.catalogue import all_forms

EXAMPLE = Path(__file__).resolve().parents[2] / "processes" / "scenarios" / "nl-decoupled.yaml"
FILTERS = [{}, {"state": TaskState.READY}, {"state": TaskState.WAITING}, {"state": TaskState.READY, "manual": True},
           {"state": TaskState.COMPLETED}, {"state": TaskState.READY | TaskState.WAITING},
           {"state": TaskState.NOT_FINISHED_MASK}, {"skip_subprocesses": True}]
INDEXED = [{"state": TaskState.READY}, {"state": TaskState.WAITING}, {"state": TaskState.READY, "manual": True},
           {"state": TaskState.READY, "manual": False}, {"state": TaskState.READY | TaskState.WAITING},
           {"state": TaskState.READY | TaskState.WAITING, "skip_subprocesses": True}]


def _both(workflow, **filters) -> tuple[list[str], list[str]]:  # type: ignore[no-untyped-def]
    fast = [str(t.id) for t in BpmnTaskIterator(workflow.task_tree, **filters)]
    slow = [str(t.id) for t in library_walk(BpmnTaskIterator(workflow.task_tree, **filters))]
    if "skip_subprocesses" not in filters:  # the plain walk, as update_waiting_tasks uses it
        plain = {k: v for k, v in filters.items() if k != "manual"}
        for wf in [workflow, *workflow.subprocesses.values()]:
            ours = [str(t.id) for t in TaskIterator(wf.task_tree, **plain)]
            assert ours == [str(t.id) for t in library_walk(TaskIterator(wf.task_tree, **plain))], plain
    return fast, slow


@pytest.mark.parametrize("variant", ["nl-current", "nl-decoupled"])
def test_the_walk_matches_the_librarys_on_real_cases(variant: str) -> None:
    example = scenario_file.load(EXAMPLE)
    few = dataclasses.replace(example, rate_per_year=365.0, arrival_days=12.0, follow_up_days=120.0)
    models = Models(SpecLibrary(), variant, load_policy(variant))
    trace: Trace = []
    simulation = Simulation(few, models, all_forms(), arrivals(few, 0), 0, log=Tally())
    simulation.trace = trace
    simulation.run()
    runtime, clock, workflows, compared, joins, indexed = models.runtime, VirtualClock(), {}, 0, 0, 0
    ends = {True: 0, False: 0}  # end joins checked, by answer: both answers must come up
    with using_clock(clock):
        for case, at, kind, name, data in trace:
            clock.set(at)
            if kind == "start":
                workflows[case] = runtime.start(models.top, models.subs, data, models.policy)
            elif kind == "fire":
                runtime.advance(workflows[case])
            elif kind == "deliver":
                runtime.deliver_message(workflows[case], name, data)
            else:
                task = next(t for t in runtime.ready_user_tasks(workflows[case]) if t.task_spec.bpmn_id == name)
                runtime.complete_task(workflows[case], task.id, data)
            for filters in FILTERS:
                fast, slow = _both(workflows[case], **filters)
                assert fast == slow, (kind, name, filters)
                compared += len(slow)
            joins += _same_join_answers(workflows[case], ends)
            for wf in [workflows[case], *workflows[case].subprocesses.values()]:  # the joins' table of tasks by spec
                for spec_name in {t.task_spec.name for t in wf.tasks.values()}:
                    table = [t for t in wf.tasks.values() if t.task_spec.name == spec_name]
                    assert runtime_index.tasks_of_spec(wf, spec_name) == table, spec_name
            waiting = runtime.waiting(workflows[case])  # the simulator's one question after every step
            live = LIBRARY_GET_TASKS(workflows[case], state=TaskState.READY | TaskState.WAITING)
            assert runtime_index.live_tasks(workflows[case]) == live
            assert waiting.ready == runtime.ready_user_tasks(workflows[case])
            assert waiting.messages == runtime.waiting_messages(workflows[case])
            assert waiting.timers == runtime.pending_timers(workflows[case])
            indexed += _same_indexed_answers(workflows[case])
    assert len(workflows) >= 3 and compared > 5_000 and joins > 100 and indexed > 300
    assert ends[True] > 20 and ends[False] > 20, ends


def _same_indexed_answers(workflow) -> int:  # type: ignore[no-untyped-def]
    found = 0
    for wf in [workflow, *workflow.subprocesses.values()]:
        for filters in INDEXED:
            ours = [str(t.id) for t in wf.get_tasks(**filters)]
            assert ours == [str(t.id) for t in LIBRARY_GET_TASKS(wf, **filters)], filters
            first = wf.get_next_task(**filters)
            assert first is LIBRARY_GET_NEXT_TASK(wf, **filters), filters
            found += len(ours)
    return found


def _same_join_answers(workflow, ends: dict[bool, int]) -> int:  # type: ignore[no-untyped-def]
    checked = 0
    for wf in [workflow, *workflow.subprocesses.values()]:
        for task in list(wf.tasks.values()):
            if isinstance(task.task_spec, ParallelGateway):
                spec = task.task_spec
                assert spec._check_threshold_unstructured(task) == LIBRARY_JOIN_CHECK(spec, task), spec.name
                checked += 1
            elif isinstance(task.task_spec, _EndJoin):
                spec = task.task_spec
                assert spec._check_threshold_unstructured(task) == LIBRARY_END_JOIN_CHECK(spec, task), spec.name
                ends[spec._check_threshold_unstructured(task)] += 1
    return checked
