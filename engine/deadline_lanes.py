"""Whose deadline a timer is: the lane its timer event is drawn in. A lane is a role (BPMN stays
declarative: lanes are roles), so the IND's decision terms are the timers in the IND's lane, the
panel's reply terms those in the panel's, whatever procedure they belong to."""

from __future__ import annotations

from typing import Any, Iterable

from engine.runtime import is_timer_definition


def timer_lanes(specs: Iterable[Any]) -> dict[tuple[str, str], str]:
    """(process id, timer name) -> lane, over the top process spec and its called sub-process specs.
    A timer row stores its procedure and the event's name; the name is unique within a model."""
    out: dict[tuple[str, str], str] = {}
    for spec in specs:
        for task_spec in spec.task_specs.values():
            definition = getattr(task_spec, "event_definition", None)
            name = getattr(task_spec, "bpmn_name", None)
            lane = getattr(task_spec, "lane", None)
            if is_timer_definition(definition) and name and lane:
                out[(spec.name, name)] = lane
    return out


def deadlines_of_lane(deadlines: Iterable[dict[str, Any]], lanes: dict[tuple[str, str], str],
                      lane: str) -> list[dict[str, Any]]:
    """The running deadlines (engine rows with `process_id` and `name`) drawn in one role's lane."""
    return [d for d in deadlines if lanes.get((d.get("process_id") or "", d["name"])) == lane]
