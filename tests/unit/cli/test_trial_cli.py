"""`cramplog trial ...` by hand: plan with confirmation, status, adhered, result, JSON."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from click.testing import CliRunner

from cramplog.cli import load_extensions
from cramplog.services import Journal
from cramplog.services import trials as t
from cramplog.times import current_journal_day
from tests.unit.services.trial_journal import fewer_with_b, log_nights


def run(db: Path, *args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        load_extensions(), ["--db", str(db), *args], input=stdin, catch_exceptions=False
    )
    return result.exit_code, result.stdout, result.stderr


def test_plan_shows_power_and_asks_before_saving(tmp_path: Path) -> None:
    db = tmp_path / "j.sqlite3"
    args = ("trial", "plan", "mg", "--intervention", "magnesium", "--rate", "40%", "--seed", "3")
    code, out, _ = run(db, *args, stdin="n\n")
    assert code == 0
    assert "Power:" in out and "chance of showing fewer cramp nights" in out
    assert "block 6:" in out and "Not saved" in out
    code, _, err = run(db, "trial", "status")
    assert code == 1 and "no trial planned yet" in err
    code, out, _ = run(db, *args, stdin="y\n")
    assert code == 0 and "saved trial 'mg'" in out
    code, out, _ = run(db, "trial", "status", "--json")
    doc = json.loads(out)
    assert doc["format"] == "cramplog-trial" and doc["version"] == 1
    assert doc["plan"]["pairs"] == 3 and len(doc["plan"]["blocks"]) == 6
    assert doc["today"]["line"].startswith("Block 1 of 6 · ")
    assert doc["today"]["line"].endswith("day 1 of 14 (washout)")


def test_bad_input_is_one_line_and_writes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "j.sqlite3"
    code, _, err = run(
        db, "trial", "plan", "x", "--intervention", "y", "--block-days", "3", "--yes"
    )
    assert code == 1
    assert err == "Error: block days must be a whole number 7-28\n"
    code, _, err = run(db, "trial", "adhered", "yes")
    assert code == 1 and "no trial planned yet" in err


def test_prescription_trial_asks_for_the_clinicians_agreement(tmp_path: Path) -> None:
    db = tmp_path / "j.sqlite3"
    run(db, "med", "add", "Quinine", "--kind", "drug")
    plan = ("trial", "plan", "q", "--intervention", "Quinine", "--rate", "0.5")
    code, _, err = run(db, *plan, "--yes")
    assert code == 1 and "agreed with your clinician (--clinician-agreed)" in err
    code, _, err = run(db, *plan, stdin="n\n")
    assert code == 1 and "clinician" in err
    code, out, _ = run(db, *plan, stdin="y\ny\n")
    assert code == 0 and "saved trial 'q'" in out


def test_adhered_and_result_end_to_end(tmp_path: Path) -> None:
    db = tmp_path / "j.sqlite3"
    today = current_journal_day(4)
    start = today - dt.timedelta(days=100)
    code, _, err = run(
        db,
        "trial",
        "plan",
        "mg",
        "--intervention",
        "magnesium",
        "--start",
        start.isoformat(),
        "--rate",
        "0.5",
        "--yes",
    )
    assert code == 0, err
    journal = Journal.open(db)
    try:
        trial = t.latest_trial(journal)
        assert trial is not None
        log_nights(journal, trial, fewer_with_b)
    finally:
        journal.close()
    code, _, err = run(db, "trial", "adhered", "no", "--date", start.isoformat())
    assert code == 0, err
    code, out, _ = run(db, "trial", "result", "--json")
    doc = json.loads(out)
    assert doc["result"]["label"] == "fewer cramp nights with magnesium"
    assert doc["result"]["ci_high"] < 1 and doc["result"]["interim"] is False
    code, out, _ = run(db, "trial", "result")
    assert code == 0 and "Result: fewer cramp nights with magnesium" in out
    assert "95% interval" in out
