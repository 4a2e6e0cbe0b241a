"""Small-group suppression tried as a reader of the policy page would: ask for every view a reader can
request (all time, every year, every quarter; all variants and each one) over a random small set of cases,
then

- add and subtract the published figures in every way (every integer combination, so every difference
  of two figures, of a total and the sum of other figures, of one view and another), and look for a
  combination that counts a group of 1 .. MIN_GROUP - 1 cases; and
- use what a hidden figure tells ("not empty") together with every published figure, and look for a group
  that is then proved to hold 1 .. MIN_GROUP - 1 cases (an integer program: the largest the group can be).

Hypothesis draws the cases; the figures come from engine.queries.aggregates.view_figures, the page's own."""
from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import Bounds, LinearConstraint, milp

from engine.access.small_groups import HIDDEN, MIN_GROUP, Cells, safe
from engine.queries.aggregates import CaseFact, DecisionFact, Period, outcome_figures, view_figures

QUARTERS = [(2025, 4), (2026, 1), (2026, 2)]
VARIANTS = ["a", "b"]
PROCESSES = ["p", "q"]
STATUSES = [("running", False), ("running", True), ("completed", False)]
OUTCOMES = ["positive", "negative"]
PERIODS = [Period()] + [Period(y) for y in (2025, 2026)] + [Period(y, q) for y in (2025, 2026) for q in range(1, 5)]
VIEWS = list(itertools.product(PERIODS, [None, *VARIANTS]))

case_sets = st.lists(st.tuples(st.sampled_from(QUARTERS), st.sampled_from(VARIANTS), st.sampled_from(PROCESSES),
                               st.sampled_from(STATUSES)), max_size=10)
decision_sets = st.lists(st.tuples(st.sampled_from(QUARTERS), st.sampled_from(VARIANTS), st.sampled_from(OUTCOMES)),
                         max_size=8)


def _cases(drawn: list[Any]) -> list[CaseFact]:
    return [CaseFact(y, q, v, p, s, long) for (y, q), v, p, (s, long) in drawn]


def _in_view(period: Period, variant: str | None, year: int, quarter: int, v: str) -> bool:
    return period.holds(year, quarter) and variant in (None, v)


def _case_figures(cases: list[CaseFact]) -> Iterator[tuple[str, Any, int | None]]:
    """Every case figure any view shows: (name, the predicate on a case, the shown value or HIDDEN). A
    category a view does not list is shown as 0."""
    for period, variant in VIEWS:
        shown = view_figures(cases, [], period, variant)
        def view(c: CaseFact, period: Period = period, variant: str | None = variant) -> bool:
            return _in_view(period, variant, c.year, c.quarter, c.variant)
        name = f"{period or 'all'}/{variant or 'all'}"
        yield f"{name} total", view, shown["cases_total"]
        if shown["too_few"]:
            continue
        yield f"{name} longer than 90 days", lambda c, view=view: view(c) and c.long_open, \
            shown["open_longer_than_90_days"]
        for key, field, values in (("by_process", "process", PROCESSES), ("by_variant", "variant", VARIANTS),
                                   ("by_status", "status", ["running", "completed"])):
            for value in values:
                yield (f"{name} {field}={value}", lambda c, view=view, f=field, x=value: view(c) and getattr(c, f) == x,
                       shown[key].get(value, 0))


def _decision_figures(decisions: list[DecisionFact]) -> Iterator[tuple[str, Any, int | None]]:
    for period, variant in VIEWS:
        shown = outcome_figures(decisions, period, variant)
        for outcome in OUTCOMES:
            yield (f"{period or 'all'}/{variant or 'all'} outcome={outcome}",
                   lambda d, p=period, v=variant, o=outcome: _in_view(p, v, d.year, d.quarter, d.variant)
                   and d.outcome == o, shown.get(outcome, 0))


def _recoverable_small_groups(items: list[Any], figures: list[tuple[str, Any, int | None]]) -> list[str]:
    """Every group of 1 .. MIN_GROUP - 1 of `items` whose size some integer combination of the published
    figures gives: its indicator lies in the span of the published figures' indicators."""
    published = [(name, pred, value) for name, pred, value in figures if value is not HIDDEN]
    for name, pred, value in published:
        assert value == sum(1 for item in items if pred(item)), f"{name} shows {value}, not the truth"
    if not items or not published:
        return []
    rows = np.array([[1.0 if pred(item) else 0.0 for item in items] for _n, pred, _v in published])
    _u, sigma, vt = np.linalg.svd(rows, full_matrices=False)
    basis = vt[sigma > 1e-9]
    groups = np.array(list(itertools.product((0.0, 1.0), repeat=len(items))))
    residual = groups - (groups @ basis.T) @ basis
    spanned = np.abs(residual).max(axis=1) < 1e-6
    sizes = groups.sum(axis=1)
    return [f"group {np.flatnonzero(g).tolist()} of {int(s)}" for g, s, ok in zip(groups, sizes, spanned, strict=True)
            if ok and 1 <= s < MIN_GROUP]


