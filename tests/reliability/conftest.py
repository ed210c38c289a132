"""Helpers for the fault, fuzz and privacy tests.

Real processes run ``python -m cramplog`` with a time limit; in-process runs
use click's CliRunner. Journals are compared table by table with raw SQL, so
a test sees every row exactly as stored, not as the services choose to show it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cramplog.cli import load_extensions
from cramplog.domain import Per100g, RecipeItem
from cramplog.entry_kinds import FACTORS
from cramplog.services import Journal
from cramplog.storage.models import ENTRY_TABLE_NAMES

REPO = Path(__file__).resolve().parents[2]
NOW = dt.datetime(2026, 3, 10, 9, 15, tzinfo=dt.timezone(dt.timedelta(hours=1)))
ENTRY_TABLES = ENTRY_TABLE_NAMES


# --- running cramplog ---------------------------------------------------------------


def subprocess_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CRAMPLOG_")}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.update(extra)
    return env


def run_cli(
    db: Path,
    *args: str,
    timeout: float = 90,
    env: dict[str, str] | None = None,
    umask: int | None = None,
    cwd: Path = REPO,
) -> subprocess.CompletedProcess[str]:
    """``python -m cramplog --db DB ARGS`` as a real process, bounded in time."""
    preexec: Callable[[], Any] | None = None
    if umask is not None:
        mask = umask

        def preexec() -> None:
            os.umask(mask)

    return subprocess.run(
        [sys.executable, "-m", "cramplog", "--db", str(db), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env or subprocess_env(),
        cwd=cwd,
        preexec_fn=preexec,
        check=False,
    )


@dataclass
class Outcome:
    code: int
    out: str
    err: str
    exception: BaseException | None


def invoke(db: Path, *args: str, input: str | None = None) -> Outcome:
    """The CLI in-process; an exception other than SystemExit is a traceback."""
    result = CliRunner().invoke(load_extensions(), ["--db", str(db), *args], input=input)
    exc = result.exception
    if isinstance(exc, SystemExit):
        exc = None
    return Outcome(result.exit_code, result.stdout, result.stderr, exc)


def assert_clean_failure(outcome: Outcome, *fragments: str) -> None:
    """Non-zero exit, one line on stderr naming the problem, no traceback."""
    assert outcome.exception is None, repr(outcome.exception)
    assert outcome.code != 0, outcome.out
    lines = outcome.err.strip().splitlines()
    assert len(lines) == 1, outcome.err
    assert lines[0].startswith("Error: "), outcome.err
    for fragment in fragments:
        assert fragment in lines[0], outcome.err
    assert "Traceback" not in outcome.out + outcome.err


def assert_clean_process_failure(proc: subprocess.CompletedProcess[str], *fragments: str) -> None:
    assert proc.returncode != 0, proc.stdout
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("Error: "), proc.stderr
    for fragment in fragments:
        assert fragment in lines[0], proc.stderr


# --- looking at a journal file ----------------------------------------------------


def connect_ro(db: Path) -> sqlite3.Connection:
    # as_uri() quotes the path: a '#' or '?' in it must not name another file.
    return sqlite3.connect(f"{db.absolute().as_uri()}?mode=ro", uri=True, timeout=30)


def dump_rows(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in a stable order."""
    conn = connect_ro(db)
    try:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        return {t: conn.execute(f'SELECT * FROM "{t}" ORDER BY 1').fetchall() for t in tables}
    finally:
        conn.close()


def counts(db: Path) -> dict[str, int]:
    return {t: len(rows) for t, rows in dump_rows(db).items()}


def integrity(db: Path) -> list[str]:
    conn = connect_ro(db)
    try:
        rows = [str(r[0]) for r in conn.execute("PRAGMA integrity_check")]
        rows += [f"foreign key: {r}" for r in conn.execute("PRAGMA foreign_key_check")]
        return rows
    finally:
        conn.close()


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def folder_state(folder: Path) -> dict[str, str]:
    """Name -> content hash of every file in ``folder`` (recursively)."""
    return {
        str(p.relative_to(folder)): file_hash(p) for p in sorted(folder.rglob("*")) if p.is_file()
    }


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


# --- read-only files and folders --------------------------------------------------


@contextlib.contextmanager
def read_only(path: Path) -> Iterator[None]:
    """Make ``path`` read-only for this test, even when the tests run as root.

    chmod does not stop root; the immutable attribute (chattr +i) does. If
    neither works here the test is skipped rather than passing vacuously.
    """
    original = path.stat().st_mode & 0o777
    path.chmod(original & ~0o222)
    immutable = False
    try:
        if not _write_refused(path):
            chattr = shutil.which("chattr")
            if chattr is None:
                pytest.skip("cannot make a file read-only here (root, no chattr)")
            done = subprocess.run([chattr, "+i", str(path)], capture_output=True, check=False)
            if done.returncode != 0:
                pytest.skip("cannot make a file read-only here (root, chattr refused)")
            immutable = True
            if not _write_refused(path):
                pytest.skip("cannot make a file read-only here")
        yield
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(path)], capture_output=True, check=False)
        path.chmod(original)


def _write_refused(path: Path) -> bool:
    if path.is_dir():
        probe = path / ".write-probe"
        try:
            probe.touch()
        except OSError:
            return True
        probe.unlink()
        return False
    try:
        with path.open("ab"):
            pass
    except OSError:
        return True
    return False


# --- a journal with one of everything ---------------------------------------------


