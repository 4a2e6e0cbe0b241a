"""Shelter places by type (COSM, the categorical shelter; OMM, for multiple problems; regular; youth):
who holds a place, refusals when a type is full, and the nights used (for occupancy and cost).

A type the scenario does not list has no limit and no cost. A person holds at most one place: a second
placement moves them (the first place is given back). A place is held for the sampled stay or until the
case ends, whichever comes first.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ShelterType:
    places: int
    cost_per_night: float = 0.0
    occupied: int = 0
    refusals: int = 0
    admissions: int = 0
    nights: float = 0.0


@dataclass
class Shelters:
    types: dict[str, ShelterType] = field(default_factory=dict)
    holders: dict[int, tuple[str, float]] = field(default_factory=dict)  # person -> (type, day admitted)

    def admit(self, person: int, kind: str, day: float) -> bool:
        """Take a place of `kind` for `person` from `day`; False (a refusal, counted) when none is free."""
        shelter = self.types.get(kind)
        if shelter is None:
            return True
        held = self.holders.get(person)
        if held is not None and held[0] == kind:
            return True
        if shelter.occupied >= shelter.places:
            shelter.refusals += 1
            return False
        self.release(person, day)
        shelter.occupied += 1
        shelter.admissions += 1
        self.holders[person] = (kind, day)
        return True

    def release(self, person: int, day: float) -> None:
        held = self.holders.pop(person, None)
        if held is None:
            return
        shelter = self.types[held[0]]
        shelter.occupied -= 1
        shelter.nights += max(day - held[1], 0.0)

    def close(self, day: float) -> None:
        """Count the nights of the places still held at the end of the run."""
        for kind, since in self.holders.values():
            self.types[kind].nights += max(day - since, 0.0)

    def holds(self, person: int) -> float | None:
        """The day the person's current place began, if they hold one."""
        held = self.holders.get(person)
        return held[1] if held else None
