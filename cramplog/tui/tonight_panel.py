"""The bedtime panel on Today: what the person's own records show tonight.

Its figures come from :func:`cramplog.services.tonight.tonight`, which uses
the analysis (pandas): it runs in a thread worker, and nothing here imports
pandas. Shown by itself in the evening and the small hours, and on ``b``.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.widgets import Static

from cramplog.domain import CramplogError, Profile
from cramplog.times import in_the_night

if TYPE_CHECKING:
    from cramplog.services import Journal
    from cramplog.services.tonight import Tonight

# From this hour until the journal day ends, Today shows the panel by itself.
EVENING_HOUR = 20


def bedtime(now: dt.datetime, day_start_hour: int) -> bool:
    """The evening or the small hours: when the panel shows without being asked for."""
    return now.hour >= EVENING_HOUR or in_the_night(now, day_start_hour)


def tonight_text(found: Tonight) -> Text:
    """A heading, then per line: a mark, the label, the figure, and the comparison under it."""
    out = Text("Tonight, from your records", style="bold")
    for line in found.lines:
        mark = {True: "▲ ", False: "  ", None: "· "}[line.exposed]
        out.append("\n")
        out.append(mark, style="yellow" if line.exposed else "dim")
        out.append(f"{line.label}: ", style="bold")
        out.append(line.shown)
        if line.finding:
            out.append(f"\n    {line.finding}", style="italic")
    out.append("\n")
    out.append(found.note, style="dim")
    return out


class TonightPanel(Static):
    """Reads :class:`~cramplog.services.tonight.Tonight` in a worker and shows it."""

    DEFAULT_CSS = """
    TonightPanel { height: auto; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self.found: Tonight | None = None

    def load(self, journal: Journal, day: dt.date, today: dt.date, profile: Profile) -> None:
        if self.found is None or self.found.day != day:
            self.update(Text("Tonight, from your records\nlooking…", style="dim"))
        self._read(journal, day, today, profile)

    @work(thread=True, exclusive=True, group="tonight")
    def _read(self, journal: Journal, day: dt.date, today: dt.date, profile: Profile) -> None:
        from cramplog.services.tonight import tonight

        try:
            found = tonight(journal, day, today, profile)
        except CramplogError as exc:
            self.app.call_from_thread(self.update, Text(f"Tonight: {exc}", style="dim"))
            return
        self.app.call_from_thread(self._show, found)

    def _show(self, found: Tonight) -> None:
        self.found = found
        self.update(tonight_text(found))
