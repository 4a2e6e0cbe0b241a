"""Synthetic people: arrival moments (a Poisson process) and the attributes each case starts with.

Each person is drawn from a stream of their own (scenario seed, replication, arrival number), so the
same person, with the same answers at every decision, meets every variant: common random numbers make
the difference between variants a difference of procedure, not of luck.
"""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from engine.simulation.scenario import Scenario

DAYS_PER_YEAR = 365.25


@dataclass(frozen=True)
class Person:
    number: int
    arrival_day: float
    age_group: str
    residence_status: str
    exploitation_form: str
    signal_source: str
    suspect: bool
    reports: bool
    consents: bool
    seed: str

    @property
    def minor(self) -> bool:
        return self.age_group == "minor"

    def attributes(self) -> dict[str, object]:
        """What a decision table may ask about the person (schema.PERSON_ATTRIBUTES)."""
        return {"age_group": self.age_group, "residence_status": self.residence_status,
                "exploitation_form": self.exploitation_form, "signal_source": self.signal_source,
                "suspect": self.suspect, "reports": self.reports, "consents": self.consents}

    def rng(self, purpose: str) -> random.Random:
        """A stream for one purpose (decisions, durations, data), independent of the others."""
        return random.Random(f"{self.seed}:{purpose}")


def _pick(rng: random.Random, shares: dict[str, float]) -> str:
    roll, total = rng.random(), 0.0
    for name, share in shares.items():
        total += share
        if roll < total:
            return name
    return next(reversed(shares))


def arrivals(scenario: Scenario, replication: int) -> list[Person]:
    """A Poisson process; with seasonality a non-homogeneous one, drawn by thinning (Lewis & Shedler):
    candidates at the busiest month's rate, each kept with the share its own month has of that rate."""
    stream = random.Random(f"{scenario.seed}:{replication}:arrivals")
    people: list[Person] = []
    day = 0.0
    season = scenario.seasonality
    peak = max(season) if season else 1.0
    rate_per_day = scenario.rate_per_year / DAYS_PER_YEAR * peak
    while rate_per_day > 0:
        day += stream.expovariate(rate_per_day)
        if day >= scenario.arrival_days:
            break
        if season and stream.random() * peak >= season[(scenario.start + dt.timedelta(days=day)).month - 1]:
            continue
        seed = f"{scenario.seed}:{replication}:{len(people)}"
        rng = random.Random(f"{seed}:attributes")
        people.append(Person(
            number=len(people) + 1, arrival_day=day, age_group=_pick(rng, scenario.mix["age_group"]),
            residence_status=_pick(rng, scenario.mix["residence_status"]),
            exploitation_form=_pick(rng, scenario.mix["exploitation_form"]),
            signal_source=_pick(rng, scenario.mix["signal_source"]),
            suspect=rng.random() < scenario.suspect, reports=rng.random() < scenario.reports,
            consents=rng.random() < scenario.consent, seed=seed))
    return people


def birth_date(person: Person, on: dt.date) -> dt.date:
    """A date of birth that makes the person a minor (12-17) or an adult (18-55) on the day of the signal."""
    rng = person.rng("birth")
    years = rng.randint(12, 17) if person.minor else rng.randint(18, 55)
    return on - dt.timedelta(days=int(years * DAYS_PER_YEAR) + rng.randint(30, 330))
