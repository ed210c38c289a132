"""A TOML mapping that says which column of a CSV holds what (docs/import.md).

```toml
name = "myfitnesspal"         # the source the rows are said to come from
scope = "serving"             # each row is one serving (default), or "day": a day's totals
date = "Date"                 # the column of the day (required)
date_format = "%Y-%m-%d"      # how the day is written (default ISO 8601)
time = "Time"                 # optional columns: time, meal, food, amount, category, complete
meal = "Meal"
food = "Meal"

[nutrients]                   # key from cramplog.nutrients = { column, unit }
sodium_mg = { column = "Sodium (mg)", unit = "mg" }
vitamin_d_ug = { column = "Vitamin D", unit = "IU" }
```
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from cramplog.domain import CramplogError, ImportScope
from cramplog.nutrients import BY_KEY
from cramplog.services.catalog import dose_units
from cramplog.services.tracker_rows import Layout, NutrientColumn

_COLUMNS = ("time", "meal", "food", "amount", "category", "complete")
_KEYS = ("name", "scope", "date", "date_format", *_COLUMNS, "nutrients")


def _bad(path: Path, message: str) -> CramplogError:
    return CramplogError(f"{path.name}: {message}")


def load_mapping(path: Path, headers: list[str]) -> Layout:
    """The layout a mapping file describes, checked against the CSV's header row."""
    try:
        raw: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise _bad(path, f"not a TOML file ({exc})") from None
    unknown = [k for k in raw if k not in _KEYS]
    if unknown:
        raise _bad(path, f"unknown key {unknown[0]!r}; allowed: {', '.join(_KEYS)}")

    def column(key: str, required: bool = False) -> str | None:
        value = raw.get(key)
        if value is None and not required:
            return None
        if not isinstance(value, str) or not value:
            raise _bad(path, f"{key} must name a column of the CSV")
        if value not in headers:
            raise _bad(path, f"{key}: the CSV has no column {value!r}")
        return value

    scope_text = raw.get("scope", "serving")
    if scope_text not in ("serving", "day"):
        raise _bad(path, "scope must be serving or day")
    scope = ImportScope(scope_text)
    table = raw.get("nutrients", {})
    if not isinstance(table, dict) or not table:
        raise _bad(path, "[nutrients] must map at least one nutrient to its column and unit")
    nutrients = []
    for key, spec in table.items():
        n = BY_KEY.get(key)
        if n is None:
            raise _bad(path, f"nutrients.{key}: unknown; allowed: {', '.join(BY_KEY)}")
        if not isinstance(spec, dict) or set(spec) - {"column", "unit"}:
            raise _bad(path, f'nutrients.{key} must be {{ column = "...", unit = "{n.unit}" }}')
        header, unit = spec.get("column"), spec.get("unit", n.unit)
        if not isinstance(header, str) or header not in headers:
            raise _bad(path, f"nutrients.{key}.column: the CSV has no column {header!r}")
        units = dose_units(n)
        if not isinstance(unit, str) or unit.lower() not in (u.lower() for u in units):
            raise _bad(path, f"nutrients.{key}.unit must be one of {', '.join(units)}")
        nutrients.append(NutrientColumn(header, n, "IU" if unit.lower() == "iu" else n.unit))
    name = raw.get("name", path.stem)
    if not isinstance(name, str) or not name.strip() or len(name) > 60 or not name.isprintable():
        raise _bad(path, "name must be a short line of text (at most 60 characters)")
    day_format = raw.get("date_format", "%Y-%m-%d")
    if not isinstance(day_format, str) or "%" not in day_format:
        raise _bad(path, 'date_format must be a strftime pattern such as "%Y-%m-%d" or "%m/%d/%Y"')
    day = column("date", required=True) or ""
    food = column("food")
    if scope is ImportScope.SERVING and food is None:
        raise _bad(path, 'food must name the column of the food (or set scope = "day")')
    return Layout(
        source=name.strip(),
        scope=scope,
        day=day,
        nutrients=tuple(nutrients),
        time=column("time"),
        meal=column("meal"),
        food=food,
        amount=column("amount"),
        category=column("category"),
        complete=column("complete"),
        day_format=day_format,
        described=f"a CSV mapped by {path.name} ({'servings' if food else 'day totals'})",
    )
