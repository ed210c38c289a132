"""Undo and redo of a person's changes, as the app offers them (u and U).

Each change is the entries it wrote and the entries it removed or replaced,
as they were. Taking a change back, or making it again, is one call to
``Journal.undo``: one write transaction, checked by content, all or nothing.
A change another program has since touched is refused with the reason and
stays where it is, so nothing is lost by trying.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cramplog.domain import Entry

if TYPE_CHECKING:
    # Only for its type: the app imports this module before SQLAlchemy is loaded.
    from cramplog.services.journal import Journal


@dataclass(frozen=True, slots=True)
class Change:
    """What a change did: ``added`` it wrote, ``removed`` it deleted or replaced."""

    what: str
    added: tuple[Entry, ...] = ()
    removed: tuple[Entry, ...] = ()

    @property
    def days(self) -> set[dt.date]:
        return {e.journal_day for e in (*self.added, *self.removed)}


@dataclass
class UndoHistory:
    """The changes made in this session: the last can be taken back, then made again.

    The journal is given on each step: the app may reopen it (after a restore).
    """

    done: list[Change] = field(default_factory=list)
    undone: list[Change] = field(default_factory=list)

    def record(
        self, what: str, added: tuple[Entry, ...] = (), removed: tuple[Entry, ...] = ()
    ) -> None:
        """A new change: it can be undone, and what was undone before can no longer be redone."""
        self.done.append(Change(what, added, removed))
        self.undone.clear()

    def undo(self, journal: Journal) -> Change | None:
        """Take back the last change; None when there is none. Raises if it cannot be done."""
        return self._step(journal, self.done, self.undone)

    def redo(self, journal: Journal) -> Change | None:
        """Make the last undone change again; None when there is none."""
        return self._step(journal, self.undone, self.done)

    def _step(self, journal: Journal, source: list[Change], target: list[Change]) -> Change | None:
        if not source:
            return None
        change = source[-1]
        # Raises (StaleEntryError, ...) with nothing changed: the change stays.
        written = journal.undo(change.added, change.removed)
        source.pop()
        # Its opposite: remove what this step wrote, put back what it removed.
        target.append(Change(change.what, tuple(written), change.added))
        return change
