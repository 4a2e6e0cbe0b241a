"""Task data inherited from the parent task without re-merging what the task already holds.

Every task takes a copy of its parent's data when the library first updates it, by the same merge into
its empty dict. And SpiffWorkflow updates every waiting task (boundary timers, awaited messages, joins) after each task it
runs, and each update merges the parent's data into the waiting task's (`Task._inherit_data`: the
library's DeepMerge, a Python loop over every key that compares the two values). After the first update
the waiting task holds its parent's data already, so nearly every later merge compares some thirty keys
and changes nothing: a tenth of a simulated case's time.

When every key of the parent's data is in the task's with an equal value (`dict.items() >=`, in C), the
library's merge would skip every key (`if a[key] == b[key]: continue`) and return the task's dict as it
was: it is not called. Otherwise it runs as before. The two tests agree for values equal to themselves
(the items comparison takes an identical object as equal, the merge asks `==`; for a value unequal to
itself, such as a float NaN, the merge would put the very same object, or a copy of it, back). Task data
is JSON-like (the serializer admits nothing else), so no value of it compares unequal to itself but NaN.

Installed for spiffworkflow 3.2.0 only, like engine.runtime_walk; tests/unit/test_task_walk.py and the
simulation's byte-identical outputs (tests/simulation/test_task_index.py) run with it.
"""
from __future__ import annotations

import copy
import datetime as dt
import decimal
import importlib.metadata
from typing import Any

from SpiffWorkflow.task import Task
from SpiffWorkflow.util.deep_merge import DeepMerge

LIBRARY_INHERIT_DATA = Task._inherit_data
_COPIED = (dict, list, set)  # the merge's shallow copies
# Most values are of these types, none of them a dict, list or set: they are passed over before the
# merge's own isinstance test is asked.
_IMMUTABLE = frozenset({str, int, float, bool, type(None), dt.date, dt.datetime, decimal.Decimal})


def _inherit_data(self: Any) -> None:
    """Task._inherit_data of SpiffWorkflow 3.2, without the merge when it would change nothing, and as a
    copy when the task holds no data yet."""
    inherited = self.parent.data
    data = self.data
    if not data:
        # The merge into an empty dict: every key in the parent's order, each dict, list or set a shallow
        # copy, any other value as it is (the first update of a task, most of the merges).
        data.update(inherited)
        for key in [k for k, v in inherited.items() if type(v) not in _IMMUTABLE and isinstance(v, _COPIED)]:
            data[key] = copy.copy(inherited[key])
        return
    if data.items() >= inherited.items():
        return
    self.data = DeepMerge.merge(data, inherited)


def install() -> None:
    if importlib.metadata.version("spiffworkflow") != "3.2.0":
        return
    Task._inherit_data = _inherit_data


def uninstall() -> None:
    Task._inherit_data = LIBRARY_INHERIT_DATA
