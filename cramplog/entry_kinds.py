"""Every kind of journal entry, described once, and its one serialisation.

An :class:`EntryKind` names a kind everywhere (the letter of its ids, its
section in an export and its CSV file, the word `list --json` gives) and lists
its fields in the order every listing and file gives them. :func:`entry_record`
turns an entry into JSON-ready values by that list: `list --json`, the JSON
export and the CSV export all use it, so one entry has the same field names
everywhere (docs/exchange-format.md).

A kind whose fields are plain values (yes/no, numbers, a choice) also lists
them as :class:`EntryField` with their limits and labels; checking, the
command-line options, the app's form and the one-line description are then
built from that list alone (day factors are such a kind).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Literal

from cramplog.domain import (
    FOOD_VALUES,
    Activity,
    Cramp,
    DayFactors,
    Dose,
    Drink,
    Entry,
    FoodEntry,
    Footwear,
    ImportedFood,
    Per100g,
)

FieldType = Literal["bool", "int", "float", "choice"]


@dataclass(frozen=True, slots=True)
class EntryField:
    """A plain field: its name (attribute, record key, ``--option``), label and limits."""

    name: str
    label: str  # "Fatigue 0-10": forms and tables
    short: str  # "fatigue": one-line descriptions ("fatigue 7, slept 6.5 h")
    value_type: FieldType
    low: float = 0.0
    high: float = 0.0
    unit: str = ""
    choices: type[StrEnum] | None = None

    @property
    def option(self) -> str:
        return "--" + self.name.replace("_", "-")

    def allowed(self) -> str:
        """What may be typed, for help texts and error messages."""
        if self.value_type == "bool":
            return "yes or no"
        if self.choices is not None:
            return "one of " + ", ".join(c.value for c in self.choices)
        unit = f" {self.unit}" if self.unit else ""
        whole = "a whole number " if self.value_type == "int" else ""
        return f"{whole}{self.low:g}-{self.high:g}{unit}"


@dataclass(frozen=True, slots=True)
class EntryKind:
    name: str  # "cramp": the kind in `list --json`, History and the report
    noun: str  # "food entry": how messages name one
    plural: str  # "food entries": how messages name several
    section: str  # "cramps": its list in an export, its CSV file, its table
    prefix: str  # "c": the letter of its ids (c12)
    type: type[Entry]
    # Record keys in order, each with the entry attribute it comes from.
    fields: tuple[tuple[str, str], ...]
    # Plain fields checked, offered and shown from their description alone.
    plain: tuple[EntryField, ...] = ()
    # The key that opens its form in the app ("" for none), and the colour of
    # its kind in the app's lists (a Rich style).
    key: str = ""
    style: str = ""
    # For a kind of plain fields: its form's title, and what `cramplog log
    # NAME --help` says (the form and the command are built from the kind).
    title: str = ""
    footer: str = ""  # its key's word in the app's footer
    help: str = ""


def _same(*names: str) -> tuple[tuple[str, str], ...]:
    return tuple((n, n) for n in names)


DAY_FACTOR_FIELDS: tuple[EntryField, ...] = (
    EntryField("stretched", "Stretched before bed", "stretched", "bool"),
    EntryField("sitting_hours", "Hours sitting", "sitting", "float", 0, 24, "h"),
    EntryField("footwear", "Footwear most of the day", "footwear", "choice", choices=Footwear),
    EntryField("fatigue", "Fatigue 0-10", "fatigue", "int", 0, 10),
    EntryField("sleep_hours", "Hours slept", "slept", "float", 0, 24, "h"),
)

CRAMP = EntryKind(
    "cramp",
    "cramp",
    "cramps",
    "cramps",
    "c",
    Cramp,
    _same(
        "muscle",
        "side",
        "severity",
        "duration_s",
        "woke_from_sleep",
        "relieved_by",
        "red_flags",
    ),
    key="c",
    style="bold red",
)
FOOD = EntryKind(
    "food",
    "food entry",
    "food entries",
    "foods",
    "f",
    FoodEntry,
    (
        *_same("meal", "food_id", "custom_food", "name", "grams", "amount", "unit"),
        ("per_100g", "per100g"),
    ),
    key="f",
    style="green",
)
DRINK = EntryKind(
    "drink",
    "drink",
    "drinks",
    "drinks",
    "d",
    Drink,
    (("drink", "kind"), *_same("ml", "caffeinated", "food_id", "grams"), ("per_100g", "per100g")),
    key="d",
    style="cyan",
)
DOSE = EntryKind(
    "medicine",
    "dose",
    "medicine doses",
    "doses",
    "m",
    Dose,
    _same("medication", "count"),
    key="m",
    style="magenta",
)
ACTIVITY = EntryKind(
    "activity",
    "activity",
    "activities",
    "activities",
    "a",
    Activity,
    (("activity", "kind"), *_same("minutes", "intensity")),
    key="a",
    style="yellow",
)
FACTORS = EntryKind(
    "factors",
    "day factors entry",
    "day factors entries",
    "day_factors",
    "y",
    DayFactors,
    _same(*(f.name for f in DAY_FACTOR_FIELDS)),
    plain=DAY_FACTOR_FIELDS,
    key="y",
    style="blue",
    title="Day factors",
    footer="Factors",
    help=(
        "Log the day's factors: --stretched yes --sitting-hours 9 --footwear tight"
        " --fatigue 7 --sleep-hours 6.5. Say what you know; a factor not given is"
        " not said (never 'no')."
    ),
)

IMPORTED = EntryKind(
    "imported",
    "imported food",
    "imported foods",
    "imported_foods",
    "i",
    ImportedFood,
    (
        *_same("source", "key", "scope", "meal", "name", "amount"),
        *_same("fluid_ml", "drink"),
        ("amounts", "amounts"),
    ),
    style="green",
)

ENTRY_KINDS: tuple[EntryKind, ...] = (CRAMP, FOOD, DRINK, DOSE, ACTIVITY, FACTORS, IMPORTED)
# Kinds made of plain fields: checked, logged, offered and shown by their description.
PLAIN_KINDS: tuple[EntryKind, ...] = tuple(k for k in ENTRY_KINDS if k.plain)
BY_NAME: dict[str, EntryKind] = {k.name: k for k in ENTRY_KINDS}
BY_PREFIX: dict[str, EntryKind] = {k.prefix: k for k in ENTRY_KINDS}
_BY_TYPE: dict[type, EntryKind] = {k.type: k for k in ENTRY_KINDS}


def kind_of(entry: Entry) -> EntryKind:
    return _BY_TYPE[type(entry)]


def entry_ref(entry: Entry) -> str:
    return f"{kind_of(entry).prefix}{entry.id}"


def json_value(value: Any) -> Any:
    """A field's value as JSON gives it: enums by value, sets sorted, times in ISO 8601."""
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, frozenset):
        return sorted(json_value(v) for v in value)
    if isinstance(value, Per100g):
        return {k: value.get(k) for k in FOOD_VALUES}
    if isinstance(value, dt.date):  # a datetime too
        return value.isoformat()
    return value


