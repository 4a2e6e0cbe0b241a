"""engine.runtime_data inherits a parent's task data exactly as SpiffWorkflow's merge does: the same keys in
the same order, the same values, the same objects where the merge keeps them and fresh copies where it
copies, into the task's own dict."""
from __future__ import annotations

import copy
import datetime as dt
import decimal
from types import SimpleNamespace
from typing import Any

import pytest

from engine import runtime_data

PARENT: dict[str, Any] = {
    "case_reference": "SIM-000001", "outcome": "positive", "count": 3, "share": 0.5, "urgent": True,
    "missing": None, "day": dt.date(2026, 3, 2), "moment": dt.datetime(2026, 3, 2, 9, tzinfo=dt.timezone.utc),
    "amount": decimal.Decimal("12.50"), "members": [{"name": "A", "role": "chair"}], "facts": {"x": {"y": 1}},
    "codes": {"a", "b"}, "pair": ("a", 1),
}
CHILDREN = {
    "empty": {},
    "the same": copy.deepcopy(PARENT),
    "a part": {"outcome": "positive", "count": 3},
    "one value other": {**copy.deepcopy(PARENT), "outcome": "negative"},
    "its own keys first": {"own": 1, "outcome": "negative", "members": [{"name": "B"}]},
    "a nested difference": {**copy.deepcopy(PARENT), "facts": {"x": {"y": 2}, "z": 3}},
}


def _task(data: dict[str, Any], parent: dict[str, Any]) -> Any:
    return SimpleNamespace(data=data, parent=SimpleNamespace(data=parent))


@pytest.mark.parametrize("child", sorted(CHILDREN))
def test_inherited_data_is_the_librarys(child: str) -> None:
    ours, theirs = _task(copy.deepcopy(CHILDREN[child]), PARENT), _task(copy.deepcopy(CHILDREN[child]), PARENT)
    own_dict = ours.data
    runtime_data._inherit_data(ours)
    runtime_data.LIBRARY_INHERIT_DATA(theirs)
    assert ours.data is own_dict  # merged into the task's own dict, as the library does
    assert list(ours.data.items()) == list(theirs.data.items())
    for key, value in ours.data.items():
        shared = value is PARENT.get(key)
        assert shared == (theirs.data[key] is PARENT.get(key)), key  # copied where the library copies
