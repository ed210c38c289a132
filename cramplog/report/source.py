"""What the report needs from a journal, described here so the report never imports the services.

``services.Journal`` provides it; the report only reads through it (the
analysis reads the database handle with its own SQL sums).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Protocol

from cramplog.domain import Cramp, Entry, Medication, Profile
from cramplog.entry_kinds import EntryKind
from cramplog.storage.engine import Database

if TYPE_CHECKING:
    from cramplog.report.trial_section import TrialReport


class JournalSource(Protocol):
    @property
    def db(self) -> Database: ...

    def profile(self) -> Profile: ...

    def entries(self, start: dt.date | None = None, end: dt.date | None = None) -> list[Entry]: ...

    def cramps(self, start: dt.date, end: dt.date) -> list[Cramp]: ...

    def plain_entries(self, kind: EntryKind, start: dt.date, end: dt.date) -> list[Entry]: ...

    def medications(self) -> list[Medication]: ...

    def dose_summary(
        self, start: dt.date, end: dt.date
    ) -> dict[str, tuple[dt.date, dt.date, int]]: ...

    def trial_report(self) -> TrialReport | None: ...
