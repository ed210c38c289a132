"""How long analysing a 10-year journal takes, against SQLite alone doing the per-day sums.

    python benchmarks/bench_analysis.py [--days 3650] [--runs 5] [--keep PATH]

Builds a synthetic journal with the demo generator (10 years: about 75,000
food entries) in a temporary file, then prints:

- the in-process time of ``cramplog.analysis.analyze`` (median of --runs,
  after one warm-up run; target <= 1.5 s);
- the time SQLite alone takes to compute the per-day sums of the same rows:
  the very GROUP BY statements the daily frame is built from, run through the
  plain sqlite3 module and fetched (median of --runs);
- their ratio (target <= 4x).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from cramplog.analysis.daily import LOOKBACK_DAYS, journal_span
from cramplog.analysis.run import analyze, read_profile
from cramplog.demo import generate_demo
from cramplog.foods.table import default_food_table
from cramplog.storage.daysums import daily_statements
from cramplog.storage.schema import open_database

END = dt.date(2026, 6, 30)
TARGET_SECONDS = 1.5
TARGET_RATIO = 4.0


def _sql(stmt: Any, dialect: Any) -> tuple[str, list[Any]]:
    compiled = stmt.compile(dialect=dialect)
    params = compiled.construct_params()
    values = [params[name] for name in compiled.positiontup]
    # Dates travel as the ISO text SQLAlchemy stores them as.
    return str(compiled), [v.isoformat() if isinstance(v, dt.date) else v for v in values]


def _median(samples: list[float]) -> float:
    return statistics.median(samples)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=3650)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, default=None, help="Write the journal here.")
    args = parser.parse_args(argv)

    default_food_table()  # loaded once per process; not part of either figure
    with tempfile.TemporaryDirectory() as folder:
        path = args.keep or Path(folder) / "bench.sqlite3"
        db = open_database(path).database
        started = time.perf_counter()
        summary = generate_demo(db, days=args.days, seed=0, effect="low_fluid", end=END)
        made = time.perf_counter() - started
        print(
            f"journal: {summary.days} days, {summary.food_entries} food entries,"
            f" {summary.drinks} drinks, {summary.doses} doses, {summary.activities}"
            f" activities, {summary.cramps} cramps (generated in {made:.2f} s)"
        )
        profile = read_profile(db)

        started = time.perf_counter()
        analyze(db, profile)
        first = time.perf_counter() - started
        runs = []
        for _ in range(args.runs):
            started = time.perf_counter()
            analyze(db, profile)
            runs.append(time.perf_counter() - started)

        span = journal_span(db)
        assert span is not None
        lo = span[0] - dt.timedelta(days=LOOKBACK_DAYS)
        statements = [_sql(s, db.engine.dialect) for s in daily_statements(lo, span[1])]
        db.close()
        con = sqlite3.connect(path)
        sql_runs = []
        for _ in range(args.runs + 1):
            started = time.perf_counter()
            for text, params in statements:
                con.execute(text, params).fetchall()
            sql_runs.append(time.perf_counter() - started)
        con.close()
        sql_runs = sql_runs[1:]  # the first run warms SQLite's page cache

    analysis_s, sqlite_s = _median(runs), _median(sql_runs)
    ratio = analysis_s / sqlite_s
    print(
        f"analysis in-process: {analysis_s:.3f} s median of {args.runs}"
        f" (first run {first:.3f} s; target <= {TARGET_SECONDS} s)"
    )
    print(f"SQLite alone, per-day sums of the same rows: {sqlite_s:.3f} s median of {args.runs}")
    print(f"ratio: {ratio:.2f}x (target <= {TARGET_RATIO:g}x)")
    ok = analysis_s <= TARGET_SECONDS and ratio <= TARGET_RATIO
    print("meets both targets" if ok else "MISSES a target")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
