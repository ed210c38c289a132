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
from dataclasses import dataclass
from typing import Literal

Arm = Literal["A", "B"]
"""A = control, B = intervention."""
PairOrder = Literal["AB", "BA"]

MIN_BLOCK_DAYS = 7
MAX_BLOCK_DAYS = 28
DEFAULT_BLOCK_DAYS = 14
DEFAULT_PAIRS = 3
MIN_PAIRS = 1
MAX_PAIRS = 12
DEFAULT_WASHOUT_DAYS = 3


@dataclass(frozen=True, slots=True)
class Design:
    """The shape of a trial. Raises ValueError (naming the field and what is allowed) when invalid.

    ``block_days`` 7–28; ``pairs`` 1–12; ``washout_days`` 0 up to ``block_days`` - 4
    (at least 4 compared nights per block).
    """

    block_days: int = DEFAULT_BLOCK_DAYS
    pairs: int = DEFAULT_PAIRS
    washout_days: int = DEFAULT_WASHOUT_DAYS

    @property
    def compared_days(self) -> int:
        """Days per block that enter the comparison (block days minus washout)."""
        raise NotImplementedError

    @property
    def total_days(self) -> int:
        """Days the whole trial lasts (2 × pairs × block days)."""
        raise NotImplementedError


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
        raise NotImplementedError

    @property
    def compared_start(self) -> dt.date:
        """The first day that enters the comparison."""
        raise NotImplementedError

    def days(self) -> list[dt.date]:
        """Every day of the block, washout included."""
        raise NotImplementedError


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

    @property
    def blocks(self) -> tuple[Block, ...]:
        """All blocks in time order (2 per pair)."""
        raise NotImplementedError

    @property
    def end(self) -> dt.date:
        """The last day of the trial."""
        raise NotImplementedError

    def locate(self, day: dt.date) -> DayInTrial | None:
        """Where ``day`` falls, or None before the start or after the end."""
        raise NotImplementedError


def allocate(pairs: int, seed: int) -> tuple[PairOrder, ...]:
    """The seeded, reproducible order ("AB" or "BA") of each pair."""
    raise NotImplementedError


def make_plan(design: Design, start: dt.date, seed: int) -> TrialPlan:
    """A plan starting on ``start`` with the allocation drawn from ``seed``."""
    raise NotImplementedError


def plan_from_orders(design: Design, start: dt.date, orders: tuple[str, ...]) -> TrialPlan:
    """Rebuild a stored plan from its stored orders (ValueError on a wrong count or order)."""
    raise NotImplementedError


def allowed_allocations(pairs: int) -> tuple[tuple[PairOrder, ...], ...]:
    """Every allocation the design allows: each pair AB or BA independently (2**pairs)."""
    raise NotImplementedError
