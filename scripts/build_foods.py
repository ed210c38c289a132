#!/usr/bin/env python3
"""Regenerate foods.csv and food_portions.csv from the USDA SR28 ASCII files.

Usage: python scripts/build_foods.py [USDA_DIR] [--out DIR]

USDA_DIR defaults to ../shared/data/usda relative to the repository root and
--out to the repository root. The output depends only on the input files:
rows are sorted by NDB number (and portion sequence), numbers are written as
USDA wrote them, line ends are "\\n", so a rebuild is byte-identical and a
diff shows exactly what changed in the source data.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_USDA = REPO.parent / "shared" / "data" / "usda"

# Nutr_No -> foods.csv column. 328 (vitamin D, D2 + D3, in µg) rather than 324
# (IU): every food with a 324 row also has a 328 row in SR28, and µg is the
# unit the Dietary Reference Intakes use.
NUTRIENT_COLUMNS: dict[str, str] = {
    "208": "energy_kcal",
    "255": "water_g",
    "304": "magnesium_mg",
    "306": "potassium_mg",
    "301": "calcium_mg",
    "307": "sodium_mg",
    "328": "vitamin_d_ug",
}
# The unit each column promises; checked against NUTR_DEF so a different
# extract cannot silently put IU into a µg column.
EXPECTED_UNITS: dict[str, str] = {
    "208": "kcal",
    "255": "g",
    "304": "mg",
    "306": "mg",
    "301": "mg",
    "307": "mg",
    "328": "µg",
}
FOOD_COLUMNS = ["id", "name", "group", "common_names", *NUTRIENT_COLUMNS.values()]
PORTION_COLUMNS = ["id", "seq", "amount", "unit", "grams"]

# Field counts of the SR28 record layouts (SR28 documentation, chapter 2).
FIELDS = {"FOOD_DES": 14, "FD_GROUP": 2, "NUT_DATA": 18, "WEIGHT": 7, "NUTR_DEF": 6}


class SourceError(Exception):
    """The USDA files are not what this script was written for."""


def records(path: Path, encoding: str) -> Iterator[tuple[int, list[str]]]:
    """Yield (line number, fields) for one SR28 file.

    SR28 records end with CRLF, fields are separated by '^' and text fields
    are wrapped in '~'. Text never contains '^' or '~' in SR28, so a plain
    split is exact; anything else is reported rather than guessed at.
    """
    name = path.stem.upper()
    expected = FIELDS[name]
    text = path.read_bytes().decode(encoding)
    lines = text.split("\r\n")
    # The last record of FOOD_DES.txt has no line end; the others end with one.
    if lines and lines[-1] == "":
        lines.pop()
    for number, line in enumerate(lines, start=1):
        if "\n" in line or "\r" in line:
            raise SourceError(f"{path.name}:{number}: stray line break inside a record")
        raw = line.split("^")
        if len(raw) != expected:
            raise SourceError(f"{path.name}:{number}: {len(raw)} fields, expected {expected}")
        fields = []
        for value in raw:
            if value.startswith("~"):
                if len(value) < 2 or not value.endswith("~"):
                    raise SourceError(f"{path.name}:{number}: unbalanced ~ in {value!r}")
                value = value[1:-1]
            fields.append(value)
        yield number, fields


def number(text: str, where: str) -> str:
    """USDA's number text, normalised only so that '.5' reads as '0.5'."""
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise SourceError(f"{where}: not a number: {text!r}") from None
    if not value.is_finite() or value < 0:
        raise SourceError(f"{where}: not a finite non-negative number: {text!r}")
    return str(value)


