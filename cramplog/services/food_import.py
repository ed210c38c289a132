"""Importing another tracker's food log into the journal (docs/import.md).

The whole file is read and checked first (services.tracker_rows); then, in
one write transaction that re-reads what it changes, each day of the file is:

- *new*: nothing imported there before (and, for servings, no food logged
  here): its rows are added;
- *unchanged*: the journal holds exactly the file's rows for it (by each
  row's stable key): nothing is written, so a second import changes nothing;
- *overlapping*: it holds other imported rows, or (for servings) food logged
  here. Without ``on_overlap`` the import is refused, naming those days;
  "skip" leaves them as they are, "replace" replaces the rows imported there
  before by the file's. Food logged here is never changed by an import: a day
  with it is skipped either way, so no day is ever counted twice.

A day the file marks complete (Cronometer's "Completed") is marked complete,
unless the journal already has a mark for it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from cramplog.domain import (
    CramplogError,
    DayMarkKind,
    ImportedFood,
    ImportScope,
    ValidationError,
)
from cramplog.periods import days_text
from cramplog.services.journal import Journal
from cramplog.services.tracker_rows import ReadFile, read_rows, read_table, recognise_cronometer
from cramplog.storage import repository as repo
from cramplog.storage.models import DayMarkRow, FoodEntryRow, ImportedFoodRow
from cramplog.terminal_text import counted

Overlap = Literal["skip", "replace"]


@dataclass(slots=True)
class ImportSummary:
    source: str
    rows_in_file: int
    added: int = 0
    removed: int = 0
    new_days: list[dt.date] = field(default_factory=list)
    unchanged_days: list[dt.date] = field(default_factory=list)
    skipped_days: list[dt.date] = field(default_factory=list)
    replaced_days: list[dt.date] = field(default_factory=list)
    logged_here_days: list[dt.date] = field(default_factory=list)
    marked_complete: list[dt.date] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def read_file(path: Path, mapping: Path | None = None) -> ReadFile:
    """The file's rows, read as a Cronometer export or through ``mapping``."""
    headers, _ = read_table(path)
    if mapping is not None:
        from cramplog.services.import_mapping import load_mapping

        layout = load_mapping(mapping, headers)
    else:
        layout = recognise_cronometer(headers)
    return read_rows(path, layout, headers)


def _totals_used(s: Session, days: list[dt.date]) -> str:
    """How many imported day totals stand for their day (day_rule: only where no other food is)."""
    lo, hi = days[0], days[-1]
    logged = select(FoodEntryRow.journal_day).where(FoodEntryRow.journal_day.between(lo, hi))
    served = select(ImportedFoodRow.journal_day).where(
        ImportedFoodRow.journal_day.between(lo, hi),
        ImportedFoodRow.scope == ImportScope.SERVING.value,
    )
    other = (set(s.scalars(logged)) | set(s.scalars(served))) & set(days)
    used = len(days) - len(other)
    text = f"day totals stand for {used} of {len(days)} days"
    if other:
        text += f"; on {days_text(sorted(other))} other food is there and counts instead"
    return text


def import_food(
    journal: Journal, read: ReadFile, on_overlap: Overlap | None = None
) -> ImportSummary:
    """Add the file's rows by the rules above: all of it, or nothing."""
    layout = read.layout
    by_day: dict[dt.date, list[ImportedFood]] = defaultdict(list)
    for row in read.rows:
        by_day[row.journal_day].append(row)
    if not by_day:
        raise ValidationError("file", "the file has no rows after its header: nothing imported")
    summary = ImportSummary(layout.source, len(read.rows), notes=list(read.notes))
    lo, hi = min(by_day), max(by_day)
    with journal.db.writing() as s:
        existing: dict[dt.date, dict[str, ImportedFoodRow]] = defaultdict(dict)
        rows = select(ImportedFoodRow).where(
            ImportedFoodRow.journal_day.between(lo, hi),
            ImportedFoodRow.scope == layout.scope.value,
        )
        for stored in s.scalars(rows):
            existing[stored.journal_day][stored.source_key] = stored
        logged_here: set[dt.date] = set()
        if layout.scope is ImportScope.SERVING:
            days = select(FoodEntryRow.journal_day).where(FoodEntryRow.journal_day.between(lo, hi))
            logged_here = set(s.scalars(days.distinct())) & set(by_day)
        overlapping = []
        for day, file_rows in sorted(by_day.items()):
            keys = {r.key for r in file_rows}
            before = existing.get(day, {})
            if keys == set(before):
                summary.unchanged_days.append(day)
            elif not before and day not in logged_here:
                summary.new_days.append(day)
            else:
                overlapping.append(day)
        if overlapping and on_overlap is None:
            raise CramplogError(
                f"{counted(len(overlapping), 'day')} of the file already have food in the journal"
                f" ({days_text(overlapping)}); nothing was imported: say --on-overlap skip"
                " (keep those days as they are) or --on-overlap replace (replace the food"
                " imported there before; food logged here is never replaced)"
            )
        for day in overlapping:
            if day in logged_here:
                summary.logged_here_days.append(day)
            elif on_overlap == "replace":
                summary.replaced_days.append(day)
            else:
                summary.skipped_days.append(day)
        for day in summary.replaced_days:
            ids = [r.id for r in existing[day].values()]
            s.execute(delete(ImportedFoodRow).where(ImportedFoodRow.id.in_(ids)))
            summary.removed += len(ids)
        s.flush()
        adding = [e for day in (*summary.new_days, *summary.replaced_days) for e in by_day[day]]
        summary.added = repo.add_new_entries(s, adding)
        kept = {*summary.new_days, *summary.replaced_days, *summary.unchanged_days}
        if layout.scope is ImportScope.DAY and kept:
            summary.notes.append(_totals_used(s, sorted(kept)))
        marked = set(
            s.scalars(select(DayMarkRow.journal_day).where(DayMarkRow.journal_day.between(lo, hi)))
        )
        for day in sorted(read.complete_days & kept - marked):
            s.add(DayMarkRow(journal_day=day, kind=DayMarkKind.COMPLETE.value))
            summary.marked_complete.append(day)
        already = sorted(read.complete_days & kept & marked)
        if already:
            summary.notes.append(
                f"{counted(len(already), 'day')} marked complete in the file already had"
                " a mark here, left as it is"
            )
    return summary
