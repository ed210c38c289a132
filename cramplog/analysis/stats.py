"""The small statistics the associations use, each checked against hand values in tests."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

# scipy alone: statsmodels.stats would add a third of a second to every
# report's start-up for the same two computations.
from scipy.stats import binomtest, false_discovery_control, fisher_exact, norm

Z95 = float(norm.ppf(0.975))


def wilson(k: int, n: int) -> tuple[float, float] | None:
    """Wilson score 95% interval for k successes in n (None when n is 0)."""
    if n <= 0:
        return None
    interval = binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")
    return float(interval.low), float(interval.high)


def risk_ratio(a: int, n1: int, c: int, n0: int) -> tuple[float, float, float] | None:
    """Risk ratio (a/n1)/(c/n0) with its 95% interval on the log scale (Katz).

    A zero count makes the log interval infinite; then 0.5 is added to every
    cell (Haldane-Anscombe) so a finite, deliberately wide interval is shown.
    None when neither group had an event or a group is empty.
    """
    if n1 <= 0 or n0 <= 0 or (a == 0 and c == 0):
        return None
    x1, m1, x0, m0 = float(a), float(n1), float(c), float(n0)
    if a == 0 or c == 0:
        x1, x0 = x1 + 0.5, x0 + 0.5
        m1, m0 = m1 + 1.0, m0 + 1.0
    rr = (x1 / m1) / (x0 / m0)
    se = math.sqrt(1 / x1 - 1 / m1 + 1 / x0 - 1 / m0)
    return rr, rr * math.exp(-Z95 * se), rr * math.exp(Z95 * se)


def fisher_p(a: int, b: int, c: int, d: int) -> float:
    """Two-sided Fisher exact p for [[a, b], [c, d]]."""
    return float(fisher_exact([[a, b], [c, d]], alternative="two-sided").pvalue)


def benjamini_hochberg(p_values: Sequence[float]) -> list[float]:
    """Benjamini-Hochberg adjusted p-values (q), in the order given."""
    if not p_values:
        return []
    q = false_discovery_control(np.asarray(p_values, dtype=float), method="bh")
    return [float(x) for x in q]


def rate_ratio(k1: int, t1: float, k0: int, t0: float) -> tuple[float, float, float] | None:
    """Poisson rate ratio (k1/t1)/(k0/t0) with an exact conditional 95% interval.

    Given k1 + k0 events, k1 is binomial with p = t1*RR / (t1*RR + t0); the
    Clopper-Pearson interval for p maps onto RR.
    """
    total = k1 + k0
    if t1 <= 0 or t0 <= 0 or total == 0:
        return None
    ci = binomtest(k1, total).proportion_ci(confidence_level=0.95, method="exact")

    def to_rr(p: float) -> float:
        if p >= 1.0:
            return math.inf
        return (p / (1.0 - p)) * (t0 / t1)

    rr = (k1 / t1) / (k0 / t0) if k0 > 0 else math.inf
    return rr, to_rr(float(ci.low)), to_rr(float(ci.high))
