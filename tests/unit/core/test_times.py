from __future__ import annotations

import datetime as dt

import pytest

from cramplog.domain import ValidationError
from cramplog.times import (
    from_storage,
    journal_day,
    parse_date,
    parse_duration,
    parse_time,
    to_storage,
)

TZ = dt.timezone(dt.timedelta(hours=1))
NOW = dt.datetime(2026, 3, 10, 9, 15, 42, 123456, tzinfo=TZ)


def test_cramp_at_0230_belongs_to_previous_journal_day() -> None:
    at = dt.datetime(2026, 3, 5, 2, 30, tzinfo=TZ)
    assert journal_day(at) == dt.date(2026, 3, 4)


@pytest.mark.parametrize(
    ("clock", "expected"),
    [
        ((3, 59), dt.date(2026, 3, 4)),
        ((4, 0), dt.date(2026, 3, 5)),
        ((23, 59), dt.date(2026, 3, 5)),
    ],
)
def test_day_boundary_is_0400(clock: tuple[int, int], expected: dt.date) -> None:
    assert journal_day(dt.datetime(2026, 3, 5, *clock, tzinfo=TZ)) == expected


def test_day_start_hour_is_configurable() -> None:
    at = dt.datetime(2026, 3, 5, 5, 30, tzinfo=TZ)
    assert journal_day(at, 6) == dt.date(2026, 3, 4)
    assert journal_day(at, 0) == dt.date(2026, 3, 5)


def test_journal_day_uses_local_wall_clock_not_utc() -> None:
    # 02:30 in Tokyo is 17:30 UTC the day before; the night is still the 4th.
    tokyo = dt.timezone(dt.timedelta(hours=9))
    assert journal_day(dt.datetime(2026, 3, 5, 2, 30, tzinfo=tokyo)) == dt.date(2026, 3, 4)


def test_now_drops_microseconds() -> None:
    assert parse_time("now", now=NOW) == NOW.replace(microsecond=0)


def test_clock_time_earlier_today() -> None:
    assert parse_time("02:30", now=NOW).replace(tzinfo=None) == dt.datetime(2026, 3, 10, 2, 30)


def test_clock_time_later_than_now_means_yesterday() -> None:
    assert parse_time("23:10", now=NOW).replace(tzinfo=None) == dt.datetime(2026, 3, 9, 23, 10)


def test_yesterday_with_clock() -> None:
    got = parse_time("yesterday 23:10", now=NOW)
    assert got.replace(tzinfo=None) == dt.datetime(2026, 3, 9, 23, 10)


def test_iso_with_offset_is_kept() -> None:
    got = parse_time("2026-03-05T02:30+05:30", now=NOW)
    assert got.utcoffset() == dt.timedelta(hours=5, minutes=30)
    assert got.hour == 2


def test_iso_without_offset_gets_local_offset() -> None:
    assert parse_time("2026-03-05T02:30", now=NOW).tzinfo is not None


@pytest.mark.parametrize("bad", ["", "25:00", "12:61", "tomorrow", "2026-13-01T00:00", "soon"])
def test_bad_times_name_the_field(bad: str) -> None:
    with pytest.raises(ValidationError) as info:
        parse_time(bad, field="time", now=NOW)
    assert info.value.field == "time"
    assert "time" in info.value.message


def test_dates() -> None:
    today = dt.date(2026, 3, 10)
    assert parse_date("today", today=today) == today
    assert parse_date("yesterday", today=today) == dt.date(2026, 3, 9)
    assert parse_date("2026-02-28", today=today) == dt.date(2026, 2, 28)
    with pytest.raises(ValidationError, match="is not a date"):
        parse_date("2026-02-30", today=today)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("90s", 90), ("2m", 120), ("2 min", 120), ("1m30s", 90), ("1:30", 90), ("3", 180)],
)
def test_durations(text: str, seconds: int) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("bad", ["", "abc", "-5", "25h", "99999"])
def test_bad_durations(bad: str) -> None:
    with pytest.raises(ValidationError, match="duration"):
        parse_duration(bad)


def test_storage_round_trip_keeps_offset() -> None:
    at = dt.datetime(2026, 3, 5, 2, 30, 15, tzinfo=dt.timezone(dt.timedelta(hours=-4)))
    utc, offset = to_storage(at)
    assert offset == -240
    assert utc == dt.datetime(2026, 3, 5, 6, 30, 15)
    back = from_storage(utc, offset)
    assert back == at
    assert back.isoformat() == at.isoformat()
