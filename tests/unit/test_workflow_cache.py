"""The kept workflows (engine.workflow_cache): handed out once, only for the exact row they were saved as."""
from __future__ import annotations

import pytest

from engine.workflow_cache import CaseRow, WorkflowCache

ROW = CaseRow(7, 3, '{"tasks":{}}', "reference_case", "v1", {"termijn": 36})


def _dump(workflow: object) -> str:
    return str(workflow)


def test_a_kept_workflow_is_handed_out_once_for_its_own_row() -> None:
    cache = WorkflowCache(size=4, verify=False)
    workflow = object()
    cache.keep(ROW, workflow)
    assert cache.take(ROW, _dump) is workflow
    assert cache.take(ROW, _dump) is None  # taken out: no second step shares it
    assert (cache.hits, cache.misses) == (1, 1)


@pytest.mark.parametrize("changed", [
    {"row_version": 4},  # another step committed since
    {"state": '{"tasks":{"a":1}}'},  # same version, other state (a restore underneath)
    {"process_id": "other"},
    {"model_version": "v2"},  # migrated to other models
    {"legal_values": {"termijn": 48}},
])
def test_a_row_that_differs_in_anything_gets_no_workflow(changed: dict[str, object]) -> None:
    cache = WorkflowCache(size=4, verify=False)
    cache.keep(ROW, object())
    assert cache.take(ROW._replace(**changed), _dump) is None
    assert cache.take(ROW, _dump) is None  # the stale entry is gone, not kept for later
    assert len(cache) == 0


def test_the_case_stepped_longest_ago_goes_first() -> None:
    cache = WorkflowCache(size=2, verify=False)
    rows = [ROW._replace(case_id=i) for i in range(3)]
    kept = [object() for _ in rows]
    for row, workflow in zip(rows, kept):
        cache.keep(row, workflow)
    assert cache.take(rows[0], _dump) is None
    assert cache.take(rows[1], _dump) is kept[1] and cache.take(rows[2], _dump) is kept[2]


def test_keeping_again_replaces_the_case_entry() -> None:
    cache = WorkflowCache(size=2, verify=False)
    first, second = object(), object()
    cache.keep(ROW, first)
    cache.keep(ROW._replace(row_version=4), second)
    assert len(cache) == 1
    assert cache.take(ROW._replace(row_version=4), _dump) is second


def test_size_zero_keeps_nothing() -> None:
    cache = WorkflowCache(size=0, verify=False)
    cache.keep(ROW, object())
    assert cache.take(ROW, _dump) is None and len(cache) == 0


def test_verify_refuses_a_workflow_changed_after_it_was_saved() -> None:
    cache = WorkflowCache(size=2, verify=True)
    cache.keep(ROW, ROW.state)  # "dumps" (str) to exactly the saved state
    assert cache.take(ROW, _dump) == ROW.state
    cache.keep(ROW, '{"tasks":{"changed":1}}')
    with pytest.raises(AssertionError, match="changed after it was saved"):
        cache.take(ROW, _dump)
