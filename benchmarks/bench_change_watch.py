"""How long the open app takes to show a change another program made to its journal.

The app (headless, through Textual's test driver, at a fixed clock) shows the
Today screen of a journal; a second ``Journal`` on the same file, as the
command line would, logs a cramp for that day. The clock starts when that
write has committed and stops when the new row is in the app's entry table.
The app asks SQLite (``PRAGMA data_version``) once a second, so the figure is
the poll interval's share (0 to 1 s) plus the re-read of the screen.

Target (issue: nothing lost): the app notices another writer within about 2 s.

    python benchmarks/bench_change_watch.py [--runs 10]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path

from textual.widgets import DataTable

from cramplog.services import Journal
from cramplog.tui.app import WATCH_INTERVAL_S, CramplogApp

NOW = dt.datetime(2026, 3, 18, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))
TARGET_S = 2.0


async def one_run(path: Path, n: int) -> float:
    journal = Journal.open(path)
    app = CramplogApp(journal, clock=lambda: NOW, welcome=False)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            table = app.screen.query_one("#entries", DataTable)
            while table.row_count != n:
                await pilot.pause(0.01)
            other = Journal.open(path)
            try:
                other.log_cramp(now=NOW, muscle="calf", side="left", at="08:00")
            finally:
                other.close()
            started = time.perf_counter()
            while table.row_count != n + 1:
                await pilot.pause(0.005)
            return time.perf_counter() - started
    finally:
        journal.close()


async def main(runs: int) -> int:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "journal.sqlite3"
        Journal.open(path).close()
        times = [await one_run(path, n) for n in range(runs)]
    median = statistics.median(times)
    print(f"poll interval: {WATCH_INTERVAL_S:.1f} s; runs: {runs}")
    print(
        f"change shown after: median {median:.2f} s, min {min(times):.2f} s,"
        f" max {max(times):.2f} s (target: within about {TARGET_S:.0f} s)"
    )
    return 0 if max(times) <= TARGET_S else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    raise SystemExit(asyncio.run(main(parser.parse_args().runs)))
