"""Turning what a person typed into checked values, one clear line per mistake."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from typing import TypeVar

from cramplog.domain import ValidationError
from cramplog.entry_kinds import EntryField
from cramplog.services.commands import field_words
from cramplog.terminal_text import first_unsafe
from cramplog.times import local_time, parse_date, parse_duration, parse_time

E = TypeVar("E", bound=StrEnum)

Raw = str | int | float | bool | None

MAX_TEXT = 2000
MAX_NAME = 200


def choice(field: str, value: Raw | StrEnum, enum: type[E]) -> E:
    if isinstance(value, enum):
        return value
    text = str(value if value is not None else "").strip().lower().replace("_", " ")
    for member in enum:
        if text == member.value.lower() or text == member.value.lower().replace(" ", "-"):
            return member
    allowed = ", ".join(m.value for m in enum)
    raise ValidationError(field, f"{field_words(field)} must be one of: {allowed}")


def _number(field: str, value: Raw) -> float:
    if isinstance(value, bool):
        raise ValidationError(field, f"{field_words(field)} must be a number")
    if isinstance(value, int | float):
        try:
            number = float(value)
        except OverflowError:  # an int beyond any float, e.g. from an imported document
            raise ValidationError(field, f"{field_words(field)} is far too large") from None
    else:
        text = str(value if value is not None else "").strip().replace(",", ".")
        try:
            number = float(text)
        except ValueError:
            raise ValidationError(
                field, f"{field_words(field)} must be a number, not {value!r}"
            ) from None
    if not math.isfinite(number):
        raise ValidationError(field, f"{field_words(field)} must be a finite number")
    return number


def integer(field: str, value: Raw, low: int, high: int) -> int:
    number = _number(field, value)
    if number != int(number) or not low <= number <= high:
        raise ValidationError(field, f"{field_words(field)} must be a whole number {low}-{high}")
    return int(number)


def positive(field: str, value: Raw, high: float, unit: str = "") -> float:
    number = _number(field, value)
    suffix = f" {unit}" if unit else ""
    if not 0 < number <= high:
        raise ValidationError(
            field, f"{field_words(field)} must be more than 0 and at most {high:g}{suffix}"
        )
    return number


def non_negative(field: str, value: Raw, high: float, unit: str = "") -> float:
    number = _number(field, value)
    suffix = f" {unit}" if unit else ""
    if not 0 <= number <= high:
        raise ValidationError(field, f"{field_words(field)} must be 0-{high:g}{suffix}")
    return number


def optional_non_negative(field: str, value: Raw, high: float, unit: str = "") -> float | None:
    if value is None or (isinstance(value, str) and value.strip() in ("", "-", "unknown")):
        return None
    return non_negative(field, value, high, unit)


def severity(value: Raw) -> int:
    try:
        number = _number("severity", value)
    except ValidationError:
        raise ValidationError(
            "severity", f"severity must be a whole number 0-10, not {value!r}"
        ) from None
    if number != int(number) or not 0 <= number <= 10:
        raise ValidationError("severity", "severity must be a whole number 0-10")
    return int(number)


def text(field: str, value: Raw, limit: int = MAX_TEXT) -> str:
    """Free text: kept as typed, but characters that could act on a terminal are refused.

    Which characters those are is decided in one place,
    :mod:`cramplog.terminal_text`; a line break is allowed here (a note may
    have several lines) and refused by :func:`name`.
    """
    typed = ("" if value is None else str(value)).replace("\r\n", "\n")
    raw = typed.strip()
    if len(raw) > limit:
        raise ValidationError(field, f"{field_words(field)} must be at most {limit} characters")
    found = first_unsafe(raw, newline_ok=True)
    if found is not None:
        # Counted from 1 in the text as typed, leading spaces included.
        position = found + 1 + len(typed) - len(typed.lstrip())
        raise ValidationError(
            field,
            f"{field_words(field)} must not contain control characters"
            f" (found U+{ord(raw[found]):04X} at position {position})",
        )
    return raw


def name(field: str, value: Raw) -> str:
    result = text(field, value, MAX_NAME)
    if not result:
        raise ValidationError(field, f"{field_words(field)} must not be empty")
    if "\n" in result:
        raise ValidationError(field, f"{field_words(field)} must be one line")
    return result


def boolean(field: str, value: Raw) -> bool:
    if isinstance(value, bool):
        return value
    raw = str(value if value is not None else "").strip().lower()
    if raw in ("1", "yes", "y", "true", "on"):
        return True
    if raw in ("0", "no", "n", "false", "off", ""):
        return False
    raise ValidationError(field, f"{field_words(field)} must be yes or no")


def moment(
    field: str,
    value: Raw | dt.datetime,
    now: dt.datetime | None = None,
    zone: dt.tzinfo | None = None,
) -> dt.datetime:
    """A checked moment; ``zone`` is the offset of a time typed without one (see parse_time)."""
    with _in_words(field):
        if isinstance(value, dt.datetime):
            return local_time(value, zone, field_words(field))
        text = str(value if value is not None else "now")
        result = parse_time(text, field=field_words(field), now=now, zone=zone)
    reference = now or dt.datetime.now().astimezone()
    if result > reference + dt.timedelta(days=1):
        raise ValidationError(
            field, f"{field_words(field)} must not be more than a day in the future"
        )
    return result


def date(field: str, value: Raw | dt.date, today: dt.date | None = None) -> dt.date:
    """A checked day; ``today`` is what 'today' means (default: the calendar day)."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    with _in_words(field):
        return parse_date(str(value), field=field_words(field), today=today)


