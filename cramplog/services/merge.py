"""Merging another copy of the journal: `cramplog import --merge FILE`."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cramplog.domain import Entry, ImportedFood, as_new, same_content
from cramplog.entry_kinds import entry_ref, kind_of
from cramplog.services.exchange import (
    add_custom_foods,
    add_medications,
    add_recipes,
    parse_document,
)
from cramplog.services.exchange_format import check_document
from cramplog.services.journal import Journal
from cramplog.storage import repository as repo
from cramplog.storage.models import (
    DayMarkRow,
    ImportedFoodRow,
)


@dataclasses.dataclass
class MergeSummary:
    """What ``merge_document`` did: every entry of the file is counted once."""

    added: list[Entry] = dataclasses.field(default_factory=list)
    # (as it was here, as it is now): the file had a newer version.
    replaced: list[tuple[Entry, Entry]] = dataclasses.field(default_factory=list)
    # The journal's version is newer than the file's: kept.
    kept: list[Entry] = dataclasses.field(default_factory=list)
    unchanged: int = 0
    others: dict[str, int] = dataclasses.field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.replaced or any(self.others.values()))

    def to_dict(self) -> dict[str, Any]:
        return {
            "added": [entry_ref(e) for e in self.added],
            "replaced": [
                {
                    "entry": entry_ref(new),
                    "uuid": new.uuid,
                    "was_version": old.version,
                    "now_version": new.version,
                }
                for old, new in self.replaced
            ],
            "kept_newer_here": [entry_ref(e) for e in self.kept],
            "unchanged": self.unchanged,
            **self.others,
        }


def merge_document(journal: Journal, doc: Any) -> MergeSummary:
    """Merge another copy of this journal (an export from a second computer).

    Entries are matched by uuid (a file without uuids, by content): a new one
    is added with a fresh id; the same content is left alone; different
    content keeps the newer version (``updated_at``, then ``version``), and a
    replaced one is listed. Medicines, custom foods and recipes are added by
    name when missing, day marks by day; the journal's own are kept. Merging
    the same file again changes nothing. All of it in one transaction.
    """
    doc = check_document(doc)
    hour = journal.profile().day_start_hour
    parsed = parse_document(journal, doc, hour)
    summary = MergeSummary()
    with journal.db.writing() as s:
        meds = {m.name.lower() for m in repo.medications(s)}
        new_meds = [
            dataclasses.replace(m, id=None) for m in parsed.meds if m.name.lower() not in meds
        ]
        add_medications(s, new_meds)
        customs = {c.name for c in repo.custom_foods(s)}
        new_customs = [
            dataclasses.replace(c, id=None) for c in parsed.customs if c.name not in customs
        ]
        add_custom_foods(s, new_customs)
        s.flush()
        here = repo.entries_between(s)
        by_content = {_content_key(e) for e in here}
        for entry, release in parsed.entries:
            _merge_entry(s, entry, release, by_content, summary)
        marks = {m.journal_day for m in repo.day_marks(s)}
        new_marks = [(day, kind) for day, kind in parsed.marks if day not in marks]
        for day, kind in new_marks:
            s.add(DayMarkRow(journal_day=day, kind=kind.value))
        recipes = [r.name for r in repo.recipes(s)]
        summary.others = {
            "medications_added": len(new_meds),
            "custom_foods_added": len(new_customs),
            "day_marks_added": len(new_marks),
            "recipes_added": add_recipes(s, parsed.recipes, recipes, keep_ids=False),
        }
    return summary


def _content_key(entry: Entry) -> tuple[str, str]:
    # An entry from a file without uuids is known by what it says.
    return type(entry).__name__, repr(as_new(entry))


def _merge_entry(
    s: Session,
    entry: Entry,
    release: str,
    by_content: set[tuple[str, str]],
    summary: MergeSummary,
) -> None:
    table = repo.table_of(kind_of(entry).prefix)
    row = repo.entry_row_by_uuid(s, table, entry.uuid) if entry.uuid else None
    if row is None and isinstance(entry, ImportedFood):
        # The same row of the same export, imported on both computers: one row.
        row = s.scalar(select(ImportedFoodRow).where(ImportedFoodRow.source_key == entry.key))
        if row is not None:
            summary.unchanged += 1
            return
    if row is None:
        if not entry.uuid and _content_key(entry) in by_content:
            summary.unchanged += 1
            return
        added = repo.add_entry(s, dataclasses.replace(entry, id=None), release)
        by_content.add(_content_key(added))
        summary.added.append(added)
        return
    current = repo.to_domain(s, row)
    incoming = dataclasses.replace(entry, id=current.id)
    if same_content(current, incoming):
        summary.unchanged += 1
        return
    if _age(incoming) > _age(current):
        new = repo.update_entry(
            s, row, incoming, release or getattr(row, "food_release", ""), adopt=True
        )
        summary.replaced.append((current, new))
    else:
        summary.kept.append(current)


def _age(entry: Entry) -> tuple[dt.datetime, int]:
    oldest = dt.datetime.min.replace(tzinfo=dt.UTC)
    return (entry.updated_at or oldest, entry.version)
