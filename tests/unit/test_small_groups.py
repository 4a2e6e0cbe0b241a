"""Small-group suppression tried as an attacker would: knowing the total and every shown cell, enumerate
every assignment of the hidden cells that fits, and see whether any hidden cell is pinned down or proved
small. Hypothesis draws the breakdowns."""
from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from engine.access.small_groups import HIDDEN, MIN_GROUP, suppress

breakdowns = st.dictionaries(st.sampled_from("abcdef"), st.integers(min_value=0, max_value=12), min_size=1,
                             max_size=6)


def _fits(shown: dict[str, int | None], total: int) -> list[dict[str, int]]:
    """Every assignment of the hidden cells (each at least 1) that adds up with the shown cells to the
    total."""
    hidden = [key for key, value in shown.items() if value is HIDDEN]
    rest = total - sum(value for value in shown.values() if value is not HIDDEN)
    return [dict(zip(hidden, values)) for values in itertools.product(range(1, rest + 1), repeat=len(hidden))
            if sum(values) == rest]


@settings(max_examples=400, deadline=None)
@given(breakdowns)
def test_no_hidden_cell_can_be_worked_out_or_proved_small_from_the_total(counts: dict[str, int]) -> None:
    shown, total_hidden = suppress(counts)
    total = sum(counts.values())
    if total_hidden:
        return  # the page shows nothing of these cases: nothing to subtract from
    for key, value in shown.items():
        if value is not HIDDEN:
            assert value == counts[key] and value >= MIN_GROUP
    possible = _fits(shown, total)
    assert {key: counts[key] for key in shown if shown[key] is HIDDEN} in possible  # the truth fits
    for key in (k for k, v in shown.items() if v is HIDDEN):
        values = {assignment[key] for assignment in possible}
        assert len(values) > 1, f"{key} is pinned down to {values} by {shown} and total {total}"
        assert max(values) >= MIN_GROUP, f"{key} is proved smaller than {MIN_GROUP}"


@given(breakdowns)
def test_every_small_cell_is_hidden_and_no_category_appears_without_cases(counts: dict[str, int]) -> None:
    shown, _total_hidden = suppress(counts)
    assert set(shown) == {key for key, value in counts.items() if value > 0}
    for key, value in counts.items():
        if 0 < value < MIN_GROUP:
            assert shown[key] is HIDDEN


def test_the_total_minus_one_hidden_cell_no_longer_gives_it_back() -> None:
    """The defect found: 10 cases, 9 in one procedure and 1 in another; the total minus 9 gave the 1 back."""
    shown, total_hidden = suppress({"procedure": 9, "reference_case": 1})
    assert shown == {"procedure": HIDDEN, "reference_case": HIDDEN} and not total_hidden
    shown, total_hidden = suppress({"a": 1, "b": 1})
    assert total_hidden, "two cases in two groups of one: no way to show anything"
    shown, total_hidden = suppress({"a": 9, "b": 1, "c": 4})
    assert not total_hidden and shown == {"a": 9, "b": HIDDEN, "c": HIDDEN}


def test_without_a_known_total_only_small_cells_are_hidden() -> None:
    shown, total_hidden = suppress({"positive": 5, "negative": 1}, total_known=False)
    assert shown == {"negative": HIDDEN, "positive": 5} and not total_hidden
