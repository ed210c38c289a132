"""Whole-process time of `cramplog report` for a 90-day and a one-year report.

Targets (issue: weekly trend charts and a report): 90 days <= 3 s, one year
<= 5 s, each the wall time of the whole `cramplog report` process on a demo
journal. Prints the median of several runs.

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


def time_report(db: Path, start: dt.date, end: dt.date, out: Path, runs: int) -> list[float]:
    times = []
    for i in range(runs):
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
    return times


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
            times = time_report(db, start, today, folder, args.runs)
            median = statistics.median(times)
            verdict = "PASS" if median <= target else "FAIL"
            ok &= median <= target
            print(
                f"{label} report: median {median:.2f} s over {args.runs} runs"
                f" (min {min(times):.2f}, max {max(times):.2f}); target <= {target:.0f} s"
                f" {verdict}"
            )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
