"""Another tracker's CSV export read into imported food rows (docs/import.md).

Two Cronometer exports are recognised by their headers: "Servings" (``Day``,
``Food Name``, then one column per nutrient with its unit, such as
``Magnesium (mg)`` or ``Vitamin D (IU)``) and "Daily Nutrition" (``Date``,
the same nutrient columns, ``Completed``). Any other CSV is read through a
mapping (services.import_mapping) that names its columns.

A nutrient column is found from the nutrient registry (cramplog.nutrients):
its label and a unit it may be said in (its own, or IU where it has one; the
conversion is services.catalog.in_own_unit, as for a supplement dose). A
blank cell is unknown, never 0. A cell that is not a number is refused with
its line and column; nothing is read from a file with one bad row.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cramplog.domain import (
    CramplogError,
    DrinkKind,
    ImportedFood,
    ImportScope,
    Per100g,
    ValidationError,
)
from cramplog.foods.beverages import beverage_kind, volume_ml
from cramplog.foods.model import Food
from cramplog.foods.units import MASS_G, canonical_unit, is_volume
from cramplog.nutrients import FOOD_NUTRIENTS, Nutrient
from cramplog.services.catalog import dose_units, in_own_unit
from cramplog.terminal_text import counted
from cramplog.times import local_time

# A serving without a time is placed at noon of its day (said in the output).
NOON = dt.time(12, 0)
MAX_CELL = 1_000_000.0
MAX_TEXT = 200


class RowError(CramplogError):
    """A malformed row: its line and column are in the message."""


@dataclass(frozen=True, slots=True)
class NutrientColumn:
    header: str
    nutrient: Nutrient
    unit: str  # as the header says it ("IU", "mg", "µg")


@dataclass(frozen=True, slots=True)
class Layout:
    """Which column holds what (a recognised export, or a mapping)."""

    source: str  # "cronometer servings", or the mapping's name
    scope: ImportScope
    day: str
    nutrients: tuple[NutrientColumn, ...]
    time: str | None = None
    meal: str | None = None
    food: str | None = None
    amount: str | None = None
    # A separate unit column, said after the amount ("170" and "g": "170 g").
    unit: str | None = None
    category: str | None = None
    complete: str | None = None
    day_format: str = "%Y-%m-%d"
    described: str = ""  # "Cronometer Servings export"


@dataclass(slots=True)
class ReadFile:
    """The rows of a file and what reading them assumed."""

    layout: Layout
    rows: list[ImportedFood]
    complete_days: set[dt.date] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)


def nutrient_header(n: Nutrient, unit: str) -> str:
    return f"{n.label} ({unit})"


def nutrient_columns(headers: Sequence[str]) -> tuple[NutrientColumn, ...]:
    """The columns named "<label> (<unit>)" for a nutrient of the registry."""
    found = []
    for n in FOOD_NUTRIENTS:
        for unit in dose_units(n):
            header = nutrient_header(n, unit)
            if header in headers:
                found.append(NutrientColumn(header, n, unit))
                break
    return tuple(found)


SERVINGS = ("Day", "Food Name")
DAILY = ("Date", "Completed")


def recognise_cronometer(headers: Sequence[str]) -> Layout:
    """A Cronometer Servings or Daily Nutrition export, by its header row."""
    columns = nutrient_columns(headers)
    if all(h in headers for h in SERVINGS) and columns:
        # Rows with no nutrient at all would count as food for their day and
        # hide its day totals: such a file is refused below.
        return Layout(
            source="cronometer servings",
            scope=ImportScope.SERVING,
            day="Day",
            nutrients=columns,
            time="Time" if "Time" in headers else None,
            meal="Group" if "Group" in headers else None,
            food="Food Name",
            amount="Amount" if "Amount" in headers else None,
            unit="Unit" if "Unit" in headers else None,
            category="Category" if "Category" in headers else None,
            described="Cronometer Servings export",
        )
    if "Date" in headers and columns:
        return Layout(
            source="cronometer daily nutrition",
            scope=ImportScope.DAY,
            day="Date",
            nutrients=columns,
            complete="Completed" if "Completed" in headers else None,
            described="Cronometer Daily Nutrition export",
        )
    if all(h in headers for h in SERVINGS):
        raise CramplogError(
            "the Servings export has no nutrient column (such as 'Magnesium (mg)'):"
            " nothing to import"
        )
    raise CramplogError(
        "the file is not a Cronometer export: a Servings export starts with the columns"
        " Day, Time, Group, Food Name, Amount; a Daily Nutrition export with Date and"
        " nutrient columns such as 'Magnesium (mg)' (for another file, use --map MAPPING.toml)"
    )


def read_table(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header row and every other row with the line it starts on."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CramplogError(f"{path.name}: not UTF-8 text (byte {exc.start + 1})") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[tuple[int, list[str]]] = []
    headers: list[str] | None = None
    line = 1
    try:
        for record in reader:
            start, line = line, reader.line_num + 1
            if headers is None:
                headers = [h.strip() for h in record]
                continue
            if not any(cell.strip() for cell in record):
                continue
            rows.append((start, record))
    except csv.Error as exc:
        raise RowError(f"line {reader.line_num}: not a CSV row ({exc})") from None
    if headers is None:
        raise CramplogError(f"{path.name}: the file is empty")
    return headers, rows


def _place(line: int, headers: Sequence[str], column: str) -> str:
    return f"line {line}, column {headers.index(column) + 1} ({column!r})"


def read_rows(path: Path, layout: Layout, headers: Sequence[str]) -> ReadFile:
    """Every row of the file as an imported food row; a malformed row refuses the file."""
    for name in (layout.day, layout.food, layout.time, layout.meal, layout.amount):
        if name is not None and name not in headers:
            raise CramplogError(f"the file has no column {name!r}")
    _, rows = read_table(path)
    out = ReadFile(layout, [])
    seen: Counter[str] = Counter()
    blanks: Counter[str] = Counter()
    untimed = 0
    unmeasured_drinks = 0
    for line, record in rows:
        if len(record) > len(headers):
            raise RowError(
                f"line {line}: {len(record)} cells, but the header has {len(headers)} columns"
            )
        cells = dict(zip(headers, [c.strip() for c in record], strict=False))
        entry, drinkless = _row(line, headers, cells, layout, blanks)
        if not layout.time or not cells.get(layout.time):
            untimed += layout.scope is ImportScope.SERVING
        unmeasured_drinks += drinkless
        # The same cells twice are two servings eaten: the count keeps both.
        identity = "\x1f".join([layout.source, *(cells.get(h, "") for h in headers)])
        seen[identity] += 1
        digest = hashlib.sha256(f"{identity}\x1f{seen[identity]}".encode()).hexdigest()[:32]
        out.rows.append(_with_key(entry, digest))
        if layout.complete and _yes(cells.get(layout.complete, "")):
            out.complete_days.add(entry.journal_day)
    out.notes += _notes(layout, blanks, untimed, unmeasured_drinks, out)
    named = (layout.time, layout.meal, layout.food, layout.amount, layout.unit)
    used = {layout.day, *(c.header for c in layout.nutrients)}
    used |= {h for h in (*named, layout.category, layout.complete) if h}
    unused = [h for h in headers if h not in used]
    if unused:
        shown = ", ".join(unused[:4]) + (", ..." if len(unused) > 4 else "")
        out.notes.append(f"{counted(len(unused), 'other column')} not used ({shown})")
    return out


def _with_key(entry: ImportedFood, key: str) -> ImportedFood:
    from dataclasses import replace

    return replace(entry, key=key)


def _yes(text: str) -> bool:
    return text.strip().lower() in ("true", "yes", "1", "y")


def _row(
    line: int,
    headers: Sequence[str],
    cells: Mapping[str, str],
    layout: Layout,
    blanks: Counter[str],
) -> tuple[ImportedFood, bool]:
    day_text = cells.get(layout.day, "")
    try:
        day = dt.datetime.strptime(day_text, layout.day_format).date()
    except ValueError:
        raise RowError(
            f"{_place(line, headers, layout.day)}: {day_text!r} is not a date"
            f" ({layout.day_format.replace('%Y', 'YYYY').replace('%m', 'MM').replace('%d', 'DD')})"
        ) from None
    clock = _clock(line, headers, layout, cells) if layout.time else None
    try:
        at = local_time(dt.datetime.combine(day, clock or NOON), field="time")
    except ValidationError as exc:
        raise RowError(f"{_place(line, headers, layout.time or layout.day)}: {exc}") from None
    amounts: dict[str, float | None] = {}
    for col in layout.nutrients:
        raw = cells.get(col.header, "")
        if not raw:
            blanks[col.header] += 1
            amounts[col.nutrient.key] = None
            continue
        number = float(raw.replace(",", "")) if _NUMBER.fullmatch(raw) else None
        if number is None or not 0 <= number <= MAX_CELL:
            raise RowError(
                f"{_place(line, headers, col.header)}: {raw!r} is not an amount"
                f" (a number from 0 to {MAX_CELL:,.0f}, or blank for unknown)"
            )
        amounts[col.nutrient.key] = in_own_unit(col.nutrient, number, col.unit)
    name = _text(line, headers, cells, layout.food) if layout.food else "day total"
    if layout.scope is ImportScope.SERVING and not name:
        raise RowError(f"{_place(line, headers, layout.food or layout.day)}: the food is blank")
    amount = _text(line, headers, cells, layout.amount)
    if layout.unit and cells.get(layout.unit):
        amount = f"{amount} {_text(line, headers, cells, layout.unit)}".strip()
    drink, fluid = _drink(name, amount, cells.get(layout.category or "", ""), layout)
    return (
        ImportedFood(
            id=None,
            at=at,
            journal_day=day,
            source=layout.source,
            key="",
            scope=layout.scope,
            name=name,
            amounts=Per100g(**amounts),
            meal=_text(line, headers, cells, layout.meal),
            amount=amount,
            fluid_ml=fluid,
            drink=drink if fluid else None,
        ),
        drink is not None and fluid is None,
    )


def _text(line: int, headers: Sequence[str], cells: Mapping[str, str], column: str | None) -> str:
    if column is None:
        return ""
    text = cells.get(column, "")
    if len(text) > MAX_TEXT or any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in text):
        raise RowError(
            f"{_place(line, headers, column)}: at most {MAX_TEXT} characters, no control characters"
        )
    return text


# 1234.5, 1,234.5 (thousands), .5; never "1,5" (a decimal comma would be read wrong).
_NUMBER = re.compile(r"(?:\d+|\d{1,3}(?:,\d{3})+)(?:\.\d*)?|\.\d+")
_CLOCK = re.compile(r"(\d{1,2}):(\d{2})(?::\d{2})?\s*([AaPp][Mm])?")


def _clock(
    line: int, headers: Sequence[str], layout: Layout, cells: Mapping[str, str]
) -> dt.time | None:
    assert layout.time is not None
    text = cells.get(layout.time, "")
    if not text:
        return None
    match = _CLOCK.fullmatch(text)
    hour = int(match.group(1)) if match else -1
    minute = int(match.group(2)) if match else -1
    half = (match.group(3) or "").lower() if match else ""
    if half:
        hour = -1 if not 1 <= hour <= 12 else hour % 12 + (12 if half == "pm" else 0)
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise RowError(
            f"{_place(line, headers, layout.time)}: {text!r} is not a time"
            " (such as 08:15, 8:15 AM or blank)"
        )
    return dt.time(hour, minute)


_AMOUNT = re.compile(r"\s*([0-9]+(?:\.[0-9]*)?)\s*(.*?)\s*")
_WATER = re.compile(r"^(tap |mineral |sparkling |bottled |still )?water\b", re.IGNORECASE)


def _drink(
    name: str, amount: str, category: str, layout: Layout
) -> tuple[DrinkKind | None, float | None]:
    """The drink a serving is, by the rule for a food logged here (foods.beverages),
    and its volume: as said when a volume, else its mass at 1 g/ml, else unknown."""
    if layout.scope is not ImportScope.SERVING:
        return None, None
    group = category or ("Beverages" if _WATER.match(name) else "")
    kind = beverage_kind(Food(id="", name=name, group=group, common_names="", per100g=Per100g()))
    if kind is None:
        return None, None
    match = _AMOUNT.fullmatch(amount)
    unit = canonical_unit(match.group(2)) if match else None
    if match is None or unit is None or not (is_volume(unit) or unit in MASS_G):
        return kind, None
    number = float(match.group(1))
    grams = number * MASS_G[unit] if unit in MASS_G else 0.0
    ml = round(volume_ml(number, unit, grams), 1)
    return kind, ml if ml > 0 else None


def _notes(
    layout: Layout, blanks: Counter[str], untimed: int, unmeasured: int, read: ReadFile
) -> list[str]:
    notes = [f"read as: {layout.described}"]
    for col in layout.nutrients:
        n = col.nutrient
        converted = (
            f", converted to {n.unit} ({n.iu:g} IU = 1 {n.unit})"
            if col.unit.lower() == "iu"
            else ""
        )
        notes.append(f"{n.label}: column {col.header!r}{converted}")
    found = {c.nutrient.key for c in layout.nutrients}
    missing = [n.label for n in FOOD_NUTRIENTS if n.key not in found]
    if missing:
        notes.append(f"no column for {', '.join(missing)}: unknown on every row, never 0")
    for header, count in blanks.items():
        notes.append(f"{counted(count, 'blank cell')} in {header!r}: unknown, never 0")
    if untimed:
        notes.append(f"{counted(untimed, 'serving')} without a time: placed at 12:00 on their day")
    if layout.time:
        notes.append("times read in this computer's time zone; each row stays on its own day")
    drinks = [r for r in read.rows if r.fluid_ml is not None]
    if drinks:
        total = sum(r.fluid_ml or 0.0 for r in drinks)
        are = "is a drink" if len(drinks) == 1 else "are drinks"
        notes.append(
            f"{counted(len(drinks), 'serving')} {are} ({total:g} ml), counted as fluids"
            " by the same rule as a drink logged here"
        )
    if unmeasured:
        notes.append(
            f"{counted(unmeasured, 'drink')} with an amount in neither a volume nor a mass:"
            " their nutrients count, their fluid does not"
        )
    if layout.scope is ImportScope.DAY:
        notes.append(
            "day totals count only on days with no other food (none logged here,"
            " no imported serving); their water is not a drink and is not counted as fluid"
        )
    return notes
