"""Start the app on a journal file."""

from __future__ import annotations

from pathlib import Path


def run_tui(db_path: Path) -> None:
    from cramplog.tui.app import CramplogApp

    CramplogApp(db_path).run()
