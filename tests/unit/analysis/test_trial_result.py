"""The trial result: per-block counts, the block-level test, the labels, the journal day rule."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cramplog.analysis.daily import load_daily
from cramplog.analysis.trial_design import Design, TrialPlan, make_plan
from cramplog.analysis.trial_result import (
    PRIOR_SD,
    Night,
    fieller_interval,
    label_codes,
    min_possible_p,
    nights_from_daily,
    pair_test,
    posterior_benefit,
    randomization_p,
    trial_result,
)
from tests.unit.analysis.conftest import Builder

START = dt.date(2026, 1, 5)
DESIGN = Design(block_days=14, pairs=3, washout_days=3)

# Which compared night (1..11) of a block has a cramp, by arm.
Pattern = Callable[[str, int, int], bool]


def nights_for(
    plan: TrialPlan, cramp: Pattern, logged: Callable[[dt.date], bool] | None = None
) -> list[Night]:
    """Every day of the plan logged unless ``logged`` says not; cramps from ``cramp``."""
    out: list[Night] = []
    for block in plan.blocks:
        for i, day in enumerate(block.days(), start=1):
            if logged is not None and not logged(day):
                continue
            out.append(Night(day, cramp(block.arm, block.pair, i), None))
    return out


def after(plan: TrialPlan) -> dt.date:
    return plan.end + dt.timedelta(days=1)


def every_other_night_on_control(arm: str, pair: int, day: int) -> bool:
    """Control: a cramp every other night; intervention: one in the block."""
    return day % 2 == 0 if arm == "A" else day == 9


def test_clearly_fewer_cramp_nights_with_the_intervention() -> None:
    plan = make_plan(DESIGN, START, seed=4)
    result = trial_result(
        plan,
        nights_for(plan, every_other_night_on_control),
        today=after(plan),
        intervention="magnesium",
    )
    assert result.kind == "fewer"
    assert result.label == "fewer cramp nights with magnesium"
    assert not result.interim
    assert result.rate_ratio is not None and result.ci_high is not None
    assert result.rate_ratio < result.ci_high < 1
    assert result.ci_low is not None and 0 <= result.ci_low < result.rate_ratio
    # Day 4..14 are compared: control has cramps on 4,6,...,14 (6 nights), B on 9 (1).
    a_blocks = [b for b in result.blocks if b.arm == "A"]
    b_blocks = [b for b in result.blocks if b.arm == "B"]
    assert {(b.nights_logged, b.cramp_nights, b.nights_washout) for b in a_blocks} == {(11, 6, 3)}
    assert {(b.nights_logged, b.cramp_nights, b.nights_washout) for b in b_blocks} == {(11, 1, 3)}
    assert result.rate_ratio == pytest.approx(1 / 6)
    # Three pairs all the same way: the smallest p three pairs can give.
    assert result.p_min_possible == pytest.approx(0.25)
    assert result.p_randomization == pytest.approx(0.25)
    assert result.posterior_prob_benefit is not None and result.posterior_prob_benefit > 0.95
    assert result.pairs_analysed == 3
    assert "mean 0, SD 0.25" in result.prior


def test_clearly_more_cramp_nights_with_the_intervention() -> None:
    plan = make_plan(DESIGN, START, seed=4)

    def more(arm: str, pair: int, day: int) -> bool:
        return every_other_night_on_control("B" if arm == "A" else "A", pair, day)

    result = trial_result(
        plan, nights_for(plan, more), today=after(plan), intervention="stretching"
    )
    assert result.kind == "more"
    assert result.label == "more cramp nights with stretching"
    assert result.ci_low is not None and result.ci_low > 1
    assert result.posterior_prob_benefit is not None and result.posterior_prob_benefit < 0.05


def test_the_same_nights_in_both_arms_is_no_clear_difference() -> None:
    plan = make_plan(DESIGN, START, seed=4)

    def same(arm: str, pair: int, day: int) -> bool:
        return day % 3 == 0 or (pair == 2 and day == 13)

    result = trial_result(plan, nights_for(plan, same), today=after(plan), intervention="water")
    assert result.kind == "no clear difference"
    assert result.label == "no clear difference"
    assert result.rate_ratio == pytest.approx(1.0)
    assert result.ci_low is not None and result.ci_high is not None
    assert result.ci_low < 1 < result.ci_high
    assert result.p_randomization == pytest.approx(1.0)
    assert result.posterior_prob_benefit == pytest.approx(0.5, abs=1e-6)


def test_pairs_going_opposite_ways_are_no_clear_difference() -> None:
    plan = make_plan(DESIGN, START, seed=4)

    def mixed(arm: str, pair: int, day: int) -> bool:
        if pair == 3:  # the last pair goes the other way
            arm = "B" if arm == "A" else "A"
        return every_other_night_on_control(arm, pair, day)

    result = trial_result(plan, nights_for(plan, mixed), today=after(plan), intervention="X")
    assert result.kind == "no clear difference"
    assert result.p_randomization is not None and result.p_randomization > 0.25


def test_an_interim_look_never_concludes() -> None:
    plan = make_plan(DESIGN, START, seed=4)
    nights = nights_for(plan, every_other_night_on_control)
    # On the last day its night is still to come: not finished.
    for today in (START, START + dt.timedelta(days=60), plan.end):
        result = trial_result(plan, nights, today=today, intervention="magnesium")
        assert result.kind == "not finished" and result.label == "not finished"
        assert result.interim
    # Two pairs complete: figures are shown, marked interim, no conclusion.
    result = trial_result(plan, nights, today=START + dt.timedelta(days=60), intervention="X")
    assert result.pairs_analysed == 2
    assert result.rate_ratio == pytest.approx(1 / 6)
    # Nights after "today" are not counted.
    assert sum(b.nights_logged + b.nights_washout for b in result.blocks) == 60 + 1


def test_before_the_start_nothing_is_counted() -> None:
    plan = make_plan(DESIGN, START, seed=4)
    result = trial_result(plan, [], today=START - dt.timedelta(days=3), intervention="X")
    assert result.kind == "not finished" and result.rate_ratio is None
    assert result.p_randomization is None and result.posterior_prob_benefit is None
    assert result.p_min_possible == pytest.approx(0.25)
    assert all(b.nights_logged == 0 for b in result.blocks)


def test_too_few_logged_nights_is_said_so_and_missing_nights_are_not_zeros() -> None:
    plan = make_plan(DESIGN, START, seed=4)
    b_blocks = [b for b in plan.blocks if b.arm == "B"]

    def logged(day: dt.date) -> bool:
        # Two intervention blocks logged on only 3 of their 11 compared nights.
        return not any(
            b.pair != 1 and b.compared_start + dt.timedelta(days=3) <= day <= b.end
            for b in b_blocks
        )

    result = trial_result(
        plan,
        nights_for(plan, every_other_night_on_control, logged),
        today=after(plan),
        intervention="X",
    )
    assert result.kind == "too few logged nights"
    assert [b.usable for b in result.blocks if b.arm == "B"].count(False) == 2
    unlogged = [b for b in result.blocks if not b.usable]
    assert all(b.nights_logged == 3 for b in unlogged)


def test_an_unlogged_night_is_missing_not_a_night_without_cramps() -> None:
    plan = make_plan(DESIGN, START, seed=4)

    def cramps_only_when_logged(arm: str, pair: int, day: int) -> bool:
        return day % 2 == 0 if arm == "A" else True

    def logged(day: dt.date) -> bool:
        # The B blocks are logged only up to their 10th day (every night a cramp).
        where = plan.locate(day)
        assert where is not None
        return where.block.arm == "A" or where.day_in_block <= 10

    result = trial_result(
        plan, nights_for(plan, cramps_only_when_logged, logged), today=after(plan), intervention="X"
    )
    # B: every logged compared night (4th to 10th) had a cramp (share 1); A: 6 of 11.
    b = [x for x in result.blocks if x.arm == "B"]
    assert {(x.nights_logged, x.cramp_nights) for x in b} == {(7, 7)}
    assert result.rate_ratio == pytest.approx(11 / 6)


def test_washout_nights_are_left_out() -> None:
    plan = make_plan(DESIGN, START, seed=4)

    def washout_only(arm: str, pair: int, day: int) -> bool:
        return arm == "A" and day <= 3  # cramps only in the control blocks' washout

    result = trial_result(plan, nights_for(plan, washout_only), today=after(plan), intervention="X")
    assert all(b.cramp_nights == 0 and b.nights_washout == 3 for b in result.blocks)
    assert result.kind == "no clear difference"
    assert result.rate_ratio is None  # no cramp night in any compared control night


def test_nights_outside_the_plan_are_ignored_and_adherence_is_counted() -> None:
    plan = make_plan(DESIGN, START, seed=4)
    nights = [
        Night(START - dt.timedelta(days=1), True, True),
        Night(START, False, True),
        Night(START + dt.timedelta(days=5), True, False),
        Night(START + dt.timedelta(days=6), False, None),
        Night(plan.end + dt.timedelta(days=1), True, True),
    ]
    result = trial_result(plan, nights, today=after(plan), intervention="X")
    first = result.blocks[0]
    assert (first.nights_logged, first.cramp_nights, first.nights_washout) == (2, 1, 1)
    assert (first.nights_adhered, first.nights_adherence_known) == (1, 2)
    assert sum(b.nights_logged + b.nights_washout for b in result.blocks) == 3


def test_randomization_p_counts_every_allowed_allocation() -> None:
    d = np.array([-0.3, -0.2, 0.1])
    # Sign patterns (8): |mean| of ±0.3 ±0.2 ±0.1 over 3; observed |-0.4/3|.
    # Sums: 0.6, 0.4, 0.2, 0.0 (each twice); at least 0.4: 4 of 8.
    assert randomization_p(d) == pytest.approx(0.5)
    assert randomization_p(np.array([-0.1, -0.2, -0.3, -0.4])) == pytest.approx(2 / 16)
    assert min_possible_p(3) == pytest.approx(0.25)
    assert min_possible_p(6) == pytest.approx(1 / 32)


def test_posterior_is_a_half_at_no_difference_and_follows_the_estimate() -> None:
    assert posterior_benefit(0.0, 0.1, 2) == pytest.approx(0.5, abs=1e-9)
    assert posterior_benefit(-0.2, 0.05, 5) > 0.99
    assert posterior_benefit(0.2, 0.05, 5) < 0.01
    # The prior pulls toward no difference: a vague estimate stays near a half.
    vague = posterior_benefit(-0.2, 1.0, 2)
    assert 0.5 < vague < 0.75
    assert PRIOR_SD == 0.25


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 11), st.integers(0, 11)),
        min_size=2,
        max_size=6,
    )
)
# Almost no control cramp nights: the kept ratios are two pieces, one near 0.
@example(pairs=[(0, 2), (0, 2), (1, 4)])
def test_the_interval_excludes_one_exactly_when_the_test_rejects(
    pairs: list[tuple[int, int]],
) -> None:
    y_a = np.array([float(a) for a, _ in pairs])
    y_b = np.array([float(b) for _, b in pairs])
    n = np.full(len(pairs), 11.0)
    test = pair_test(y_a, n, y_b, n)
    code = int(label_codes(test))
    low, high = fieller_interval(y_a, n, y_b, n)
    if code < 0:
        assert high is not None and high < 1
    elif code > 0:
        assert low is not None and low > 1
    elif low is not None:
        # Not rejected at R = 1: 1 is inside the interval (up to the grid's step).
        assert low <= 1.0 + 5e-3 and (high is None or high >= 1.0 - 5e-3)


def test_too_few_pairs_give_no_test() -> None:
    one = np.array([3.0])
    test = pair_test(one, one + 8, one, one + 8)
    assert math.isnan(float(test.se))
    assert int(label_codes(test)) == 0


def test_nights_from_the_daily_frame_keep_only_logged_days() -> None:
    days = pd.date_range("2026-03-01", periods=4, freq="D")
    frame = pd.DataFrame(
        {"logged": [True, False, True, np.nan], "cramp_night": [1.0, np.nan, 0.0, np.nan]},
        index=days,
    )
    nights = nights_from_daily(frame, {dt.date(2026, 3, 3): False})
    assert nights == [
        Night(dt.date(2026, 3, 1), True, None),
        Night(dt.date(2026, 3, 3), False, False),
    ]


def test_a_cramp_after_midnight_counts_for_the_evening_before(build: Builder) -> None:
    plan = make_plan(Design(block_days=7, pairs=2, washout_days=0), dt.date(2026, 3, 2), seed=1)
    build.drink("2026-03-02", 500)
    build.drink("2026-03-03", 500)
    build.cramp("2026-03-04", "02:30")  # the night of the 3rd
    daily = load_daily(build.db, plan.start, plan.end, lookback_days=0)
    nights = nights_from_daily(daily)
    assert [(n.day, n.cramp) for n in nights] == [
        (dt.date(2026, 3, 2), False),
        (dt.date(2026, 3, 3), True),
    ]
    result = trial_result(plan, nights, today=dt.date(2026, 3, 10), intervention="X")
    first = result.blocks[0]
    assert (first.nights_logged, first.cramp_nights) == (2, 1)