def build(usda: Path) -> tuple[list[list[str]], list[list[str]]]:
    # FOOD_DES and WEIGHT are documented as ASCII but carry a few Windows-1252
    # characters (curly quotes in one SciName, "Entrée" in WEIGHT); cp1252
    # reads those correctly and is identical to ASCII everywhere else.
    # NUTR_DEF's µ is latin-1 0xB5, which cp1252 also maps to µ.
    units = {f[0]: f[1] for _, f in records(usda / "NUTR_DEF.txt", "latin-1")}
    for nutr_no, unit in EXPECTED_UNITS.items():
        if units.get(nutr_no) != unit:
            raise SourceError(
                f"NUTR_DEF.txt: nutrient {nutr_no} has unit {units.get(nutr_no)!r}, "
                f"expected {unit!r}"
            )

    groups = {f[0]: f[1] for _, f in records(usda / "FD_GROUP.txt", "ascii")}

    foods: dict[str, list[str]] = {}
    for line, f in records(usda / "FOOD_DES.txt", "cp1252"):
        ndb, group_code, long_desc, common = f[0], f[1], f[2], f[4]
        if len(ndb) != 5 or not ndb.isdigit():
            raise SourceError(f"FOOD_DES.txt:{line}: bad NDB_No {ndb!r}")
        if ndb in foods:
            raise SourceError(f"FOOD_DES.txt:{line}: duplicate NDB_No {ndb}")
        if group_code not in groups:
            raise SourceError(f"FOOD_DES.txt:{line}: unknown food group {group_code!r}")
        foods[ndb] = [ndb, long_desc.strip(), groups[group_code], common.strip()]

    values: dict[tuple[str, str], str] = {}
    for line, f in records(usda / "NUT_DATA.txt", "ascii"):
        ndb, nutr_no, value = f[0], f[1], f[2]
        if nutr_no not in NUTRIENT_COLUMNS:
            continue
        if ndb not in foods:
            raise SourceError(f"NUT_DATA.txt:{line}: unknown food {ndb}")
        key = (ndb, nutr_no)
        if key in values:
            raise SourceError(f"NUT_DATA.txt:{line}: second value for {ndb}/{nutr_no}")
        values[key] = number(value, f"NUT_DATA.txt:{line}")

    food_rows = []
    for ndb in sorted(foods):
        # No NUT_DATA row means USDA has no value: the cell stays blank, never 0.
        nutrients = [values.get((ndb, nutr_no), "") for nutr_no in NUTRIENT_COLUMNS]
        food_rows.append(foods[ndb] + nutrients)

    portions: dict[tuple[str, int], list[str]] = {}
    for line, f in records(usda / "WEIGHT.txt", "cp1252"):
        ndb, seq, amount, desc, grams = f[0], f[1], f[2], f[3], f[4]
        if ndb not in foods:
            raise SourceError(f"WEIGHT.txt:{line}: unknown food {ndb}")
        where = f"WEIGHT.txt:{line}"
        if not seq.isdigit():
            raise SourceError(f"{where}: bad Seq {seq!r}")
        portion_key = (ndb, int(seq))
        if portion_key in portions:
            raise SourceError(f"{where}: duplicate portion {ndb}/{seq}")
        portions[portion_key] = [
            ndb,
            str(int(seq)),
            number(amount, where),
            desc.strip(),
            number(grams, where),
        ]
    portion_rows = [portions[k] for k in sorted(portions)]
    return food_rows, portion_rows


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    tmp.replace(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "usda",
        nargs="?",
        type=Path,
        default=DEFAULT_USDA,
        help="folder with the SR28 ASCII files (default: %(default)s)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=REPO,
        help="where to write foods.csv and food_portions.csv (default: the repository root)",
    )
    args = parser.parse_args(argv)
    try:
        food_rows, portion_rows = build(args.usda)
    except (OSError, SourceError, UnicodeDecodeError) as exc:
        print(f"build_foods: {exc}", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    write_csv(args.out / "foods.csv", FOOD_COLUMNS, food_rows)
    write_csv(args.out / "food_portions.csv", PORTION_COLUMNS, portion_rows)
    print(f"wrote {len(food_rows)} foods and {len(portion_rows)} portions to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
