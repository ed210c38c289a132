"""The day's figures at start-up, read before SQLAlchemy is loaded.

Importing SQLAlchemy, the models and the services takes the app most of a
second; the Today screen's week and targets need none of it. This reads the
same day sums (:mod:`cramplog.storage.daysums`, compiled to SQLite text in the
generated :mod:`cramplog.storage.daysums_sql`) and the profile with the
standard library's sqlite3, in one read transaction, and folds them with the
same code as :func:`cramplog.services.days.day_range`
(:mod:`cramplog.services.day_totals`): the figures are the journal's, not an
estimate. They are provisional all the same: the app replaces them with the
journal's own read as soon as the journal is open, and watches for changes
from that read on (storage.watch).

Anything unexpected (no file yet, an older schema, a busy or damaged file)
gives ``None``: the app then shows "Opening your journal…" until the journal
is open, as before.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from cramplog.domain import Profile
from cramplog.services.day_totals import DayTotals, fold, totals_between
from cramplog.storage import daysums_sql
from cramplog.storage.profile_of import profile_of
from cramplog.storage.sqlite_file import connect
from cramplog.times import journal_day

# Short: the journal's own open waits as long as it must.
BUSY_TIMEOUT_S = 0.5


@dataclass(frozen=True, slots=True)
class FirstFigures:
    profile: Profile
    today: dt.date  # the current journal day, by the profile's day-start hour
    week: list[DayTotals]  # the 7 days ending today, oldest first


def _params(params: tuple[object, ...], lo: dt.date, hi: dt.date) -> tuple[Any, ...]:
    ends = {daysums_sql.LO: lo.isoformat(), daysums_sql.HI: hi.isoformat()}
    return tuple(ends.get(p, p) if isinstance(p, str) else p for p in params)


def _read(conn: sqlite3.Connection, now: dt.datetime, days: int) -> FirstFigures | None:
    if conn.execute(daysums_sql.REVISION).fetchall() != [(daysums_sql.SCHEMA,)]:
        return None  # older (to be upgraded) or newer than these statements
    cursor = conn.execute(daysums_sql.PROFILE)
    names = [d[0] for d in cursor.description]
    row = cursor.fetchone()
    profile = profile_of(
        None if row is None else SimpleNamespace(**dict(zip(names, row, strict=True)))
    )
    today = journal_day(now, profile.day_start_hour)
    start = today - dt.timedelta(days=days - 1)
    results = []
    for sql, params in daysums_sql.DAY_SUMS:
        cursor = conn.execute(sql, _params(params, start, today))
        results.append(([d[0] for d in cursor.description], cursor.fetchall()))
    week = totals_between(fold(results), start, today, profile, today)
    return FirstFigures(profile, today, week)


def read_first_figures(path: Path, now: dt.datetime, days: int = 7) -> FirstFigures | None:
    """The profile and the ``days`` days ending today, or None when they cannot be read."""
    if not path.is_file():
        return None
    try:
        conn = connect(path, mode="ro", timeout=BUSY_TIMEOUT_S)
    except sqlite3.Error:
        return None
    try:
        with conn:
            conn.execute("BEGIN")  # one snapshot for the profile and every sum
            return _read(conn, now, days)
    except (sqlite3.Error, ValueError, KeyError, TypeError):
        return None
    finally:
        conn.close()
