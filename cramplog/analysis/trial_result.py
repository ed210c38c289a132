"""The result of an n-of-1 trial, from the journal's nights and the plan. Pure.

Input: the plan and one ``Night`` per *logged* journal day (a day not logged
is absent: missing, never a night without cramps), with adherence where known.
Output: per block, nights logged, cramp nights and washout nights; overall, the
cramp-night rate ratio (intervention / control) with a 95% interval from a
block-level model, the randomisation-test p over the allocations the design
allows and the smallest p it can reach, the posterior probability of benefit,
and a label. The method and why: docs/trials.md.

The analysis unit is the pair of blocks. For pair j, with compared (logged,
non-washout) nights n and cramp nights y in its control block A and its
intervention block B, the blocks' cramp-night shares are p = y / n and::

    d_j = p_B - p_A

The test is a paired t-test of the d_j (pairs - 1 degrees of freedom): its
standard error comes from how much the pairs differ from each other, so nights
that resemble their neighbours, and blocks that drift, widen it; it is never
taken as smaller than a quarter of the counting (binomial) variance, so a few
nearly equal pairs cannot give an interval of no width. The rate ratio is
mean(p_B) / mean(p_A), with a Fieller interval: the ratios R for which the
paired t-test of p_B - R·p_A does not reject; at R = 1 that is the test itself,
so the interval excludes 1 exactly when the test does.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import stats

from cramplog.analysis.trial_design import Arm, Block, TrialPlan

LabelKind = Literal["fewer", "no clear difference", "more", "not finished", "too few logged nights"]
FloatArray = npt.NDArray[np.float64]

CONFIDENCE = 0.95
# The pairs' spread may not pass for less than this share of the variance that
# counting alone gives the d_j (binomial): three nearly equal pairs would
# otherwise give an interval of almost no width.
VARIANCE_FLOOR = 0.25
# The prior on the difference in cramp-night share (intervention - control):
# normal, mean 0 (no effect), this SD.
PRIOR_SD = 0.25
PRIOR_TEXT = (
    "normal prior on the difference in the share of cramp nights (intervention minus "
    "control), mean 0, SD 0.25: a difference of more than 50 percentage points either "
    "way has under 5% prior weight; Jeffreys prior on the spread between pairs"
)
# A block counts when at least this share of its compared nights is logged.
MIN_LOGGED_SHARE = 0.5
_GRID = np.linspace(-1.0, 1.0, 4001)
_RATIOS = np.exp(np.linspace(math.log(1e-3), math.log(1e3), 6001))


@dataclass(frozen=True, slots=True)
class Night:
    """One logged journal day: a cramp that night or not; ``adhered`` None when not recorded."""

    day: dt.date
    cramp: bool
    adhered: bool | None = None


@dataclass(frozen=True, slots=True)
class BlockResult:
    """One block's counts, up to ``today``.

    ``nights_logged``: logged nights that enter the comparison (outside the
    washout); ``cramp_nights``: those with a cramp; ``nights_washout``: logged
    nights left out as washout. ``nights_adhered`` / ``nights_adherence_known``:
    nights of the whole block (washout included) on which the arm was followed,
    of those with adherence recorded. ``usable``: at least half the block's
    compared nights are logged.
    """

    index: int
    pair: int
    arm: Arm
    start: dt.date
    end: dt.date
    nights_logged: int
    cramp_nights: int
    nights_washout: int
    nights_adhered: int
    nights_adherence_known: int
    usable: bool = True


@dataclass(frozen=True, slots=True)
class TrialResult:
    """The whole result. Figures are None where there is too little to compute them.

    ``label``: the words shown ("fewer cramp nights with magnesium", ...);
    ``kind``: which of the five labels. ``interim``: the trial has not ended
    (its last night, the journal day ``plan.end``, is not over before ``today``):
    figures are shown, the label is "not finished", never a conclusion.
    ``prior``: the stated prior, in words. ``pairs_analysed``: complete pairs
    whose both blocks are usable (the figures come from these).
    ``rate_ratio``: mean share of cramp nights in B blocks over that in A
    blocks (None when the A blocks hold no compared cramp night); ``ci_low`` /
    ``ci_high``: its 95% Fieller interval, ``ci_low`` 0 when unbounded below,
    ``ci_high`` None when unbounded above.
    """

    blocks: tuple[BlockResult, ...]
    rate_ratio: float | None
    ci_low: float | None
    ci_high: float | None
    p_randomization: float | None
    p_min_possible: float
    posterior_prob_benefit: float | None
    kind: LabelKind
    label: str
    interim: bool
    prior: str
    pairs_analysed: int = 0


@dataclass(frozen=True, slots=True)
class PairTest:
    """The paired test of the per-pair differences (arrays: one per simulated trial).

    ``difference``: mean of p_B - p_A; ``se``: its standard error (floored);
    ``pairs``: pairs that entered it (the t-test has pairs - 1 df).
    """

    difference: FloatArray
    se: FloatArray
    pairs: FloatArray

    @property
    def df(self) -> FloatArray:
        return self.pairs - 1


def _weights(shape: tuple[int, ...], use: npt.NDArray[np.bool_] | None) -> FloatArray:
    return np.ones(shape) if use is None else use.astype(np.float64)


def _mean_se(
    d: FloatArray, counting: FloatArray, w: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Mean of d over the kept pairs and its floored standard error (NaN under 2 pairs)."""
    k = w.sum(axis=-1)
    safe_k = np.maximum(k, 1.0)
    mean = (d * w).sum(axis=-1) / safe_k
    spread = ((d - mean[..., None]) ** 2 * w).sum(axis=-1) / np.maximum(k - 1, 1.0) / safe_k
    floor = VARIANCE_FLOOR * (counting * w).sum(axis=-1) / safe_k / safe_k
    se = np.sqrt(np.maximum(spread, floor))
    return mean, np.where(k >= 2, se, np.nan), k


