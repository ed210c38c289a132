"""Power of an n-of-1 trial design: the chance it labels a halving of cramp nights as such.

"Detecting" means the analysis of ``trial_result`` gives the label "fewer
cramp nights with X" at the end of the trial. The estimate comes from a fast,
seeded simulation that runs that same analysis (``trial_result.pair_test``
and ``label_codes``) on made-up trials whose cramp propensity drifts from
night to night with persistence (see docs/trials.md); benchmarks/bench_trials.py
checks it against full runs of ``trial_result``.

The simulated person: on night t the chance of a cramp is
``expit(a + z_t)``, times the rate ratio on intervention nights, where ``z`` is
a stationary AR(1) series (``PERSISTENCE`` from one night to the next, SD
``SPREAD`` on the log-odds scale) and ``a`` is set so that the average share of
cramp nights without the intervention is the person's own rate.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt
from scipy import optimize, signal, special

from cramplog.analysis.trial_design import MAX_PAIRS, MIN_PAIRS, Design
from cramplog.analysis.trial_result import (
    MIN_LOGGED_SHARE,
    label_codes,
    pair_test,
    required_pairs,
)

TARGET_POWER = 0.80
HALVING = 0.5
# The assumed night-to-night persistence of cramp propensity and its spread:
# moderate (a bad spell fades over about a week). Stronger persistence lowers
# the power; docs/trials.md gives figures for other values.
PERSISTENCE = 0.8
SPREAD = 1.0
SIMULATIONS = 2000

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class PowerEstimate:
    """``power`` (0–1) of ``design`` for ``rate_ratio`` at the person's ``cramp_night_rate``.

    ``pairs_for_target``: the fewest pairs (with the same block and washout days)
    reaching ``TARGET_POWER``, or None when even the most pairs allowed do not.
    ``simulations``: trials simulated per design; ``seed``: their seed.
    ``logged_share``: the share of nights assumed logged.
    """

    design: Design
    cramp_night_rate: float
    rate_ratio: float
    power: float
    pairs_for_target: int | None
    simulations: int
    seed: int
    logged_share: float = 1.0


def _check_share(name: str, value: float, *, zero_ok: bool = False) -> None:
    ok = (0.0 <= value <= 1.0) if zero_ok else (0.0 < value <= 1.0)
    if not (isinstance(value, int | float) and math.isfinite(value) and ok):
        raise ValueError(f"{name}: a share above 0 and at most 1 is allowed (got {value!r})")


@lru_cache(maxsize=64)
def intercept(rate: float, spread: float = SPREAD) -> float:
    """The log-odds intercept a with mean expit(a + spread · Z) = rate, Z standard normal."""
    x, w = np.polynomial.hermite_e.hermegauss(40)
    w = w / w.sum()

    def gap(a: float) -> float:
        return float((special.expit(a + spread * x) * w).sum()) - rate

    return float(optimize.brentq(gap, -30.0, 30.0))


def simulate_block_counts(
    design: Design,
    cramp_night_rate: float,
    *,
    rate_ratio: float,
    simulations: int,
    seed: int,
    logged_share: float = 1.0,
    persistence: float = PERSISTENCE,
    spread: float = SPREAD,
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """Compared nights and cramp nights of each pair's A and B block, simulated.

    Returns (y_a, n_a, y_b, n_b), each of shape (simulations, design.pairs).
    Each pair's order is random (AB or BA), as in a real plan; washout nights
    are dropped; each night is logged with probability ``logged_share``.
    """
    rng = np.random.default_rng(seed)
    k, n, w = design.pairs, design.block_days, design.washout_days
    days = 2 * k * n
    rate = min(max(cramp_night_rate, 0.002), 0.998)
    a = intercept(rate, spread)
    noise = rng.standard_normal((simulations, days))
    noise[:, 0] *= spread
    noise[:, 1:] *= spread * math.sqrt(1 - persistence**2)
    z = signal.lfilter([1.0], [1.0, -persistence], noise, axis=1)
    chance = special.expit(a + z).reshape(simulations, k, 2, n)
    second_is_b = rng.random((simulations, k)) < 0.5
    # Arm B is the first or the second block of the pair.
    b_first = ~second_is_b
    scale = np.where(np.stack([b_first, second_is_b], axis=2)[..., None], rate_ratio, 1.0)
    chance = np.clip(chance * scale, 0.0, 1.0)
    cramp = rng.random(chance.shape) < chance
    logged = rng.random(chance.shape) < logged_share
    logged[..., :w] = False
    y = (cramp & logged).sum(axis=3).astype(np.float64)
    m = logged.sum(axis=3).astype(np.float64)
    y_b = np.where(b_first, y[..., 0], y[..., 1])
    n_b = np.where(b_first, m[..., 0], m[..., 1])
    y_a = np.where(b_first, y[..., 1], y[..., 0])
    n_a = np.where(b_first, m[..., 1], m[..., 0])
    return y_a, n_a, y_b, n_b


def _fewer_share(
    y_a: FloatArray, n_a: FloatArray, y_b: FloatArray, n_b: FloatArray, design: Design
) -> float:
    """The share of simulated trials the result would label "fewer" (the same gates)."""
    need = math.ceil(MIN_LOGGED_SHARE * design.compared_days)
    usable = (n_a >= need) & (n_b >= need)
    test = pair_test(y_a, n_a, y_b, n_b, usable)
    enough = usable.sum(axis=1) >= required_pairs(design.pairs)
    return float(np.mean(enough & (label_codes(test) < 0)))


def power_curve(
    design: Design,
    cramp_night_rate: float,
    *,
    rate_ratio: float = HALVING,
    seed: int = 0,
    simulations: int = SIMULATIONS,
    logged_share: float = 1.0,
    persistence: float = PERSISTENCE,
    spread: float = SPREAD,
) -> dict[int, float]:
    """Power for every allowed number of pairs (same block and washout days).

    One simulation of the longest trial; the first k pairs of it give the
    power for k pairs (common random numbers: the curve does not wobble).
    """
    _check_share("cramp_night_rate", cramp_night_rate)
    _check_share("logged_share", logged_share)
    if not (math.isfinite(rate_ratio) and rate_ratio > 0):
        raise ValueError(f"rate_ratio: a number above 0 is allowed (got {rate_ratio!r})")
    longest = Design(design.block_days, MAX_PAIRS, design.washout_days)
    y_a, n_a, y_b, n_b = simulate_block_counts(
        longest,
        cramp_night_rate,
        rate_ratio=rate_ratio,
        simulations=simulations,
        seed=seed,
        logged_share=logged_share,
        persistence=persistence,
        spread=spread,
    )
    curve: dict[int, float] = {}
    for k in range(MIN_PAIRS, MAX_PAIRS + 1):
        d = Design(design.block_days, k, design.washout_days)
        curve[k] = _fewer_share(y_a[:, :k], n_a[:, :k], y_b[:, :k], n_b[:, :k], d)
    return curve


def estimate_power(
    design: Design,
    cramp_night_rate: float,
    *,
    rate_ratio: float = HALVING,
    seed: int = 0,
    logged_share: float = 1.0,
) -> PowerEstimate:
    """Power of ``design`` and the pairs giving 80%, for a person with this share of cramp nights.

    ``cramp_night_rate``: the share of logged nights with a cramp (0 < rate ≤ 1),
    from the journal or typed in; ``logged_share``: the share of nights the
    person is expected to log. ValueError names the field when out of range.
    Fast enough for a planner (well under half a second).
    """
    curve = power_curve(
        design, cramp_night_rate, rate_ratio=rate_ratio, seed=seed, logged_share=logged_share
    )
    enough = [k for k, p in curve.items() if p >= TARGET_POWER]
    return PowerEstimate(
        design=design,
        cramp_night_rate=cramp_night_rate,
        rate_ratio=rate_ratio,
        power=curve[design.pairs],
        pairs_for_target=min(enough) if enough else None,
        simulations=SIMULATIONS,
        seed=seed,
        logged_share=logged_share,
    )


def power_of(
    design: Design, cramp_night_rate: float, *, rate_ratio: float = HALVING, seed: int = 0
) -> float:
    """The power alone (0–1) for one design."""
    return estimate_power(design, cramp_night_rate, rate_ratio=rate_ratio, seed=seed).power
