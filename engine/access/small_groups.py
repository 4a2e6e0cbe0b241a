"""Small-group suppression that holds across every view of the policy page, whatever a reader adds or
subtracts.

The policy page can be asked for any calendar period (all time, a year, a quarter) and any variant, and
each view shows a total and breakdowns. Hiding the small counts view by view is not enough: a reader can
subtract a view's figure from another's (4 cases in all, 3 in January: 1 in February).

So all views are one table. Its finest grid is the *atom*: the cases of one quarter, one variant and one
category of every breakdown. The non-empty atoms are merged into *cells* until every cell is safe:

    a cell of s cases in n non-empty atoms is safe when s >= MIN_GROUP + (n - 1)

and a figure (the cases of any view, in any row of any breakdown) is published only when it is a union of
whole safe cells; otherwise it is hidden. A figure with no cases is 0, which singles no one out.

Why no group of 1 .. MIN_GROUP - 1 can be worked out from the published figures, in any view:

- *sums and differences*: every published figure is a sum of cell counts, so any sum or difference of
  published figures is a combination of cell counts; one that counts a group (each of its cases once, no
  other case) counts whole cells, and the cells are disjoint, each empty or at least MIN_GROUP.
- *bounds*: a hidden figure that is listed tells the reader it is not empty. In every cell, a reader cannot
  rule out that each non-empty atom but one holds 1 case and the one inside any chosen group holds the
  rest, s - (n - 1) >= MIN_GROUP: every published figure and every "not empty" stays true in that world.

tests/unit/test_small_groups.py enumerates every view over random small case sets and tries every sum and
difference of published figures, and every bound a hidden figure's "not empty" gives.

A cell that is not safe is merged with the nearest cell: the one whose atoms differ from its own in the
cheapest dimension (then the fewest dimensions, then the smallest cell). The caller lists an atom's
dimensions from cheapest to dearest: merging two quarters of one year hides figures of those quarters only;
merging two processes hides that breakdown in every view.
"""
from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping

MIN_GROUP = 3
HIDDEN = None  # how a hidden figure is returned; pages show it in words

Atom = tuple[Hashable, ...]


def safe(count: int, atoms: int) -> bool:
    """Whether a cell of `count` cases in `atoms` non-empty atoms can be published."""
    return count == 0 or count >= MIN_GROUP + atoms - 1


def _distance(a: Atom, b: Atom) -> tuple[int, int]:
    differing = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    return max(differing, default=-1), len(differing)


class Cells:
    """The safe cells of one table of counts; `figure` gives a figure, or HIDDEN."""

    def __init__(self, counts: Mapping[Atom, int]) -> None:
        self.counts = {atom: n for atom, n in counts.items() if n > 0}
        cells = [[atom] for atom in sorted(self.counts, key=repr)]
        while len(cells) > 1:
            unsafe = [cell for cell in cells if not self._safe(cell)]
            if not unsafe:
                break
            cell = min(unsafe, key=lambda c: (self._total(c), repr(c)))
            others = [other for other in cells if other is not cell]
            nearest = min(others, key=lambda other: (min(_distance(a, b) for a in cell for b in other),
                                                     self._total(other), repr(other)))
            nearest.extend(cell)
            cells.remove(cell)
        self.cells = cells
        self._cell_of = {atom: index for index, cell in enumerate(cells) for atom in cell}

    def _total(self, cell: list[Atom]) -> int:
        return sum(self.counts[atom] for atom in cell)

    def _safe(self, cell: list[Atom]) -> bool:
        return safe(self._total(cell), len(cell))

    def figure(self, inside: Callable[[Atom], bool]) -> int | None:
        """The number of cases in the atoms `inside` says yes to, when those atoms are whole safe cells."""
        chosen = [atom for atom in self.counts if inside(atom)]
        touched = {self._cell_of[atom] for atom in chosen}
        if any(not self._safe(self.cells[i]) or not all(inside(a) for a in self.cells[i]) for i in touched):
            return HIDDEN
        return sum(self.counts[atom] for atom in chosen)
