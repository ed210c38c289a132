"""Times as people type them, and the journal day they belong to."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from cramplog.domain import DEFAULT_DAY_START_HOUR, ValidationError

TIME_HELP = (
    "use ISO 8601 (2026-03-05T02:30, with or without offset), 'now', '02:30' or 'yesterday 23:10'"
)
DATE_HELP = "use YYYY-MM-DD, 'today' or 'yesterday'"

FIRST_YEAR = 1900
LAST_YEAR = 2200
# The journal days a typed time can belong to. A day starts at up to 23:00, so
# a time at 00:30 on 1 January 1900 belongs to the night of 31 December 1899:
# every date a person types (list --day, --from, --to) accepts that day too.
FIRST_DAY = dt.date(FIRST_YEAR, 1, 1) - dt.timedelta(days=1)
LAST_DAY = dt.date(LAST_YEAR, 12, 31)

_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")
_RELATIVE = re.compile(r"^(today|yesterday)(?:\s+(\d{1,2}):(\d{2}))?$")
_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?![\d])")


def local_now() -> dt.datetime:
    return dt.datetime.now().astimezone()


def _attach(naive: dt.datetime, zone: dt.tzinfo | None = None) -> dt.datetime:
    """Attach ``zone``, or else the local UTC offset in force at that wall-clock time."""
    if naive.tzinfo is not None:
        return naive
    # fold=0: a wall-clock time the clocks pass twice (autumn) is the first of
    # the two, still in summer time, as calendars read it.
    return naive.replace(tzinfo=zone) if zone is not None else naive.replace(fold=0).astimezone()


def local_time(
    naive: dt.datetime, zone: dt.tzinfo | None = None, field: str = "time"
) -> dt.datetime:
    """``_attach``, refusing a local wall-clock time that never happens.

    When the clocks go forward (02:00 becomes 03:00), 02:30 does not exist;
    the system would silently move it by an hour, which reorders the night.
    """
    aware = _attach(naive, zone)
    if naive.tzinfo is None and zone is None and aware.replace(tzinfo=None) != naive:
        raise ValidationError(field, _skipped(field, naive))
    return aware


def _skipped(field: str, naive: dt.datetime) -> str:
    shown = f"{field} {naive:%H:%M} on {naive.day} {calendar.month_name[naive.month]} {naive.year}"
    # Read with the offsets before and after the change, the two UTC instants
    # lie either side of the moment the clocks changed; halve down to it.
    one, two = (naive.replace(fold=f).astimezone().astimezone(dt.UTC) for f in (0, 1))
    low, high = min(one, two), max(one, two)
    later = high.astimezone().utcoffset()
    if low == high or low.astimezone().utcoffset() == later:
        return f"{shown} does not exist here (the clocks changed)"
    while high - low > dt.timedelta(seconds=1):
        middle = low + dt.timedelta(seconds=(high - low).total_seconds() // 2)
        if middle.astimezone().utcoffset() == later:
            high = middle
        else:
            low = middle
    last = (high - dt.timedelta(minutes=1)).astimezone()
    first = high.astimezone()

    def when(at: dt.datetime) -> str:
        if at.date() == naive.date():
            return f"{at:%H:%M}"
        return f"{at:%H:%M} on {at.day} {calendar.month_name[at.month]}"

    return f"{shown} does not exist here (clocks went forward); use {when(last)} or {when(first)}"


def _no_such_day(text: str) -> str | None:
    """Why the YYYY-MM-DD that ``text`` starts with is not a day, in plain words."""
    match = _ISO_DAY.match(text.strip())
    if not match:
        return None
    year, month, day = (int(g) for g in match.groups())
    if year < 1:
        return "there is no year 0"
    if not 1 <= month <= 12:
        return f"there is no month {month:02d} (months are 01-12)"
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        name = calendar.month_name[month]
        return f"there is no day {day:02d} in {name} {year} (it has {days} days)"
    return None


def not_a_day(field: str, text: str, what: str, usage: str) -> ValidationError:
    """The error for ``text`` that did not parse as a ``what`` (a date or a time)."""
    return ValidationError(
        field, f"{field} {text!r} is not a {what}: {_no_such_day(text) or usage}"
    )


def _clock(field: str, hour: str, minute: str) -> dt.time:
    h, m = int(hour), int(minute)
    if not (0 <= h <= 23 and 0 <= m <= 59):
        raise ValidationError(field, f"{field} must be a real clock time: {TIME_HELP}")
    return dt.time(h, m)


def parse_time(
    text: str,
    *,
    field: str = "time",
    now: dt.datetime | None = None,
    zone: dt.tzinfo | None = None,
) -> dt.datetime:
    """Parse a time as typed; the result is timezone-aware.

    A time typed without an offset is read in ``zone`` when one is given (an
    edit reads it in the entry's own offset, so saving an unchanged time, or
    changing it, never moves the entry to the offset the computer has today),
    otherwise in the local offset in force at that wall-clock time.

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
        day = now.date()
        if _attach(dt.datetime.combine(day, clock), zone) > now + dt.timedelta(minutes=1):
            day -= dt.timedelta(days=1)
        return local_time(dt.datetime.combine(day, clock), zone, field)
    match = _RELATIVE.match(raw)
    if match:
        day = now.date() - dt.timedelta(days=1 if match.group(1) == "yesterday" else 0)
        if match.group(2) is None:
            clock = now.timetz().replace(tzinfo=None)
        else:
            clock = _clock(field, match.group(2), match.group(3))
        return local_time(dt.datetime.combine(day, clock), zone, field)
    try:
        parsed = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise not_a_day(field, text, "time", TIME_HELP) from None
    if not FIRST_YEAR <= parsed.year <= LAST_YEAR:
        raise ValidationError(
            field, f"{field} must be between the years {FIRST_YEAR} and {LAST_YEAR}"
        )
    return local_time(parsed, zone, field)


def parse_date(text: str, *, field: str = "date", today: dt.date | None = None) -> dt.date:
    """A day as typed; ``today`` is what 'today' means (the current journal day
    where a journal day is asked for).

    Accepts every journal day a typed time can belong to (FIRST_DAY-LAST_DAY).
    """
    today = today or dt.date.today()
    raw = text.strip().lower()
    if raw == "today":
        return today
    if raw == "yesterday":
        return today - dt.timedelta(days=1)
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:
        raise not_a_day(field, text, "date", DATE_HELP) from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValidationError(
            field, f"{field} must be between {FIRST_DAY.isoformat()} and {LAST_DAY.isoformat()}"
        )
    return day


def journal_day(at: dt.datetime, day_start_hour: int = DEFAULT_DAY_START_HOUR) -> dt.date:
    """The journal day of a moment: a day runs from ``day_start_hour`` to the next.

    A cramp at 02:30 on the 5th, with days starting at 04:00, belongs to the
    night of the 4th and is compared with what was eaten and drunk that day.
    Uses the wall-clock time where it happened, not UTC.
    """
    local = at.replace(tzinfo=None)
    return (local - dt.timedelta(hours=day_start_hour)).date()


def in_the_night(at: dt.datetime, day_start_hour: int = DEFAULT_DAY_START_HOUR) -> bool:
    """Between midnight and the hour the journal day starts: the night before's small hours."""
    return at.hour < day_start_hour


def current_journal_day(day_start_hour: int = DEFAULT_DAY_START_HOUR) -> dt.date:
    return journal_day(local_now(), day_start_hour)


def to_storage(at: dt.datetime) -> tuple[dt.datetime, int]:
    """Split an aware time into naive UTC and its offset in minutes."""
    aware = local_time(at)
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
