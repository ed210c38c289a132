"""The period of a journal to cover: cramplog.periods' rule with this journal's first day."""

from __future__ import annotations

import datetime as dt

from cramplog.analysis.daily import journal_span
from cramplog.periods import DEFAULT_DAYS, Period, resolve_period
from cramplog.storage.engine import Database
from cramplog.times import current_journal_day


def journal_period(
    db: Database,
    day_start_hour: int,
    start: dt.date | None = None,
    end: dt.date | None = None,
    *,
    days: int | None = DEFAULT_DAYS,
    today: dt.date | None = None,
) -> Period:
    """``start``..``end`` as the person gave them, the rest by the rule (periods.resolve_period)."""
    current = today or current_journal_day(day_start_hour)
    return resolve_period(journal_span(db), current, start, end, days=days)
