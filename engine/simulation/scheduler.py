"""The discrete-event side: arrivals, limited resources and waiting, on SimPy's event queue.

Simulated time is days since the scenario's start; before a case is touched the shared virtual clock is
set to that moment, so the models' deadlines (working days, holidays, month ends) count exactly as in
production. Each ready user task becomes a SimPy process that queues for its lane's resource (panel,
IND, police, coordinator) and holds it for its sampled work time; each awaited message the person will
send arrives after its delay; each armed timer wakes the case just after it is due.

A lane with a calendar works only in its hours on its days (no work on Dutch public holidays): a task's
sampled work, in working days, ends later in calendar time. A placement takes a shelter place of the
sampled type, or is refused when that type is full (the sampled answer becomes 'no place'). Every week
the queue of each lane and the occupancy of each shelter type are recorded, for the charts.

Nothing grows with the number of finished cases but the people and a few numbers per case: a finished
case's workflow is let go at once, and with `keep_events=False` the events go straight into the KPI
tally instead of a list.
"""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any, Callable, Generator
from zoneinfo import ZoneInfo

import simpy

from engine.clock import VirtualClock
from engine.ports import FormRegistry
from engine.runtime_ids import counted_task_ids
from engine.simulation.calendars import Calendar
from engine.simulation.form_memo import RememberedForms
from engine.simulation.population import Person
from engine.simulation.runner import CaseRun, Event, EventLog, Models, ReadyTask
from engine.simulation.sampler import Sampler
from engine.simulation.scenario import Scenario
from engine.simulation.shelters import Shelters, ShelterType

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
DAY = dt.timedelta(days=1)
WAKE_AFTER = dt.timedelta(seconds=2)  # timers fire strictly after their due moment
SAMPLE_EVERY_DAYS = 7.0  # the time series' step: one point a week
PLACEMENT_TASKS = ("placement", "placement_final")


@dataclass
class Pool:
    resource: simpy.Resource
    capacity: int
    calendar: Calendar | None = None
    per_task: int = 1
    cost_per_hour: float = 0.0
    busy_days: float = 0.0  # working days of work done (a panel sitting counts once)
    served: int = 0
    queue_peak: int = 0
    never_served: int = 0
    backlog_task: str = ""  # a lane with a backlog queues by priority: its other tasks go first

    def queued(self) -> int:
        return self.never_served if self.capacity == 0 else len(self.resource.queue)


@dataclass
class Replication:
    """Everything one replication of one variant produced: the event log and resource use."""

    variant: str
    replication: int
    horizon_days: float
    people: list[Person]
    events: EventLog = field(default_factory=lambda: list[Event]())
    pools: dict[str, Pool] = field(default_factory=dict)
    validated_forms: set[str] = field(default_factory=set)
    running_at_end: int = 0
    open_peak: int = 0  # most cases running at once: what the memory of a run grows with
    start: dt.date = dt.date(2026, 1, 5)
    shelters: Shelters = field(default_factory=Shelters)
    # Weekly points: queue_<lane> (tasks waiting) and occupancy_<type> (places held).
    series: dict[str, list[float]] = field(default_factory=dict)


