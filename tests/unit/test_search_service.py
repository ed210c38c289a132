"""services.search: words, typos, days, notes; newest first."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from cramplog.domain import ValidationError
from cramplog.services import Journal
from cramplog.services.search import notes_by_day, search, typed_days

NOW = dt.datetime(2026, 3, 18, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[Journal]:
    j = Journal.open(tmp_path / "j.sqlite3")
    j.add_medication(name="Magnesium citrate 250 mg", kind="supplement")
    j.log_cramp(at="2026-03-10T02:30", muscle="toe", side="left", severity="8", now=NOW)
    j.log_cramp(
        at="2026-03-12T23:00",
        muscle="calf",
        side="right",
        severity="6",
        relieved_by="stretching",
        notes="Entrée at the café, then a long walk",
        now=NOW,
    )
    j.log_dose(medication="Magnesium citrate 250 mg", at="2026-03-15T21:00", now=NOW)
    j.log_drink(at="2026-03-16T10:00", notes="with lemon", now=NOW)
    yield j
    j.close()


def kinds(found: object) -> list[str]:
    return [h.kind for h in found.hits]  # type: ignore[attr-defined]


def test_words_in_notes_foods_medicines_and_cramps(journal: Journal) -> None:
    assert kinds(search(journal, "long walk")) == ["cramp"]
    assert kinds(search(journal, "entree cafe")) == ["cramp"]  # accents and case ignored
    assert kinds(search(journal, "magnesium")) == ["supplement"]
    assert kinds(search(journal, "toe left")) == ["cramp"]
    assert [h.day for h in search(journal, "cramp").hits] == [
        dt.date(2026, 3, 12),
        dt.date(2026, 3, 9),  # 02:30 on the 10th is the night of the 9th
    ]
    assert kinds(search(journal, "stretchin")) == ["cramp"]  # the start of a word
    assert kinds(search(journal, "magnesum")) == ["supplement"]  # one letter off
    assert search(journal, "zorblax").total == 0
    # Every word must be there: "toe" and "right" are not one entry.
    assert search(journal, "toe right").total == 0


def test_blank_lists_the_entries_with_a_note(journal: Journal) -> None:
    found = search(journal, "")
    assert [h.where for h in found.hits] == ["note", "note"]
    assert found.hits[0].text.endswith("· with lemon")


def test_days(journal: Journal) -> None:
    first, last = typed_days("2026-03-11", "2026-03-15", dt.date(2026, 3, 18))
    found = search(journal, "", first, last)
    assert [h.day for h in found.hits] == [dt.date(2026, 3, 12)]
    assert typed_days("", "", dt.date(2026, 3, 18)) == (None, None)
    assert typed_days("yesterday", "", dt.date(2026, 3, 18))[0] == dt.date(2026, 3, 17)
    with pytest.raises(ValidationError, match="the last day must not be before the first"):
        typed_days("2026-03-15", "2026-03-11", dt.date(2026, 3, 18))
    with pytest.raises(ValidationError, match="first day 'soon' is not a date"):
        typed_days("soon", "", dt.date(2026, 3, 18))


def test_notes_by_day(journal: Journal) -> None:
    notes = notes_by_day(journal, dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    assert notes == {
        dt.date(2026, 3, 12): ["Entrée at the café, then a long walk"],
        dt.date(2026, 3, 16): ["with lemon"],
    }


def test_counted() -> None:
    from cramplog.terminal_text import counted

    assert counted(1, "day") == "1 day"
    assert counted(2, "day") == "2 days"
    assert counted(0, "logged week") == "0 logged weeks"
    assert counted(1, "entry", "entries") == "1 entry"
    assert counted(3, "entry", "entries") == "3 entries"


def test_one_day_is_said_in_the_singular(tmp_path: Path) -> None:
    """The Trends summaries of a journal with one logged day: no "1 days"."""
    from cramplog.services.trends import weekly_rows
    from cramplog.tui.screens.trends import summary

    j = Journal.open(tmp_path / "one.sqlite3")
    try:
        j.log_drink(at="2026-03-16T10:00", ml="500", now=NOW)
        j.log_cramp(at="2026-03-16T23:00", muscle="calf", side="left", now=NOW)
        j.log_food(food_id="09040", grams="118", at="2026-03-16T12:00", now=NOW)
        rows = weekly_rows(j, 8, dt.date(2026, 3, 17))
    finally:
        j.close()
    said = " ".join(summary(rows, chart) for chart in ("magnesium_mg", "fluids", "cramps"))
    assert "over 1 day with food" in said
    assert "over 1 day with drinks" in said
    assert "in 1 logged week" in said and "on 1 night" in said
    assert not re.search(r"(?<![0-9])1 (days|nights|logged weeks|low-fluid days)", said)
