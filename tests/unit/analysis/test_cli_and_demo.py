"""`cramplog analyze` / `cramplog demo`, and what the demo generator writes."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from cramplog.cli.analysis import register
from cramplog.demo import generate_demo
from cramplog.domain import CramplogError, Sex
from cramplog.foods.table import default_food_table
from cramplog.storage.engine import Database
from cramplog.times import from_storage, journal_day


@click.group()
@click.option("--db", "db", default=None)
def bare(db: str | None) -> None:
    """A group without the lead's app context: the commands open the journal themselves."""


register(bare)


def _main_cli() -> click.Group:
    from cramplog.cli import load_extensions

    return load_extensions()


@pytest.mark.parametrize("group", ["bare", "main"])
def test_demo_then_analyze_json(tmp_path: Path, group: str) -> None:
    cli = bare if group == "bare" else _main_cli()
    db = str(tmp_path / "demo.sqlite3")
    runner = CliRunner()
    made = runner.invoke(
        cli, ["--db", db, "demo", "--days", "90", "--seed", "2", "--effect", "low_fluid"]
    )
    assert made.exit_code == 0, made.output
    assert "planted effect: low_fluid" in made.output
    out = runner.invoke(cli, ["--db", db, "analyze", "--json"])
    assert out.exit_code == 0, out.output
    doc = json.loads(out.output)
    assert doc["period"]["days"] == 90 and doc["gate"]["passed"] in (True, False)
    assert len(doc["findings"]) == 14
    text = runner.invoke(cli, ["--db", db, "analyze", "--from", doc["period"]["start"]])
    assert text.exit_code == 0 and "cramplog analysis" in text.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["analyze", "--from", "2026-13-01"], "is not a date"),
        (["analyze", "--from", "2026-03-10", "--to", "2026-03-01"], "--from must not be after"),
    ],
)
def test_expected_errors_are_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    result = CliRunner().invoke(bare, ["--db", str(tmp_path / "j.sqlite3"), *args])
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1


def test_demo_refuses_a_journal_with_entries(tmp_path: Path) -> None:
    db = str(tmp_path / "j.sqlite3")
    runner = CliRunner()
    assert runner.invoke(bare, ["--db", db, "demo", "--days", "5"]).exit_code == 0
    again = runner.invoke(bare, ["--db", db, "demo", "--days", "5"])
    assert again.exit_code == 1 and "already has entries" in again.output


def test_demo_refuses_the_default_journal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CRAMPLOG_DB", raising=False)
    monkeypatch.setattr("cramplog.cli.analysis.default_db_path", lambda: tmp_path / "own.sqlite3")
    monkeypatch.setattr("cramplog.paths.default_db_path", lambda: tmp_path / "own.sqlite3")
    result = CliRunner().invoke(bare, ["demo"])
    assert result.exit_code == 1 and "--db" in result.output
    assert not (tmp_path / "own.sqlite3").exists()


def test_demo_rows_are_plausible(new_db: Database) -> None:
    summary = generate_demo(new_db, days=60, seed=5, end=dt.date(2026, 6, 30))
    assert summary.start == dt.date(2026, 5, 2) and summary.end == dt.date(2026, 6, 30)
    assert 15 * 50 <= summary.food_entries <= 25 * 60
    con = sqlite3.connect(new_db.path)
    try:
        table = default_food_table()
        for food_id, magnesium, vitamin_d in con.execute(
            "SELECT food_id, magnesium_mg, vitamin_d_ug FROM food_entries LIMIT 500"
        ):
            food = table.get(food_id)
            assert food is not None
            assert (magnesium, vitamin_d) == (food.per100g.magnesium_mg, food.per100g.vitamin_d_ug)
        cramps = con.execute("SELECT at_utc, utc_offset_min, journal_day FROM cramps").fetchall()
        profile = con.execute("SELECT sex, birth_year FROM profile").fetchone()
    finally:
        con.close()
    assert profile == (Sex.FEMALE.value, 1958)
    night = 0
    for at_utc, offset, day in cramps:
        local = from_storage(dt.datetime.fromisoformat(at_utc), offset)
        assert journal_day(local, 4).isoformat() == day
        night += local.hour < 4 or local.hour >= 22
    assert cramps and night >= 0.7 * len(cramps)


def test_demo_is_reproducible(tmp_path: Path) -> None:
    from cramplog.storage.schema import open_database

    counts = []
    for name in ("a", "b"):
        db = open_database(tmp_path / f"{name}.sqlite3").database
        counts.append(generate_demo(db, days=20, seed=9, end=dt.date(2026, 6, 30)))
        db.close()
    assert counts[0] == counts[1]


def test_demo_rejects_unknown_effects(new_db: Database) -> None:
    with pytest.raises(CramplogError, match="unknown demo effect"):
        generate_demo(new_db, days=5, effect="sunshine")
