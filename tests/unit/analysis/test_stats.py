"""Wilson, risk ratio, Fisher, Benjamini-Hochberg and rate ratio against hand-computed values."""

from __future__ import annotations

import math

import pytest

from cramplog.analysis.stats import (
    benjamini_hochberg,
    fisher_p,
    rate_ratio,
    risk_ratio,
    wilson,
)

Z = 1.959963984540054


def test_wilson_matches_the_formula_and_a_hand_value() -> None:
    # 3 of 10: centre (p + z²/2n)/(1 + z²/n), half-width z·sqrt(p(1-p)/n + z²/4n²)/(1 + z²/n)
    p, n = 0.3, 10
    denom = 1 + Z**2 / n
    centre = (p + Z**2 / (2 * n)) / denom
    half = Z * math.sqrt(p * (1 - p) / n + Z**2 / (4 * n**2)) / denom
    low, high = wilson(3, 10) or (0, 0)
    assert (low, high) == pytest.approx((centre - half, centre + half), abs=1e-12)
    assert (low, high) == pytest.approx((0.1078, 0.6032), abs=1e-4)


def test_wilson_edges() -> None:
    assert wilson(0, 0) is None
    low, high = wilson(0, 15) or (1, 1)
    assert low == pytest.approx(0.0, abs=1e-12)
    assert high == pytest.approx(Z**2 / (15 + Z**2))  # the Wilson upper bound at k = 0
    low, high = wilson(15, 15) or (0, 0)
    assert high == pytest.approx(1.0) and low == pytest.approx(15 / (15 + Z**2))


def test_risk_ratio_katz_interval() -> None:
    # 20/50 against 10/100: RR 4, SE(log RR) = sqrt(1/20 - 1/50 + 1/10 - 1/100) = sqrt(0.12)
    rr, low, high = risk_ratio(20, 50, 10, 100) or (0, 0, 0)
    se = math.sqrt(0.12)
    assert rr == pytest.approx(4.0)
    assert low == pytest.approx(4.0 * math.exp(-Z * se))
    assert high == pytest.approx(4.0 * math.exp(Z * se))
    assert (low, high) == pytest.approx((2.0285, 7.8875), abs=1e-3)


def test_risk_ratio_zero_cell_uses_half_corrections() -> None:
    rr, low, high = risk_ratio(0, 10, 5, 20) or (0, 0, 0)
    assert rr == pytest.approx((0.5 / 11) / (5.5 / 21))
    assert 0 < low < rr < high
    assert risk_ratio(0, 10, 0, 20) is None
    assert risk_ratio(1, 0, 1, 10) is None


def _hypergeometric_p(a: int, b: int, c: int, d: int) -> float:
    """Two-sided Fisher p by summing every table no more likely than the observed one."""
    row1, col1, n = a + b, a + c, a + b + c + d

    def prob(x: int) -> float:
        return math.comb(col1, x) * math.comb(n - col1, row1 - x) / math.comb(n, row1)

    observed = prob(a)
    low, high = max(0, row1 + col1 - n), min(row1, col1)
    return sum(prob(x) for x in range(low, high + 1) if prob(x) <= observed * (1 + 1e-7))


@pytest.mark.parametrize("table", [(3, 7, 1, 9), (12, 8, 5, 25), (0, 10, 6, 4), (30, 40, 20, 90)])
def test_fisher_exact_matches_hand_sum(table: tuple[int, int, int, int]) -> None:
    assert fisher_p(*table) == pytest.approx(_hypergeometric_p(*table), rel=1e-9)


def test_fisher_hand_value() -> None:
    assert fisher_p(3, 7, 1, 9) == pytest.approx(0.5820, abs=1e-4)


def test_benjamini_hochberg_by_hand() -> None:
    # sorted 0.01, 0.03, 0.04, 0.2 -> p·m/rank 0.04, 0.06, 0.0533, 0.2 -> step-up minimum
    q = benjamini_hochberg([0.01, 0.04, 0.03, 0.2])
    assert q == pytest.approx([0.04, 0.04 * 4 / 3, 0.04 * 4 / 3, 0.2])
    assert benjamini_hochberg([]) == []
    assert benjamini_hochberg([0.5]) == pytest.approx([0.5])


def test_rate_ratio_exact_interval() -> None:
    from scipy.stats import beta

    # 10 cramps in 100 days after, 5 in 100 before: RR 2; Clopper-Pearson for 10 of 15
    rr, low, high = rate_ratio(10, 100, 5, 100) or (0, 0, 0)
    assert rr == pytest.approx(2.0)
    p_low, p_high = beta.ppf(0.025, 10, 6), beta.ppf(0.975, 11, 5)
    assert low == pytest.approx(p_low / (1 - p_low))
    assert high == pytest.approx(p_high / (1 - p_high))
    assert rate_ratio(0, 10, 0, 10) is None


# The module is plain Python (scipy.stats costs ~0.6 s to import on every
# report); scipy stays the oracle here.


def test_z95_is_scipys_normal_quantile() -> None:
    from scipy.stats import norm

    from cramplog.analysis.stats import Z95

    assert float(norm.ppf(0.975)) == Z95


@pytest.mark.parametrize("n", [1, 2, 7, 15, 40, 365])
def test_wilson_is_scipys_wilson_bit_for_bit(n: int) -> None:
    from scipy.stats import binomtest

    for k in range(n + 1):
        ci = binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")
        assert wilson(k, n) == (float(ci.low), float(ci.high))


@pytest.mark.parametrize("n", [1, 2, 9, 30, 120, 1000])
def test_clopper_pearson_matches_scipy(n: int) -> None:
    from scipy.stats import binomtest

    from cramplog.analysis.stats import clopper_pearson

    for k in sorted({0, 1, 2, n // 3, n // 2, n - 1, n} & set(range(n + 1))):
        ci = binomtest(k, n).proportion_ci(confidence_level=0.95, method="exact")
        low, high = clopper_pearson(k, n)
        assert low == pytest.approx(float(ci.low), rel=1e-10, abs=1e-15)
        assert high == pytest.approx(float(ci.high), rel=1e-10, abs=1e-15)


def test_fisher_matches_scipy_on_many_tables() -> None:
    import random

    from scipy.stats import fisher_exact

    rng = random.Random(5)
    tables: list[tuple[int, ...]] = [
        (a, b, c, d) for a in range(4) for b in range(4) for c in range(4) for d in range(4)
    ]
    tables += [tuple(rng.randint(0, 200) for _ in range(4)) for _ in range(200)]
    for a, b, c, d in tables:
        expected = float(fisher_exact([[a, b], [c, d]], alternative="two-sided").pvalue)
        assert fisher_p(a, b, c, d) == pytest.approx(expected, rel=1e-12), (a, b, c, d)


def test_benjamini_hochberg_is_scipys_bit_for_bit() -> None:
    import random

    import numpy as np
    from scipy.stats import false_discovery_control

    rng = random.Random(3)
    for _ in range(300):
        ps = [rng.choice([rng.random(), 0.05, 0.0, 1.0]) for _ in range(rng.randint(2, 12))]
        expected = false_discovery_control(np.asarray(ps, dtype=float), method="bh")
        assert benjamini_hochberg(ps) == [float(x) for x in expected]
