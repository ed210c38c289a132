"""Start the app on an open journal."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cramplog.services import Journal


def run_tui(journal: Journal) -> None:
    # The CLI opens the journal first, so a file that cannot be opened (newer
    # release, damaged, read-only folder) is refused with one line before the
    # terminal is taken over.
    from cramplog.tui.app import CramplogApp

    CramplogApp(journal).run()
