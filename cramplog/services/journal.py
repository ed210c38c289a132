"""The journal's use cases, shared by the command line and the TUI."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Unpack

from sqlalchemy import delete, select, update

from cramplog.domain import (
    Activity,
    Cramp,
    DayMark,
    DayMarkKind,
    Dose,
    Drink,
    Entry,
    FoodEntry,
    ImportedFood,
    Profile,
    StaleEntryError,
    ValidationError,
    same_content,
)
from cramplog.entry_kinds import EntryKind, entry_ref, kind_of
from cramplog.services import entries as build
from cramplog.services import validate as v
from cramplog.services.catalog import Catalog
from cramplog.services.commands import ProfileChanges
from cramplog.services.new_entries import NewEntries, food_release
from cramplog.services.profile import checked_profile
from cramplog.storage import repository as repo
from cramplog.storage.engine import Database
from cramplog.storage.models import ENTRY_TABLES, DayMarkRow, ImportedFoodRow
from cramplog.storage.schema import OpenResult, open_database
from cramplog.storage.watch import JournalWatch, Seen
from cramplog.times import journal_day

if TYPE_CHECKING:
    from cramplog.report.trial_section import TrialReport

__all__ = ["Journal", "JournalWatch", "Seen"]


_BUILDERS: dict[type, Callable[..., Entry]] = {
    Cramp: build.cramp,
    FoodEntry: build.food_entry,
    Drink: build.drink,
    Dose: build.dose,
    Activity: build.activity,
    ImportedFood: build.imported_food,
}


def _check_seen(ref: str, stored: Entry, seen: Entry | None) -> None:
    if seen is not None and (seen.uuid, seen.version) != (stored.uuid, stored.version):
        raise StaleEntryError(f"{ref} was changed elsewhere since you opened it")


def _release_of(entry: Entry) -> str:
    return food_release() if isinstance(entry, FoodEntry | Drink) and entry.food_id else ""


class Journal(NewEntries, Catalog):
    """One open journal file and everything a person can do with it.

    Logging new entries is ``NewEntries`` (services.new_entries); medicines,
    custom foods and recipes are ``Catalog`` (services.catalog).
    """

    def __init__(self, db: Database, opened: OpenResult | None = None) -> None:
        self.db = db
        self.opened = opened

    @classmethod
    def open(cls, path: Path) -> Journal:
        result = open_database(path)
        return cls(result.database, result)

    @classmethod
    def open_for_use(cls, path: Path) -> tuple[Journal, list[str]]:
        """Open ``path`` as every command and the app do: the daily backup, then the journal.

        The backup runs first because it reads the file with a plain open(),
        and closing any descriptor of a file drops every POSIX lock this
        process holds on it, SQLite's included. Returns the journal and lines
        to show the person (a daily backup that failed, an upgrade made).
        """
        from cramplog.storage.backup import maybe_daily_backup

        notes: list[str] = []
        maybe_daily_backup(path, warn=notes.append)
        journal = cls.open(path)
        opened = journal.opened
        if opened is not None and opened.backup is not None:
            notes.append(
                f"upgraded journal from schema {opened.upgraded_from};"
                f" backup kept at {opened.backup}"
            )
        return journal, notes

    @property
    def path(self) -> Path:
        return self.db.path

    def close(self) -> None:
        self.db.close()

    def fill_with_demo(self, days: int, end: dt.date | None = None) -> None:
        """Fill this journal with a made-up one (`cramplog demo`, the welcome's demo)."""
        # numpy and the food table load here, never at the app's start-up.
        from cramplog.demo import generate_demo

        generate_demo(self.db, days=days, end=end)

    def watch(self) -> JournalWatch:
        """A watch on this journal's file: has another program changed or replaced it?"""
        return JournalWatch(self.path)

    # --- profile -------------------------------------------------------------

    def profile(self) -> Profile:
        with self.db.reading() as s:
            return repo.get_profile(s)

    def update_profile(self, **changes: Unpack[ProfileChanges]) -> Profile:
        with self.db.writing() as s:
            current = repo.get_profile(s)
            updated = self.checked_profile(current, **changes)
            repo.save_profile(s, updated)
            if updated.day_start_hour != current.day_start_hour:
                self._recompute_days(s, updated.day_start_hour)
        return updated

    checked_profile = staticmethod(checked_profile)

    def _recompute_days(self, session: Any, hour: int) -> None:
        from cramplog.times import from_storage

        for table in ENTRY_TABLES:
            if table is ImportedFoodRow:
                continue  # on the day its tracker gave it (services.food_import)
            rows = session.execute(select(table.id, table.at_utc, table.utc_offset_min)).all()
            changed = [
                {"id": ident, "journal_day": journal_day(from_storage(at_utc, offset), hour)}
                for ident, at_utc, offset in rows
            ]
            if changed:
                # One executemany per table (an ORM bulk update by primary key),
                # not one statement per entry: years of entries take a moment.
                session.execute(update(table), changed)

    # --- reading, editing, deleting -------------------------------------------

    def get(self, ref: str) -> Entry:
        with self.db.reading() as s:
            return repo.to_domain(s, repo.get_entry_row(s, ref))

    def entries(self, start: dt.date | None = None, end: dt.date | None = None) -> list[Entry]:
        with self.db.reading() as s:
            return repo.entries_between(s, start, end)

    def cramps(self, start: dt.date, end: dt.date) -> list[Cramp]:
        """The cramp episodes of journal days ``start`` to ``end``, in time order."""
        with self.db.reading() as s:
            return repo.cramps_between(s, start, end)

    def plain_entries(self, kind: EntryKind, start: dt.date, end: dt.date) -> list[Entry]:
        """Entries of a kind of plain fields (day factors) on days ``start`` to ``end``."""
        with self.db.reading() as s:
            return repo.plain_between(s, kind, start, end)

    def latest_cramp(self) -> Cramp | None:
        """The most recent cramp (its muscle and side are the next one's defaults)."""
        with self.db.reading() as s:
            return repo.latest_cramp(s)

    def latest_activity(self) -> Activity | None:
        with self.db.reading() as s:
            return repo.latest_activity(s)

    def day(self, day: dt.date) -> list[Entry]:
        return self.entries(day, day)

    def edit(
        self,
        ref: str,
        changes: Mapping[str, object],
        *,
        now: dt.datetime | None = None,
        seen: Entry | None = None,
    ) -> Entry:
        """Change the given fields of an entry and return it as stored.

        ``changes`` maps field names (as `cramplog edit` and the forms name
        them) to what was typed; each kind's check refuses a name it lacks.

        Read, check and write happen in one write transaction, so two edits of
        different fields of one entry, made at once, both stay. ``seen`` is the
        entry as the person saw it: a change made from an older view is refused
        (StaleEntryError). An edit that changes nothing writes nothing.
        """
        if not changes:
            raise ValidationError("fields", "nothing to change: give at least one field")
        with self.db.writing() as s:
            row = repo.get_entry_row(s, ref)
            old = repo.to_domain(s, row)
            _check_seen(ref, old, seen)
            hour = repo.get_profile(s).day_start_hour
            kind = kind_of(old)
            new = (
                build.plain_entry(kind, changes, old, hour, now)
                if kind.plain
                else _BUILDERS[type(old)](changes, old, hour, now)
            )
            if same_content(new, old):
                return old
            return repo.update_entry(s, row, new, getattr(row, "food_release", ""))

    def delete(self, ref: str, *, seen: Entry | None = None) -> Entry:
        """Delete an entry and return it, so that `undo` can put it back."""
        with self.db.writing() as s:
            row = repo.get_entry_row(s, ref)
            entry = repo.to_domain(s, row)
            _check_seen(ref, entry, seen)
            s.delete(row)
        return entry

    def undo(self, added: Sequence[Entry] = (), removed: Sequence[Entry] = ()) -> list[Entry]:
        """Take back one change, in one transaction: all of it or none of it.

        ``added`` are the entries the change wrote (as it wrote them), removed
        those it deleted or replaced (as they were). An added entry changed or
        deleted elsewhere since is not touched: the undo is refused with the
        reason and nothing changes. A removed entry comes back exactly as it
        was: same id, uuid, content and version. Returns the entries it wrote,
        as stored (a redo takes them back again; services.undo).
        """
        written: list[Entry] = []
        with self.db.writing() as s:
            back = {e.uuid: e for e in removed}
            for entry in added:
                ref = entry_ref(entry)
                row = repo.entry_row_by_uuid(s, repo.table_of(ref[0]), entry.uuid)
                if row is None:
                    raise StaleEntryError(
                        f"cannot undo: {ref} is no longer in the journal (deleted elsewhere)"
                    )
                # By content, not version: undoing an edit makes a new version
                # of what an earlier change on the stack added.
                if not same_content(repo.to_domain(s, row), entry):
                    raise StaleEntryError(
                        f"cannot undo: {ref} was changed elsewhere since; it was left as it is"
                    )
                previous = back.pop(entry.uuid, None)
                if previous is None:
                    s.delete(row)
                else:
                    # An edit: its entry goes back to what it was, as a new version.
                    release = getattr(row, "food_release", "")
                    written.append(repo.update_entry(s, row, previous, release))
            s.flush()
            for entry in back.values():
                ref = entry_ref(entry)
                table = repo.table_of(ref[0])
                if repo.entry_row_by_uuid(s, table, entry.uuid) is not None:
                    raise StaleEntryError(f"cannot undo: {ref} is already in the journal")
                written.append(repo.add_entry(s, entry, _release_of(entry)))
        return written

    # --- days --------------------------------------------------------------------

    def mark_day(self, day: Any, kind: Any) -> DayMark | None:
        """Mark a journal day complete or not logged; kind None clears the mark."""
        when = v.date("day", day)
        with self.db.writing() as s:
            s.execute(delete(DayMarkRow).where(DayMarkRow.journal_day == when))
            if kind in (None, "", "none", "clear"):
                return None
            mark = DayMark(when, v.choice("kind", kind, DayMarkKind))
            s.add(DayMarkRow(journal_day=when, kind=mark.kind.value))
            return mark

    def day_marks(self, start: dt.date | None = None, end: dt.date | None = None) -> list[DayMark]:
        with self.db.reading() as s:
            return repo.day_marks(s, start, end)

    def counts(self) -> dict[str, int]:
        with self.db.reading() as s:
            return repo.count_rows(s)

    def trial_report(self) -> TrialReport | None:
        """The latest trial as the clinician report shows it (services.trials)."""
        from cramplog.services.trials import trial_report

        return trial_report(self)

    def dose_summary(self, start: dt.date, end: dt.date) -> dict[str, tuple[dt.date, dt.date, int]]:
        """Per medicine: first and last dose day ever logged, and doses in the period."""
        with self.db.reading() as s:
            return repo.dose_summary(s, start, end)
