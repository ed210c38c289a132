"""A model of the journal, checked against the database after every step.

Hypothesis drives random sequences of log, edit, delete, undo, export, import
and merge through two ``Journal`` objects on one file (two engines, like the
app and the command line) and, after every step, reads the database with raw
SQL and compares it with a plain in-memory model: which entries exist, with
which id, uuid, version, ``updated_at`` and content. The model predicts every
outcome on its own (a refused stale edit, an undo that cannot be done, what a
merge adds, replaces or keeps); it learns from cramplog only what cramplog
alone decides: the id and uuid of a new entry and the clock's ``updated_at``,
checked never to have been given before. The clock cramplog stamps changes
with is the test's own, moved only by a rule, so that a sequence stamps alike
every time it runs (hypothesis replays and shrinks sequences) and changes in
the same second, where a merge falls back on the version, happen often.
"""

from __future__ import annotations

import atexit
import copy
import dataclasses
import datetime as dt
import functools
import json
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from cramplog.domain import (
    FOOD_VALUES,
    Activity,
    Cramp,
    Drink,
    Entry,
    NotFoundError,
    StaleEntryError,
    ValidationError,
)
from cramplog.services import Journal
from cramplog.services.exchange import export_document, import_document
from cramplog.services.merge import merge_document
from cramplog.storage import repository

from .conftest import NOW, connect_ro, dump_rows

DAY_START_HOUR = 4  # the default profile's; the model computes journal days itself
IDENTITY = ("id", "uuid", "version", "updated_at")
TIMED = ("at_utc", "utc_offset_min", "journal_day", "notes")
COLUMNS: dict[str, tuple[str, ...]] = {
    "cramps": (
        *TIMED,
        "muscle",
        "side",
        "severity",
        "duration_s",
        "woke_from_sleep",
        "relieved_by",
        "red_flags",
    ),
    "drinks": (
        *TIMED,
        "kind",
        "ml",
        "caffeinated",
        "food_id",
        "grams",
        "food_release",
        *FOOD_VALUES,
    ),
    "activities": (*TIMED, "kind", "minutes", "intensity"),
}
PREFIX = {"cramps": "c", "drinks": "d", "activities": "a"}
UNUSED_TABLES = ("food_entries", "doses")  # the model logs no food or doses
ENTRY_TABLES = (*COLUMNS, *UNUSED_TABLES)
CAFFEINATED = ("coffee", "tea")  # caffeinated unless said otherwise (domain.py)
SAVED_DOCUMENTS = 4  # older exports kept to merge later


@dataclasses.dataclass(frozen=True)
class Stored:
    """One entry as the model says the database holds it."""

    table: str
    id: int
    uuid: str
    version: int
    updated_at: dt.datetime  # naive UTC, to the second, as stored
    content: Mapping[str, Any]  # every other column, never changed in place

    @property
    def ref(self) -> str:
        return f"{PREFIX[self.table]}{self.id}"

    @property
    def age(self) -> tuple[dt.datetime, int]:
        """What a merge compares: the newer stamp, then the higher version."""
        return self.updated_at, self.version


@dataclasses.dataclass(frozen=True)
class Change:
    """One item of the undo stack: the entries a change wrote and those it took away."""

    added: tuple[Entry, ...]
    removed: tuple[Entry, ...]
    added_stored: tuple[Stored, ...]
    removed_stored: tuple[Stored, ...]


# --- what the model computes itself ---------------------------------------------------


