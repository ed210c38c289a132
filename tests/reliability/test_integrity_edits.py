"""Edits, deletes and undo never lose or silently change an entry (issue: nothing lost).

Two ``Journal`` objects on one file stand for two processes (the app and the
command line): each has its own engine and connections, so SQLite's locking
between them is the same as between two processes. Real processes are used
where the race itself is the point (marked slow).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from cramplog.domain import Cramp, FoodEntry, StaleEntryError
from cramplog.entry_kinds import entry_ref
from cramplog.services import Journal
from cramplog.services import entries as build
from cramplog.services import journal as journal_module

from .conftest import run_cli

NOW = dt.datetime(2026, 3, 10, 9, 15, tzinfo=dt.timezone(dt.timedelta(hours=1)))


@pytest.fixture
def two(db_path: Path) -> Iterator[tuple[Journal, Journal]]:
    app, cli = Journal.open(db_path), Journal.open(db_path)
    try:
        yield app, cli
    finally:
        app.close()
        cli.close()


def raw_row(path: Path, table: str, ident: int) -> tuple[Any, ...]:
    with sqlite3.connect(path) as conn:
        row = conn.execute(f"SELECT * FROM {table} WHERE id = ?", (ident,)).fetchone()
    assert row is not None
    return tuple(row)


def _cramp(journal: Journal, **fields: Any) -> Cramp:
    values: dict[str, Any] = {"muscle": "calf", "side": "left", "severity": 5, "at": "08:51"}
    values.update(fields)
    return journal.log_cramp(now=NOW, **values)


# --- a stale view never writes over a newer entry ------------------------------------


def test_an_edit_from_a_stale_view_is_refused_and_keeps_the_newer_entry(
    two: tuple[Journal, Journal],
) -> None:
    app, cli = two
    shown = _cramp(app, notes="as logged")
    cli.edit(entry_ref(shown), {"notes": "changed on the command line"})
    with pytest.raises(StaleEntryError, match="changed elsewhere since you opened it"):
        app.edit(entry_ref(shown), {"severity": 9}, seen=shown)
    now = app.get(entry_ref(shown))
    assert isinstance(now, Cramp)
    assert (now.notes, now.severity) == ("changed on the command line", 5)


def test_a_delete_from_a_stale_view_is_refused(two: tuple[Journal, Journal]) -> None:
    app, cli = two
    shown = _cramp(app)
    cli.edit(entry_ref(shown), {"severity": 8})
    with pytest.raises(StaleEntryError):
        app.delete(entry_ref(shown), seen=shown)
    assert app.get(entry_ref(shown)).version == shown.version + 1


def test_an_edit_from_the_current_view_is_accepted(journal: Journal) -> None:
    shown = _cramp(journal)
    edited = journal.edit(entry_ref(shown), {"severity": 9}, seen=shown)
    assert isinstance(edited, Cramp)
    assert (edited.severity, edited.version, edited.uuid) == (9, shown.version + 1, shown.uuid)


# --- two edits at once: both kept ----------------------------------------------------


def test_two_edits_of_different_fields_at_once_both_stay(
    two: tuple[Journal, Journal], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app's edit is between reading and writing when the command line's runs.

    The read, the check and the write are one write transaction, so the
    command line's edit waits for the app's and then applies to what it wrote.
    """
    app, cli = two
    entry = _cramp(app, notes="first")
    ref = entry_ref(entry)
    real = build.cramp
    other_done = threading.Event()
    calls = {"n": 0}

    def slow_cramp(*args: Any, **kwargs: Any) -> Cramp:
        calls["n"] += 1
        if calls["n"] == 1:
            # The other process edits now; wait until it has finished or is
            # held back by our write lock (it then finishes after our commit).
            def edit_elsewhere() -> None:
                cli.edit(ref, {"notes": "from the other process"})
                other_done.set()

            worker = threading.Thread(target=edit_elsewhere)
            worker.start()
            worker.join(timeout=2.0)
        return real(*args, **kwargs)

    monkeypatch.setattr(build, "cramp", slow_cramp)
    builders = getattr(journal_module, "_BUILDERS", None)
    if builders is not None:
        monkeypatch.setitem(builders, Cramp, slow_cramp)
    app.edit(ref, {"severity": 9})
    assert other_done.wait(timeout=60)
    final = app.get(ref)
    assert isinstance(final, Cramp)
    assert (final.severity, final.notes) == (9, "from the other process")
    assert final.version == entry.version + 2


