"""The discrete-event side: arrivals, limited resources and waiting, on SimPy's event queue.

Simulated time is days since the scenario's start; before a case is touched the shared virtual clock is
set to that moment, so the models' deadlines (working days, holidays, month ends) count exactly as in
production. Each ready user task becomes a SimPy process that queues for its lane's resource (panel,
IND, police, coordinator) and holds it for its sampled work time; each awaited message the person will
send arrives after its delay; each armed timer wakes the case just after it is due.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Callable, Generator
from zoneinfo import ZoneInfo

import simpy

from engine.clock import VirtualClock
from engine.ports import FormRegistry
from engine.simulation.population import Person
from engine.simulation.runner import CaseRun, Event, Models, ReadyTask
from engine.simulation.sampler import Sampler
from engine.simulation.scenario import Scenario

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
DAY = dt.timedelta(days=1)
WAKE_AFTER = dt.timedelta(seconds=2)  # timers fire strictly after their due moment


@dataclass
class Pool:
    resource: simpy.Resource
    capacity: int
    busy_days: float = 0.0
    served: int = 0
    queue_peak: int = 0
    never_served: int = 0


@dataclass
class Replication:
    """Everything one replication of one variant produced: the event log and resource use."""

    variant: str
    replication: int
    horizon_days: float
    people: list[Person]
    events: list[Event] = field(default_factory=list)
    pools: dict[str, Pool] = field(default_factory=dict)
    validated_forms: set[str] = field(default_factory=set)
    running_at_end: int = 0


class Simulation:
    def __init__(self, scenario: Scenario, models: Models, forms: FormRegistry, people: list[Person],
                 replication: int, sampler: Sampler | None = None,
                 on_case_done: Callable[[], None] | None = None) -> None:
        self.scenario, self.models, self.forms = scenario, models, forms
        self.sampler = sampler or Sampler(scenario)
        self.env = simpy.Environment()
        self.origin = dt.datetime.combine(scenario.start, dt.time(9, 0), tzinfo=AMSTERDAM).astimezone(dt.timezone.utc)
        self.clock = VirtualClock(self.origin)
        horizon = scenario.arrival_days + scenario.follow_up_days
        self.result = Replication(models.variant, replication, horizon, people)
        self.result.pools = {lane: Pool(simpy.Resource(self.env, capacity=max(cap, 1)), cap)
                             for lane, cap in scenario.capacities.items()}
        self.on_case_done = on_case_done
        self._open: dict[int, CaseRun] = {}

    def run(self) -> Replication:
        for person in self.result.people:
            self.env.process(self._case(person))
        self.env.run(until=self.result.horizon_days)
        self.result.running_at_end = len(self._open)
        return self.result

    def _sync(self) -> None:
        self.clock.set(self.origin + self.env.now * DAY)

    def _today(self) -> dt.date:
        return self.clock.now().astimezone(AMSTERDAM).date()

    def _case(self, person: Person) -> Generator[simpy.Event, Any, None]:
        yield self.env.timeout(person.arrival_day)
        self._sync()
        case = CaseRun(self.models, person.number, self.clock, self.forms, self.result.events)
        case.start()
        self._open[person.number] = case
        self._react(case, person, _CaseState())

    def _react(self, case: CaseRun, person: Person, state: "_CaseState") -> None:
        """After every change: start work on new tasks, schedule awaited messages and the next timer."""
        self.result.validated_forms |= case.validated
        if case.completed:
            self._open.pop(person.number, None)
            if self.on_case_done:
                self.on_case_done()
            return
        for task in case.ready_tasks():
            if task.id not in state.working:
                state.working.add(task.id)
                state.occurrences[task.name] = state.occurrences.get(task.name, -1) + 1
                self.env.process(self._work(case, person, state, task, state.occurrences[task.name]))
        waiting = case.waiting_messages()
        state.messages &= waiting  # a message no longer awaited is considered afresh when awaited again
        for name in waiting - state.messages:
            state.messages.add(name)
            state.sent[name] = state.sent.get(name, -1) + 1
            delay = self.sampler.sends(person, name, state.sent[name])
            if delay is not None:
                self.env.process(self._message(case, person, state, name, delay))
        due = case.next_timer()
        if due is not None and due != state.timer:
            state.timer = due
            self.env.process(self._wake(case, person, state, due))

    def _work(self, case: CaseRun, person: Person, state: "_CaseState", task: ReadyTask,
              occurrence: int) -> Generator[simpy.Event, Any, None]:
        duration = self.scenario.duration(task.name).sample(person.rng(f"duration:{task.name}:{occurrence}"))
        pool = self.result.pools.get(task.lane)
        if pool is None:
            yield self.env.timeout(duration)
        elif pool.capacity == 0:
            pool.never_served += 1  # no one to do the work: the task waits for ever and the KPIs show it
            pool.queue_peak = max(pool.queue_peak, pool.never_served)
            return
        else:
            with pool.resource.request() as claim:
                pool.queue_peak = max(pool.queue_peak, len(pool.resource.queue))  # 0 when served at once
                yield claim
                self._sync()
                if not case.is_ready(task.id):
                    return  # a deadline or another branch ended it while it queued
                yield self.env.timeout(duration)
                pool.busy_days += duration
                pool.served += 1
        self._sync()
        if case.completed or not case.is_ready(task.id):
            return
        data = self.sampler.task_data(person, task.name, self._today(), occurrence, task.form_key)
        case.complete(task, data)
        self._react(case, person, state)

    def _message(self, case: CaseRun, person: Person, state: "_CaseState", name: str,
                 delay: float) -> Generator[simpy.Event, Any, None]:
        yield self.env.timeout(delay)
        self._sync()
        if case.completed:
            return
        if case.deliver(name, self.sampler.message_payload(person, name, self._today())):
            self._react(case, person, state)

    def _wake(self, case: CaseRun, person: Person, state: "_CaseState", due: dt.datetime) -> Generator[simpy.Event, Any, None]:
        wait = (due + WAKE_AFTER - self.clock.now()).total_seconds() / 86400
        yield self.env.timeout(max(wait, 0.0))
        self._sync()
        if case.completed or state.timer != due:
            return
        state.timer = None
        case.fire_due()
        self._react(case, person, state)


@dataclass
class _CaseState:
    working: set[str] = field(default_factory=set)
    messages: set[str] = field(default_factory=set)
    occurrences: dict[str, int] = field(default_factory=dict)
    sent: dict[str, int] = field(default_factory=dict)
    timer: dt.datetime | None = None