# Every record starts with these and ends with "notes".
RECORD_HEAD = ("id", "uuid", "version", "updated_at", "time", "journal_day")


def record_keys(kind: EntryKind) -> tuple[str, ...]:
    """The keys of a record of ``kind``, in order (entry_record gives exactly these)."""
    return (*RECORD_HEAD, *(key for key, _ in kind.fields), "notes")


def entry_record(entry: Entry) -> dict[str, Any]:
    """The entry's one serialisation: identity, time, its kind's fields, notes."""
    record: dict[str, Any] = {
        "id": entry.id,
        "uuid": entry.uuid,
        "version": entry.version,
        "updated_at": json_value(entry.updated_at),
        "time": entry.at.isoformat(),
        "journal_day": entry.journal_day.isoformat(),
    }
    for key, attr in kind_of(entry).fields:
        record[key] = json_value(getattr(entry, attr))
    record["notes"] = entry.notes
    return record


def describe_values(kind: EntryKind, values: Mapping[str, object]) -> str:
    """ "stretched yes, sitting 9 h, slept 6.5 h": the fields said (absent or None: left out).

    One wording for an entry (lists, the app) and for a day's sums (History),
    where a yes/no is 1 or 0 and a number may be a mean (shown to 0.1).
    """
    parts = []
    for f in kind.plain:
        value = values.get(f.name)
        if value is None:
            continue
        if f.value_type == "bool":
            shown = "yes" if value else "no"
        elif isinstance(value, StrEnum):
            shown = value.value
        elif isinstance(value, int | float):
            shown = f"{round(value, 1):g}{' ' + f.unit if f.unit else ''}"
        else:
            shown = str(value)
        parts.append(f"{f.short} {shown}")
    return ", ".join(parts)


def describe_plain(entry: Entry) -> str:
    """One line for an entry of a kind of plain fields: the fields that were said."""
    kind = kind_of(entry)
    return describe_values(kind, {f.name: getattr(entry, f.name) for f in kind.plain})
