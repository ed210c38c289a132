"""The validation boundary: any value gives a checked value or one line naming the field."""

from __future__ import annotations

import datetime as dt
import math
import unicodedata
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cramplog.domain import DrinkKind, Muscle, RedFlag, Side, ValidationError
from cramplog.services import validate as v
from cramplog.services.commands import field_words

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
NOW = dt.datetime(2026, 3, 10, 9, 15, tzinfo=dt.timezone(dt.timedelta(hours=1)))

raw = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(10**400), max_value=10**400),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.from_regex(r"\A\s*-?\d{0,6}([.,]\d{0,4})?\s*\Z"),
    st.sampled_from(["nan", "inf", "-0", "1e999", "٣", "½", "1_000", "0x10", " 7 ", "7,5"]),
)


def outcome(check: Callable[[], Any], field: str) -> Any:
    """The checked value, or None after asserting the error is one clear line."""
    try:
        return check()
    except ValidationError as exc:
        assert exc.field == field
        assert exc.message and "\n" not in exc.message
        assert field_words(field) in exc.message  # the field in words, not its key
        return None


@FUZZ
@given(raw)
def test_numbers(value: Any) -> None:
    n = outcome(lambda: v.integer("minutes", value, 1, 1440), "minutes")
    if n is not None:
        assert isinstance(n, int) and 1 <= n <= 1440
    x = outcome(lambda: v.positive("ml", value, 5000, "ml"), "ml")
    if x is not None:
        assert math.isfinite(x) and 0 < x <= 5000
    y = outcome(lambda: v.non_negative("calcium_mg", value, 5000, "mg"), "calcium_mg")
    if y is not None:
        assert math.isfinite(y) and 0 <= y <= 5000
    z = outcome(lambda: v.optional_non_negative("water_g", value, 100), "water_g")
    if z is not None:
        assert 0 <= z <= 100
    s = outcome(lambda: v.severity(value), "severity")
    if s is not None:
        assert isinstance(s, int) and 0 <= s <= 10


@FUZZ
@given(raw)
def test_choices(value: Any) -> None:
    for enum, field in ((Muscle, "muscle"), (Side, "side"), (DrinkKind, "kind")):
        member = outcome(lambda e=enum, f=field: v.choice(f, value, e), field)  # type: ignore[misc]
        if member is not None:
            assert isinstance(member, enum)
    flags = outcome(lambda: v.choices("red_flags", [value, value], RedFlag), "red_flags")
    if flags is not None:
        assert all(isinstance(f, RedFlag) for f in flags)


@FUZZ
@given(st.one_of(raw, st.text(max_size=2100), st.text(alphabet=st.characters(), max_size=50)))
@example("\x1b[2J\x1b[31mred")
@example("zero\u200bwidth")
@example("family 👨\u200d👩\u200d👧")
@example("\u202eevil")
def test_text_never_carries_control_characters(value: Any) -> None:
    result = outcome(lambda: v.text("notes", value), "notes")
    if result is not None:
        assert len(result) <= v.MAX_TEXT
        for char in result:
            if char in "\n\u200d\u200c":
                continue
            assert unicodedata.category(char) not in ("Cc", "Cf", "Cs", "Co"), repr(char)
    name = outcome(lambda: v.name("name", value), "name")
    if name is not None:
        assert name and "\n" not in name and len(name) <= v.MAX_NAME


@FUZZ
@given(raw)
def test_booleans(value: Any) -> None:
    result = outcome(lambda: v.boolean("woke", value), "woke")
    assert result is None or isinstance(result, bool)


@FUZZ
@given(st.one_of(raw, st.datetimes(timezones=st.none() | st.just(dt.UTC))))
def test_moments_and_dates(value: Any) -> None:
    at = outcome(lambda: v.moment("time", value, NOW), "time")
    if at is not None:
        assert at.tzinfo is not None
        assert at <= NOW + dt.timedelta(days=1) or isinstance(value, dt.datetime)
    if not isinstance(value, dt.datetime):
        day = outcome(lambda: v.date("day", value), "day")
        assert day is None or 1900 <= day.year <= 2200
        outcome(lambda: v.optional_date("started_on", value), "started_on")


@FUZZ
@given(st.one_of(raw, st.text(alphabet="0123456789:. msecondinu", max_size=12)))
@example("9" * 5000)
@example("9" * 5000 + "s")
def test_durations(value: Any) -> None:
    seconds = outcome(lambda: v.duration(value), "duration")
    if seconds is not None:
        assert isinstance(seconds, int) and 0 <= seconds <= 24 * 3600


@pytest.mark.parametrize("value", [True, False])
def test_a_bool_is_not_a_number(value: bool) -> None:
    with pytest.raises(ValidationError):
        v.positive("ml", value, 5000)
