"""Journals for trial tests, built through the services layer as a person would log them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from cramplog.domain import Trial
from cramplog.services import Journal

UTC = dt.UTC


def log_nights(
    journal: Journal,
    trial: Trial,
    cramp: Callable[[str, int], bool],
    *,
    until: dt.date | None = None,
    skip: Callable[[dt.date], bool] = lambda day: False,
) -> None:
    """Log every night of ``trial`` up to ``until``: a glass of water in the evening
    (so the day is logged) and, where ``cramp(arm, n)`` says so for the n-th day of
    the block, a cramp at 02:30 the next morning, which belongs to the evening before."""
    last = until or trial.end
    for block in trial.blocks:
        day = block.start
        n = 0
        while day <= min(block.end, last):
            n += 1
            if not skip(day):
                evening = dt.datetime.combine(day, dt.time(20, 0), UTC)
                journal.log_drink(at=evening, kind="water", ml=250)
                if cramp(block.arm, n):
                    night = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(2, 30), UTC)
                    journal.log_cramp(at=night, muscle="calf", side="left", severity=6)
            day += dt.timedelta(days=1)


def fewer_with_b(arm: str, n: int) -> bool:
    """Cramps on 6 nights of 7 in control blocks, 1 of 7 in intervention blocks."""
    return n % 7 != 0 if arm == "A" else n % 7 == 3


def no_difference(arm: str, n: int) -> bool:
    """Cramps every other night whichever the arm."""
    return n % 2 == 0