def _pooled_share(y_a: FloatArray, n_a: FloatArray, y_b: FloatArray, n_b: FloatArray) -> FloatArray:
    return np.asarray((y_a + y_b) / np.maximum(n_a + n_b, 1.0), dtype=np.float64)


def pair_test(
    y_a: FloatArray,
    n_a: FloatArray,
    y_b: FloatArray,
    n_b: FloatArray,
    use: npt.NDArray[np.bool_] | None = None,
) -> PairTest:
    """The paired t-test of p_B - p_A over the pairs (the last axis).

    Vectorised over leading axes, so the planner's simulation runs the very
    same arithmetic as a single trial's result. ``use`` (same shape) keeps
    only some pairs of each trial; under 2 kept pairs the standard error is NaN.
    Blocks must have at least one compared night where kept.
    """
    p_a = y_a / np.maximum(n_a, 1.0)
    p_b = y_b / np.maximum(n_b, 1.0)
    pooled = _pooled_share(y_a, n_a, y_b, n_b)
    counting = pooled * (1 - pooled) * (1 / np.maximum(n_a, 1.0) + 1 / np.maximum(n_b, 1.0))
    mean, se, k = _mean_se(p_b - p_a, counting, _weights(p_a.shape, use))
    return PairTest(mean, se, k)


def t_quantile(df: FloatArray | float) -> FloatArray:
    """The two-sided 95% quantile of Student's t with ``df`` degrees of freedom."""
    return np.asarray(stats.t.ppf(0.5 + CONFIDENCE / 2, np.maximum(df, 1.0)), dtype=np.float64)


def label_codes(test: PairTest) -> npt.NDArray[np.int8]:
    """-1 where the test finds fewer cramp nights with B, +1 where more, else 0.

    0 where fewer than 2 pairs entered the test or the standard error is 0.
    """
    q = t_quantile(test.df)
    ok = (test.pairs >= 2) & (test.se > 0)
    with np.errstate(invalid="ignore"):
        high = test.difference + q * test.se
        low = test.difference - q * test.se
        kinds = np.where(ok & (high < 0), -1, np.where(ok & (low > 0), 1, 0))
    return np.asarray(kinds, dtype=np.int8)


