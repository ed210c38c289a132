"""The result of an n-of-1 trial, from the journal's nights and the plan. Pure.

Input: the plan and one ``Night`` per *logged* journal day (a day not logged
is absent: missing, never a night without cramps), with adherence where known.
Output: per block, nights logged, cramp nights and washout nights; overall, the
cramp-night rate ratio (intervention / control) with a 95% interval from a
block-level model, the randomisation-test p over the allocations the design
allows and the smallest p it can reach, the posterior probability of benefit,
and a label. The method and why: docs/trials.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from cramplog.analysis.trial_design import Arm, TrialPlan

LabelKind = Literal["fewer", "no clear difference", "more", "not finished", "too few logged nights"]


@dataclass(frozen=True, slots=True)
class Night:
    """One logged journal day: a cramp that night or not; ``adhered`` None when not recorded."""

    day: dt.date
    cramp: bool
    adhered: bool | None = None


@dataclass(frozen=True, slots=True)
class BlockResult:
    """One block's counts. Compared nights are logged nights outside the washout."""

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


@dataclass(frozen=True, slots=True)
class TrialResult:
    """The whole result. Figures are None where there is too little to compute them.

    ``label``: the words shown ("fewer cramp nights with magnesium", ...);
    ``kind``: which of the five labels. ``interim``: the trial has not ended
    (``today`` before the plan's end): figures are shown, the label is
    "not finished", never a conclusion. ``prior``: the stated prior, in words.
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


def nights_from_daily(
    frame: pd.DataFrame, adhered: dict[dt.date, bool] | None = None
) -> list[Night]:
    """Nights from the daily frame (``analysis.daily``: columns ``logged``, ``cramp_night``).

    Only logged days become nights; ``adhered`` maps journal days to adherence where known.
    """
    raise NotImplementedError


def trial_result(
    plan: TrialPlan,
    nights: Iterable[Night],
    *,
    today: dt.date,
    intervention: str,
) -> TrialResult:
    """The result of ``plan`` given the logged ``nights`` as of ``today``.

    Nights outside the plan's days are ignored; nights after ``today`` are ignored.
    """
    raise NotImplementedError
