"""Two computers, one journal: export keeps identities; `import --merge` never doubles."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from cramplog.domain import Cramp, ValidationError
from cramplog.entry_kinds import entry_ref
from cramplog.services import Journal
from cramplog.services.exchange import export_document, import_document
from cramplog.services.merge import merge_document

from .conftest import NOW, dump_rows, run_cli


def _journal_with_entries(path: Path) -> Journal:
    journal = Journal.open(path)
    journal.log_cramp(now=NOW, muscle="calf", side="left", severity=6, at="02:30", woke=True)
    journal.log_drink(now=NOW, kind="tea", ml=300, at="08:00")
    journal.log_activity(now=NOW, kind="walking", minutes=40, at="07:00")
    return journal


def test_export_and_import_keep_uuid_version_and_stamp(tmp_path: Path) -> None:
    source = _journal_with_entries(tmp_path / "a.sqlite3")
    edited = source.edit("c1", {"severity": 8})
    target = Journal.open(tmp_path / "b.sqlite3")
    try:
        import_document(target, export_document(source))
        assert target.entries() == source.entries()
        again = target.get("c1")
        assert (again.uuid, again.version, again.updated_at) == (
            edited.uuid,
            2,
            edited.updated_at,
        )
    finally:
        source.close()
        target.close()


def test_merging_the_same_file_twice_changes_nothing(tmp_path: Path) -> None:
    home = _journal_with_entries(tmp_path / "home.sqlite3")
    laptop_path = tmp_path / "laptop.sqlite3"
    laptop = Journal.open(laptop_path)
    try:
        import_document(laptop, export_document(home))
        new = laptop.log_cramp(now=NOW, muscle="toe", side="right", severity=3, at="03:10")
        doc = export_document(laptop)
        first = merge_document(home, doc)
        assert [e.uuid for e in first.added] == [new.uuid]
        assert first.unchanged == 3
        before = dump_rows(home.path)
        second = merge_document(home, doc)
        assert not second.changed
        assert second.unchanged == 4
        assert dump_rows(home.path) == before
    finally:
        home.close()
        laptop.close()


def test_the_newer_version_wins_and_the_replaced_one_is_listed(tmp_path: Path) -> None:
    home = _journal_with_entries(tmp_path / "home.sqlite3")
    laptop = Journal.open(tmp_path / "laptop.sqlite3")
    try:
        import_document(laptop, export_document(home))
        newer = laptop.edit("c1", {"notes": "edited on the laptop"})
        summary = merge_document(home, export_document(laptop))
        [(old, new)] = summary.replaced
        assert (old.notes, new.notes) == ("", "edited on the laptop")
        now = home.get("c1")
        assert isinstance(now, Cramp)
        assert (now.notes, now.version, now.updated_at) == (
            "edited on the laptop",
            newer.version,
            newer.updated_at,
        )
        # Merged back the other way, both copies agree: nothing to do.
        assert not merge_document(laptop, export_document(home)).changed
    finally:
        home.close()
        laptop.close()


def test_an_older_version_from_the_file_is_kept_out(tmp_path: Path) -> None:
    home = _journal_with_entries(tmp_path / "home.sqlite3")
    try:
        old_doc = export_document(home)
        home.edit("c1", {"severity": 9})
        summary = merge_document(home, old_doc)
        assert [entry_ref(e) for e in summary.kept] == ["c1"]
        assert home.get("c1").severity == 9  # type: ignore[union-attr]
    finally:
        home.close()


def test_a_file_without_uuids_merges_by_content_and_only_once(tmp_path: Path) -> None:
    home = _journal_with_entries(tmp_path / "home.sqlite3")
    try:
        doc: dict[str, Any] = copy.deepcopy(export_document(home))
        doc["version"] = 1
        for section in ("cramps", "foods", "drinks", "doses", "activities"):
            for record in doc[section]:
                for key in ("uuid", "version", "updated_at"):
                    record.pop(key)
        doc["cramps"].append({**doc["cramps"][0], "id": 99, "severity": 2})
        before = len(home.entries())
        assert len(merge_document(home, doc).added) == 1
        assert not merge_document(home, doc).changed
        assert len(home.entries()) == before + 1
    finally:
        home.close()


def test_a_bad_record_merges_nothing(tmp_path: Path) -> None:
    home = _journal_with_entries(tmp_path / "home.sqlite3")
    try:
        doc = export_document(home)
        doc["cramps"].append({**doc["cramps"][0], "uuid": "not-a-uuid"})
        before = dump_rows(home.path)
        with pytest.raises(ValidationError, match=r"cramps\[1\]\.uuid"):
            merge_document(home, doc)
        assert dump_rows(home.path) == before
    finally:
        home.close()


def test_import_merge_on_the_command_line(tmp_path: Path) -> None:
    home = _journal_with_entries(tmp_path / "home.sqlite3")
    laptop = Journal.open(tmp_path / "laptop.sqlite3")
    try:
        import_document(laptop, export_document(home))
        laptop.edit("d1", {"ml": 500})
        laptop.log_cramp(now=NOW, muscle="foot", side="both", severity=4, at="04:30")
        file = tmp_path / "laptop.json"
        file.write_text(json.dumps(export_document(laptop)), encoding="utf-8")
    finally:
        home.close()
        laptop.close()
    first = run_cli(tmp_path / "home.sqlite3", "import", "--merge", str(file))
    assert first.returncode == 0, first.stderr
    assert "1 added, 1 replaced by a newer version" in first.stdout
    assert "replaced d1 (version 1 -> 2)" in first.stdout
    second = run_cli(tmp_path / "home.sqlite3", "import", "--merge", str(file), "--json")
    assert second.returncode == 0, second.stderr
    summary = json.loads(second.stdout)
    assert (summary["added"], summary["replaced"], summary["unchanged"]) == ([], [], 4)
