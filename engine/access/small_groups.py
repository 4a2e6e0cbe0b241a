"""Small-group suppression for the policy figures that survives subtraction.

Hiding each count below 3 is not enough when the total is shown: with one hidden cell, the total minus the
shown cells gives it back; with two hidden cells of 1 each, their sum (2) gives both back. So a breakdown
hides more than its small cells:

- primary: every count from 1 to MIN_GROUP - 1 is hidden;
- secondary: while the hidden cells could be worked out from the total (fewer than two of them, or their
  sum too small to leave doubt), the smallest shown cell is hidden too;
- when even hiding every cell leaves doubt too small, the total must be hidden as well, and with it every
  breakdown of the same cases (their shown cells would add up to it).

A hidden cell is shown as hidden, without a bound ("<3" would tell a secondary cell's size away). The rule
that makes a hidden cell safe, for a reader who knows the total and every shown cell: each hidden cell is at
least 1 (a category without cases is not listed), so with k hidden cells summing to S a cell lies in
[1, S - (k - 1)]. It is known exactly when that range is one value, and known to be small when its top is
below MIN_GROUP; both are ruled out by S >= k - 1 + MIN_GROUP and k >= 2.
tests/unit/test_small_groups.py tries every subtraction on random breakdowns.
"""
from __future__ import annotations

from typing import Mapping

MIN_GROUP = 3
HIDDEN = None  # how a hidden figure is returned; pages show it in words


def _safe(hidden: Mapping[str, int]) -> bool:
    k, total = len(hidden), sum(hidden.values())
    return k == 0 or (k >= 2 and total >= k - 1 + MIN_GROUP)


def hidden_cells(counts: Mapping[str, int]) -> tuple[set[str], bool]:
    """(the cells to hide, whether the total must be hidden too) for a breakdown whose total is shown."""
    present = {key: value for key, value in counts.items() if value > 0}
    hidden = {key: value for key, value in present.items() if value < MIN_GROUP}
    shown = sorted((value, key) for key, value in present.items() if key not in hidden)
    while not _safe(hidden) and shown:
        value, key = shown.pop(0)
        hidden[key] = value
    return set(hidden), not _safe(hidden)


def suppress(counts: Mapping[str, int], total_known: bool = True) -> tuple[dict[str, int | None], bool]:
    """The breakdown with its hidden cells as HIDDEN, and whether its total must be hidden too (then the
    caller shows nothing of this population: with a handful of cases every figure singles someone out).
    `total_known=False` for a breakdown whose total the reader cannot know: only small cells are hidden."""
    present = {str(key): value for key, value in counts.items() if value > 0}
    if total_known:
        hidden, total_hidden = hidden_cells(present)
    else:
        hidden, total_hidden = {key for key, value in present.items() if value < MIN_GROUP}, False
    return {key: (HIDDEN if key in hidden else value) for key, value in sorted(present.items())}, total_hidden