class Simulation:
    def __init__(self, scenario: Scenario, models: Models, forms: FormRegistry, people: list[Person],
                 replication: int, sampler: Sampler | None = None,
                 on_case_done: Callable[[], None] | None = None, log: EventLog | None = None) -> None:
        self.scenario, self.models = scenario, models
        # every distinct sampled answer is checked by the real form once a day (see form_memo)
        self.forms = forms if isinstance(forms, RememberedForms) else RememberedForms(forms)
        self.sampler = sampler or Sampler(scenario)
        self.env = simpy.Environment()
        self.origin = dt.datetime.combine(scenario.start, dt.time(9, 0), tzinfo=AMSTERDAM).astimezone(dt.timezone.utc)
        self.clock = VirtualClock(self.origin)
        horizon = scenario.arrival_days + scenario.follow_up_days
        self.result = Replication(models.variant, replication, horizon, people, start=scenario.start)
        if log is not None:
            self.result.events = log
        self.result.pools = {lane: self._pool(lane, cap) for lane, cap in scenario.capacities.items()}
        self.result.shelters = Shelters({kind: ShelterType(spec.places, spec.cost_per_night)
                                         for kind, spec in scenario.shelter.items()})
        self.on_case_done = on_case_done
        self.trace: list[tuple[int, dt.datetime, str, str, dict[str, Any]]] | None = None  # see runner.CaseRun
        self._open: dict[int, CaseRun] = {}

    def _pool(self, lane: str, capacity: int) -> Pool:
        resource = self.scenario.resources.get(lane)
        backlog = resource is not None and resource.backlog > 0
        kind = simpy.PriorityResource if backlog else simpy.Resource
        pool = Pool(kind(self.env, capacity=max(capacity, 1)), capacity)
        if resource is not None:
            pool.calendar, pool.per_task, pool.cost_per_hour = resource.calendar, resource.per_task, resource.cost_per_hour
            if backlog:
                pool.backlog_task = resource.backlog_task
        return pool

    def _claim(self, pool: Pool, task: str) -> Any:
        """A place in the lane's queue; behind a lane's backlog only for the task the backlog waits for."""
        if pool.backlog_task and task != pool.backlog_task and isinstance(pool.resource, simpy.PriorityResource):
            return pool.resource.request(priority=-1)
        return pool.resource.request()

    def _backlog(self, lane: str, pool: Pool, number: int) -> Generator[simpy.Event, Any, None]:
        """One case that was already waiting when the simulation began: it holds the lane for the work of
        its task, ahead of the new cases for that task (it queued first)."""
        rng = random.Random(f"{self.scenario.seed}:backlog:{lane}:{self.result.replication}:{number}")
        duration = self.scenario.duration(pool.backlog_task).sample(rng)
        with pool.resource.request() as claim:
            yield claim
            begin = self.env.now
            end = pool.calendar.finish(self.scenario.start, begin, duration) if pool.calendar else begin + duration
            yield self.env.timeout(end - begin)
            pool.busy_days += duration

    def run(self) -> Replication:
        for lane, pool in self.result.pools.items():
            resource = self.scenario.resources.get(lane)
            if pool.backlog_task and resource is not None and pool.capacity > 0:
                for number in range(resource.backlog):
                    self.env.process(self._backlog(lane, pool, number))
        for person in self.result.people:
            self.env.process(self._case(person))
        self.env.process(self._sample())
        with counted_task_ids():  # no task id of a simulated case leaves the process: plain ints hash faster
            self.env.run(until=self.result.horizon_days)
        self.result.running_at_end = len(self._open)
        self.result.shelters.close(self.result.horizon_days)
        return self.result

    def _sample(self) -> Generator[simpy.Event, Any, None]:
        series = self.result.series
        while True:
            for lane, pool in self.result.pools.items():
                series.setdefault(f"queue_{lane}", []).append(float(pool.queued()))
            for kind, shelter in self.result.shelters.types.items():
                series.setdefault(f"occupancy_{kind}", []).append(float(shelter.occupied))
            yield self.env.timeout(SAMPLE_EVERY_DAYS)

    def _sync(self) -> None:
        self.clock.set(self.origin + self.env.now * DAY)

    def _today(self) -> dt.date:
        return self.clock.now().astimezone(AMSTERDAM).date()

    def _case(self, person: Person) -> Generator[simpy.Event, Any, None]:
        yield self.env.timeout(person.arrival_day)
        self._sync()
        case = CaseRun(self.models, person.number, self.clock, self.forms, self.result.events, self.trace)
        case.start()
        self._open[person.number] = case
        self.result.open_peak = max(self.result.open_peak, len(self._open))
        self._react(case, person, _CaseState())

    def _react(self, case: CaseRun, person: Person, state: "_CaseState") -> None:
        """After every change: start work on new tasks, schedule awaited messages and the next timer."""
        self.result.validated_forms |= case.validated
        if case.completed:
            self._open.pop(person.number, None)
            self.result.shelters.release(person.number, self.env.now)
            case.release()
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
            with self._claim(pool, task.name) as claim:
                pool.queue_peak = max(pool.queue_peak, len(pool.resource.queue))  # 0 when served at once
                yield claim
                self._sync()
                if case.completed or not case.is_ready(task.id):
                    return  # a deadline or another branch ended it while it queued
                begin = self.env.now
                end = pool.calendar.finish(self.scenario.start, begin, duration) if pool.calendar else begin + duration
                yield self.env.timeout(end - begin)
                pool.busy_days += duration
                pool.served += 1
        self._sync()
        if case.completed or not case.is_ready(task.id):
            return
        data = self.sampler.task_data(person, task.name, self._today(), occurrence, task.form_key)
        if task.name in PLACEMENT_TASKS and data.get("placement_outcome") == "placed":
            data = self._place(person, task.name, data, occurrence)
        case.complete(task, data)
        self._react(case, person, state)

    def _place(self, person: Person, task: str, data: dict[str, Any], occurrence: int) -> dict[str, Any]:
        kind = str(data.get("shelter_type"))
        if not self.result.shelters.admit(person.number, kind, self.env.now):
            return self.sampler.refused_placement(task, data)
        spec = self.scenario.shelter.get(kind)
        if spec is not None and spec.stay is not None:
            stay = spec.stay.sample(person.rng(f"stay:{task}:{occurrence}"))
            self.env.process(self._leave(person, self.env.now, stay))
        return data

    def _leave(self, person: Person, admitted: float, stay: float) -> Generator[simpy.Event, Any, None]:
        yield self.env.timeout(stay)
        if self.result.shelters.holds(person.number) == admitted:
            self.result.shelters.release(person.number, self.env.now)

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
