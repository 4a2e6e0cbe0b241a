"""The workflows of the cases this process stepped last, kept after their step committed, so that the
next step of the same case can go on with the object instead of deserializing the state it just saved.

A kept workflow is handed out only for the exact state it was saved as: the case row must carry the
same version, the same state text, the same process and model version and the same legal values as when the step
that kept it committed. Deserializing those bytes would give the same workflow; anything else (another
process stepped the case, a restore, a migration) finds no match and the caller deserializes as
before. An entry is taken out when it is handed out, so no two steps ever share a workflow, and a step
that fails keeps nothing: only a committed step puts its workflow back.

The workflow must not change between its save and the next step. `verify` (on in the test suite)
checks that on every hit by saving the kept workflow again and comparing it with the stored state.
"""
from __future__ import annotations

import os
import threading
from collections import OrderedDict
from typing import Any, Callable, NamedTuple

DEFAULT_SIZE = 64  # workflows; a long-running case's is a few hundred kilobytes
SIZE_VARIABLE = "ERKEND_WORKFLOW_CACHE"  # 0 turns the cache off
VERIFY_VARIABLE = "ERKEND_VERIFY_WORKFLOW_CACHE"  # 1: every hit is checked against the stored state


class CaseRow(NamedTuple):
    """What a kept workflow must match: the case row as the step saved it and the next step read it."""

    case_id: int
    row_version: int
    state: str
    process_id: str
    model_version: str
    legal_values: Any


class _Kept(NamedTuple):
    row: CaseRow
    workflow: Any


class WorkflowCache:
    def __init__(self, size: int | None = None, verify: bool | None = None) -> None:
        self.size = size if size is not None else int(os.environ.get(SIZE_VARIABLE, DEFAULT_SIZE))
        self.verify = verify if verify is not None else os.environ.get(VERIFY_VARIABLE) == "1"
        self._kept: OrderedDict[int, _Kept] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def take(self, row: CaseRow, dump: Callable[[Any], str]) -> Any | None:
        """The workflow kept for exactly this row, taken out of the cache; None: deserialize it.
        `dump` saves a workflow (used only to verify a hit)."""
        if self.size <= 0:
            return None
        with self._lock:
            kept = self._kept.pop(row.case_id, None)
            if kept is None or kept.row != row:
                self.misses += 1
                return None
            self.hits += 1
        if self.verify and dump(kept.workflow) != row.state:
            raise AssertionError(f"the kept workflow of case {row.case_id} changed after it was saved")
        return kept.workflow

    def keep(self, row: CaseRow, workflow: Any) -> None:
        """After the step that saved `workflow` as `row` committed: keep it for the case's next step."""
        if self.size <= 0:
            return
        with self._lock:
            self._kept.pop(row.case_id, None)
            self._kept[row.case_id] = _Kept(row, workflow)
            while len(self._kept) > self.size:
                self._kept.popitem(last=False)  # the case stepped longest ago

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()

    def __len__(self) -> int:
        return len(self._kept)
