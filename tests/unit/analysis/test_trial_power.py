"""The planner's power: the same test as the result, simulated; reproducible; sensible."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import special

from cramplog.analysis.trial_design import MAX_PAIRS, MIN_PAIRS, Design
from cramplog.analysis.trial_power import (
    TARGET_POWER,
    estimate_power,
    intercept,
    power_curve,
    power_of,
    simulate_block_counts,
)


def test_the_intercept_gives_the_stated_share_of_cramp_nights() -> None:
    x, w = np.polynomial.hermite_e.hermegauss(40)
    for rate in (0.05, 0.3, 0.9):
        a = intercept(rate, 1.0)
        assert float((special.expit(a + x) * w).sum() / w.sum()) == pytest.approx(rate, abs=1e-9)


def test_simulated_blocks_have_the_stated_rate_and_effect() -> None:
    design = Design(block_days=14, pairs=6, washout_days=3)
    y_a, n_a, y_b, n_b = simulate_block_counts(
        design, 0.4, rate_ratio=0.5, simulations=3000, seed=1, logged_share=0.8
    )
    assert y_a.shape == (3000, 6)
    # Washout nights never counted; about 80% of the 11 compared nights logged.
    assert n_a.max() <= 11 and n_a.mean() == pytest.approx(8.8, abs=0.1)
    assert y_a.sum() / n_a.sum() == pytest.approx(0.4, abs=0.01)
    assert y_b.sum() / n_b.sum() == pytest.approx(0.2, abs=0.01)


def test_the_estimate_is_reproducible_and_fast_enough_to_call_often() -> None:
    a = estimate_power(Design(), 0.5, seed=3)
    b = estimate_power(Design(), 0.5, seed=3)
    assert a == b
    assert 0.0 <= a.power <= 1.0
    assert a.rate_ratio == 0.5 and a.simulations > 0


def test_more_pairs_more_power_and_the_pairs_for_eighty_percent() -> None:
    curve = power_curve(Design(), 0.6)
    assert set(curve) == set(range(MIN_PAIRS, MAX_PAIRS + 1))
    assert curve[12] > curve[6] > curve[3]
    estimate = estimate_power(Design(), 0.6)
    assert estimate.power == curve[3]
    assert estimate.pairs_for_target is not None
    assert curve[estimate.pairs_for_target] >= TARGET_POWER
    assert all(curve[k] < TARGET_POWER for k in range(MIN_PAIRS, estimate.pairs_for_target))


def test_a_rare_cramp_gets_no_pairs_within_the_limit() -> None:
    assert estimate_power(Design(), 0.05).pairs_for_target is None


def test_without_an_effect_fewer_is_rarely_found() -> None:
    curve = power_curve(Design(), 0.4, rate_ratio=1.0)
    assert max(curve.values()) <= 0.05


def test_stronger_effects_and_more_cramp_nights_give_more_power() -> None:
    design = Design(block_days=21, pairs=5, washout_days=3)
    assert power_of(design, 0.5, rate_ratio=0.25) > power_of(design, 0.5, rate_ratio=0.5)
    assert power_of(design, 0.7) > power_of(design, 0.2)


@pytest.mark.parametrize("rate", [0.0, -0.1, 1.5, float("nan")])
def test_a_rate_outside_zero_to_one_is_refused(rate: float) -> None:
    with pytest.raises(ValueError, match=r"^cramp_night_rate: a share above 0"):
        estimate_power(Design(), rate)


def test_a_logged_share_outside_zero_to_one_is_refused() -> None:
    with pytest.raises(ValueError, match=r"^logged_share"):
        estimate_power(Design(), 0.3, logged_share=0.0)