@pytest.mark.slow
def test_two_command_line_edits_at_once_keep_both_fields(db_path: Path) -> None:
    with _opened(db_path) as journal:
        entry = _cramp(journal)
    ref = entry_ref(entry)
    for round_ in range(6):
        with ThreadPoolExecutor(2) as pool:
            a = pool.submit(run_cli, db_path, "edit", ref, f"severity={round_ % 10}")
            b = pool.submit(run_cli, db_path, "edit", ref, f"notes=round {round_}")
            assert a.result().returncode == 0, a.result().stderr
            assert b.result().returncode == 0, b.result().stderr
        with _opened(db_path) as journal:
            now = journal.get(ref)
        assert isinstance(now, Cramp)
        assert (now.severity, now.notes) == (round_ % 10, f"round {round_}")


class _opened:
    def __init__(self, path: Path) -> None:
        self.journal = Journal.open(path)

    def __enter__(self) -> Journal:
        return self.journal

    def __exit__(self, *_: object) -> None:
        self.journal.close()


# --- ids are never reused; undo puts back exactly what was deleted ----------------------


def test_a_deleted_entry_id_is_never_given_again(two: tuple[Journal, Journal]) -> None:
    app, cli = two
    first = _cramp(app)
    app.delete(entry_ref(first))
    second = _cramp(cli)
    assert second.id != first.id
    third = _cramp(app)
    assert third.id not in (first.id, second.id)


def test_undo_after_another_writer_logs_puts_back_the_same_id_and_content(
    two: tuple[Journal, Journal],
) -> None:
    app, cli = two
    first = _cramp(app, severity=7, notes="the night one")
    removed = app.delete(entry_ref(first))
    other = _cramp(cli, severity=2)
    app.undo(removed=(removed,))
    back = app.get(entry_ref(first))
    assert back == first
    assert app.get(entry_ref(other)) == other


def test_an_undo_that_cannot_be_done_says_why_and_changes_nothing(
    two: tuple[Journal, Journal],
) -> None:
    app, cli = two
    logged = _cramp(app)
    cli.edit(entry_ref(logged), {"severity": 9})
    with pytest.raises(StaleEntryError, match="changed elsewhere"):
        app.undo(added=(logged,))
    unchanged = app.get(entry_ref(logged))
    assert isinstance(unchanged, Cramp) and unchanged.severity == 9


def test_undo_of_a_meal_takes_back_every_item_or_none(journal: Journal) -> None:
    items = [
        journal.log_food(food_id="01077", grams=g, at="08:00", now=NOW) for g in (100, 200, 300)
    ]
    other = Journal.open(journal.path)
    try:
        other.delete(entry_ref(items[2]))
    finally:
        other.close()
    with pytest.raises(StaleEntryError):
        journal.undo(added=items)
    remaining = journal.entries()
    assert [e.grams for e in remaining if isinstance(e, FoodEntry)] == [100, 200]
    assert len(remaining) == 2
    journal.undo(added=items[:2])
    assert journal.entries() == []


def test_undo_of_an_edit_gives_back_the_old_content(journal: Journal) -> None:
    old = _cramp(journal, severity=3)
    new = journal.edit(entry_ref(old), {"severity": 8})
    journal.undo(added=(new,), removed=(old,))
    back = journal.get(entry_ref(old))
    assert isinstance(back, Cramp)
    assert (back.severity, back.uuid, back.version) == (3, old.uuid, new.version + 1)


# --- an edit changes only what the person changed --------------------------------------


def test_an_edit_without_a_change_leaves_the_row_byte_identical(journal: Journal) -> None:
    entry = _cramp(journal, notes="x", at="2026-03-10T08:51:27+01:00")
    before = raw_row(journal.path, "cramps", entry.id or 0)
    journal.edit(entry_ref(entry), {"notes": "x", "severity": 5, "at": "2026-03-10T08:51:27+01:00"})
    assert raw_row(journal.path, "cramps", entry.id or 0) == before


def test_a_time_typed_without_offset_keeps_the_entry_offset(
    journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Logged at 08:51+01:00; the computer is now on UTC. Typing the same wall-clock
    time (as the app's form shows it) keeps +01:00; typing another time keeps it too."""
    entry = _cramp(journal, at="2026-03-10T08:51:00+01:00")
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    try:
        same = journal.edit(entry_ref(entry), {"at": "2026-03-10T08:51"})
        assert same.at.isoformat() == "2026-03-10T08:51:00+01:00"
        assert raw_row(journal.path, "cramps", entry.id or 0)[0] == entry.id
        moved = journal.edit(entry_ref(entry), {"at": "2026-03-10T07:30"})
        assert moved.at.isoformat() == "2026-03-10T07:30:00+01:00"
    finally:
        monkeypatch.undo()
        time.tzset()
