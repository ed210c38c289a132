"""CSV tables for spreadsheets: the daily frame and every entry table.

A spreadsheet runs a cell that starts with =, +, -, @ (or a tab or carriage
return) as a formula. Any such text cell — a note, a food name — is written
with a leading apostrophe, so it shows as typed and never runs (OWASP
"CSV injection"). Numbers are written as numbers. Control characters and
bidi overrides in text are written as visible escapes (``\\x1b``, ``\\u202e``),
as cramplog shows them everywhere; a line break in a note stays one (in a
quoted cell). The JSON export (`cramplog export`) keeps every character.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from cramplog.domain import (
    FOOD_VALUES,
    MEDICATION_FIELDS,
    medication_record,
)
from cramplog.entry_kinds import (
    ENTRY_KINDS,
    EntryKind,
    entry_record,
    entry_ref,
    kind_of,
    record_keys,
)
from cramplog.report.files import check_folder, check_target, prepare_folder, write_private
from cramplog.report.source import JournalSource
from cramplog.terminal_text import scrub

DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    value = scrub(value, keep_newlines=True)
    return "'" + value if value.startswith(DANGEROUS_START) else value


def to_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else neutralise(v) for v in row])
    return buffer.getvalue()


# Records holding one value per food value, flattened to a column each: a
# composition ("magnesium_mg_per_100g"), an imported row's amounts ("magnesium_mg").
_SPREAD = {"per_100g": "_per_100g", "amounts": ""}


def _cells(record: dict[str, Any]) -> dict[str, Any]:
    """A record as spreadsheet cells: yes/no as 1/0, lists joined by ";",
    the composition as one ``{value}_per_100g`` column per value."""
    cells: dict[str, Any] = {}
    for key, value in record.items():
        if key in _SPREAD:
            cells |= {f"{k}{_SPREAD[key]}": (value or {}).get(k) for k in FOOD_VALUES}
        elif isinstance(value, bool):
            cells[key] = int(value)
        elif isinstance(value, list):
            cells[key] = ";".join(value)
        else:
            cells[key] = value
    return cells


def _columns(keys: Sequence[str]) -> list[str]:
    out: list[str] = []
    for key in keys:
        out += [f"{k}{_SPREAD[key]}" for k in FOOD_VALUES] if key in _SPREAD else [key]
    return out


def entry_tables(journal: JournalSource) -> dict[str, str]:
    """One CSV per entry kind, its columns the kind's one serialisation
    (cramplog.entry_kinds.entry_record) after the entry's ref."""
    by_kind: dict[EntryKind, list[dict[str, Any]]] = {kind: [] for kind in ENTRY_KINDS}
    for entry in journal.entries():
        by_kind[kind_of(entry)].append({"ref": entry_ref(entry), **_cells(entry_record(entry))})
    tables: dict[str, str] = {}
    for kind, rows in by_kind.items():
        header = ["ref", *_columns(record_keys(kind))]
        tables[f"{kind.section}.csv"] = to_csv(header, ([r[h] for h in header] for r in rows))
    tables["medications.csv"] = to_csv(
        MEDICATION_FIELDS,
        (tuple(medication_record(m).values()) for m in journal.medications()),
    )
    return tables


def daily_table(journal: JournalSource) -> str:
    from cramplog.analysis.daily import journal_span, load_daily

    span = journal_span(journal.db)
    if span is None:
        return to_csv(("journal_day",), [])
    frame = load_daily(journal.db, span[0], span[1], lookback_days=0)
    frame = frame.reset_index()
    header = [str(c) for c in frame.columns]
    rows = []
    for record in frame.itertuples(index=False):
        row = []
        for value in record:
            if hasattr(value, "isoformat"):
                row.append(value.isoformat()[:10])
            elif isinstance(value, float) and value != value:
                row.append(None)
            else:
                row.append(value)
        rows.append(row)
    return to_csv(header, rows)


def export_csv(
    journal: JournalSource,
    out_dir: Path,
    *,
    force: bool = False,
    progress: Callable[[int, int, str], object] | None = None,
) -> list[Path]:
    """Write daily.csv and one CSV per entry table into ``out_dir`` (0600 files).

    ``out_dir`` may exist (empty or not); ``force`` replaces only the files
    named here, never anything else in it. Every name is checked before the
    first is written, so a refusal writes nothing (report.files says what is
    refused). ``progress(done, total, what)`` hears each step (the app's bar).
    """
    say = progress or (lambda done, total, what: None)
    check_folder(out_dir)
    say(0, 0, "Adding up each day")
    daily = daily_table(journal)
    say(0, 0, "Reading the entries")
    tables = {"daily.csv": daily, **entry_tables(journal)}
    if out_dir.is_dir():
        for name in tables:
            check_target(out_dir / name, force=force)
    prepare_folder(out_dir)
    written = []
    for done, (name, text) in enumerate(tables.items()):
        say(done, len(tables), f"Writing {name}")
        path = out_dir / name
        write_private(path, text, force=force)
        written.append(path)
    say(len(tables), len(tables), "Done")
    return written