def _worlds(atoms: list[Any], figures: list[tuple[str, Any, int | None]]) -> LinearConstraint:
    """The worlds of atom counts a reader cannot tell from the truth: the same published figures, and every
    hidden figure not empty (a figure with no cases is shown as 0, so a hidden one has some)."""
    rows = np.array([[1.0 if pred(a) else 0.0 for a in atoms] for _name, pred, _value in figures])
    lower = np.array([1.0 if value is HIDDEN else value for _name, _pred, value in figures])
    upper = np.array([np.inf if value is HIDDEN else value for _name, _pred, value in figures])
    return LinearConstraint(rows, lower, upper)


def _largest(atoms: list[Any], worlds: LinearConstraint, group: Any) -> float:
    """The largest `group` can be in any of the worlds. (A reader does not know how many cases there are:
    a group seen only in hidden figures could be as large as any; 1000 stands for that.)"""
    goal = np.array([-1.0 if group(a) else 0.0 for a in atoms])
    result = milp(goal, integrality=np.ones(len(atoms)), bounds=Bounds(0, 1000), constraints=worlds)
    assert result.success, "the true counts are a world, so one exists"
    return float(-result.fun)


@settings(max_examples=150, deadline=None)
@given(case_sets)
def test_no_sum_or_difference_of_figures_across_views_counts_a_small_group(drawn: list[Any]) -> None:
    cases = _cases(drawn)
    found = _recoverable_small_groups(cases, list(_case_figures(cases)))
    assert not found, f"recoverable from the published figures: {found}"


@settings(max_examples=100, deadline=None)
@given(decision_sets)
def test_no_sum_or_difference_of_outcome_figures_across_views_counts_a_small_group(drawn: list[Any]) -> None:
    decisions = [DecisionFact(y, q, v, o) for (y, q), v, o in drawn]
    found = _recoverable_small_groups(decisions, list(_decision_figures(decisions)))
    assert not found, f"recoverable from the published outcome figures: {found}"


@settings(max_examples=40, deadline=None)
@given(case_sets)
def test_no_group_is_proved_small_by_what_hidden_figures_tell(drawn: list[Any]) -> None:
    """A listed hidden figure is not empty; with every published figure, can a reader prove that some
    atom (one quarter, variant, process and status) or some hidden figure holds 1 .. MIN_GROUP - 1 cases?"""
    cases = _cases(drawn)
    atoms = [CaseFact(y, q, v, p, s, long) for (y, q), v, p, (s, long)
             in itertools.product(QUARTERS, VARIANTS, PROCESSES, STATUSES)]
    figures = list(_case_figures(cases))
    worlds = _worlds(atoms, figures)
    hidden = [(name, pred) for name, pred, value in figures if value is HIDDEN]
    groups = [(f"atom {a}", lambda c, a=a: c == a) for a in atoms if a in cases] + hidden
    seen: set[tuple[bool, ...]] = set()
    for name, group in groups:
        if (key := tuple(group(a) for a in atoms)) in seen:
            continue  # the same cases as a group already tried (many views share a figure)
        seen.add(key)
        largest = _largest(atoms, worlds, group)
        assert largest >= MIN_GROUP, f"{name} is proved to hold at most {largest:.0f} cases"


def test_a_filtered_period_no_longer_gives_back_the_case_outside_it() -> None:
    """The defect left open: 4 cases in all, 3 in January (then: the first quarter) and 1 later. The
    single case was the difference of two views; now the views that would give it are hidden."""
    cases = _cases([((2026, 1), "a", "p", ("running", False))] * 3 + [((2026, 2), "a", "p", ("running", False))])
    every = view_figures(cases, [], Period(), None)
    first = view_figures(cases, [], Period(2026, 1), None)
    second = view_figures(cases, [], Period(2026, 2), None)
    assert every["cases_total"] == 4 and every["by_status"] == {"running": 4}
    assert first["too_few"] and second["too_few"], "each quarter alone would give the other back"
    assert not _recoverable_small_groups(cases, list(_case_figures(cases)))


def test_hidden_figures_are_hidden_in_every_view_and_shown_ones_are_true() -> None:
    """Nine cases in one procedure and one in the reference process (the first defect): the one case is
    hidden, and so is every figure that would give it back, in any view."""
    cases = _cases([((2026, 1), "a", "p", ("running", False))] * 9 + [((2026, 1), "a", "q", ("running", False))])
    shown = view_figures(cases, [], Period(), None)
    assert shown["cases_total"] == 10 and shown["by_process"] == {"p": HIDDEN, "q": HIDDEN}
    assert view_figures(cases, [], Period(2026, 1), "a")["by_process"] == {"p": HIDDEN, "q": HIDDEN}


def test_a_cell_is_safe_with_enough_cases_for_its_atoms() -> None:
    assert safe(0, 0) and safe(3, 1) and not safe(2, 1) and not safe(3, 2) and safe(4, 2)
    cells = Cells({("x",): 1, ("y",): 1})
    assert cells.figure(lambda a: True) is HIDDEN, "two cases in all: nothing can be shown"
    assert cells.figure(lambda a: False) == 0
