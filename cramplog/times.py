"""Times as people type them, and the journal day they belong to."""

from __future__ import annotations

import datetime as dt
import re

from cramplog.domain import DEFAULT_DAY_START_HOUR, ValidationError

TIME_HELP = (
    "use ISO 8601 (2026-03-05T02:30, with or without offset), 'now', '02:30' or 'yesterday 23:10'"
)
DATE_HELP = "use YYYY-MM-DD, 'today' or 'yesterday'"

_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")
_RELATIVE = re.compile(r"^(today|yesterday)(?:\s+(\d{1,2}):(\d{2}))?$")


def local_now() -> dt.datetime:
    return dt.datetime.now().astimezone()


def _local(naive: dt.datetime) -> dt.datetime:
    """Attach the local UTC offset in force at that wall-clock time."""
    return naive.astimezone() if naive.tzinfo is None else naive


def _clock(field: str, hour: str, minute: str) -> dt.time:
    h, m = int(hour), int(minute)
    if not (0 <= h <= 23 and 0 <= m <= 59):
        raise ValidationError(field, f"{field} must be a real clock time: {TIME_HELP}")
    return dt.time(h, m)


def parse_time(text: str, *, field: str = "time", now: dt.datetime | None = None) -> dt.datetime:
    """Parse a time as typed; the result is timezone-aware.

    A bare clock time ("02:30") is the most recent such moment that is not in
    the future: typed at 08:00 it means this morning, typed at 01:00 it means
    02:30 yesterday — which is what someone logging a past cramp means.
    """
    # Seconds are the finest a person logs; microseconds only clutter exports.
    now = (now or local_now()).replace(microsecond=0)
    raw = text.strip().lower()
    if not raw:
        raise ValidationError(field, f"{field} is empty: {TIME_HELP}")
    if raw == "now":
        return now
    match = _CLOCK.match(raw)
    if match:
        clock = _clock(field, match.group(1), match.group(2))
        candidate = _local(dt.datetime.combine(now.date(), clock))
        if candidate > now + dt.timedelta(minutes=1):
            candidate = _local(dt.datetime.combine(now.date() - dt.timedelta(days=1), clock))
        return candidate
    match = _RELATIVE.match(raw)
    if match:
        day = now.date() - dt.timedelta(days=1 if match.group(1) == "yesterday" else 0)
        if match.group(2) is None:
            clock = now.timetz().replace(tzinfo=None)
        else:
            clock = _clock(field, match.group(2), match.group(3))
        return _local(dt.datetime.combine(day, clock))
    try:
        parsed = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError(field, f"{field} {text!r} is not a time: {TIME_HELP}") from None
    if not 1900 <= parsed.year <= 2200:
        raise ValidationError(field, f"{field} must be between the years 1900 and 2200")
    return _local(parsed)


def parse_date(text: str, *, field: str = "date", today: dt.date | None = None) -> dt.date:
    today = today or dt.date.today()
    raw = text.strip().lower()
    if raw == "today":
        return today
    if raw == "yesterday":
        return today - dt.timedelta(days=1)
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:
        raise ValidationError(field, f"{field} {text!r} is not a date: {DATE_HELP}") from None
    if not 1900 <= day.year <= 2200:
        raise ValidationError(field, f"{field} must be between the years 1900 and 2200")
    return day


def journal_day(at: dt.datetime, day_start_hour: int = DEFAULT_DAY_START_HOUR) -> dt.date:
    """The journal day of a moment: a day runs from ``day_start_hour`` to the next.

    A cramp at 02:30 on the 5th, with days starting at 04:00, belongs to the
    night of the 4th and is compared with what was eaten and drunk that day.
    Uses the wall-clock time where it happened, not UTC.
    """
    local = at.replace(tzinfo=None)
    return (local - dt.timedelta(hours=day_start_hour)).date()


def current_journal_day(day_start_hour: int = DEFAULT_DAY_START_HOUR) -> dt.date:
    return journal_day(local_now(), day_start_hour)


def to_storage(at: dt.datetime) -> tuple[dt.datetime, int]:
    """Split an aware time into naive UTC and its offset in minutes."""
    aware = _local(at)
    offset = aware.utcoffset() or dt.timedelta(0)
    utc = aware.astimezone(dt.UTC).replace(tzinfo=None)
    return utc, int(offset.total_seconds() // 60)


def from_storage(at_utc: dt.datetime, offset_min: int) -> dt.datetime:
    tz = dt.timezone(dt.timedelta(minutes=offset_min))
    return at_utc.replace(tzinfo=dt.UTC).astimezone(tz)


def parse_duration(text: str, *, field: str = "duration") -> int:
    """Seconds from '90s', '2m', '2 min', '1m30s', '1:30' or a bare number of minutes."""
    raw = text.strip().lower().replace(" ", "")
    if not raw:
        raise ValidationError(field, f"{field} is empty: use e.g. 90s, 2m, 1m30s or 1:30")
    if len(raw) > 32:
        # Nothing this long is a duration; int() of thousands of digits raises.
        raise ValidationError(
            field, f"{field} must be between 0 seconds and 24 hours, e.g. 90s, 2m, 1m30s or 1:30"
        )
    match = re.fullmatch(r"(\d{1,3}):(\d{2})", raw)
    if match:
        return int(match.group(1)) * 60 + int(match.group(2))
    match = re.fullmatch(
        r"(?:(\d+(?:\.\d+)?)(?:m|min|mins|minutes?))?(?:(\d+)(?:s|sec|secs|seconds?))?", raw
    )
    if match and (match.group(1) or match.group(2)):
        seconds = float(match.group(1) or 0) * 60 + int(match.group(2) or 0)
    else:
        try:
            seconds = float(raw) * 60
        except ValueError:
            raise ValidationError(
                field, f"{field} {text!r} is not a duration: use e.g. 90s, 2m, 1m30s or 1:30"
            ) from None
    if not 0 <= seconds <= 24 * 3600:
        raise ValidationError(field, f"{field} must be between 0 seconds and 24 hours")
    return round(seconds)
