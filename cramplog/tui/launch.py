"""Start the app on a journal file."""

from __future__ import annotations

import sys
from pathlib import Path


def run_tui(db_path: Path) -> None:
    # The app opens the journal itself, after its first screen is painted; a
    # journal it cannot open (newer release, damaged, read-only folder) ends
    # the app with the same one line the command line prints, and status 1.
    from cramplog.tui.app import CramplogApp, FirstRunApp

    app = CramplogApp(db_path) if db_path.exists() else FirstRunApp(db_path)
    try:
        app.run()
    finally:
        if app.journal_ready:
            app.journal.close()
    if app.return_code:
        sys.exit(app.return_code)
