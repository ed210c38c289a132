"""An n-of-1 trial's plan as data: pairs of blocks, arms, washout days, the allocation.

A trial is K pairs of blocks of N journal days. Each pair is randomly ordered
"AB" or "BA" (A = control, B = intervention); the first W days of every block
are washout, excluded from the comparison. The allocation comes from a seed,
so the same seed gives the same plan; it is fixed when the plan is made.

Nothing here reads the journal: days are journal days (``cramplog.day_rule``
decides which journal day a cramp belongs to), and a plan only says which of
them belong to which block and which are washout.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from dataclasses import dataclass
from typing import Literal, cast

Arm = Literal["A", "B"]
"""A = control, B = intervention."""
PairOrder = Literal["AB", "BA"]
ORDERS: tuple[PairOrder, PairOrder] = ("AB", "BA")

MIN_BLOCK_DAYS = 7
MAX_BLOCK_DAYS = 28
DEFAULT_BLOCK_DAYS = 14
DEFAULT_PAIRS = 3
# One pair leaves nothing to measure how much pairs differ by chance: two at least.
MIN_PAIRS = 2
MAX_PAIRS = 12
DEFAULT_WASHOUT_DAYS = 3
# Every block keeps at least this many nights for the comparison.
MIN_COMPARED_DAYS = 4


@dataclass(frozen=True, slots=True)
class Design:
    """The shape of a trial. Raises ValueError (naming the field and what is allowed) when invalid.

    ``block_days`` 7–28; ``pairs`` 2–12; ``washout_days`` 0 up to ``block_days`` - 4
    (at least 4 compared nights per block).
    """

    block_days: int = DEFAULT_BLOCK_DAYS
    pairs: int = DEFAULT_PAIRS
    washout_days: int = DEFAULT_WASHOUT_DAYS

    def __post_init__(self) -> None:
        _check_int("block_days", self.block_days, MIN_BLOCK_DAYS, MAX_BLOCK_DAYS)
        _check_int("pairs", self.pairs, MIN_PAIRS, MAX_PAIRS)
        _check_int("washout_days", self.washout_days, 0, self.block_days - MIN_COMPARED_DAYS)

    @property
    def compared_days(self) -> int:
        """Days per block that enter the comparison (block days minus washout)."""
        return self.block_days - self.washout_days

    @property
    def total_days(self) -> int:
        """Days the whole trial lasts (2 × pairs × block days)."""
        return 2 * self.pairs * self.block_days


def _check_int(name: str, value: object, low: int, high: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValueError(f"{name}: a whole number from {low} to {high} is allowed (got {value!r})")


@dataclass(frozen=True, slots=True)
class Block:
    """One block: ``index`` 1-based in time, ``pair`` 1-based, ``start``..``end`` inclusive."""

    index: int
    pair: int
    arm: Arm
    start: dt.date
    end: dt.date
    washout_days: int

    @property
    def washout_end(self) -> dt.date | None:
        """The last washout day, or None without washout."""
        if self.washout_days == 0:
            return None
        return self.start + dt.timedelta(days=self.washout_days - 1)

    @property
    def compared_start(self) -> dt.date:
        """The first day that enters the comparison."""
        return self.start + dt.timedelta(days=self.washout_days)

    def days(self) -> list[dt.date]:
        """Every day of the block, washout included."""
        n = (self.end - self.start).days + 1
        return [self.start + dt.timedelta(days=i) for i in range(n)]


@dataclass(frozen=True, slots=True)
class DayInTrial:
    """Where a journal day falls in a plan: its block, 1-based day in the block, washout or not."""

    block: Block
    day_in_block: int
    washout: bool


@dataclass(frozen=True, slots=True)
class TrialPlan:
    """A design placed in time with its allocation: one order per pair, fixed once made."""

    design: Design
    start: dt.date
    orders: tuple[PairOrder, ...]
    seed: int | None = None

    def __post_init__(self) -> None:
        if len(self.orders) != self.design.pairs:
            raise ValueError(
                f"orders: one per pair is needed ({self.design.pairs}), got {len(self.orders)}"
            )
        for order in self.orders:
            if order not in ORDERS:
                raise ValueError(f"orders: each is 'AB' or 'BA' (got {order!r})")

    @property
    def blocks(self) -> tuple[Block, ...]:
        """All blocks in time order (2 per pair)."""
        return tuple(self.block(i) for i in range(1, 2 * self.design.pairs + 1))

    def block(self, index: int) -> Block:
        """Block ``index`` (1-based, in time order)."""
        if not 1 <= index <= 2 * self.design.pairs:
            raise ValueError(f"block: 1 to {2 * self.design.pairs} (got {index})")
        n = self.design.block_days
        pair, second = divmod(index - 1, 2)
        start = self.start + dt.timedelta(days=(index - 1) * n)
        return Block(
            index=index,
            pair=pair + 1,
            arm=cast(Arm, self.orders[pair][second]),
            start=start,
            end=start + dt.timedelta(days=n - 1),
            washout_days=self.design.washout_days,
        )

    @property
    def end(self) -> dt.date:
        """The last day of the trial."""
        return self.start + dt.timedelta(days=self.design.total_days - 1)

    def locate(self, day: dt.date) -> DayInTrial | None:
        """Where ``day`` falls, or None before the start or after the end."""
        offset = (day - self.start).days
        if not 0 <= offset < self.design.total_days:
            return None
        block = self.block(offset // self.design.block_days + 1)
        day_in_block = offset % self.design.block_days + 1
        return DayInTrial(block, day_in_block, day_in_block <= self.design.washout_days)


def allocate(pairs: int, seed: int) -> tuple[PairOrder, ...]:
    """The seeded, reproducible order ("AB" or "BA") of each pair.

    One random bit per pair from Python's Mersenne Twister seeded with ``seed``
    (``getrandbits`` gives the same bits on every Python version).
    """
    _check_int("pairs", pairs, MIN_PAIRS, MAX_PAIRS)
    rng = random.Random(seed)
    return tuple(ORDERS[rng.getrandbits(1)] for _ in range(pairs))


def make_plan(design: Design, start: dt.date, seed: int) -> TrialPlan:
    """A plan starting on ``start`` with the allocation drawn from ``seed``."""
    return TrialPlan(design, start, allocate(design.pairs, seed), seed)


def plan_from_orders(
    design: Design, start: dt.date, orders: tuple[str, ...], seed: int | None = None
) -> TrialPlan:
    """Rebuild a stored plan from its stored orders (ValueError on a wrong count or order)."""
    checked: list[PairOrder] = []
    for order in orders:
        if order == "AB":
            checked.append("AB")
        elif order == "BA":
            checked.append("BA")
        else:
            raise ValueError(f"orders: each is 'AB' or 'BA' (got {order!r})")
    return TrialPlan(design, start, tuple(checked), seed)


def allowed_allocations(pairs: int) -> tuple[tuple[PairOrder, ...], ...]:
    """Every allocation the design allows: each pair AB or BA independently (2**pairs)."""
    if pairs < 1:
        raise ValueError(f"pairs: at least 1 (got {pairs})")
    return tuple(itertools.product(ORDERS, repeat=pairs))
