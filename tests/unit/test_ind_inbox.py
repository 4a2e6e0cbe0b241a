"""The IND inbox's assembly: a letter belongs to the last decision taken before it; the IND's deadlines
are the timers drawn in the IND's lane of the models."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from engine.deadline_lanes import deadlines_of_lane, timer_lanes
from engine.ind_inbox import letters_of_decisions
from engine.specs import SpecLibrary

UTC = dt.timezone.utc


def _at(day: int) -> dt.datetime:
    return dt.datetime(2026, 3, day, 9, tzinfo=UTC)


def test_a_letter_belongs_to_the_last_decision_before_it() -> None:
    first, second = SimpleNamespace(issued_at=_at(2)), SimpleNamespace(issued_at=_at(6))
    before_any = SimpleNamespace(issued_at=_at(1))
    assert letters_of_decisions([_at(5), _at(2)], [second, first, before_any]) == [[second], [first]]


def test_the_inds_deadlines_are_the_timers_in_its_lane() -> None:
    top, subs = SpecLibrary().current().spec("procedure")
    lanes = timer_lanes([top, *subs.values()])
    assert lanes[("residence", "24 uur verstreken")] == "ind"
    assert lanes[("shelter_placement", "36 uur verstreken")] == "coordinator"
    running = [{"process_id": "residence", "name": "24 uur verstreken"},
               {"process_id": "shelter_placement", "name": "36 uur verstreken"}]
    assert deadlines_of_lane(running, lanes, "ind") == running[:1]
