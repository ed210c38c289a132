"""Reading and checking a food file (foods.csv or a person's own) and its portion file.

A table is either entirely valid or refused with the first problem found,
named by file, line and column: a half-loaded table would give wrong totals
without anybody noticing.

Loading is on the start-up path of every food command, so well-formed files
take a column-at-a-time fast path that keeps per-cell work in C; only when
that path sees something wrong does a row-by-row pass run to find and name
the first problem.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Container, Mapping
from typing import NamedTuple

from cramplog.domain import FOOD_VALUES, Per100g, ValidationError
from cramplog.foods.model import Portion
from cramplog.nutrients import FOOD_NUTRIENTS

FOOD_COLUMNS = ("id", "name", "group", "common_names", *FOOD_VALUES)
PORTION_COLUMNS = ("id", "seq", "amount", "unit", "grams")
REQUIRED_FOOD_COLUMNS = ("id", "name")

# Upper bounds per 100 g. Nothing real exceeds them (pure fat is ~900 kcal,
# 100 g holds at most 100 g of water or 100,000 mg of anything), so a value
# above one is a typo or a unit mix-up, and refusing it beats silently
# multiplying a day's intake.
LIMITS: dict[str, float] = {n.key: n.per100g_max for n in FOOD_NUTRIENTS}
MAX_PORTION_GRAMS = 100_000.0
MAX_PORTION_AMOUNT = 10_000.0
TEXT_LIMITS = {"name": 300, "group": 100, "common_names": 300, "unit": 200}
_ID = re.compile(r"[A-Za-z0-9_.-]{1,20}")
# Control characters anywhere in a file; line breaks only inside a cell,
# where they would break every one-line message that shows the name.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CELL_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")


class FoodTableError(ValidationError):
    """A food file that cannot be used, with where and why in one line."""

    def __init__(
        self, source: str, message: str, *, line: int | None = None, column: str | None = None
    ) -> None:
        where = source
        if line is not None:
            where += f" line {line}"
        if column is not None:
            where += f", column {column}"
        super().__init__(column or "file", f"{where}: {message}")
        self.source = source
        self.line = line
        self.column = column


# --- CSV records ------------------------------------------------------------------


def _decode(data: bytes, source: str) -> str:
    if b"\x00" in data:
        raise FoodTableError(source, "is not a text file, so not a food table")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FoodTableError(source, f"is not UTF-8 text (byte {exc.start + 1})") from None


def _rows(text: str, source: str) -> list[list[str]]:
    """All non-blank CSV records; line numbers are recovered only for errors."""
    try:
        return [row for row in csv.reader(io.StringIO(text, newline=""), strict=True) if row]
    except csv.Error as exc:
        raise FoodTableError(
            source, f"is not valid CSV ({exc})", line=_first_bad_line(text)
        ) from None


def _first_bad_line(text: str) -> int | None:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    start = 1
    try:
        for _ in reader:
            start = reader.line_num + 1
    except csv.Error:
        return start
    return None


def _line_of(text: str, record: int) -> int:
    """The line on which non-blank record ``record`` (0 = the header) starts."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    start, seen = 1, -1
    for row in reader:
        if row:
            seen += 1
            if seen == record:
                return start
        start = reader.line_num + 1
    return start


def _header(
    row: list[str], source: str, allowed: tuple[str, ...], required: tuple[str, ...]
) -> list[str]:
    header = [name.strip().lower() for name in row]
    unknown = [name for name in header if name not in allowed]
    missing = [name for name in required if name not in header]
    if unknown or missing:
        what = f"unknown column {unknown[0]!r}" if unknown else f"no {', '.join(missing)} column"
        raise FoodTableError(
            source, f"is not a food table: {what}; expected columns {', '.join(allowed)}", line=1
        )
    duplicate = next((name for name in header if header.count(name) > 1), None)
    if duplicate is not None:
        raise FoodTableError(source, f"column {duplicate!r} appears twice", line=1)
    return header


# --- cells -------------------------------------------------------------------------


def _number(text: str, limit: float, *, required: bool = False) -> tuple[float | None, str]:
    """(value, "") for a good cell, (None, "") for a blank one, (None, reason) otherwise."""
    cell = text.strip()
    if not cell:
        return None, "is empty" if required else ""
    try:
        value = float(cell)
    except ValueError:
        return None, f"{cell!r} is not a number"
    if not math.isfinite(value):
        return None, f"{cell!r} is not a finite number"
    if value < 0 or (required and value == 0):
        return None, f"{cell!r} must be {'more than 0' if required else '0 or more'}"
    if value > limit:
        return None, f"{cell!r} is more than {limit:g}, which is not plausible"
    return value, ""


