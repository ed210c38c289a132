"""How long importing a year of Cronometer servings takes, and a second import of it.

    python benchmarks/bench_import.py [--days 365] [--per-day 15]

Writes a synthetic Servings export (made-up foods and values, the documented
headers: docs/import.md) into a temporary folder, then prints the time to
read and check the file, to import it into an empty journal (one write
transaction), and to import it again (every day unchanged: nothing written).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import tempfile
import time
from pathlib import Path

from cramplog.services import Journal
from cramplog.services.food_import import import_food, read_file

HEADER = (
    "Day,Time,Group,Food Name,Amount,Energy (kcal),Water (g),Calcium (mg),"
    "Magnesium (mg),Potassium (mg),Sodium (mg),Vitamin D (IU),Category"
)
FOODS = (
    ("Breakfast", '"Oats, rolled"', "60.00 g", "Cereal Grains"),
    ("Breakfast", '"Milk, 2%"', "1.00 cup", "Dairy and Egg Products"),
    ("Lunch", "Lentil soup", "1.00 bowl", "Soups"),
    ("Snacks", "Water", "500.00 ml", "Beverages"),
    ("Dinner", "Salmon fillet", "150.00 g", "Fish"),
)


def write_export(path: Path, days: int, per_day: int, seed: int = 3) -> int:
    rng = random.Random(seed)
    start = dt.date(2025, 1, 1)
    lines = [HEADER]
    for d in range(days):
        day = (start + dt.timedelta(days=d)).isoformat()
        for i in range(per_day):
            meal, name, amount, category = FOODS[i % len(FOODS)]
            hour = 7 + i * 14 // per_day
            vit_d = "" if rng.random() < 0.3 else str(rng.randint(0, 400))
            lines.append(
                f"{day},{hour:02d}:{rng.randint(0, 59):02d},{meal},{name},{amount},"
                f"{rng.randint(0, 500)},{rng.randint(0, 500)},{rng.randint(0, 300)},"
                f"{rng.randint(0, 120)},{rng.randint(0, 600)},{rng.randint(0, 400)},{vit_d},"
                f"{category}"
            )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines) - 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--per-day", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        export = Path(folder) / "servings.csv"
        rows = write_export(export, args.days, args.per_day)
        journal = Journal.open(Path(folder) / "journal.sqlite3")
        try:
            t0 = time.perf_counter()
            read = read_file(export)
            t1 = time.perf_counter()
            first = import_food(journal, read)
            t2 = time.perf_counter()
            again = import_food(journal, read_file(export))
            t3 = time.perf_counter()
        finally:
            journal.close()
    print(f"rows in the export:        {rows} ({args.days} days x {args.per_day})")
    print(f"read and check the file:   {t1 - t0:.2f} s")
    print(f"first import:              {t2 - t1:.2f} s ({first.added} rows added)")
    print(
        f"second import (read too):  {t3 - t2:.2f} s ({again.added} rows added,"
        f" {len(again.unchanged_days)} days unchanged)"
    )


if __name__ == "__main__":
    main()
