"""The app open all day while the command line reads and writes the same file.

Regression: the app made its daily backup after opening the journal, and the
backup's plain read of the file's header closed a file descriptor, which on
POSIX drops every SQLite lock this process held. The next command-line
process then believed it was alone, checkpointed and deleted the -wal file
under the app, and entries written afterwards were lost.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from cramplog.domain import Cramp, Drink
from cramplog.paths import backups_dir
from cramplog.services import Journal
from cramplog.tui.app import CramplogApp
from tests.waiting import wait_for_journal

from .conftest import TODAY, clock


def cli(db: Path, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CRAMPLOG_")}
    proc = subprocess.run(
        [sys.executable, "-m", "cramplog", "--db", str(db), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout


async def test_nothing_is_lost_when_the_cli_runs_beside_the_app(empty_path: Path) -> None:
    journal = Journal.open(empty_path)
    journal.update_profile(onboarded=True)
    journal.log_drink(at="2026-03-18T08:00+01:00")
    journal.close()
    assert not list(backups_dir(empty_path).glob("auto-*"))

    app = CramplogApp(empty_path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_journal(pilot)
        # The app made today's backup while opening the journal.
        assert list(backups_dir(empty_path).glob("auto-*"))
        await pilot.press("d", "enter")
        cli(empty_path, "list")
        await pilot.press("c", "enter")
        cli(empty_path, "log", "drink", "--ml", "500", "--at", "2026-03-18T09:00+01:00")
        await pilot.press("d", "enter")
        listed = cli(empty_path, "list", "--day", TODAY.isoformat())
        assert listed.count("drink") == 4 and listed.count("cramp") == 1
    app.journal.close()

    journal = Journal.open(empty_path)
    try:
        day = journal.day(TODAY)
    finally:
        journal.close()
    assert sorted(e.ml for e in day if isinstance(e, Drink)) == [250.0, 250.0, 250.0, 500.0]
    assert sum(isinstance(e, Cramp) for e in day) == 1
