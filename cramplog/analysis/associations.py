"""Do low days go with more cramp nights? 2x2 tables for the fixed family of exposures.

For each exposure: the days where both the exposure and the outcome are
known, split into exposed / not exposed and cramp night / not; the risk of a
cramp night in each group with a Wilson 95% interval; the risk ratio with
its 95% interval; Fisher's exact p; Benjamini-Hochberg q across the
exposures that were tested. Labels:

- "not enough data": the journal fails the gate (under 60 logged days or
  under 10 cramp nights), or this exposure has under 10 exposed days, 10
  unexposed days or 10 cramp nights among the days it can be judged on.
- "possible pattern": the risk ratio's 95% interval excludes 1, q < 0.10
  (Benjamini-Hochberg over the whole family), and the difference points the
  same way in the first and in the second half of those days.
- "no clear difference": everything else that was tested.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from cramplog.analysis.exposures import EXPOSURES
from cramplog.analysis.labels import NO_CLEAR_DIFFERENCE, NOT_ENOUGH_DATA, POSSIBLE_PATTERN
from cramplog.analysis.stats import benjamini_hochberg, fisher_p, risk_ratio, wilson

MIN_DAYS_LOGGED = 60
MIN_CRAMP_NIGHTS = 10
MIN_EXPOSED_DAYS = 10
MIN_UNEXPOSED_DAYS = 10
Q_THRESHOLD = 0.10
RESTRICTED = "low-fluid days are not judged under a prescribed fluid restriction"


@dataclass(frozen=True, slots=True)
class Gate:
    passed: bool
    days_logged: int
    cramp_nights: int
    missing: tuple[str, ...]
    message: str


@dataclass(frozen=True, slots=True)
class Half:
    start: dt.date
    end: dt.date
    risk_exposed: float | None
    risk_unexposed: float | None


@dataclass(frozen=True, slots=True)
class Finding:
    exposure: str
    description: str
    exposed_days: int
    exposed_cramp_nights: int
    unexposed_days: int
    unexposed_cramp_nights: int
    risk_exposed: float | None
    risk_exposed_ci: tuple[float, float] | None
    risk_unexposed: float | None
    risk_unexposed_ci: tuple[float, float] | None
    risk_ratio: float | None
    ci_low: float | None
    ci_high: float | None
    p: float | None
    q: float | None
    label: str
    direction: str | None  # "more" or "fewer" cramp nights on exposed days
    halves: tuple[Half, Half] | None
    direction_holds: bool | None
    missing: tuple[str, ...]


def too_little_sentence(missing: Sequence[str]) -> str:
    """What a closed gate says, as one sentence (the app, the report)."""
    return "Not enough data yet to compare days: " + " and ".join(missing) + "."


def check_gate(period: pd.DataFrame) -> Gate:
    days_logged = int(period["logged"].sum())
    cramp_nights = int(np.nansum(period["cramp_night"].to_numpy(dtype=float)))
    missing: list[str] = []
    if days_logged < MIN_DAYS_LOGGED:
        missing.append(
            f"{MIN_DAYS_LOGGED - days_logged} more logged days"
            f" ({days_logged} of the {MIN_DAYS_LOGGED} needed)"
        )
    if cramp_nights < MIN_CRAMP_NIGHTS:
        missing.append(
            f"{MIN_CRAMP_NIGHTS - cramp_nights} more nights with a cramp logged"
            f" ({cramp_nights} of the {MIN_CRAMP_NIGHTS} needed)"
        )
    if missing:
        message = "not enough data yet: " + " and ".join(missing) + " before comparing days"
    else:
        message = (
            f"{days_logged} logged days and {cramp_nights} cramp nights: enough to compare days"
        )
    return Gate(not missing, days_logged, cramp_nights, tuple(missing), message)


def _risk(events: int, days: int) -> float | None:
    return events / days if days else None


def _halves(days: pd.DatetimeIndex, exposed: np.ndarray, night: np.ndarray) -> tuple[Half, Half]:
    """Split the analysed days in time order into two halves of equal size."""
    middle = len(days) // 2
    parts = []
    for part in (slice(0, middle), slice(middle, len(days))):
        x, y, d = exposed[part], night[part], days[part]
        n1, n0 = int(x.sum()), int((~x).sum())
        parts.append(
            Half(
                start=d[0].date(),
                end=d[-1].date(),
                risk_exposed=_risk(int(y[x].sum()), n1),
                risk_unexposed=_risk(int(y[~x].sum()), n0),
            )
        )
    return parts[0], parts[1]


def _holds(half: Half, direction: str) -> bool:
    if half.risk_exposed is None or half.risk_unexposed is None:
        return False
    if direction == "more":
        return half.risk_exposed > half.risk_unexposed
    return half.risk_exposed < half.risk_unexposed


def _untested(
    key: str, description: str, counts: tuple[int, int, int, int], missing: tuple[str, ...]
) -> Finding:
    a, n1, c, n0 = counts
    return Finding(
        key,
        description,
        n1,
        a,
        n0,
        c,
        _risk(a, n1),
        wilson(a, n1),
        _risk(c, n0),
        wilson(c, n0),
        None,
        None,
        None,
        None,
        None,
        NOT_ENOUGH_DATA,
        None,
        None,
        None,
        missing,
    )


def find_associations(
    period: pd.DataFrame,
    exposures: pd.DataFrame,
    gate: Gate,
    switched_off: frozenset[str] = frozenset(),
) -> list[Finding]:
    """One Finding per exposure in the family, in the family's order."""
    outcome = period["cramp_night"]
    tested: list[tuple[int, float]] = []
    drafts: list[Finding] = []
    for exposure in EXPOSURES:
        column = exposures[exposure.key].reindex(period.index)
        usable = column.notna().to_numpy() & outcome.notna().to_numpy()
        x = column.to_numpy()[usable] == 1.0
        y = outcome.to_numpy()[usable] == 1.0
        days = pd.DatetimeIndex(period.index[usable])
        n1, n0 = int(x.sum()), int((~x).sum())
        a, c = int(y[x].sum()), int(y[~x].sum())
        missing: list[str] = []
        if exposure.key in switched_off:
            drafts.append(
                _untested(exposure.key, exposure.description, (a, n1, c, n0), (RESTRICTED,))
            )
            continue
        if not gate.passed:
            missing.extend(gate.missing)
        if n1 < MIN_EXPOSED_DAYS:
            missing.append(f"{MIN_EXPOSED_DAYS - n1} more exposed days ({n1} so far)")
        if n0 < MIN_UNEXPOSED_DAYS:
            missing.append(f"{MIN_UNEXPOSED_DAYS - n0} more unexposed days ({n0} so far)")
        if gate.passed and a + c < MIN_CRAMP_NIGHTS:
            missing.append(
                f"{MIN_CRAMP_NIGHTS - a - c} more cramp nights on days this can be judged"
                f" ({a + c} so far)"
            )
        if missing:
            drafts.append(
                _untested(exposure.key, exposure.description, (a, n1, c, n0), tuple(missing))
            )
            continue
        rr = risk_ratio(a, n1, c, n0)
        risk1, risk0 = a / n1, c / n0
        direction = "more" if risk1 > risk0 else "fewer" if risk1 < risk0 else None
        halves = _halves(days, x, y)
        holds = direction is not None and all(_holds(h, direction) for h in halves)
        p = fisher_p(a, n1 - a, c, n0 - c)
        tested.append((len(drafts), p))
        drafts.append(
            Finding(
                exposure=exposure.key,
                description=exposure.description,
                exposed_days=n1,
                exposed_cramp_nights=a,
                unexposed_days=n0,
                unexposed_cramp_nights=c,
                risk_exposed=risk1,
                risk_exposed_ci=wilson(a, n1),
                risk_unexposed=risk0,
                risk_unexposed_ci=wilson(c, n0),
                risk_ratio=rr[0] if rr else None,
                ci_low=rr[1] if rr else None,
                ci_high=rr[2] if rr else None,
                p=p,
                q=None,
                label=NO_CLEAR_DIFFERENCE,
                direction=direction,
                halves=halves,
                direction_holds=holds,
                missing=(),
            )
        )
    q_values = benjamini_hochberg([p for _, p in tested])
    for (position, _), q in zip(tested, q_values, strict=True):
        draft = drafts[position]
        drafts[position] = replace(draft, q=q, label=label_for(replace(draft, q=q)))
    return drafts


def label_for(finding: Finding) -> str:
    """The label of a tested comparison: the one place the rule is written.

    A label must never contradict the interval shown beside it, so q alone is
    not enough: the interval has to exclude 1 as well.
    """
    excludes_one = (finding.ci_low is not None and finding.ci_low > 1.0) or (
        finding.ci_high is not None and finding.ci_high < 1.0
    )
    if (
        excludes_one
        and finding.q is not None
        and finding.q < Q_THRESHOLD
        and bool(finding.direction_holds)
    ):
        return POSSIBLE_PATTERN
    return NO_CLEAR_DIFFERENCE