@contextmanager
def _in_words(field: str) -> Iterator[None]:
    """times' parsers name the field as given: give them its words, and keep
    the key on the error, which forms use to mark the field."""
    try:
        yield
    except ValidationError as exc:
        raise ValidationError(field, exc.message) from None


def optional_date(field: str, value: Raw | dt.date) -> dt.date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return date(field, value)


def duration(value: Raw) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        seconds = _number("duration", value)
        if not 0 <= seconds <= 24 * 3600:
            raise ValidationError("duration", "duration must be between 0 seconds and 24 hours")
        return round(seconds)
    return parse_duration(str(value))


def choices(field: str, values: Iterable[Raw | StrEnum], enum: type[E]) -> frozenset[E]:
    result: set[E] = set()
    for value in values:
        if isinstance(value, str) and "," in value:
            result |= {choice(field, part, enum) for part in value.split(",") if part.strip()}
        elif value not in (None, ""):
            result.add(choice(field, value, enum))
    return frozenset(result)


def unknown_field(key: object, kind: str, allowed: Iterable[str]) -> ValidationError:
    """The error for a field name that is not one of ``allowed``.

    The name comes from the person or from a file: anything but a plain
    identifier is shown quoted and escaped, so the message stays one line.
    """
    text = str(key)
    shown = text if text.isidentifier() and len(text) <= 40 else repr(text[:40])
    return ValidationError(
        shown, f"{shown} is not a {kind} field; use one of: " + ", ".join(allowed)
    )


PlainValue = bool | int | float | StrEnum | None


def plain(f: EntryField, value: Raw | StrEnum) -> PlainValue:
    """A plain field's value from what was typed or read; empty means not said (None)."""
    if value is None or (isinstance(value, str) and value.strip() in ("", "-")):
        return None
    if isinstance(value, StrEnum) and f.choices is None:
        raise ValidationError(f.name, f"{field_words(f.name)} must be {f.allowed()}")
    if f.choices is not None:
        return choice(f.name, value, f.choices)
    assert not isinstance(value, StrEnum)
    if f.value_type == "bool":
        if isinstance(value, int | float) and not isinstance(value, bool) and value not in (0, 1):
            raise ValidationError(f.name, f"{field_words(f.name)} must be yes or no")
        return boolean(f.name, value)
    if f.value_type == "int":
        return integer(f.name, value, int(f.low), int(f.high))
    number = _number(f.name, value)
    if not f.low <= number <= f.high:
        raise ValidationError(f.name, f"{field_words(f.name)} must be {f.allowed()}")
    return number