def _when(text: str, zone: dt.tzinfo | None) -> dict[str, Any]:
    """The time columns of a typed time; one without an offset is read in ``zone``."""
    at = dt.datetime.fromisoformat(text)
    if at.tzinfo is None:
        at = at.replace(tzinfo=zone)
    offset = at.utcoffset()
    assert offset is not None
    return {
        "at_utc": at.astimezone(dt.UTC).replace(tzinfo=None),
        "utc_offset_min": int(offset.total_seconds() // 60),
        "journal_day": (at.replace(tzinfo=None) - dt.timedelta(hours=DAY_START_HOUR)).date(),
    }


def _own_zone(content: Mapping[str, Any]) -> dt.tzinfo:
    return dt.timezone(dt.timedelta(minutes=content["utc_offset_min"]))


def _cramp(at: str, muscle: str, side: str, severity: int, notes: str) -> dict[str, Any]:
    return {
        **_when(at, None),
        "notes": notes,
        "muscle": muscle,
        "side": side,
        "severity": severity,
        "duration_s": None,
        "woke_from_sleep": False,
        "relieved_by": "",
        "red_flags": "",
    }


def _drink(at: str, kind: str, ml: float, notes: str) -> dict[str, Any]:
    return {
        **_when(at, None),
        "notes": notes,
        "kind": kind,
        "ml": float(ml),
        "caffeinated": kind in CAFFEINATED,
        "food_id": None,
        "grams": None,
        "food_release": "",
        **dict.fromkeys(FOOD_VALUES),
    }


def _activity(at: str, kind: str, minutes: int, intensity: str, notes: str) -> dict[str, Any]:
    return {
        **_when(at, None),
        "notes": notes,
        "kind": kind,
        "minutes": minutes,
        "intensity": intensity,
    }


def _edited(content: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    """The columns after an edit of the given fields (every field name is its column's)."""
    out = dict(content)
    for key, value in changes.items():
        if key == "at":
            out.update(_when(value, _own_zone(content)))
        elif key == "ml":
            out["ml"] = float(value)
        else:
            out[key] = value
    if "kind" in changes and "caffeinated" in content:
        # A drink's kind changed without saying: its kind's default.
        out["caffeinated"] = changes["kind"] in CAFFEINATED
    return out


# --- what the database and cramplog say -----------------------------------------------


def _normal(column: str, value: Any) -> Any:
    """A raw SQLite value as the model writes it."""
    if value is None:
        return None
    if column in ("at_utc", "updated_at"):
        return dt.datetime.fromisoformat(value)
    if column == "journal_day":
        return dt.date.fromisoformat(value)
    if column in ("woke_from_sleep", "caffeinated"):
        return bool(value)
    if column == "ml":
        return float(value)
    return value


def read_database(path: Path) -> dict[str, Stored]:
    """Every entry in the file, by uuid, read with plain SQL."""
    out: dict[str, Stored] = {}
    conn = connect_ro(path)
    try:
        for table, columns in COLUMNS.items():
            names = (*IDENTITY, *columns)
            for row in conn.execute(f"SELECT {', '.join(names)} FROM {table}"):
                values = dict(zip(names, row, strict=True))
                assert values["uuid"] not in out, f"uuid {values['uuid']} is twice in the journal"
                out[values["uuid"]] = Stored(
                    table,
                    values["id"],
                    values["uuid"],
                    values["version"],
                    _normal("updated_at", values["updated_at"]),
                    {c: _normal(c, values[c]) for c in columns},
                )
        for table in UNUSED_TABLES:
            assert conn.execute(f"SELECT count(*) FROM {table}").fetchone() == (0,), table
    finally:
        conn.close()
    return out


def _content_of(entry: Entry) -> dict[str, Any]:
    """The columns a domain entry shows (a drink's food_release is not one of them)."""
    offset = entry.at.utcoffset()
    assert offset is not None
    out: dict[str, Any] = {
        "at_utc": entry.at.astimezone(dt.UTC).replace(tzinfo=None),
        "utc_offset_min": int(offset.total_seconds() // 60),
        "journal_day": entry.journal_day,
        "notes": entry.notes,
    }
    if isinstance(entry, Cramp):
        out |= {
            "muscle": entry.muscle.value,
            "side": entry.side.value,
            "severity": entry.severity,
            "duration_s": entry.duration_s,
            "woke_from_sleep": entry.woke_from_sleep,
            "relieved_by": entry.relieved_by,
            "red_flags": ",".join(sorted(f.value for f in entry.red_flags)),
        }
    elif isinstance(entry, Drink):
        out |= {
            "kind": entry.kind.value,
            "ml": entry.ml,
            "caffeinated": entry.caffeinated,
            "food_id": entry.food_id,
            "grams": entry.grams,
            **{k: None if entry.per100g is None else entry.per100g.get(k) for k in FOOD_VALUES},
        }
    else:
        assert isinstance(entry, Activity)
        out |= {"kind": entry.kind, "minutes": entry.minutes, "intensity": entry.intensity.value}
    return out


def _naive(stamp: dt.datetime | None) -> dt.datetime:
    assert stamp is not None
    return stamp.astimezone(dt.UTC).replace(tzinfo=None)


def check_entry(entry: Entry, stored: Stored) -> None:
    """A domain entry cramplog returned says what the model says."""
    assert (entry.id, entry.uuid, entry.version, _naive(entry.updated_at)) == (
        stored.id,
        stored.uuid,
        stored.version,
        stored.updated_at,
    )
    shown = _content_of(entry)
    assert shown == {k: stored.content[k] for k in shown}


@functools.cache
def _empty_journal() -> Path:
    """An empty journal, made once: making one runs every migration, copying it does not."""
    folder = Path(tempfile.mkdtemp(prefix="cramplog-model-empty-"))
    atexit.register(shutil.rmtree, folder, True)
    path = folder / "empty.sqlite3"
    Journal.open(path).close()
    assert [p.name for p in folder.iterdir()] == [path.name]  # nothing left in a -wal
    return path


def open_new_journal(path: Path) -> Journal:
    shutil.copy2(_empty_journal(), path)
    return Journal.open(path)


def _copy_of(doc: Mapping[str, Any]) -> dict[str, Any]:
    """The document as another program would read it back from its file."""
    copied: dict[str, Any] = json.loads(json.dumps(doc))
    return copied


# --- strategies ------------------------------------------------------------------------

JOURNAL = st.sampled_from((0, 1))  # which of the two engines acts
DAYS = ("2026-03-07", "2026-03-08", "2026-03-09")  # all before NOW
OFFSETS = ("+01:00", "+00:00", "-05:00", "+05:30")
CLOCK = st.tuples(st.sampled_from(DAYS), st.integers(0, 23), st.sampled_from((0, 30, 51)))
TIMES = st.builds(
    lambda clock, offset: f"{clock[0]}T{clock[1]:02d}:{clock[2]:02d}:00{offset}",
    CLOCK,
    st.sampled_from(OFFSETS),
)
# A time typed without an offset: an edit reads it in the entry's own offset.
NAIVE_TIMES = st.builds(lambda clock: f"{clock[0]}T{clock[1]:02d}:{clock[2]:02d}", CLOCK)
NOTES = st.sampled_from(("", "after a long walk", "woke at night", "ünïcode ✓ notes"))
MUSCLES = st.sampled_from(("calf", "foot", "thigh"))
SIDES = st.sampled_from(("left", "right", "both"))
SEVERITIES = st.integers(0, 10)
DRINK_KINDS = st.sampled_from(("water", "coffee", "tea", "juice"))
MILLILITRES = st.sampled_from((150, 250, 330.5))
ACTIVITY_KINDS = st.sampled_from(("walking", "cycling"))
MINUTES = st.sampled_from((15, 30, 45))
INTENSITIES = st.sampled_from(("light", "moderate", "vigorous"))
ANY_TIME = TIMES | NAIVE_TIMES
# Small value sets, so an edit often "changes" a field to what it already is.
CHANGES: dict[str, st.SearchStrategy[dict[str, Any]]] = {
    "cramps": st.fixed_dictionaries(
        {},
        optional={
            "at": ANY_TIME,
            "muscle": MUSCLES,
            "side": SIDES,
            "severity": SEVERITIES,
            "notes": NOTES,
        },
    ).filter(bool),
    "drinks": st.fixed_dictionaries(
        {},
        optional={"at": ANY_TIME, "kind": DRINK_KINDS, "ml": MILLILITRES, "notes": NOTES},
    ).filter(bool),
    "activities": st.fixed_dictionaries(
        {},
        optional={
            "at": ANY_TIME,
            "kind": ACTIVITY_KINDS,
            "minutes": MINUTES,
            "intensity": INTENSITIES,
            "notes": NOTES,
        },
    ).filter(bool),
}
BAD_CHANGES: dict[str, st.SearchStrategy[dict[str, Any]]] = {
    "cramps": st.sampled_from(({"severity": 11}, {"muscle": "ear"}, {"colour": "red"})),
    "drinks": st.sampled_from(({"ml": -1}, {"kind": "lava"}, {"at": "not a time"})),
    "activities": st.sampled_from(({"minutes": 0}, {"intensity": "extreme"}, {"ml": 250})),
}
SEEN = st.sampled_from(("none", "fresh", "old"))


class Clock:
    """Naive UTC to the second, as cramplog stamps changes; it moves when told to."""

    def __init__(self) -> None:
        self.now = NOW.astimezone(dt.UTC).replace(tzinfo=None)

    def __call__(self) -> dt.datetime:
        return self.now


class JournalModel(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.clock = Clock()
        self.clock_patch = mock.patch.object(repository, "utc_now", self.clock)
        self.clock_patch.start()
        # Stateful machines take no fixtures: a folder of their own, removed in teardown.
        self.folder = Path(tempfile.mkdtemp(prefix="cramplog-model-"))
        self.path = self.folder / "journal.sqlite3"
        self.journals = (open_new_journal(self.path), Journal.open(self.path))
        self.model: dict[str, Stored] = {}
        self.ever: dict[str, set[int]] = {table: set() for table in COLUMNS}
        self.views: dict[str, list[Entry]] = {}  # every version of an entry ever shown
        # Each program has its own undo (the app's; the command line's, were it to have one).
        self.undo_stacks: tuple[list[Change], list[Change]] = ([], [])
        self.saved: list[tuple[dict[str, Any], dict[str, Stored]]] = []
        self.copies = 0

    def teardown(self) -> None:
        for journal in self.journals:
            journal.close()
        shutil.rmtree(self.folder, ignore_errors=True)
        self.clock_patch.stop()

    # --- helpers ---------------------------------------------------------------------

    def _new_id(self, table: str, ident: int) -> None:
        assert ident not in self.ever[table], f"{PREFIX[table]}{ident} was given before"
        self.ever[table].add(ident)

    def _seen(self, entry: Entry) -> None:
        self.views.setdefault(entry.uuid, []).append(entry)

    def _logged(self, which: int, table: str, entry: Entry, content: dict[str, Any]) -> None:
        assert entry.id is not None
        self._new_id(table, entry.id)
        stored = Stored(table, entry.id, entry.uuid, 1, self.clock.now, content)
        check_entry(entry, stored)
        assert entry.uuid not in self.model
        self.model[entry.uuid] = stored
        self._seen(entry)
        self.undo_stacks[which].append(Change((entry,), (), (stored,), ()))

    def _pick(self, data: st.DataObject) -> Stored:
        # By id, not by uuid: uuids are random, and a replayed sequence must pick alike.
        return data.draw(
            st.sampled_from(sorted(self.model.values(), key=lambda s: (s.table, s.id)))
        )

    def _view(self, data: st.DataObject, current: Stored, mode: str) -> Entry | None:
        """The entry as the person saw it: no view, a fresh one, or any they were shown."""
        if mode == "none":
            return None
        if mode == "fresh":
            fresh = self.journals[data.draw(JOURNAL)].get(current.ref)
            check_entry(fresh, current)
            return fresh
        shown = [e for e in self.views.get(current.uuid, []) if e.id == current.id]
        return data.draw(st.sampled_from(shown)) if shown else None

    def _save(self, doc: dict[str, Any], snapshot: dict[str, Stored]) -> None:
        self.saved = [*self.saved, (doc, snapshot)][-SAVED_DOCUMENTS:]

    def _merge(self, into: int, doc: dict[str, Any], theirs: Mapping[str, Stored]) -> None:
        """Merge ``doc`` (holding the entries ``theirs``) and check what it did."""
        added: set[str] = set()
        replaced: set[str] = set()
        kept: set[str] = set()
        unchanged = 0
        for uuid, other in theirs.items():
            ours = self.model.get(uuid)
            if ours is None:
                added.add(uuid)
            elif ours.content == other.content:
                unchanged += 1
            elif other.age > ours.age:
                replaced.add(uuid)
            else:
                kept.add(uuid)
        summary = merge_document(self.journals[into], copy.deepcopy(doc))
        assert {e.uuid for e in summary.added} == added
        assert {new.uuid for _, new in summary.replaced} == replaced
        assert {e.uuid for e in summary.kept} == kept
        assert summary.unchanged == unchanged
        assert not any(summary.others.values())
        for outcome, uuids in (("added", added), ("replaced", replaced), ("kept", kept)):
            if uuids:
                event(f"merge: an entry {outcome}")
        for new in summary.added:
            assert new.id is not None
            self._new_id(theirs[new.uuid].table, new.id)
            self.model[new.uuid] = dataclasses.replace(theirs[new.uuid], id=new.id)
            check_entry(new, self.model[new.uuid])
            self._seen(new)
        for old, new in summary.replaced:
            here = self.model[new.uuid]
            check_entry(old, here)
            self.model[new.uuid] = dataclasses.replace(theirs[new.uuid], id=here.id)
            check_entry(new, self.model[new.uuid])
            self._seen(new)

    # --- logging ---------------------------------------------------------------------

    @rule(which=JOURNAL, at=TIMES, muscle=MUSCLES, side=SIDES, severity=SEVERITIES, notes=NOTES)
    def log_cramp(
        self, which: int, at: str, muscle: str, side: str, severity: int, notes: str
    ) -> None:
        entry = self.journals[which].log_cramp(
            now=NOW, muscle=muscle, side=side, severity=severity, at=at, notes=notes
        )
        self._logged(which, "cramps", entry, _cramp(at, muscle, side, severity, notes))

    @rule(which=JOURNAL, at=TIMES, kind=DRINK_KINDS, ml=MILLILITRES, notes=NOTES)
    def log_drink(self, which: int, at: str, kind: str, ml: float, notes: str) -> None:
        entry = self.journals[which].log_drink(now=NOW, kind=kind, ml=ml, at=at, notes=notes)
        self._logged(which, "drinks", entry, _drink(at, kind, ml, notes))

    @rule(
        which=JOURNAL,
        at=TIMES,
        kind=ACTIVITY_KINDS,
        minutes=MINUTES,
        intensity=INTENSITIES,
        notes=NOTES,
    )
    def log_activity(
        self, which: int, at: str, kind: str, minutes: int, intensity: str, notes: str
    ) -> None:
        entry = self.journals[which].log_activity(
            now=NOW, kind=kind, minutes=minutes, intensity=intensity, at=at, notes=notes
        )
        self._logged(which, "activities", entry, _activity(at, kind, minutes, intensity, notes))

    # --- editing and deleting ----------------------------------------------------------

    def _edit(
        self, which: int, current: Stored, changes: dict[str, Any], seen: Entry | None
    ) -> None:
        stale = seen is not None and seen.version != current.version
        before = self.journals[1 - which].get(current.ref)
        check_entry(before, current)
        try:
            new = self.journals[which].edit(current.ref, changes, now=NOW, seen=seen)
        except StaleEntryError:
            assert stale, "an edit from an up-to-date view was refused"
            event("edit: refused, made from an old view")
            return
        assert not stale, "an edit from an old view was written"
        content = _edited(current.content, changes)
        if content == current.content:
            check_entry(new, current)  # nothing changed: nothing written
            event("edit: changed nothing")
            return
        after = dataclasses.replace(
            current, version=current.version + 1, updated_at=self.clock.now, content=content
        )
        check_entry(new, after)
        self.model[current.uuid] = after
        self._seen(new)
        self.undo_stacks[which].append(Change((new,), (before,), (after,), (current,)))

    def _delete(self, which: int, current: Stored, seen: Entry | None) -> None:
        stale = seen is not None and seen.version != current.version
        try:
            deleted = self.journals[which].delete(current.ref, seen=seen)
        except StaleEntryError:
            assert stale, "a delete from an up-to-date view was refused"
            event("delete: refused, made from an old view")
            return
        assert not stale, "a delete from an old view was done"
        check_entry(deleted, current)
        del self.model[current.uuid]
        self.undo_stacks[which].append(Change((), (deleted,), (), (current,)))

    @precondition(lambda self: self.model)
    @rule(data=st.data(), which=JOURNAL, mode=SEEN)
    def edit(self, data: st.DataObject, which: int, mode: str) -> None:
        current = self._pick(data)
        changes = data.draw(CHANGES[current.table])
        self._edit(which, current, changes, self._view(data, current, mode))

    @precondition(lambda self: self.model)
    @rule(data=st.data(), which=JOURNAL, mode=SEEN)
    def delete(self, data: st.DataObject, which: int, mode: str) -> None:
        current = self._pick(data)
        self._delete(which, current, self._view(data, current, mode))

    @precondition(lambda self: self.model)
    @rule(data=st.data(), which=JOURNAL, then_delete=st.booleans())
    def act_on_a_screen_the_other_program_changed(
        self, data: st.DataObject, which: int, then_delete: bool
    ) -> None:
        """The app shows an entry, the command line edits it, then the app acts on its row."""
        current = self._pick(data)
        shown = self.journals[which].get(current.ref)
        self._edit(1 - which, current, data.draw(CHANGES[current.table]), None)
        now = self.model[current.uuid]
        if then_delete:
            self._delete(which, now, shown)
        else:
            self._edit(which, now, data.draw(CHANGES[current.table]), shown)

    @precondition(lambda self: self.model)
    @rule(data=st.data(), which=JOURNAL)
    def edit_with_a_bad_value(self, data: st.DataObject, which: int) -> None:
        current = self._pick(data)
        changes = data.draw(BAD_CHANGES[current.table])
        with pytest.raises(ValidationError):  # and the invariant sees nothing changed
            self.journals[which].edit(current.ref, changes, now=NOW)

    def _retired(self) -> list[tuple[str, int]]:
        live = {(s.table, s.id) for s in self.model.values()}
        return sorted((t, i) for t, ids in self.ever.items() for i in ids if (t, i) not in live)

    @precondition(lambda self: self._retired())
    @rule(data=st.data(), which=JOURNAL, delete=st.booleans())
    def act_on_a_retired_id(self, data: st.DataObject, which: int, delete: bool) -> None:
        table, ident = data.draw(st.sampled_from(self._retired()))
        ref = f"{PREFIX[table]}{ident}"
        with pytest.raises(NotFoundError):
            if delete:
                self.journals[which].delete(ref)
            else:
                self.journals[which].edit(ref, {"notes": "changed"}, now=NOW)

    # --- undo --------------------------------------------------------------------------

    @precondition(lambda self: any(self.undo_stacks))
    @rule(data=st.data())
    def undo(self, data: st.DataObject) -> None:
        which = data.draw(st.sampled_from([i for i, stack in enumerate(self.undo_stacks) if stack]))
        change = self.undo_stacks[which].pop()
        # An entry the change wrote must still say what it said (same id too);
        # one it took away must not be back already.
        edited = {s.uuid for s in change.added_stored} & {s.uuid for s in change.removed_stored}
        stale = any(
            (here := self.model.get(s.uuid)) is None or (here.id, here.content) != (s.id, s.content)
            for s in change.added_stored
        ) or any(s.uuid in self.model for s in change.removed_stored if s.uuid not in edited)
        try:
            self.journals[which].undo(added=change.added, removed=change.removed)
        except StaleEntryError:
            assert stale, "an undo the model says can be done was refused"
            event("undo: refused")
            return
        assert not stale, "an undo over a change made since was done"
        for was in change.removed_stored:
            if was.uuid in edited:
                # An edit taken back: the old content, as a new version.
                here = self.model[was.uuid]
                self.model[was.uuid] = dataclasses.replace(
                    here,
                    version=here.version + 1,
                    updated_at=self.clock.now,
                    content=was.content,
                )
            else:
                self.model[was.uuid] = was  # exactly as it was: id, uuid, version, stamp
        for wrote in change.added_stored:
            if wrote.uuid not in edited:
                del self.model[wrote.uuid]

    @rule(seconds=st.sampled_from((1, 60, 3600)))
    def time_passes(self, seconds: int) -> None:
        self.clock.now += dt.timedelta(seconds=seconds)

    # --- export, import, merge -----------------------------------------------------------

    @rule(which=JOURNAL)
    def export_then_import_into_a_new_file(self, which: int) -> None:
        doc = _copy_of(export_document(self.journals[which]))
        self.copies += 1
        path = self.folder / f"copy-{self.copies}.sqlite3"
        other = open_new_journal(path)
        try:
            import_document(other, copy.deepcopy(doc))
        finally:
            other.close()
        assert read_database(path) == self.model
        here, there = dump_rows(self.path), dump_rows(path)
        for table in ENTRY_TABLES:
            assert there[table] == here[table], table
        for leftover in self.folder.glob(f"{path.name}*"):
            leftover.unlink()
        self._save(doc, dict(self.model))

    @rule(source=JOURNAL, into=JOURNAL)
    def export_then_merge_back(self, source: int, into: int) -> None:
        doc = _copy_of(export_document(self.journals[source]))
        summary = merge_document(self.journals[into], copy.deepcopy(doc))
        assert not summary.changed
        assert (summary.added, summary.replaced, summary.kept) == ([], [], [])
        assert summary.unchanged == len(self.model)
        self._save(doc, dict(self.model))

    @precondition(lambda self: self.saved)
    @rule(data=st.data(), into=JOURNAL)
    def merge_an_older_export(self, data: st.DataObject, into: int) -> None:
        doc, theirs = data.draw(st.sampled_from(self.saved))
        self._merge(into, doc, theirs)

    @precondition(lambda self: self.model)
    @rule(
        data=st.data(),
        source=JOURNAL,
        into=JOURNAL,
        change=st.sampled_from(("notes", "time", "nothing")),
        later=st.sampled_from((-3600, 0, 1, 3600)),
        more=st.sampled_from((0, 1, 5)),
    )
    def merge_a_copy_edited_elsewhere(
        self, data: st.DataObject, source: int, into: int, change: str, later: int, more: int
    ) -> None:
        doc = _copy_of(export_document(self.journals[source]))
        theirs = dict(self.model)
        records = [record for section in COLUMNS for record in doc[section]]
        assert {r["uuid"] for r in records} == set(theirs)
        record = data.draw(st.sampled_from(records))
        was = theirs[record["uuid"]]
        content = dict(was.content)
        if change == "notes":
            record["notes"] = content["notes"] = f"{was.content['notes']} edited elsewhere".strip()
        elif change == "time":
            record["time"] = data.draw(TIMES)
            content.update(_when(record["time"], None))
        stamp = was.updated_at + dt.timedelta(seconds=later)
        version = max(1, was.version + more)
        record["updated_at"] = stamp.replace(tzinfo=dt.UTC).isoformat()
        record["version"] = version
        theirs[was.uuid] = dataclasses.replace(
            was, version=version, updated_at=stamp, content=content
        )
        self._merge(into, doc, theirs)
        self._save(doc, theirs)

    # --- the check after every step -------------------------------------------------------

    @invariant()
    def the_database_holds_what_the_model_says(self) -> None:
        assert read_database(self.path) == self.model
        one, two = (journal.entries() for journal in self.journals)
        assert one == two
        assert {e.uuid for e in one} == set(self.model)
        for entry in one:
            check_entry(entry, self.model[entry.uuid])


TestJournalModel = JournalModel.TestCase
# No profile here: CI's "ci" profile (tests/conftest.py) still decides derandomize.
TestJournalModel.settings = settings(max_examples=30, stateful_step_count=25, deadline=None)
