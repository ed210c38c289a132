"""The period a report or an analysis covers when the person does not say it all.

One rule for the command line, the app and the report: a period ends on the
last complete day (yesterday) unless ``--to`` says otherwise, because today
is still going on (day_rule.in_progress); it never starts before the first
logged day, since weeks before a journal began hold nothing and would read
as weeks without cramps; and it never ends after today. When a bound the
person gave is moved, a note says so.

Plain dates only (no database, no pandas): the app uses it at start-up.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cramplog.domain import ValidationError

# What the report covers when no period is given.
DEFAULT_DAYS = 90


@dataclass(frozen=True, slots=True)
class Period:
    start: dt.date
    end: dt.date
    # One sentence per bound that was moved from what was asked.
    notes: tuple[str, ...] = ()


def last_complete_day(today: dt.date) -> dt.date:
    """Where a period ends by default: the day before today's journal day."""
    return today - dt.timedelta(days=1)


def resolve_period(
    span: tuple[dt.date, dt.date] | None,
    today: dt.date,
    start: dt.date | None = None,
    end: dt.date | None = None,
    *,
    days: int | None = DEFAULT_DAYS,
) -> Period:
    """The period to cover.

    ``span``: the first and last logged day (None for an empty journal);
    ``today``: the current journal day; ``start``/``end``: what the person
    gave; ``days``: the default length, None for the whole journal.
    """
    notes: list[str] = []
    if end is not None and end > today:
        notes.append(f"the end asked for, {end.isoformat()}, is after today; the period ends today")
        end = today
    if end is None:
        end = last_complete_day(today)
        if start is not None and start > end:
            # "--from today" asks for today, in progress as it is.
            end = today
        elif span is not None and span[0] > end:
            # A journal begun today has no complete day yet: show today so far.
            end = today
    if start is not None and start > end:
        raise ValidationError(
            "from",
            f"--from {start.isoformat()} is after the period's end ({end.isoformat()})",
        )
    first = span[0] if span is not None else None
    if start is None:
        start = end - dt.timedelta(days=days - 1) if days is not None else (first or end)
        if first is not None and start < first <= end:
            start = first
    elif first is not None and start < first <= end:
        notes.append(
            f"the start asked for, {start.isoformat()}, is before the first logged day;"
            f" the period starts there, on {first.isoformat()}"
        )
        start = first
    return Period(start, end, tuple(notes))


def days_text(days: list[dt.date]) -> str:
    """ "2026-03-01 to 2026-03-04, 2026-03-09": runs of days shown as ranges."""
    runs: list[tuple[dt.date, dt.date]] = []
    for day in sorted(days):
        if runs and day - runs[-1][1] == dt.timedelta(days=1):
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return ", ".join(a.isoformat() if a == b else f"{a} to {b}" for a, b in runs)