def fieller_interval(
    y_a: FloatArray, n_a: FloatArray, y_b: FloatArray, n_b: FloatArray
) -> tuple[float | None, float | None]:
    """The 95% interval of mean(p_B) / mean(p_A): every R the paired test of p_B - R·p_A keeps.

    Found on a grid of ratios from 0.001 to 1000; unbounded below gives 0,
    unbounded above gives None (too few control cramp nights to bound it);
    (None, None) when no ratio is kept.
    """
    p_a, p_b = y_a / n_a, y_b / n_b
    pooled = _pooled_share(y_a, n_a, y_b, n_b)
    r = _RATIOS[:, None]
    d = p_b[None, :] - r * p_a[None, :]
    counting = pooled * (1 - pooled) * (1 / n_b + r**2 / n_a)
    mean, se, k = _mean_se(d, counting, np.ones_like(d))
    q = float(t_quantile(float(k[0]) - 1))
    with np.errstate(divide="ignore", invalid="ignore"):
        keep = np.abs(mean) <= q * se
    if not keep.any():
        return None, None
    # With few control cramp nights the kept set can be two pieces (one
    # holding ratios near 0, one holding the estimate); the interval is the
    # piece holding the estimate, so it excludes 1 exactly when the test does.
    control = float(np.mean(p_a))
    estimate = float(np.mean(p_b)) / control if control > 0 else math.inf
    at = int(np.clip(np.searchsorted(_RATIOS, estimate), 0, len(_RATIOS) - 1))
    inside = np.flatnonzero(keep)
    if not keep[at]:
        at = int(inside[np.argmin(np.abs(inside - at))])
    edges = np.flatnonzero(~keep)
    below, above = edges[edges < at], edges[edges > at]
    first = int(below[-1]) + 1 if len(below) else 0
    last = int(above[0]) - 1 if len(above) else len(_RATIOS) - 1
    # Unbounded below is a lower limit of 0: a ratio of shares is never negative.
    low = 0.0 if first == 0 else float(_RATIOS[first])
    high = None if last == len(_RATIOS) - 1 else float(_RATIOS[last])
    return low, high


def interval_words(low: float | None, high: float | None) -> str:
    """The rate ratio's 95% interval in words, as ``fieller_interval`` gives it.

    A lower limit of 0 is no limit (a ratio of shares is never negative), and
    an upper limit of None is none: too few cramp nights to bound that side.
    """
    floor = low if low else None
    if floor is not None and high is not None:
        return f"95% interval {floor:.2f} to {high:.2f}"
    if high is not None:
        return f"95% interval below {high:.2f}"
    if floor is not None:
        return f"95% interval above {floor:.2f}"
    if low is not None:
        return "95% interval unbounded: too few cramp nights to narrow it"
    return "no interval: too few nights"


def randomization_p(d: FloatArray) -> float:
    """Two-sided randomisation p of the mean d over every allocation the design allows.

    Swapping a pair's order (AB ↔ BA) turns its d_j into -d_j, so the allowed
    allocations are the 2**pairs sign patterns; p is the share whose |mean| is
    at least the observed one.
    """
    k = len(d)
    signs = np.array(list(itertools.product((1.0, -1.0), repeat=k)))
    means = np.abs(signs @ d) / k
    observed = abs(float(d.mean()))
    return float(np.mean(means >= observed - 1e-12))


def min_possible_p(pairs: int) -> float:
    """The smallest two-sided randomisation p with ``pairs`` pairs: 2 / 2**pairs."""
    return min(1.0, float(0.5 ** (pairs - 1)))


def posterior_benefit(difference: float, se: float, df: int) -> float:
    """P(difference in cramp-night share < 0) under the normal prior and the pairs' likelihood.

    With the d_j normal around the true difference and a Jeffreys prior on
    their spread, the likelihood of the mean is Student's t (``df``) centred on
    the estimate with scale ``se``; the posterior is that times the prior,
    integrated on a grid over -1..1 (a difference of shares).
    """
    like = stats.t.logpdf((_GRID - difference) / se, df)
    prior = stats.norm.logpdf(_GRID, 0.0, PRIOR_SD)
    log_post = like + prior
    post = np.exp(log_post - log_post.max())
    # The grid point at 0 is shared half and half.
    benefit = post[_GRID < 0].sum() + 0.5 * post[_GRID == 0].sum()
    return float(benefit / post.sum())


def nights_from_daily(
    frame: pd.DataFrame, adhered: Mapping[dt.date, bool] | None = None
) -> list[Night]:
    """Nights from the daily frame (``analysis.daily``: columns ``logged``, ``cramp_night``).

    Only logged days become nights; ``adhered`` maps journal days to adherence where known.
    """
    adhered = adhered or {}
    nights: list[Night] = []
    logged = frame["logged"].fillna(False).astype(bool)
    rows = frame.loc[logged, "cramp_night"]
    for stamp, cramp in zip(pd.DatetimeIndex(rows.index), rows.to_numpy(), strict=True):
        day = stamp.date()
        nights.append(Night(day, bool(cramp == 1.0), adhered.get(day)))
    return nights


