"""Times people type around the clock changes, and the journal days they fall on.

A local time the clocks skip (spring forward) is refused with the nearest real
times; one they pass twice (autumn) is the first, still in summer time; every
journal day a logged time can belong to is a day `list --day` accepts.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cramplog.cli import load_extensions
from cramplog.domain import ValidationError
from cramplog.services import validate as v
from cramplog.times import journal_day, parse_date, parse_time

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ZONES = ("Europe/London", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe")


@contextlib.contextmanager
def local_zone(name: str) -> Iterator[None]:
    """Run with the system time zone set to ``name`` (naive times are read in it)."""
    if not Path("/usr/share/zoneinfo", name).exists():
        pytest.skip(f"no time zone data for {name}")
    before = os.environ.get("TZ")
    os.environ["TZ"] = name
    time.tzset()
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = before
        time.tzset()


def refusal(text: str, now: dt.datetime | None = None) -> str:
    with pytest.raises(ValidationError) as caught:
        parse_time(text, now=now)
    assert caught.value.field == "time"
    assert "\n" not in caught.value.message
    return caught.value.message


# --- spring forward: times that do not exist --------------------------------------


@pytest.mark.parametrize(
    ("zone", "typed", "message"),
    [
        # London goes from 01:00 GMT to 02:00 BST, Berlin from 02:00 to 03:00.
        (
            "Europe/London",
            "2026-03-29T01:30",
            "time 01:30 on 29 March 2026 does not exist here (clocks went forward);"
            " use 00:59 or 02:00",
        ),
        (
            "Europe/Berlin",
            "2026-03-29 02:30",
            "time 02:30 on 29 March 2026 does not exist here (clocks went forward);"
            " use 01:59 or 03:00",
        ),
        ("Europe/Berlin", "2026-03-29T02:00", "use 01:59 or 03:00"),
        ("Europe/Berlin", "2026-03-29T02:59:59", "use 01:59 or 03:00"),
        ("America/New_York", "2026-03-08T02:15", "use 01:59 or 03:00"),
        # Lord Howe Island moves its clocks by half an hour.
        ("Australia/Lord_Howe", "2026-10-04T02:10", "use 01:59 or 02:30"),
    ],
)
def test_a_skipped_local_time_is_refused_with_the_nearest_real_times(
    zone: str, typed: str, message: str
) -> None:
    with local_zone(zone):
        assert message in refusal(typed)


def test_a_skipped_clock_time_typed_alone_is_refused() -> None:
    with local_zone("Europe/Berlin"):
        now = dt.datetime(2026, 3, 29, 8, 0).astimezone()
        assert "does not exist here" in refusal("02:30", now)
        assert "does not exist here" in refusal("today 02:30", now)
        later = dt.datetime(2026, 3, 30, 8, 0).astimezone()
        assert "does not exist here" in refusal("yesterday 02:30", later)
        # The same clock time on an ordinary night is fine.
        assert parse_time("02:30", now=later).utcoffset() == dt.timedelta(hours=2)


def test_a_skipped_time_is_refused_by_the_checked_moment_too() -> None:
    naive = dt.datetime(2026, 3, 29, 2, 30)
    with local_zone("Europe/Berlin"), pytest.raises(ValidationError, match="does not exist here"):
        v.moment("time", naive, dt.datetime(2026, 4, 1, tzinfo=dt.UTC))


def test_a_day_skipped_whole_names_the_days_either_side() -> None:
    with local_zone("Pacific/Apia"):
        message = refusal("2011-12-30T12:00")
    assert message.endswith("use 23:59 on 29 December or 00:00 on 31 December"), message


@pytest.mark.parametrize(
    ("zone", "typed", "offset_h"),
    [
        ("Europe/London", "2026-03-29T00:59", 0),
        ("Europe/London", "2026-03-29T02:00", 1),
        ("Europe/Berlin", "2026-03-29T01:59", 1),
        ("Europe/Berlin", "2026-03-29T03:00", 2),
    ],
)
def test_the_times_either_side_of_the_gap_are_accepted(
    zone: str, typed: str, offset_h: int
) -> None:
    with local_zone(zone):
        at = parse_time(typed, now=dt.datetime(2026, 4, 1).astimezone())
    assert at.replace(tzinfo=None) == dt.datetime.fromisoformat(typed)
    assert at.utcoffset() == dt.timedelta(hours=offset_h)


def test_a_time_given_with_its_offset_is_never_moved() -> None:
    with local_zone("Europe/Berlin"):
        at = parse_time("2026-03-29T02:30+01:00")
    assert at.isoformat() == "2026-03-29T02:30:00+01:00"


@FUZZ
@given(
    st.sampled_from(ZONES),
    st.datetimes(min_value=dt.datetime(2026, 1, 1), max_value=dt.datetime(2026, 12, 31)),
)
@example("Europe/London", dt.datetime(2026, 3, 29, 1, 30))
@example("Europe/Berlin", dt.datetime(2026, 3, 29, 2, 30))
def test_a_typed_local_time_is_kept_as_typed_or_refused(zone: str, naive: dt.datetime) -> None:
    naive = naive.replace(microsecond=0)
    with local_zone(zone):
        try:
            at = parse_time(naive.isoformat(), now=dt.datetime(2027, 1, 1).astimezone())
        except ValidationError as exc:
            assert "does not exist here (clocks went forward); use " in exc.message
            return
    # Accepted means the wall-clock time the person typed, not one an hour off.
    assert at.replace(tzinfo=None) == naive


# --- autumn: times that happen twice ------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "typed", "summer_h"),
    [
        ("Europe/London", "2026-10-25T01:30", 1),
        ("Europe/Berlin", "2026-10-25T02:30", 2),
        ("America/New_York", "2026-11-01T01:30", -4),
    ],
)
def test_a_time_that_happens_twice_is_the_first_in_summer_time(
    zone: str, typed: str, summer_h: int
) -> None:
    with local_zone(zone):
        at = parse_time(typed, now=dt.datetime(2027, 1, 1).astimezone())
        clock = parse_time(
            typed[11:], now=dt.datetime.fromisoformat(typed[:10] + "T09:00").astimezone()
        )
    assert at.utcoffset() == dt.timedelta(hours=summer_h)
    assert clock == at
    # The second occurrence is reached by giving its offset.
    with local_zone(zone):
        second = parse_time(f"{typed}{summer_h - 1:+03d}:00")
    assert second - at == dt.timedelta(hours=1)


# --- days: every journal day log can give, list accepts ------------------------------


@FUZZ
@given(
    st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2200, 12, 31, 23, 59)),
    st.integers(-23 * 60 - 59, 23 * 60 + 59),
    st.integers(0, 23),
)
@example(dt.datetime(1900, 1, 1, 0, 30), 0, 4)
@example(dt.datetime(1900, 1, 1, 0, 0), -720, 23)
@example(dt.datetime(2200, 12, 31, 23, 59), 840, 0)
def test_every_journal_day_of_a_typed_time_is_a_day_people_can_ask_for(
    naive: dt.datetime, offset_min: int, day_start_hour: int
) -> None:
    typed = naive.replace(microsecond=0, tzinfo=dt.timezone(dt.timedelta(minutes=offset_min)))
    at = parse_time(typed.isoformat())
    day = journal_day(at, day_start_hour)
    assert dt.date(1899, 12, 31) <= day <= dt.date(2200, 12, 31)
    assert parse_date(day.isoformat(), field="day") == day


@pytest.mark.parametrize("typed", ["1899-12-30", "2201-01-01", "0001-01-01", "9999-12-31"])
def test_days_no_typed_time_can_reach_are_refused(typed: str) -> None:
    with pytest.raises(ValidationError, match="must be between 1899-12-31 and 2200-12-31"):
        parse_date(typed)


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("2026-02-29", "there is no day 29 in February 2026 (it has 28 days)"),
        ("2026-04-31", "there is no day 31 in April 2026 (it has 30 days)"),
        ("2026-13-01", "there is no month 13"),
        ("0000-01-01", "there is no year 0"),
    ],
)
def test_a_day_that_does_not_exist_is_named(typed: str, reason: str) -> None:
    with pytest.raises(ValidationError, match=reason.replace("(", r"\(").replace(")", r"\)")):
        parse_date(typed)
    with pytest.raises(ValidationError, match=reason.replace("(", r"\(").replace(")", r"\)")):
        parse_time(typed + "T02:30")


def cli(db: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(load_extensions(), ["--db", str(db), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.stdout, result.stderr


def test_list_finds_the_earliest_entry_log_accepts(tmp_path: Path) -> None:
    db = tmp_path / "journal.sqlite3"
    code, out, err = cli(
        db,
        "log",
        "cramp",
        "--muscle",
        "calf",
        "--side",
        "left",
        "--at",
        "1900-01-01T00:30+00:00",
        "--json",
    )
    assert code == 0, err
    day = json.loads(out)["journal_day"]
    assert day == "1899-12-31"
    code, out, err = cli(db, "list", "--day", day, "--json")
    assert code == 0, err
    assert len(json.loads(out)) == 1
    code, out, err = cli(db, "list", "--from", day, "--to", "1900-01-01", "--json")
    assert code == 0, err
    assert len(json.loads(out)) == 1


def test_list_day_today_is_the_journal_day_a_plain_list_shows(tmp_path: Path) -> None:
    db = tmp_path / "journal.sqlite3"
    # Days starting at 23:00: for all but the last hour of the day, the current
    # journal day is yesterday's date, as it is for everyone between midnight and 04:00.
    assert cli(db, "profile", "--day-start-hour", "23")[0] == 0
    code, _, err = cli(db, "log", "cramp", "--muscle", "calf", "--side", "left", "--at", "now")
    assert code == 0, err
    plain = json.loads(cli(db, "list", "--json")[1])
    today = json.loads(cli(db, "list", "--day", "today", "--json")[1])
    assert len(plain) == 1
    assert today == plain
    yesterday = dt.date.fromisoformat(plain[0]["journal_day"]) - dt.timedelta(days=1)
    assert (
        cli(db, "list", "--day", "yesterday", "--json")[1]
        == cli(db, "list", "--day", yesterday.isoformat(), "--json")[1]
    )
