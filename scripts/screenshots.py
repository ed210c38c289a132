"""Render the app's screens to SVG for the README and docs/tui.md.

    python scripts/screenshots.py [docs/screenshots]

Uses a made-up demo journal and a fixed clock, so the pictures are the same
on every machine and never show anyone's real records.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import sys
import tempfile
from pathlib import Path

from cramplog.demo import generate_demo
from cramplog.domain import Cramp
from cramplog.services import Journal
from cramplog.tui.app import CramplogApp

NOW = dt.datetime(2026, 3, 18, 7, 45, tzinfo=dt.timezone(dt.timedelta(hours=1)))
SIZE = (100, 30)


def _clock() -> dt.datetime:
    return NOW


async def _shoot(path: Path, out: Path) -> None:
    journal = Journal.open(path)
    app = CramplogApp(journal, clock=_clock, welcome=False)
    async with app.run_test(size=SIZE) as pilot:
        recent = journal.entries(NOW.date() - dt.timedelta(days=14), NOW.date())
        cramp_days = sorted({e.journal_day for e in recent if isinstance(e, Cramp)})
        app.show_day(cramp_days[-1] if cramp_days else NOW.date() - dt.timedelta(days=1))
        await pilot.pause()
        app.save_screenshot("today.svg", str(out))
        for mode in ("history", "trends", "insights"):
            app.switch_mode(mode)
            await pilot.pause(0.5)
            await app.workers.wait_for_complete()
            await pilot.pause(0.5)
            app.save_screenshot(f"{mode}.svg", str(out))
    journal.close()


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "demo.sqlite3"
        journal = Journal.open(path)
        generate_demo(journal.db, days=180, seed=3, end=NOW.date() - dt.timedelta(days=1))
        journal.update_profile(onboarded=True)
        journal.close()
        asyncio.run(_shoot(path, out))
    print(f"wrote {', '.join(sorted(p.name for p in out.glob('*.svg')))} to {out}")


if __name__ == "__main__":
    main()
