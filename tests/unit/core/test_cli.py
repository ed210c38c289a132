from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cramplog.cli import load_extensions


def run(db: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(load_extensions(), ["--db", str(db), *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_done_when_log_cramp_then_list_json(tmp_path: Path) -> None:
    db = tmp_path / "j.sqlite3"
    code, out, _ = run(db, "log", "cramp", "--severity", "6", "--muscle", "calf", "--side", "left")
    assert code == 0, out
    code, out, _ = run(db, "list", "--json")
    assert code == 0
    [entry] = json.loads(out)
    assert entry["kind"] == "cramp"
    assert (entry["muscle"], entry["side"], entry["severity"]) == ("calf", "left", 6)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["log", "cramp", "--severity", "11", "--muscle", "calf", "--side", "left"],
            "severity must be a whole number 0-10",
        ),
        (
            ["log", "cramp", "--muscle", "calf", "--side", "left", "--at", "31:00"],
            "time must be a real clock time",
        ),
        (["log", "drink", "--ml", "-5"], "ml must be more than 0"),
        (["log", "activity", "walking", "--minutes", "x"], "minutes must be a number"),
        (["log", "med", "Nothing"], "no medicine or supplement named 'Nothing'"),
        (
            ["log", "food", "--id", "99999", "--grams", "10"],
            "food number '99999' is not in the food table",
        ),
        (["edit", "c1", "severity=7"], "there is no cramp with id c1"),
        (["delete", "zz"], "is not an entry id"),
        (["profile", "--birth-year", "1700"], "birth year must be a whole number 1900-"),
    ],
)
def test_bad_input_one_line_nonzero_nothing_written(
    tmp_path: Path, args: list[str], message: str
) -> None:
    db = tmp_path / "j.sqlite3"
    run(db, "log", "drink")  # something to compare against
    _, before, _ = run(db, "export")
    code, out, err = run(db, *args)
    assert code == 1
    assert message in err
    assert err.startswith("Error: ") and err.count("\n") == 1
    assert "Traceback" not in out + err
    _, after, _ = run(db, "export")

    def strip(text: str) -> dict[str, object]:
        return {k: v for k, v in json.loads(text).items() if k != "exported_at"}

    assert strip(after) == strip(before)


def test_export_refuses_overwrite_without_force(tmp_path: Path) -> None:
    db = tmp_path / "j.sqlite3"
    target = tmp_path / "out.json"
    target.write_text("precious")
    code, _, err = run(db, "export", "-o", str(target))
    assert code == 1 and "already exists" in err
    assert target.read_text() == "precious"
    code, _, _ = run(db, "export", "-o", str(target), "--force")
    assert code == 0
    assert json.loads(target.read_text())["format"] == "cramplog-journal"
    assert target.stat().st_mode & 0o777 == 0o600


def test_import_names_the_bad_record(tmp_path: Path) -> None:
    doc = {
        "format": "cramplog-journal",
        "version": 1,
        "profile": {},
        "cramps": [
            {
                "id": 1,
                "time": "2026-03-05T02:30:00+01:00",
                "muscle": "calf",
                "side": "left",
                "severity": 4,
            },
            {
                "id": 2,
                "time": "2026-03-05T03:30:00+01:00",
                "muscle": "calf",
                "side": "sideways",
                "severity": 4,
            },
        ],
    }
    path = tmp_path / "in.json"
    path.write_text(json.dumps(doc))
    db = tmp_path / "j.sqlite3"
    code, _, err = run(db, "import", str(path))
    assert code == 1
    assert "cramps[1].side: side must be one of: left, right, both" in err
    _, out, _ = run(db, "list", "--from", "2026-01-01", "--json")
    assert json.loads(out) == []


def test_edit_and_delete_round_trip(tmp_path: Path) -> None:
    db = tmp_path / "j.sqlite3"
    run(db, "log", "cramp", "--muscle", "toe", "--side", "right", "--at", "2026-03-05T02:30+01:00")
    code, out, _ = run(db, "edit", "c1", "severity=8", "relieved_by=stretching", "--json")
    assert code == 0
    changed = json.loads(out)
    assert changed["severity"] == 8 and changed["relieved_by"] == "stretching"
    assert changed["journal_day"] == "2026-03-04"
    code, _, _ = run(db, "delete", "c1")
    assert code == 0
    _, out, _ = run(db, "list", "--day", "2026-03-04", "--json")
    assert json.loads(out) == []


def test_click_s_own_usage_message_is_one_readable_line(tmp_path: Path) -> None:
    """Click lays out a missing choice over several lines; it is shown as one, with no
    escapes of its layout (the escaping is for characters that came with the input)."""
    code, _, err = run(tmp_path / "j.sqlite3", "mark", "not-logged")
    assert code == 2
    [line] = [x for x in err.splitlines() if x.startswith("Error: ")]
    assert line.endswith("Choose from: complete, not-logged, clear"), line
    assert "\\n" not in err and "\\t" not in err


def test_a_typed_value_in_click_s_message_is_escaped(tmp_path: Path) -> None:
    code, _, err = run(tmp_path / "j.sqlite3", "log", "cramp", "--muscle", "calf\x1b[2J")
    assert code == 2
    assert "\x1b" not in err and "calf\\x1b[2J" in err