def _text(text: str, column: str, *, required: bool) -> tuple[str, str]:
    value = text.strip()
    if required and not value:
        return value, "is empty"
    if len(value) > TEXT_LIMITS[column]:
        return value, f"is longer than {TEXT_LIMITS[column]} characters"
    if _CELL_CONTROL.search(value):
        return value, "holds a line break or control character"
    return value, ""


def _floats(cells: tuple[str, ...]) -> list[float | None]:
    """Cells as numbers, blank as None; raises ValueError for anything else.

    Each distinct string is converted once and the column mapped through a
    dict: SR28 repeats a few thousand values across its 8,789 rows.
    """
    table: dict[str, float | None] = {cell: float(cell) for cell in set(cells) if cell}
    table[""] = None
    return list(map(table.__getitem__, cells))


def _in_range(values: list[float | None], low_exclusive: bool, limit: float) -> bool:
    known = [v for v in values if v is not None]
    if not known:
        return True
    low = min(known)
    # NaN fails every comparison and poisons the sum, so it is refused too.
    return (
        (low > 0 if low_exclusive else low >= 0)
        and max(known) <= limit
        and math.isfinite(sum(known))
    )


# --- foods -------------------------------------------------------------------------


class FoodColumns(NamedTuple):
    ids: list[str]
    names: list[str]
    groups: list[str]
    commons: list[str]
    compositions: list[Per100g]


def parse_foods(data: bytes, source: str) -> FoodColumns:
    text = _decode(data, source)
    rows = _rows(text, source)
    if not rows:
        raise FoodTableError(source, "is empty, not a food table")
    header = _header(rows[0], source, FOOD_COLUMNS, REQUIRED_FOOD_COLUMNS)
    if not any(name in FOOD_VALUES for name in header):
        raise FoodTableError(
            source,
            f"is not a food table: it has no nutrient column ({', '.join(FOOD_VALUES)})",
            line=1,
        )
    body = rows[1:]
    if not body:
        raise FoodTableError(source, "has a header but no foods")
    fast = _foods_fast(header, body) if _CONTROL.search(text) is None else None
    return fast if fast is not None else _foods_checked(header, body, text, source)


def _foods_fast(header: list[str], body: list[list[str]]) -> FoodColumns | None:
    """Column-at-a-time parse of a well-formed table, or None if anything is off."""
    width = len(header)
    if any(len(row) != width for row in body):
        return None
    columns = dict(zip(header, zip(*body, strict=True), strict=True))
    ids = list(columns["id"])
    if len(set(ids)) != len(ids) or not all(map(_ID.fullmatch, ids)):
        return None
    missing = ("",) * len(body)
    names = list(map(str.strip, columns["name"]))
    groups = list(map(str.strip, columns.get("group", missing)))
    commons = list(map(str.strip, columns.get("common_names", missing)))
    texts = "".join(names) + "".join(groups) + "".join(commons)
    if (
        not all(names)
        or _CELL_CONTROL.search(texts)
        or max(map(len, names)) > TEXT_LIMITS["name"]
        or max(map(len, groups)) > TEXT_LIMITS["group"]
        or max(map(len, commons)) > TEXT_LIMITS["common_names"]
    ):
        return None
    values: list[list[float | None]] = []
    for name in FOOD_VALUES:
        cells = columns.get(name)
        if cells is None:
            values.append([None] * len(body))
            continue
        try:
            # A blank cell is "no value": unknown, never zero.
            numbers = _floats(cells)
        except ValueError:
            return None
        if not _in_range(numbers, False, LIMITS[name]):
            return None
        values.append(numbers)
    return FoodColumns(ids, names, groups, commons, list(map(Per100g, *values)))


def _foods_checked(header: list[str], body: list[list[str]], text: str, source: str) -> FoodColumns:
    """Row by row, raising FoodTableError at the first bad cell."""
    out = FoodColumns([], [], [], [], [])
    seen: set[str] = set()
    for record, row in enumerate(body, start=1):
        food_id, name, group, common, per100g = _check_food(
            row, header, seen, source, _line_of(text, record)
        )
        seen.add(food_id)
        out.ids.append(food_id)
        out.names.append(name)
        out.groups.append(group)
        out.commons.append(common)
        out.compositions.append(per100g)
    # The fast path refused the file, so something above must have raised.
    return out


