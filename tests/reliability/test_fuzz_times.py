"""Times, dates and durations as typed: any text gives a value or a clear error."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cramplog.domain import ValidationError
from cramplog.services import validate as v
from cramplog.times import (
    from_storage,
    journal_day,
    parse_date,
    parse_duration,
    parse_time,
    to_storage,
)

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
NOW = dt.datetime(2026, 3, 10, 9, 15, tzinfo=dt.timezone(dt.timedelta(hours=1)))

# Text people type into a time field, and text they should not.
time_like = st.one_of(
    st.text(max_size=40),
    st.from_regex(r"\A\s*\d{1,3}:\d{1,3}\s*\Z"),
    st.from_regex(r"\A(today|yesterday|now)( \d{1,2}:\d{2})?\Z"),
    st.from_regex(r"\A\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2})?([+-]\d{2}:\d{2}|Z)?)?\Z"),
)
minute_offsets = st.integers(min_value=-23 * 60 - 59, max_value=23 * 60 + 59).map(
    lambda m: dt.timezone(dt.timedelta(minutes=m))
)


def _is_field_error(exc: ValidationError, field: str) -> None:
    assert exc.field == field
    assert exc.message.startswith(field)
    assert "\n" not in exc.message


@FUZZ
@given(time_like)
@example("9" * 5000)
@example("0001-01-01T00:00")
@example("9999-12-31T23:59+14:00")
@example("02:30\n")
@example("yesterday 24:00")
def test_parse_time_gives_an_aware_time_or_a_clear_error(text: str) -> None:
    try:
        at = parse_time(text, now=NOW)
    except ValidationError as exc:
        _is_field_error(exc, "time")
        return
    assert at.tzinfo is not None and at.utcoffset() is not None
    assert 1899 <= at.year <= 2201
    # Whatever was accepted can be stored and read back as the same instant.
    assert from_storage(*to_storage(at)) == at
    journal_day(at)


@FUZZ
@given(
    st.datetimes(min_value=dt.datetime(1900, 1, 2), max_value=dt.datetime(2200, 12, 30)),
    minute_offsets,
)
def test_iso_times_round_trip(naive: dt.datetime, tz: dt.timezone) -> None:
    at = naive.replace(microsecond=0, tzinfo=tz)
    parsed = parse_time(at.isoformat(), now=NOW)
    assert parsed == at and parsed.utcoffset() == at.utcoffset()
    utc, offset = to_storage(parsed)
    back = from_storage(utc, offset)
    assert back == at and back.utcoffset() == at.utcoffset()
    assert back.isoformat() == at.isoformat()


@FUZZ
@given(st.integers(0, 23), st.integers(0, 59))
def test_clock_times_are_the_latest_such_moment_not_in_the_future(h: int, m: int) -> None:
    at = parse_time(f"{h:02d}:{m:02d}", now=NOW)
    assert (at.hour, at.minute) == (h, m)
    assert at <= NOW + dt.timedelta(minutes=1)
    assert NOW - at < dt.timedelta(days=1, minutes=1)


@FUZZ
@given(st.one_of(st.text(max_size=30), st.from_regex(r"\A\d{4}-\d{1,2}-\d{1,2}\Z")))
@example("0001-01-01")
@example("9999-12-31")
def test_parse_date(text: str) -> None:
    try:
        day = parse_date(text, today=NOW.date())
    except ValidationError as exc:
        _is_field_error(exc, "date")
        return
    assert 1900 <= day.year <= 2200


duration_like = st.one_of(
    st.text(max_size=20),
    st.from_regex(
        r"\A\d{0,6}(\.\d{0,3})?\s?(m|min|mins|minutes?)?\s?(\d{0,6}(s|sec|secs|seconds?))?\Z"
    ),
    st.from_regex(r"\A\d{1,4}:\d{1,3}\Z"),
    st.sampled_from(["nan", "inf", "-inf", "1e308", "-0", "1_000", "٣m", "1:60"]),
)


@FUZZ
@given(duration_like)
def test_parse_duration_is_seconds_within_a_day_or_a_clear_error(text: str) -> None:
    try:
        seconds = parse_duration(text)
    except ValidationError as exc:
        _is_field_error(exc, "duration")
        return
    assert isinstance(seconds, int)
    assert 0 <= seconds <= 24 * 3600


def test_parse_duration_of_thousands_of_digits() -> None:
    with pytest.raises(ValidationError):
        parse_duration("9" * 5000 + "s")


def test_validate_duration_of_thousands_of_digits() -> None:
    with pytest.raises(ValidationError, match="duration must be between"):
        v.duration("9" * 5000 + "s")


@FUZZ
@given(st.integers(0, 24 * 60), st.integers(0, 59))
def test_durations_people_write(minutes: int, seconds: int) -> None:
    total = minutes * 60 + seconds
    if total > 24 * 3600:
        return
    assert parse_duration(f"{minutes}m{seconds}s") == total
    assert parse_duration(f"{minutes} min {seconds} s") == total
    if minutes < 1000:
        assert parse_duration(f"{minutes}:{seconds:02d}") == total