def label_text(kind: LabelKind, intervention: str) -> str:
    """The words of a label."""
    if kind == "fewer":
        return f"fewer cramp nights with {intervention}"
    if kind == "more":
        return f"more cramp nights with {intervention}"
    return kind


def required_pairs(pairs: int) -> int:
    """Complete, usable pairs a finished trial needs for a conclusion: 2, and two thirds."""
    return max(2, math.ceil(2 * pairs / 3))


def trial_result(
    plan: TrialPlan,
    nights: Iterable[Night],
    *,
    today: dt.date,
    intervention: str,
) -> TrialResult:
    """The result of ``plan`` given the logged ``nights`` as of ``today``.

    Nights outside the plan's days are ignored; nights after ``today`` are ignored.
    The analysis is by allocation (intention to treat): adherence is counted
    and shown, never used to drop nights.
    """
    blocks = plan.blocks
    counts = {b.index: [0, 0, 0, 0, 0] for b in blocks}  # logged, cramp, washout, adh, known
    for night in nights:
        if night.day > today:
            continue
        where = plan.locate(night.day)
        if where is None:
            continue
        c = counts[where.block.index]
        if where.washout:
            c[2] += 1
        else:
            c[0] += 1
            c[1] += int(night.cramp)
        if night.adhered is not None:
            c[4] += 1
            c[3] += int(night.adhered)
    need = math.ceil(MIN_LOGGED_SHARE * plan.design.compared_days)
    results = tuple(_block_result(b, counts[b.index], need) for b in blocks)
    interim = today <= plan.end

    complete = [
        (a, b) for a, b in _pairs(results) if today > max(a.end, b.end) and a.usable and b.usable
    ]
    k = len(complete)
    test: PairTest | None = None
    p_rand: float | None = None
    posterior: float | None = None
    ratio = low = high = None
    if k >= 2:
        y_a = np.array([float(a.cramp_nights) for a, _ in complete])
        n_a = np.array([float(a.nights_logged) for a, _ in complete])
        y_b = np.array([float(b.cramp_nights) for _, b in complete])
        n_b = np.array([float(b.nights_logged) for _, b in complete])
        test = pair_test(y_a, n_a, y_b, n_b)
        mean_a, mean_b = float(np.mean(y_a / n_a)), float(np.mean(y_b / n_b))
        ratio = mean_b / mean_a if mean_a > 0 else None
        low, high = fieller_interval(y_a, n_a, y_b, n_b)
        p_rand = randomization_p(y_b / n_b - y_a / n_a)
        se = float(test.se)
        if se > 0:
            posterior = posterior_benefit(float(test.difference), se, k - 1)

    kind: LabelKind
    if interim:
        kind = "not finished"
    elif k < required_pairs(plan.design.pairs) or test is None:
        kind = "too few logged nights"
    else:
        code = int(label_codes(test))
        kind = "fewer" if code < 0 else "more" if code > 0 else "no clear difference"
    return TrialResult(
        blocks=results,
        rate_ratio=ratio,
        ci_low=low,
        ci_high=high,
        p_randomization=p_rand,
        p_min_possible=min_possible_p(k if k >= 2 else plan.design.pairs),
        posterior_prob_benefit=posterior,
        kind=kind,
        label=label_text(kind, intervention),
        interim=interim,
        prior=PRIOR_TEXT,
        pairs_analysed=k,
    )


def _block_result(block: Block, c: list[int], need: int) -> BlockResult:
    return BlockResult(
        index=block.index,
        pair=block.pair,
        arm=block.arm,
        start=block.start,
        end=block.end,
        nights_logged=c[0],
        cramp_nights=c[1],
        nights_washout=c[2],
        nights_adhered=c[3],
        nights_adherence_known=c[4],
        usable=c[0] >= need,
    )


def _pairs(results: tuple[BlockResult, ...]) -> list[tuple[BlockResult, BlockResult]]:
    """(control block, intervention block) of each pair."""
    pairs: list[tuple[BlockResult, BlockResult]] = []
    for first, second in zip(results[0::2], results[1::2], strict=True):
        pairs.append((first, second) if first.arm == "A" else (second, first))
    return pairs