def _check_food(
    row: list[str], header: list[str], seen: Container[str], source: str, line: int
) -> tuple[str, str, str, str, Per100g]:
    if len(row) != len(header):
        raise FoodTableError(
            source, f"has {len(row)} fields, the header has {len(header)}", line=line
        )
    cells = dict(zip(header, row, strict=True))
    food_id = cells["id"].strip()
    if not _ID.fullmatch(food_id):
        raise FoodTableError(
            source,
            f"{food_id!r} is not a food id (1-20 letters, digits, '.', '_' or '-')",
            line=line,
            column="id",
        )
    if food_id in seen:
        raise FoodTableError(source, f"food id {food_id} appears twice", line=line, column="id")
    texts = []
    for column in ("name", "group", "common_names"):
        value, problem = _text(cells.get(column, ""), column, required=column == "name")
        if problem:
            raise FoodTableError(source, problem, line=line, column=column)
        texts.append(value)
    values: list[float | None] = []
    for column in FOOD_VALUES:
        # A blank cell is "no value": unknown, never zero.
        number, problem = _number(cells.get(column, ""), LIMITS[column])
        if problem:
            raise FoodTableError(source, problem, line=line, column=column)
        values.append(number)
    return food_id, texts[0], texts[1], texts[2], Per100g(*values)


# --- portions ----------------------------------------------------------------------


def parse_portions(
    data: bytes, source: str, foods: Mapping[str, object]
) -> list[tuple[str, Portion]]:
    text = _decode(data, source)
    rows = _rows(text, source)
    if not rows:
        raise FoodTableError(source, "is empty, not a portion table")
    header = _header(rows[0], source, PORTION_COLUMNS, PORTION_COLUMNS)
    body = rows[1:]
    fast = _portions_fast(header, body, foods) if _CONTROL.search(text) is None else None
    if fast is not None:
        return fast
    seen: set[tuple[str, str]] = set()
    out = []
    for record, row in enumerate(body, start=1):
        food_id, seq, portion = _check_portion(
            row, header, foods, seen, source, _line_of(text, record)
        )
        seen.add((food_id, seq))
        out.append((food_id, portion))
    return out


def _portions_fast(
    header: list[str], body: list[list[str]], foods: Mapping[str, object]
) -> list[tuple[str, Portion]] | None:
    if not body:
        return []
    if any(len(row) != len(header) for row in body):
        return None
    columns = dict(zip(header, zip(*body, strict=True), strict=True))
    ids, seqs = columns["id"], columns["seq"]
    units = list(map(str.strip, columns["unit"]))
    if (
        not set(ids) <= foods.keys()
        or not all(map(str.isdigit, seqs))
        or not all(map(str.isascii, seqs))
        or len(set(zip(ids, seqs, strict=True))) != len(ids)
        or not all(units)
        or max(map(len, units)) > TEXT_LIMITS["unit"]
        or _CELL_CONTROL.search("".join(units))
    ):
        return None
    try:
        amounts, grams = _floats(columns["amount"]), _floats(columns["grams"])
    except ValueError:
        return None
    if (
        None in amounts
        or None in grams
        or not _in_range(amounts, True, MAX_PORTION_AMOUNT)
        or not _in_range(grams, True, MAX_PORTION_GRAMS)
    ):
        return None
    return list(zip(ids, map(Portion, amounts, units, grams), strict=True))  # type: ignore[arg-type]


def _check_portion(
    row: list[str],
    header: list[str],
    foods: Mapping[str, object],
    seen: set[tuple[str, str]],
    source: str,
    line: int,
) -> tuple[str, str, Portion]:
    if len(row) != len(header):
        raise FoodTableError(
            source, f"has {len(row)} fields, the header has {len(header)}", line=line
        )
    cells = dict(zip(header, row, strict=True))
    food_id = cells["id"].strip()
    if food_id not in foods:
        raise FoodTableError(
            source, f"food id {food_id!r} is not in the food table", line=line, column="id"
        )
    seq = cells["seq"].strip()
    if not seq.isascii() or not seq.isdigit():
        raise FoodTableError(source, f"{seq!r} is not a whole number", line=line, column="seq")
    seq = str(int(seq))
    if (food_id, seq) in seen:
        raise FoodTableError(
            source, f"portion {seq} of food {food_id} appears twice", line=line, column="seq"
        )
    amount, problem = _number(cells["amount"], MAX_PORTION_AMOUNT, required=True)
    if problem or amount is None:
        raise FoodTableError(source, problem, line=line, column="amount")
    unit, problem = _text(cells["unit"], "unit", required=True)
    if problem:
        raise FoodTableError(source, problem, line=line, column="unit")
    grams, problem = _number(cells["grams"], MAX_PORTION_GRAMS, required=True)
    if problem or grams is None:
        raise FoodTableError(source, problem, line=line, column="grams")
    return food_id, seq, Portion(amount=amount, unit=unit, grams=grams)
