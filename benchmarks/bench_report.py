"""Whole-process time of `cramplog report` for a 90-day and a one-year report.

Targets (issue: weekly trend charts and a report): 90 days <= 3 s, one year
<= 5 s, each the wall time of the whole `cramplog report` process on a demo
journal. Prints the median of several runs.

Beside them, the time a fresh process takes only to import the libraries the
report uses (matplotlib with Agg, fpdf2, pandas, SQLAlchemy), and the ratio
report / imports: on a slower or busier machine both grow, so the ratio says
how much work the report adds over its unavoidable start-up. Target for the
default (90-day) report: <= 1.5x. Runs alternate report and imports, so a
burst of load elsewhere falls on both.

    python benchmarks/bench_report.py [--runs 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _bytecode import compile_package

END = dt.date(2026, 3, 1)
RATIO_TARGET = 1.5

# The libraries a report imports, and nothing of cramplog's own.
IMPORTS_ONLY = (
    "import matplotlib; matplotlib.use('Agg');"
    " import matplotlib.figure, matplotlib.backends.backend_agg;"
    " import fpdf; import pandas; import sqlalchemy"
)


def make_journal(path: Path, days: int) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "cramplog",
            "--db",
            str(path),
            "demo",
            "--days",
            str(days),
            "--seed",
            "7",
        ],
        check=True,
        capture_output=True,
    )


def time_imports() -> float:
    began = time.perf_counter()
    subprocess.run([sys.executable, "-c", IMPORTS_ONLY], check=True, capture_output=True)
    return time.perf_counter() - began


def time_report(
    db: Path, start: dt.date, end: dt.date, out: Path, runs: int
) -> tuple[list[float], list[float]]:
    """Report times and import-only times, taken in turn."""
    times = []
    imports = []
    for i in range(runs):
        imports.append(time_imports())
        target = out / f"r{start.isoformat()}-{i}.pdf"
        began = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "cramplog",
                "--db",
                str(db),
                "report",
                "--from",
                start.isoformat(),
                "--to",
                end.isoformat(),
                "-o",
                str(target),
            ],
            check=True,
            capture_output=True,
        )
        times.append(time.perf_counter() - began)
    return times, imports


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    compile_package(sys.executable)
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = folder / "year.sqlite3"
        make_journal(db, 400)
        today = dt.date.today()
        for label, days, target in (("90-day", 90, 3.0), ("one-year", 365, 5.0)):
            start = today - dt.timedelta(days=days)
            times, imports = time_report(db, start, today, folder, args.runs)
            median = statistics.median(times)
            verdict = "PASS" if median <= target else "FAIL"
            ok &= median <= target
            print(
                f"{label} report: median {median:.2f} s over {args.runs} runs"
                f" (min {min(times):.2f}, max {max(times):.2f}); target <= {target:.0f} s"
                f" {verdict}"
            )
            base = statistics.median(imports)
            ratio = median / base
            line = (
                f"  imports only: median {base:.2f} s (min {min(imports):.2f},"
                f" max {max(imports):.2f}); report / imports {ratio:.2f}x"
            )
            if days == 90:  # the default report
                ok &= ratio <= RATIO_TARGET
                line += f"; target <= {RATIO_TARGET}x {'PASS' if ratio <= RATIO_TARGET else 'FAIL'}"
            print(line)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
