"""An entry as a row of Today's table, and its note under the table.

At 80 columns the description has about 22 cells: a cramp's severity must
still show ("calf right, 8/10" when "severity 8" does not fit), and a mark
says the entry has a note, which the line under the table shows in full
when the row is selected.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from rich.text import Text
from textual.widgets import DataTable

from cramplog.domain import Cramp, Entry, FoodEntry
from cramplog.entry_kinds import kind_of
from cramplog.services.present import describe, kind_word
from cramplog.tui.base import literal

# Before the description of an entry that has a note.
NOTE_MARK = "✎"


def description(entry: Entry) -> str:
    if isinstance(entry, FoodEntry):
        # The meal is in the kind column; the food name is what matters here.
        amount = f"{entry.amount} {entry.unit}".strip() if entry.unit != "g" else ""
        return f"{entry.name} ({amount + ', ' if amount else ''}{entry.grams:g} g)"
    return describe(entry)


def fitted(entry: Entry, width: int) -> str:
    """The description in ``width`` cells, the part that matters kept whole."""
    text = description(entry)
    if isinstance(entry, Cramp) and len(text) > width:
        head = f"{entry.muscle.value} {entry.side.value}, severity {entry.severity}"
        if len(head) >= width:
            # Too narrow for the word: the number is what a reader looks for.
            short = f"{entry.muscle.value} {entry.side.value}, {entry.severity}/10"
            text = short + text[len(head) :]
    return text


def entry_cells(entry: Entry, width: int, supplements: Collection[str]) -> tuple[Text, Text]:
    """The kind cell and the description cell (``width`` cells wide) of a row."""
    kind = kind_of(entry)
    word = entry.meal.value if isinstance(entry, FoodEntry) else kind_word(entry, supplements)
    mark = f"{NOTE_MARK} " if entry.notes else ""
    return literal(word, kind.style), literal(mark + fitted(entry, width - len(mark)))


def note_text(entry: Entry | None) -> Text:
    """The line under the table: the selected entry's note, as typed."""
    if entry is None or not entry.notes:
        return Text("")
    line = literal(f"{NOTE_MARK} {entry.notes}", "italic")
    line.no_wrap = False
    return line


def noted(cells: tuple[Text, ...], column: int) -> tuple[Text, ...]:
    """A History row with the note mark after the cell at ``column``."""
    marked = cells[column].copy()
    marked.append(f" {NOTE_MARK}")
    return (*cells[:column], marked, *cells[column + 1 :])


def notes_line(notes: list[str]) -> Text:
    """A day's notes on one line (History, under the table), cut with "…"."""
    return literal(f"{NOTE_MARK} " + " · ".join(notes), "italic")


class EntriesTable(DataTable[Any]):
    """Today's entries: the selected row stays in view when the table's height
    changes (the note line under it comes and goes with the selection)."""

    def on_resize(self) -> None:
        if self.row_count:
            self.move_cursor(row=self.cursor_row, animate=False)
