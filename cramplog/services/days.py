"""A journal's days in plain Python: what the Today and History views show.

The same SQL sums the analysis builds its pandas frame from
(:mod:`cramplog.storage.daysums`), folded into small dataclasses
(:mod:`cramplog.services.day_totals`), so the TUI can show a day's intake
against its targets without importing pandas, and both always agree on what
a day holds.
"""

from __future__ import annotations

import datetime as dt

from cramplog.domain import Profile
from cramplog.services.day_totals import DaySums, DayTotals, NutrientDay, fold, totals_between
from cramplog.services.journal import Journal
from cramplog.storage.daysums import daily_statements
from cramplog.times import current_journal_day

__all__ = ["DayTotals", "NutrientDay", "day_range"]


def _sums(journal: Journal, start: dt.date, end: dt.date) -> dict[dt.date, DaySums]:
    with journal.db.engine.connect() as conn:
        results = (conn.execute(stmt) for stmt in daily_statements(start, end))
        return fold((list(result.keys()), result) for result in results)


def day_range(
    journal: Journal,
    start: dt.date,
    end: dt.date,
    profile: Profile | None = None,
    today: dt.date | None = None,
) -> list[DayTotals]:
    """Every day from ``start`` to ``end`` inclusive, oldest first.

    ``today``: the current journal day (default: by the clock), shown as in progress.
    """
    profile = profile or journal.profile()
    current = today or current_journal_day(profile.day_start_hour)
    return totals_between(_sums(journal, start, end), start, end, profile, current)
