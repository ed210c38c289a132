"""Loading and validating food tables (foods.csv, food_portions.csv, user files).

A table is either entirely valid or refused with the first problem found,
named by file, line and column: a half-loaded table would give wrong totals
without anybody noticing.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import math
import re
from collections.abc import Callable, Iterable, Iterator
from importlib import resources
from pathlib import Path

from cramplog.domain import FOOD_VALUES, Per100g, ValidationError
from cramplog.foods.model import Food, Portion

FOOD_COLUMNS = ("id", "name", "group", "common_names", *FOOD_VALUES)
PORTION_COLUMNS = ("id", "seq", "amount", "unit", "grams")
REQUIRED_FOOD_COLUMNS = ("id", "name")
SR28_RELEASE = "USDA SR28"

# Upper bounds per 100 g. Nothing real exceeds them (pure fat is ~900 kcal,
# 100 g holds at most 100 g of water or 100,000 mg of anything), so a value
# above one is a typo or a unit mix-up, and refusing it beats silently
# multiplying a day's intake.
LIMITS: dict[str, float] = {
    "energy_kcal": 1000.0,
    "water_g": 100.0,
    "magnesium_mg": 100_000.0,
    "potassium_mg": 100_000.0,
    "calcium_mg": 100_000.0,
    "sodium_mg": 100_000.0,
    "vitamin_d_ug": 100_000_000.0,
}
MAX_PORTION_GRAMS = 100_000.0
_ID = re.compile(r"[A-Za-z0-9_.-]{1,20}")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


class FoodTableError(ValidationError):
    """A food file that cannot be used, with where and why in one line."""

    def __init__(self, source: str, message: str, *, line: int | None = None,
                 column: str | None = None) -> None:
        where = source
        if line is not None:
            where += f" line {line}"
        if column is not None:
            where += f", column {column}"
        super().__init__(column or "file", f"{where}: {message}")
        self.source = source
        self.line = line
        self.column = column


class FoodTable:
    """All foods of one table by id, in file order."""

    def __init__(self, foods: Iterable[Food], *, release: str = SR28_RELEASE,
                 source: str = "") -> None:
        self._foods = tuple(foods)
        self._by_id = {food.id: food for food in self._foods}
        self.release = release
        self.source = source

    def get(self, food_id: str) -> Food | None:
        return self._by_id.get(food_id)

    def __contains__(self, food_id: object) -> bool:
        return food_id in self._by_id

    def __iter__(self) -> Iterator[Food]:
        return iter(self._foods)

    def __len__(self) -> int:
        return len(self._foods)

    def __repr__(self) -> str:
        return f"FoodTable({len(self)} foods, release={self.release!r})"


def load_food_table(path: Path | None = None, portions: Path | None = None) -> FoodTable:
    """Load a food table; ``None`` means the USDA SR28 table shipped with cramplog.

    ``portions`` is the companion household-portion file; for a file named
    ``foods.csv`` a ``food_portions.csv`` beside it is used when present.
    Raises FoodTableError (a ValidationError) for anything unusable.
    """
    if path is None:
        foods_bytes, portions_bytes = _packaged()
        return parse_food_table(foods_bytes, portions_bytes, source="foods.csv",
                                portions_source="food_portions.csv", release_label=SR28_RELEASE)
    if portions is None and path.name == "foods.csv":
        sibling = path.with_name("food_portions.csv")
        portions = sibling if sibling.is_file() else None
    foods_bytes = _read(path)
    portions_bytes = _read(portions) if portions is not None else None
    return parse_food_table(foods_bytes, portions_bytes, source=path.name,
                            portions_source=portions.name if portions else "",
                            release_label=path.stem)


@functools.lru_cache(maxsize=1)
def default_food_table() -> FoodTable:
    """The packaged table, loaded once per process."""
    return load_food_table()


def parse_food_table(foods: bytes, portions: bytes | None = None, *, source: str = "foods.csv",
                     portions_source: str = "food_portions.csv",
                     release_label: str = SR28_RELEASE) -> FoodTable:
    rows = _parse_foods(foods, source)
    by_id: dict[str, list[Portion]] = {food_id: [] for food_id in rows}
    if portions is not None:
        _parse_portions(portions, portions_source, by_id)
    digest = hashlib.sha256(foods + (portions or b"")).hexdigest()[:10]
    release = f"{release_label[:29]} {digest}"
    return FoodTable(
        (Food(id=food_id, name=name, group=group, common_names=common, per100g=per100g,
              portions=tuple(by_id[food_id]))
         for food_id, (name, group, common, per100g) in rows.items()),
        release=release,
        source=source,
    )


def _packaged() -> tuple[bytes, bytes]:
    # Installed: package data inside the wheel. From a source checkout the
    # files live at the repository root, where the build script writes them.
    data = resources.files("cramplog") / "data"
    foods, portions = data / "foods.csv", data / "food_portions.csv"
    if foods.is_file() and portions.is_file():
        return foods.read_bytes(), portions.read_bytes()
    root = Path(__file__).resolve().parents[2]
    try:
        return (root / "foods.csv").read_bytes(), (root / "food_portions.csv").read_bytes()
    except OSError:
        raise FoodTableError("foods.csv", "the food table is missing from this installation;"
                             " reinstall cramplog or run scripts/build_foods.py") from None


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise FoodTableError(path.name, f"cannot be read ({exc.strerror or exc})") from None


def _records(data: bytes, source: str) -> Iterator[tuple[int, list[str]]]:
    """(first line number, fields) per CSV record; the header is line 1."""
    if b"\x00" in data:
        raise FoodTableError(source, "is not a text file, so not a food table")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FoodTableError(source, f"is not UTF-8 text (byte {exc.start + 1})") from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    start = 1
    try:
        for row in reader:
            if row:
                yield start, row
            start = reader.line_num + 1
    except csv.Error as exc:
        raise FoodTableError(source, f"is not valid CSV: {exc}", line=start) from None


def _header(records: Iterator[tuple[int, list[str]]], source: str, allowed: tuple[str, ...],
            required: tuple[str, ...]) -> list[str]:
    first = next(records, None)
    if first is None:
        raise FoodTableError(source, "is empty, not a food table")
    header = [name.strip().lower() for name in first[1]]
    unknown = [name for name in header if name not in allowed]
    missing = [name for name in required if name not in header]
    if unknown or missing:
        what = (f"unknown column {unknown[0]!r}" if unknown
                else f"no {', '.join(missing)} column")
        raise FoodTableError(source, f"is not a food table: {what}; expected columns"
                             f" {', '.join(allowed)}", line=1)
    duplicate = next((name for name in header if header.count(name) > 1), None)
    if duplicate is not None:
        raise FoodTableError(source, f"column {duplicate!r} appears twice", line=1)
    return header


def _number(source: str, line: int, column: str, text: str, limit: float,
            positive: bool = False) -> float:
    try:
        value = float(text)
    except ValueError:
        raise FoodTableError(source, f"{text!r} is not a number", line=line,
                             column=column) from None
    if not math.isfinite(value):
        raise FoodTableError(source, f"{text!r} is not a finite number", line=line,
                             column=column)
    if value < 0 or (positive and value == 0):
        need = "more than 0" if positive else "0 or more"
        raise FoodTableError(source, f"{text!r} must be {need}", line=line, column=column)
    if value > limit:
        raise FoodTableError(source, f"{text!r} is more than {limit:g}, which no food has"
                             " per 100 g" if column in LIMITS else f"{text!r} is implausibly"
                             f" large (over {limit:g})", line=line, column=column)
    return value


def _text(source: str, line: int, column: str, text: str, *, required: bool,
          max_len: int) -> str:
    value = text.strip()
    if required and not value:
        raise FoodTableError(source, "is empty", line=line, column=column)
    if len(value) > max_len:
        raise FoodTableError(source, f"is longer than {max_len} characters", line=line,
                             column=column)
    if _CONTROL.search(value):
        raise FoodTableError(source, "holds a control character", line=line, column=column)
    return value


def _parse_foods(data: bytes, source: str) -> dict[str, tuple[str, str, str, Per100g]]:
    records = _records(data, source)
    header = _header(records, source, FOOD_COLUMNS, REQUIRED_FOOD_COLUMNS)
    if not any(name in FOOD_VALUES for name in header):
        raise FoodTableError(source, "is not a food table: it has no nutrient column"
                             f" ({', '.join(FOOD_VALUES)})", line=1)
    position = {name: i for i, name in enumerate(header)}
    values = [(name, position[name], LIMITS[name]) for name in FOOD_VALUES if name in position]
    i_id, i_name = position["id"], position["name"]
    i_group, i_common = position.get("group"), position.get("common_names")
    width = len(header)
    foods: dict[str, tuple[str, str, str, Per100g]] = {}
    for line, row in records:
        if len(row) != width:
            raise FoodTableError(source, f"has {len(row)} fields, the header has {width}",
                                 line=line)
        food_id = row[i_id].strip()
        if not _ID.fullmatch(food_id):
            raise FoodTableError(source, f"{food_id!r} is not a food id (1-20 letters, digits,"
                                 " '.', '_' or '-')", line=line, column="id")
        if food_id in foods:
            raise FoodTableError(source, f"food id {food_id} appears twice", line=line,
                                 column="id")
        name = _text(source, line, "name", row[i_name], required=True, max_len=300)
        group = (_text(source, line, "group", row[i_group], required=False, max_len=100)
                 if i_group is not None else "")
        common = (_text(source, line, "common_names", row[i_common], required=False,
                        max_len=300) if i_common is not None else "")
        composition: dict[str, float] = {}
        for column, index, limit in values:
            cell = row[index].strip()
            # A blank cell is "no value": unknown, never zero.
            if cell:
                composition[column] = _number(source, line, column, cell, limit)
        foods[food_id] = (name, group, common, Per100g(**composition))
    if not foods:
        raise FoodTableError(source, "has a header but no foods")
    return foods


def _parse_portions(data: bytes, source: str, by_id: dict[str, list[Portion]]) -> None:
    records = _records(data, source)
    header = _header(records, source, PORTION_COLUMNS, PORTION_COLUMNS)
    at = {name: i for i, name in enumerate(header)}
    i_id, i_seq, i_amount, i_unit, i_grams = (at[c] for c in PORTION_COLUMNS)
    seen: set[tuple[str, int]] = set()
    number: Callable[..., float] = _number
    for line, row in records:
        if len(row) != len(header):
            raise FoodTableError(source, f"has {len(row)} fields, the header has {len(header)}",
                                 line=line)
        food_id = row[i_id].strip()
        portions = by_id.get(food_id)
        if portions is None:
            raise FoodTableError(source, f"food id {food_id!r} is not in the food table",
                                 line=line, column="id")
        seq_text = row[i_seq].strip()
        if not seq_text.isascii() or not seq_text.isdigit():
            raise FoodTableError(source, f"{seq_text!r} is not a whole number", line=line,
                                 column="seq")
        seq = int(seq_text)
        if (food_id, seq) in seen:
            raise FoodTableError(source, f"portion {seq} of food {food_id} appears twice",
                                 line=line, column="seq")
        seen.add((food_id, seq))
        amount = number(source, line, "amount", row[i_amount].strip(), 10_000.0, True)
        unit = _text(source, line, "unit", row[i_unit], required=True, max_len=200)
        grams = number(source, line, "grams", row[i_grams].strip(), MAX_PORTION_GRAMS, True)
        portions.append(Portion(amount=amount, unit=unit, grams=grams))
