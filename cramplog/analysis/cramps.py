"""A description of the cramps themselves: how often, when, where, how bad, what helped."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sqlalchemy import select

from cramplog.analysis.daily import result_frame
from cramplog.storage.engine import Database
from cramplog.storage.models import CrampRow

# Local clock-hour bands; a cramp's band is read from the wall clock where it happened.
TIME_BANDS: tuple[tuple[str, int, int], ...] = (
    ("18:00-22:00", 18, 22),
    ("22:00-01:00", 22, 25),
    ("01:00-04:00", 1, 4),
    ("04:00-07:00", 4, 7),
    ("07:00-18:00", 7, 18),
)
_SPLIT = re.compile(r"\s*(?:,|;|/|\band\b|\+)\s*")


@dataclass(frozen=True, slots=True)
class CrampSummary:
    cramps: int
    cramp_nights: int
    days_logged: int
    per_week: float | None
    share_of_nights: float | None
    by_hour: tuple[int, ...]
    time_bands: dict[str, int]
    muscles: dict[str, int]
    sides: dict[str, int]
    median_duration_s: float | None
    timed_cramps: int
    severity_mean: float | None
    severity_median: float | None
    severity_max: int | None
    woke_from_sleep: int
    relieved_by: dict[str, int]
    red_flags: dict[str, int] = field(default_factory=dict)


def load_cramps(db: Database, start: dt.date, end: dt.date) -> pd.DataFrame:
    t = CrampRow
    stmt = select(
        t.journal_day,
        t.at_utc,
        t.utc_offset_min,
        t.muscle,
        t.side,
        t.severity,
        t.duration_s,
        t.woke_from_sleep,
        t.relieved_by,
        t.red_flags,
    ).where(t.journal_day.between(start, end))
    with db.engine.connect() as conn:
        frame = result_frame(conn.execute(stmt))
    frame["journal_day"] = pd.to_datetime(frame["journal_day"])
    return frame


def _counts(values: pd.Series) -> dict[str, int]:
    counted = values.value_counts()
    return {str(k): int(v) for k, v in counted.items()}


def _split_counts(values: pd.Series) -> dict[str, int]:
    counter: Counter[str] = Counter()
    for text in values:
        for part in _SPLIT.split(str(text or "").strip().lower()):
            if part:
                counter[part] += 1
    return dict(counter.most_common())


def describe_cramps(cramps: pd.DataFrame, period: pd.DataFrame) -> CrampSummary:
    """Cramps on logged days of the period (a day marked "not logged" is left out)."""
    logged_days = period.index[period["logged"].to_numpy(dtype=bool)]
    rows = cramps[cramps["journal_day"].isin(logged_days)] if len(cramps) else cramps
    days_logged = len(logged_days)
    nights = int(np.nansum(period["cramp_night"].to_numpy(dtype=float)))
    n = len(rows)
    if n:
        local = pd.to_datetime(rows["at_utc"]) + pd.to_timedelta(rows["utc_offset_min"], unit="m")
        hours = local.dt.hour.to_numpy()
    else:
        hours = np.array([], dtype=int)
    by_hour = tuple(int(x) for x in np.bincount(hours, minlength=24)[:24])
    bands = {name: int(sum(by_hour[h % 24] for h in range(lo, hi))) for name, lo, hi in TIME_BANDS}
    durations = pd.to_numeric(rows["duration_s"], errors="coerce").dropna() if n else pd.Series()
    severity = pd.to_numeric(rows["severity"]) if n else pd.Series(dtype=float)
    flags = _split_counts(rows["red_flags"]) if n else {}
    return CrampSummary(
        cramps=n,
        cramp_nights=nights,
        days_logged=days_logged,
        per_week=7 * n / days_logged if days_logged else None,
        share_of_nights=nights / days_logged if days_logged else None,
        by_hour=by_hour,
        time_bands=bands,
        muscles=_counts(rows["muscle"]) if n else {},
        sides=_counts(rows["side"]) if n else {},
        median_duration_s=float(durations.median()) if len(durations) else None,
        timed_cramps=len(durations),
        severity_mean=float(severity.mean()) if n else None,
        severity_median=float(severity.median()) if n else None,
        severity_max=int(severity.max()) if n else None,
        woke_from_sleep=int(rows["woke_from_sleep"].astype(bool).sum()) if n else 0,
        relieved_by=_split_counts(rows["relieved_by"]) if n else {},
        red_flags=flags,
    )
