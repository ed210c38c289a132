"""The small statistics the associations use, each checked against hand values in tests.

Plain Python on purpose: importing ``scipy.stats`` costs about 0.6 s (and
``scipy.special`` another 0.15 s) on every report and ``analyze`` run, for a
handful of two-by-two tables. Each function here is tested against the scipy
function it replaces (tests/unit/analysis/test_stats.py).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

# norm.ppf(0.975) as scipy computes it (statistics.NormalDist differs in the
# last bit); the test suite checks the two agree.
Z95 = 1.959963984540054


def wilson(k: int, n: int) -> tuple[float, float] | None:
    """Wilson score 95% interval for k successes in n (None when n is 0).

    The same arithmetic as scipy's ``binomtest(k, n).proportion_ci(method="wilson")``
    (Newcombe 1998, no continuity correction).
    """
    if n <= 0:
        return None
    p = k / n
    z = Z95
    denom = 2 * (n + z**2)
    center = (2 * n * p + z**2) / denom
    q = 1 - p
    delta = z / denom * math.sqrt(4 * n * p * q + z**2)
    low = 0.0 if k == 0 else center - delta
    high = 1.0 if k == n else center + delta
    return float(low), float(high)


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
    """Two-sided Fisher exact p for [[a, b], [c, d]].

    The sum of the probabilities of every table with the same margins that is
    no more likely than the observed one, in exact integer arithmetic. "No more
    likely" allows scipy's relative tolerance of 1e-14, so ties count as scipy
    counts them.
    """
    if min(a, b, c, d) < 0:
        raise ValueError("table counts must be non-negative")
    row1, row2, col1 = a + b, c + d, a + c
    n = row1 + row2
    if 0 in (row1, row2, col1, b + d):
        return 1.0
    low, high = max(0, row1 + col1 - n), min(row1, col1)
    # Unnormalised hypergeometric weights comb(col1, x) * comb(n - col1, row1 - x),
    # by an exact integer recurrence from x = low.
    weights: list[int] = []
    w = math.comb(col1, low) * math.comb(n - col1, row1 - low)
    for x in range(low, high + 1):
        weights.append(w)
        if x < high:
            w = w * (col1 - x) * (row1 - x) // ((x + 1) * (n - col1 - row1 + x + 1))
    observed = weights[a - low]
    scale = 10**14  # w <= observed * (1 + 1e-14), kept exact
    limit = observed * (scale + 1)
    tail = sum(w for w in weights if w * scale <= limit)
    return min(tail / math.comb(n, row1), 1.0)


def benjamini_hochberg(p_values: Sequence[float]) -> list[float]:
    """Benjamini-Hochberg adjusted p-values (q), in the order given.

    As scipy's ``false_discovery_control(ps, method="bh")``: p·(m/rank) in
    ascending order, then a running minimum from the largest, clipped to 1.
    """
    if not p_values:
        return []
    ps = [float(p) for p in p_values]
    if any(not 0.0 <= p <= 1.0 for p in ps):
        raise ValueError("p-values must be between 0 and 1")
    m = len(ps)
    if m == 1:
        return ps
    order = sorted(range(m), key=ps.__getitem__)
    adjusted = [ps[j] * (m / float(i)) for i, j in enumerate(order, start=1)]
    for i in range(m - 2, -1, -1):
        adjusted[i] = min(adjusted[i], adjusted[i + 1])
    out = [0.0] * m
    for i, j in enumerate(order):
        out[j] = min(max(adjusted[i], 0.0), 1.0)
    return out


def rate_ratio(k1: int, t1: float, k0: int, t0: float) -> tuple[float, float, float] | None:
    """Poisson rate ratio (k1/t1)/(k0/t0) with an exact conditional 95% interval.

    Given k1 + k0 events, k1 is binomial with p = t1*RR / (t1*RR + t0); the
    Clopper-Pearson interval for p maps onto RR.
    """
    total = k1 + k0
    if t1 <= 0 or t0 <= 0 or total == 0:
        return None
    low, high = clopper_pearson(k1, total)

    def to_rr(p: float) -> float:
        if p >= 1.0:
            return math.inf
        return (p / (1.0 - p)) * (t0 / t1)

    rr = (k1 / t1) / (k0 / t0) if k0 > 0 else math.inf
    return rr, to_rr(low), to_rr(high)


def clopper_pearson(k: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """Exact (Clopper-Pearson) two-sided interval for k successes in n.

    As scipy's ``binomtest(k, n).proportion_ci(method="exact")``: the p where
    P(X >= k) and P(X <= k) reach alpha/2, found with Brent's method.
    """
    alpha = (1 - confidence) / 2
    # P(X >= k | p) = I_p(k, n - k + 1); P(X <= k | p) = I_(1-p)(n - k, k + 1)
    low = 0.0 if k == 0 else _brentq(lambda p: _betainc(k, n - k + 1, p) - alpha, 0.0, 1.0)
    high = 1.0 if k == n else _brentq(lambda p: _betainc(n - k, k + 1, 1.0 - p) - alpha, 0.0, 1.0)
    return low, high


def _betainc(a: float, b: float, x: float) -> float:
    """Regularized incomplete beta I_x(a, b) (continued fraction, Lentz's method)."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    log_front = (
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    if x < (a + 1.0) / (a + b + 2.0):
        return math.exp(log_front) * _betacf(a, b, x) / a
    return 1.0 - math.exp(log_front) * _betacf(b, a, 1.0 - x) / b


def _betacf(a: float, b: float, x: float) -> float:
    tiny, eps = 1e-300, 1e-16
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (tiny if abs(d) < tiny else d)
    h = d
    for m in range(1, 100_000):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (tiny if abs(d) < tiny else d)
        c = 1.0 + aa / c
        c = tiny if abs(c) < tiny else c
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (tiny if abs(d) < tiny else d)
        c = 1.0 + aa / c
        c = tiny if abs(c) < tiny else c
        step = d * c
        h *= step
        if abs(step - 1.0) < eps:
            break
    return h


def _brentq(
    f: Callable[[float], float],
    xa: float,
    xb: float,
    xtol: float = 2e-12,
    rtol: float = 4 * 2.220446049250313e-16,
    maxiter: int = 100,
) -> float:
    """Brent's root finder, step for step as scipy.optimize.brentq (Zeros/brentq.c)."""
    xpre, xcur = xa, xb
    xblk = fblk = spre = scur = 0.0
    fpre, fcur = f(xpre), f(xcur)
    if fpre == 0:
        return xpre
    if fcur == 0:
        return xcur
    if math.copysign(1.0, fpre) == math.copysign(1.0, fcur):
        raise ValueError("f(a) and f(b) must have different signs")
    for _ in range(maxiter):
        if fpre != 0 and fcur != 0 and math.copysign(1.0, fpre) != math.copysign(1.0, fcur):
            xblk, fblk = xpre, fpre
            spre = scur = xcur - xpre
        if abs(fblk) < abs(fcur):
            xpre, xcur, xblk = xcur, xblk, xcur
            fpre, fcur, fblk = fcur, fblk, fcur
        delta = (xtol + rtol * abs(xcur)) / 2
        sbis = (xblk - xcur) / 2
        if fcur == 0 or abs(sbis) < delta:
            return xcur
        if abs(spre) > delta and abs(fcur) < abs(fpre):
            if xpre == xblk:
                stry = -fcur * (xcur - xpre) / (fcur - fpre)  # interpolate
            else:
                dpre = (fpre - fcur) / (xpre - xcur)  # extrapolate
                dblk = (fblk - fcur) / (xblk - xcur)
                stry = -fcur * (fblk * dblk - fpre * dpre) / (dblk * dpre * (fblk - fpre))
            if 2 * abs(stry) < min(abs(spre), 3 * abs(sbis) - delta):
                spre, scur = scur, stry  # good short step
            else:
                spre = scur = sbis  # bisect
        else:
            spre = scur = sbis  # bisect
        xpre, fpre = xcur, fcur
        xcur += scur if abs(scur) > delta else (delta if sbis > 0 else -delta)
        fcur = f(xcur)
    raise RuntimeError("the confidence limit did not converge")
