"""Search past entries by text and a range of days; the notes of each day.

One query over what a person remembers writing or logging: a note ("after
the long walk"), a food ("spinach"), a medicine ("magnesium"), a cramp
("toe left", "relieved by stretching"). Every word of the query must be in
the entry's text, as a word or the start of one, with accents and case
ignored ("Entrée" finds "entree"); a word of five letters or more may be
misspelt by a letter (rapidfuzz, as the food search uses). A hit says which
day it is on, so the app can open that day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cramplog.domain import Cramp, Dose, Entry, FoodEntry, ValidationError
from cramplog.foods.text import words
from cramplog.services.present import describe, kind_word, supplement_names
from cramplog.times import parse_date

if TYPE_CHECKING:
    from cramplog.services import Journal

# The most hits one search returns (newest first); the rest are counted.
LIMIT = 200
# A query word this long may differ from a word of the entry by one edit.
FUZZY_FROM = 5
FUZZY_SCORE = 80.0


@dataclass(frozen=True, slots=True)
class Hit:
    entry: Entry
    kind: str  # "cramp", "breakfast"…, "supplement", "medicine": as Today names it
    text: str  # the entry's line, and its note after " · "
    where: str  # what matched: "note", "food", "medicine", "cramp", "entry"

    @property
    def day(self) -> dt.date:
        return self.entry.journal_day


@dataclass(frozen=True, slots=True)
class Found:
    hits: list[Hit]
    total: int  # hits in all, of which the newest LIMIT are in ``hits``
    first: dt.date | None
    last: dt.date | None


def typed_days(start: str, end: str, today: dt.date) -> tuple[dt.date | None, dt.date | None]:
    """The days as typed ("", "2026-03-01", "yesterday"); blank is open-ended."""
    first = parse_date(start, field="first day", today=today) if start.strip() else None
    last = parse_date(end, field="last day", today=today) if end.strip() else None
    if first is not None and last is not None and last < first:
        raise ValidationError("last day", "the last day must not be before the first")
    return first, last


def _fields(entry: Entry) -> list[tuple[str, str]]:
    """(what, text) pairs a query is matched against."""
    out: list[tuple[str, str]] = []
    if isinstance(entry, FoodEntry):
        out.append(("food", f"{entry.name} {entry.meal.value}"))
    elif isinstance(entry, Dose):
        out.append(("medicine", entry.medication))
    elif isinstance(entry, Cramp):
        out.append(("cramp", "cramp " + describe(entry)))
    else:
        out.append(("entry", describe(entry)))
    if entry.notes:
        out.append(("note", entry.notes))
    return out


def _matches(query: list[str], text: str) -> bool:
    have = words(text)
    if not have:
        return False
    from rapidfuzz import fuzz

    for word in query:
        if any(w.startswith(word) for w in have):
            continue
        if len(word) >= FUZZY_FROM and any(
            fuzz.ratio(word, w) >= FUZZY_SCORE for w in have if abs(len(w) - len(word)) <= 1
        ):
            continue
        return False
    return True


def search(
    journal: Journal,
    text: str,
    first: dt.date | None = None,
    last: dt.date | None = None,
) -> Found:
    """Entries of days ``first``-``last`` (open-ended when None) matching ``text``.

    Blank text lists every entry with a note in the range. Newest first.
    """
    query = words(text)
    medications = journal.medications()
    supplements = supplement_names(medications)
    hits: list[Hit] = []
    for entry in journal.entries(first, last):
        if not query:
            where = "note" if entry.notes else ""
        else:
            fields = _fields(entry)
            where = next((w for w, t in fields if _matches(query, t)), "")
            if not where and _matches(query, " ".join(t for _, t in fields)):
                where = "entry"  # the words spread over the entry and its note
        if where:
            hits.append(_hit(entry, where, supplements))
    hits.sort(key=lambda h: h.entry.at, reverse=True)
    return Found(hits[:LIMIT], len(hits), first, last)


def _hit(entry: Entry, where: str, supplements: Iterable[str]) -> Hit:
    kind = (
        entry.meal.value
        if isinstance(entry, FoodEntry)
        else kind_word(entry, frozenset(supplements))
    )
    line = describe(entry)
    if isinstance(entry, FoodEntry):
        line = line.split(": ", 1)[-1]  # the meal is the kind
    if entry.notes:
        line = f"{line} · {entry.notes}"
    return Hit(entry, kind, line, where)


def notes_by_day(journal: Journal, first: dt.date, last: dt.date) -> dict[dt.date, list[str]]:
    """The notes written on each day of ``first``-``last``, in time order."""
    out: dict[dt.date, list[str]] = {}
    for entry in sorted(journal.entries(first, last), key=lambda e: e.at):
        if entry.notes:
            out.setdefault(entry.journal_day, []).append(entry.notes)
    return out
