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
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from cramplog.domain import (
    FOOD_VALUES,
    MEDICATION_FIELDS,
    Activity,
    Cramp,
    Dose,
    Drink,
    FoodEntry,
    ValidationError,
    medication_record,
)
from cramplog.paths import make_private_dir
from cramplog.report.files import write_private
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


def entry_tables(journal: JournalSource) -> dict[str, str]:
    entries = journal.entries()
    cramps = [e for e in entries if isinstance(e, Cramp)]
    foods = [e for e in entries if isinstance(e, FoodEntry)]
    drinks = [e for e in entries if isinstance(e, Drink)]
    doses = [e for e in entries if isinstance(e, Dose)]
    acts = [e for e in entries if isinstance(e, Activity)]
    return {
        "cramps.csv": to_csv(
            (
                "id",
                "time",
                "journal_day",
                "muscle",
                "side",
                "severity",
                "duration_s",
                "woke_from_sleep",
                "relieved_by",
                "red_flags",
                "notes",
            ),
            (
                (
                    f"c{e.id}",
                    e.at.isoformat(),
                    e.journal_day.isoformat(),
                    e.muscle.value,
                    e.side.value,
                    e.severity,
                    e.duration_s,
                    int(e.woke_from_sleep),
                    e.relieved_by,
                    ";".join(sorted(f.value for f in e.red_flags)),
                    e.notes,
                )
                for e in cramps
            ),
        ),
        "foods.csv": to_csv(
            (
                "id",
                "time",
                "journal_day",
                "meal",
                "food_id",
                "custom_food",
                "name",
                "grams",
                "amount",
                "unit",
                *(f"{k}_per_100g" for k in FOOD_VALUES),
                "notes",
            ),
            (
                (
                    f"f{e.id}",
                    e.at.isoformat(),
                    e.journal_day.isoformat(),
                    e.meal.value,
                    e.food_id,
                    e.custom_food,
                    e.name,
                    e.grams,
                    e.amount,
                    e.unit,
                    *(e.per100g.get(k) for k in FOOD_VALUES),
                    e.notes,
                )
                for e in foods
            ),
        ),
        "drinks.csv": to_csv(
            ("id", "time", "journal_day", "kind", "ml", "caffeinated", "food_id", "grams", "notes"),
            (
                (
                    f"d{e.id}",
                    e.at.isoformat(),
                    e.journal_day.isoformat(),
                    e.kind.value,
                    e.ml,
                    int(e.caffeinated),
                    e.food_id,
                    e.grams,
                    e.notes,
                )
                for e in drinks
            ),
        ),
        "doses.csv": to_csv(
            ("id", "time", "journal_day", "medication", "count", "notes"),
            (
                (
                    f"m{e.id}",
                    e.at.isoformat(),
                    e.journal_day.isoformat(),
                    e.medication,
                    e.count,
                    e.notes,
                )
                for e in doses
            ),
        ),
        "activities.csv": to_csv(
            ("id", "time", "journal_day", "kind", "minutes", "intensity", "notes"),
            (
                (
                    f"a{e.id}",
                    e.at.isoformat(),
                    e.journal_day.isoformat(),
                    e.kind,
                    e.minutes,
                    e.intensity.value,
                    e.notes,
                )
                for e in acts
            ),
        ),
        "medications.csv": to_csv(
            MEDICATION_FIELDS,
            (tuple(medication_record(m).values()) for m in journal.medications()),
        ),
    }


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


def export_csv(journal: JournalSource, out_dir: Path, *, force: bool = False) -> list[Path]:
    """Write daily.csv and one CSV per entry table into ``out_dir`` (0600 files)."""
    tables = {"daily.csv": daily_table(journal), **entry_tables(journal)}
    make_private_dir(out_dir)
    existing = [out_dir / name for name in tables if (out_dir / name).exists()]
    if existing and not force:
        raise ValidationError("output", f"{existing[0]} already exists; use --force to overwrite")
    written = []
    for name, text in tables.items():
        path = out_dir / name
        write_private(path, text, force=force)
        written.append(path)
    return written
