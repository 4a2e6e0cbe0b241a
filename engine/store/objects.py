"""ORM objects made from values erkend already holds, without the constructor's attribute events.

The declarative constructor sets each attribute through its instrumentation (history, change flags):
about 15 µs for a case row and 10 µs for an event, on every step. A row read by erkend's own statement
(engine.store.case_read) and an event a step appends are made here with their values in place, as the
ORM's own loader makes a row it reads. From then on they are ordinary objects: a change to one is
tracked, and `Session.add` attaches either.
"""
from __future__ import annotations

from typing import Any, Mapping, TypeVar

from sqlalchemy.orm import class_mapper, make_transient_to_detached
from sqlalchemy.orm.attributes import instance_state

T = TypeVar("T")
_MANAGERS: dict[type, Any] = {}  # class -> its class manager, once its mappers are configured


def as_read(cls: type[T], values: Mapping[str, Any]) -> T:
    """An object of a row as read (its primary key among `values`): once added to a session it is
    persistent, with `values` as its committed state and nothing to write."""
    obj = new_object(cls, values)
    make_transient_to_detached(obj)
    return obj


def new_object(cls: type[T], values: Mapping[str, Any]) -> T:
    """A new object holding `values`, as `cls(**values)` makes it: added to a session, it is inserted."""
    manager = _MANAGERS.get(cls)
    if manager is None:
        # The constructor configures the mappers on first use; an object made without it must see
        # them configured too (`class_mapper` does, once), or its attributes have no implementation yet.
        manager = _MANAGERS[cls] = class_mapper(cls).class_manager
    obj: T = manager.new_instance()
    instance_state(obj).dict.update(values)
    return obj
