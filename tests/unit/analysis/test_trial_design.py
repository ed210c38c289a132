"""The trial plan as data: design limits, blocks, washout, the seeded allocation."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cramplog.analysis.trial_design import (
    MAX_BLOCK_DAYS,
    MAX_PAIRS,
    MIN_BLOCK_DAYS,
    MIN_PAIRS,
    Design,
    TrialPlan,
    allocate,
    allowed_allocations,
    make_plan,
    plan_from_orders,
)

START = dt.date(2026, 3, 2)


def test_defaults_are_three_pairs_of_two_weeks_with_three_washout_days() -> None:
    d = Design()
    assert (d.block_days, d.pairs, d.washout_days) == (14, 3, 3)
    assert d.compared_days == 11
    assert d.total_days == 84


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"block_days": 6}, "block_days"),
        ({"block_days": 29}, "block_days"),
        ({"pairs": 1}, "pairs"),
        ({"pairs": 13}, "pairs"),
        ({"washout_days": -1}, "washout_days"),
        ({"block_days": 7, "washout_days": 4}, "washout_days"),
        ({"pairs": True}, "pairs"),
    ],
)
def test_a_design_outside_the_limits_is_refused_naming_the_field(
    kwargs: dict[str, int], field: str
) -> None:
    with pytest.raises(ValueError, match=rf"^{field}: a whole number from"):
        Design(**kwargs)


def test_the_limits_themselves_are_allowed() -> None:
    Design(block_days=MIN_BLOCK_DAYS, pairs=MIN_PAIRS, washout_days=3)
    Design(block_days=MAX_BLOCK_DAYS, pairs=MAX_PAIRS, washout_days=24)


def test_the_same_seed_gives_the_same_allocation_and_it_is_stable() -> None:
    assert allocate(6, 42) == allocate(6, 42)
    # Fixed bits of Python's Mersenne Twister: a stored plan can be re-derived.
    assert allocate(6, 42) == ("BA", "AB", "AB", "BA", "AB", "AB")
    seen = {allocate(6, seed) for seed in range(40)}
    assert len(seen) > 10  # different seeds give different allocations


def test_each_pair_holds_one_control_and_one_intervention_block_back_to_back() -> None:
    plan = make_plan(Design(block_days=10, pairs=4, washout_days=2), START, seed=7)
    blocks = plan.blocks
    assert [b.index for b in blocks] == list(range(1, 9))
    assert blocks[0].start == START and blocks[-1].end == plan.end
    assert plan.end == START + dt.timedelta(days=79)
    for first, second in itertools.pairwise(blocks):
        assert second.start == first.end + dt.timedelta(days=1)
    for pair, order in enumerate(plan.orders, start=1):
        a, b = blocks[2 * pair - 2], blocks[2 * pair - 1]
        assert a.pair == b.pair == pair
        assert a.arm + b.arm == order
        assert {a.arm, b.arm} == {"A", "B"}
    first = blocks[0]
    assert first.washout_end == START + dt.timedelta(days=1)
    assert first.compared_start == START + dt.timedelta(days=2)
    assert len(first.days()) == 10


def test_no_washout_has_no_washout_end() -> None:
    plan = make_plan(Design(washout_days=0), START, seed=1)
    assert plan.blocks[0].washout_end is None
    assert plan.blocks[0].compared_start == START


def test_locate_says_block_day_and_washout() -> None:
    plan = make_plan(Design(block_days=14, pairs=3, washout_days=3), START, seed=3)
    assert plan.locate(START - dt.timedelta(days=1)) is None
    assert plan.locate(plan.end + dt.timedelta(days=1)) is None
    first = plan.locate(START)
    assert first is not None and first.block.index == 1 and first.day_in_block == 1
    assert first.washout
    third = plan.locate(START + dt.timedelta(days=2))
    assert third is not None and third.washout
    fourth = plan.locate(START + dt.timedelta(days=3))
    assert fourth is not None and not fourth.washout and fourth.day_in_block == 4
    later = plan.locate(START + dt.timedelta(days=14 * 3 + 5))
    assert later is not None and later.block.index == 4 and later.day_in_block == 6


def test_allowed_allocations_are_every_order_of_every_pair() -> None:
    allowed = allowed_allocations(3)
    assert len(allowed) == 8 and len(set(allowed)) == 8
    assert make_plan(Design(), START, seed=11).orders in allowed


def test_a_stored_plan_is_rebuilt_from_its_orders() -> None:
    plan = make_plan(Design(pairs=4), START, seed=5)
    again = plan_from_orders(plan.design, plan.start, tuple(plan.orders), seed=5)
    assert again == plan
    with pytest.raises(ValueError, match="orders: one per pair"):
        plan_from_orders(Design(pairs=4), START, ("AB", "BA"))
    with pytest.raises(ValueError, match="orders: each is 'AB' or 'BA'"):
        plan_from_orders(Design(pairs=2), START, ("AB", "AA"))
    with pytest.raises(ValueError, match="orders"):
        TrialPlan(Design(pairs=2), START, ("AB",))


@given(
    block_days=st.integers(MIN_BLOCK_DAYS, MAX_BLOCK_DAYS),
    pairs=st.integers(MIN_PAIRS, 5),
    washout=st.integers(0, 3),
    seed=st.integers(0, 2**32),
    offset=st.integers(0, 10_000),
)
def test_every_trial_day_falls_in_exactly_its_block(
    block_days: int, pairs: int, washout: int, seed: int, offset: int
) -> None:
    plan = make_plan(Design(block_days, pairs, washout), START, seed)
    day = START + dt.timedelta(days=offset % plan.design.total_days)
    where = plan.locate(day)
    assert where is not None
    assert where.block.start <= day <= where.block.end
    assert where.washout == (where.day_in_block <= washout)
    assert [b for b in plan.blocks if b.start <= day <= b.end] == [where.block]