def fill_journal(journal: Journal) -> None:
    """One or more of every kind of record, with the awkward values people type."""
    from cramplog.services.meals import log_meal_text

    journal.update_profile(
        sex="female", birth_year="1958", day_start_hour="4", fluid_reference_ml="2000"
    )
    journal.add_medication(
        name="Magnesium citrate", kind="supplement", magnesium_mg="200", started_on="2026-01-01"
    )
    journal.add_medication(name="Atorvastatin", kind="drug", drug_class="statin")
    journal.add_custom_food(
        "Grandma's soup",
        Per100g(energy_kcal=55.5, water_g=88.0, magnesium_mg=12.25, potassium_mg=None),
        serving_grams=300,
        notes="no vitamin D value",
    )
    journal.add_recipe(
        "Porridge",
        2,
        [RecipeItem(250, food_id="01077"), RecipeItem(80, custom_food="Grandma's soup")],
    )
    for day in range(1, 6):
        at = f"2026-03-0{day}T02:3{day}+01:00"
        journal.log_cramp(
            now=NOW,
            at=at,
            muscle="calf" if day % 2 else "toe",
            side=("left", "right", "both")[day % 3],
            severity=str(day * 2),
            duration="1m30s" if day % 2 else None,
            woke=day % 2 == 1,
            relieved_by="stretching" if day == 1 else "",
            red_flags=["numbness", "swelling"] if day == 3 else [],
            notes=f"night {day}: crampe du mollet — 腿抽筋 🦵\nsecond line",
        )
        journal.log_food(
            now=NOW,
            at=f"2026-03-0{day}T08:00+01:00",
            food_id="01077",
            grams="250.5",
            amount="1",
            unit="cup",
            notes="",
        )
        journal.log_drink(now=NOW, at=f"2026-03-0{day}T10:00+01:00", kind="coffee", ml="180")
        journal.log_drink(
            now=NOW, at=f"2026-03-0{day}T20:00+01:00", kind="milk", ml="200", food_id="01077"
        )
        journal.log_dose(now=NOW, medication="Magnesium citrate", at=f"2026-03-0{day}T21:00+01:00")
        journal.log_activity(
            now=NOW,
            at=f"2026-03-0{day}T17:00+01:00",
            kind="walking",
            minutes="45",
            intensity="light",
        )
    journal.log_food(
        now=NOW, at="2026-03-02T13:00+01:00", custom_food="Grandma's soup", grams="300"
    )
    log_meal_text(journal, "2 eggs, 1 cup spinach", at="2026-03-03T12:30+01:00", now=NOW)
    # A self-experiment with its fixed allocation and one adherence answer.
    from cramplog.services import trials

    planned = dt.date(2026, 3, 10)
    trial = trials.propose(
        journal,
        planned,
        name="stretching",
        intervention="stretching before bed",
        factor="stretched",
        start="2026-03-01",
        seed=3,
        rate="0.4",
    )
    trials.save(journal, trial, planned)
    trials.record_adherence(journal, "2026-03-02", "yes", planned)
    journal.log_recipe("Porridge", portions=1, at="2026-03-04T07:30+01:00", now=NOW)
    journal.log_dose(now=NOW, medication="Atorvastatin", count="0.5", at="2026-03-05T08:00-05:00")
    journal.log_plain(
        FACTORS,
        {
            "stretched": "yes",
            "sitting_hours": "9",
            "footwear": "high heels",
            "fatigue": "7",
            "sleep_hours": "6.5",
        },
        now=NOW,
        at="2026-03-02T22:30+01:00",
        notes="long day",
    )
    journal.log_plain(
        FACTORS, {"stretched": "no", "sleep_hours": 8}, now=NOW, at="2026-03-04T22:00+01:00"
    )
    journal.mark_day("2026-03-01", "complete")
    journal.mark_day("2026-03-02", "not logged")
    _import_servings(journal)


def _import_servings(journal: Journal) -> None:
    """Two servings from a Cronometer Servings export (a blank cell, a drink)."""
    import tempfile

    from cramplog.services.food_import import import_food, read_file

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "servings.csv"
        path.write_text(
            "Day,Time,Group,Food Name,Amount,Magnesium (mg),Vitamin D (IU),Category\n"
            '2026-02-26,8:00 AM,Breakfast,"Oats, rolled",60.00 g,83,,Cereal Grains\n'
            "2026-02-26,,Snacks,Water,500.00 ml,5,0,Beverages\n",
            encoding="utf-8",
        )
        import_food(journal, read_file(path))


@pytest.fixture(scope="session")
def rich_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "journal.sqlite3"
    journal = Journal.open(path)
    try:
        fill_journal(journal)
    finally:
        journal.close()
    assert not path.with_name(path.name + "-wal").exists()
    return path


@pytest.fixture(scope="session")
def empty_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("empty") / "journal.sqlite3"
    Journal.open(path).close()
    return path


def copy_journal(template: Path, dest: Path) -> Path:
    """Copy a closed journal (no -wal: a plain copy is safe) into a private folder."""
    dest.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    shutil.copyfile(template, dest)
    dest.chmod(0o600)
    return dest


@pytest.fixture
def rich_db(rich_template: Path, tmp_path: Path) -> Path:
    return copy_journal(rich_template, tmp_path / "rich" / "journal.sqlite3")


@pytest.fixture
def empty_db(empty_template: Path, tmp_path: Path) -> Path:
    return copy_journal(empty_template, tmp_path / "empty" / "journal.sqlite3")
