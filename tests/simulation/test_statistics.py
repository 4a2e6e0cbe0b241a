"""Confidence intervals over replications: Student's t with n-1 degrees of freedom."""
from __future__ import annotations

import math

from engine.simulation.statistics_ci import difference, interval


def test_t_interval_of_five_replications() -> None:
    ci = interval([10.0, 12.0, 11.0, 13.0, 9.0])
    # mean 11, sd 1.5811, t(4) = 2.776 -> half width 1.963
    assert ci.mean == 11 and math.isclose(ci.half_width, 2.776 * 1.5811388 / math.sqrt(5), rel_tol=1e-6)


def test_replications_without_a_value_are_left_out() -> None:
    assert interval([math.nan, 4.0]).n == 1 and math.isnan(interval([math.nan]).mean)


def test_paired_difference_is_significant_when_its_interval_excludes_zero() -> None:
    a = [{"k": 10.0}, {"k": 12.0}, {"k": 11.0}]
    b = [{"k": 15.0}, {"k": 16.0}, {"k": 16.5}]
    ci = difference(a, b)["k"]
    assert ci.low > 0
