"""Plain task ids for the simulator.

SpiffWorkflow gives every task a random `uuid4` and keeps tasks in dicts keyed by it; every look-up of a
parent, a child or an indexed task hashes a UUID, and `UUID.__hash__` and `__eq__` are Python code. In a
simulated case, about one call in twelve was spent making or hashing task ids.

No task id of a simulated case leaves its process (nothing is saved or sent), so inside
`counted_task_ids()` new tasks get plain integers from a counter of their own: hashed and compared in C,
and the same in every run with the same seed. Outside it the library's uuid4 stays, as it must for a case
that is saved (the serializer writes and reads ids as UUIDs): `engine.runtime.Runtime.dump_state`
refuses a workflow with counted ids.
"""
from __future__ import annotations

import contextlib
import contextvars
import itertools
from typing import Any, Callable, Iterator
from uuid import uuid4

import SpiffWorkflow.task as spiff_task

_SOURCE: contextvars.ContextVar[Callable[[], Any] | None] = contextvars.ContextVar("erkend_task_ids", default=None)


def _task_id() -> Any:
    source = _SOURCE.get()
    return uuid4() if source is None else source()


@contextlib.contextmanager
def counted_task_ids() -> Iterator[None]:
    """Tasks made in this context (this thread) are numbered 1, 2, 3, … instead of given a uuid4."""
    token = _SOURCE.set(itertools.count(1).__next__)
    try:
        yield
    finally:
        _SOURCE.reset(token)


def is_counted(task_id: Any) -> bool:
    return isinstance(task_id, int)


def install() -> None:
    """Task.__init__ of SpiffWorkflow 3.2 calls the module's `uuid4` for a task without an id."""
    spiff_task.uuid4 = _task_id
