"""Undo and redo live in the service layer: each step is one transaction, checked by content."""

from __future__ import annotations

import datetime as dt

import pytest

from cramplog.domain import Cramp, StaleEntryError
from cramplog.entry_kinds import entry_ref
from cramplog.services import Journal
from cramplog.services.undo import UndoHistory

NOW = dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC)


def _cramps(journal: Journal) -> list[tuple[int | None, int]]:
    return [(e.id, e.severity) for e in journal.entries() if isinstance(e, Cramp)]


def test_add_edit_delete_undone_and_redone_in_turn(journal: Journal) -> None:
    history = UndoHistory()
    added = journal.log_cramp(muscle="calf", side="left", severity=4, now=NOW)
    history.record("cramp", (added,))
    edited = journal.edit(entry_ref(added), {"severity": 8}, now=NOW)
    history.record("cramp", (edited,), (added,))
    deleted = journal.delete(entry_ref(edited))
    history.record("cramp", (), (deleted,))
    assert _cramps(journal) == []

    states = []
    while (change := history.undo(journal)) is not None:
        states.append(_cramps(journal))
    assert states == [[(added.id, 8)], [(added.id, 4)], []]
    assert history.undo(journal) is None

    states = []
    while (change := history.redo(journal)) is not None:
        assert change.what == "cramp"
        states.append(_cramps(journal))
    assert states == [[(added.id, 4)], [(added.id, 8)], []]
    # The id stays the entry's own through every step (ids are never reused).
    history.undo(journal)
    assert _cramps(journal) == [(added.id, 8)]


def test_a_new_change_clears_what_could_be_redone(journal: Journal) -> None:
    history = UndoHistory()
    first = journal.log_cramp(muscle="calf", side="left", now=NOW)
    history.record("cramp", (first,))
    history.undo(journal)
    second = journal.log_drink(now=NOW)
    history.record("drink", (second,))
    assert history.redo(journal) is None
    assert [type(e).__name__ for e in journal.entries()] == ["Drink"]


def test_a_step_refused_changes_nothing_and_stays(journal: Journal, db_path: object) -> None:
    history = UndoHistory()
    added = journal.log_cramp(muscle="calf", side="left", severity=4, now=NOW)
    history.record("cramp", (added,))
    history.undo(journal)
    history.redo(journal)
    journal.edit(entry_ref(added), {"notes": "changed elsewhere"}, now=NOW)
    with pytest.raises(StaleEntryError, match="changed elsewhere"):
        history.undo(journal)
    assert len(history.done) == 1  # still there, to try again after a look
    assert [e.notes for e in journal.entries()] == ["changed elsewhere"]
