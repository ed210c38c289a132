"""The app's first figures (sqlite3 alone) are the journal's figures (SQLAlchemy).

``services.first_figures`` reads the Today screen's week before SQLAlchemy is
loaded, on SQL text generated from the day-sum statements. Here: the text is
what those statements compile to now; on a demo journal with marks, a full
profile and another day-start hour, the figures equal ``day_range`` and the
profile equals ``Journal.profile``; what cannot be read gives None; and the
path imports no SQLAlchemy.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from cramplog.demo import generate_demo
from cramplog.services import Journal
from cramplog.services.days import day_range
from cramplog.services.first_figures import read_first_figures
from cramplog.storage import daysums_compile, daysums_sql
from cramplog.times import journal_day

TZ = dt.timezone(dt.timedelta(hours=1))
END = dt.date(2026, 3, 17)


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("first") / "demo.sqlite3"
    journal = Journal.open(path)
    try:
        generate_demo(journal.db, days=40, seed=11, end=END)
        journal.mark_day(END - dt.timedelta(days=2), "complete")
        journal.mark_day(END - dt.timedelta(days=4), "not_logged")
    finally:
        journal.close()
    return path


@pytest.fixture
def demo(demo_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "journal.sqlite3"
    shutil.copy(demo_template, path)
    return path


def test_the_generated_sql_is_the_day_sums_compiled_now() -> None:
    # Recompiled from daily_statements, select(ProfileRow) and the schema head.
    # On a difference: python -m cramplog.storage.daysums_compile
    namespace: dict[str, object] = {}
    exec(daysums_compile.module_text(), namespace)
    assert namespace["DAY_SUMS"] == daysums_sql.DAY_SUMS
    assert namespace["PROFILE"] == daysums_sql.PROFILE
    assert namespace["SCHEMA"] == daysums_sql.SCHEMA
    assert (namespace["LO"], namespace["HI"]) == (daysums_sql.LO, daysums_sql.HI)


@pytest.mark.parametrize("day_start_hour", [4, 0])
@pytest.mark.parametrize(
    "now",
    [
        dt.datetime(2026, 3, 17, 9, 30, tzinfo=TZ),
        dt.datetime(2026, 3, 18, 2, 15, tzinfo=TZ),  # before 04:00: yesterday, by the rule
        dt.datetime(2026, 3, 1, 12, 0, tzinfo=TZ),
        dt.datetime(2026, 2, 3, 12, 0, tzinfo=TZ),  # the week before the first entries
    ],
)
def test_first_figures_equal_the_journals(
    demo: Path, now: dt.datetime, day_start_hour: int
) -> None:
    journal = Journal.open(demo)
    try:
        journal.update_profile(
            sex="male", birth_year=1958, day_start_hour=day_start_hour, onboarded=True
        )
        profile = journal.profile()
        today = journal_day(now, profile.day_start_hour)
        expected = day_range(journal, today - dt.timedelta(days=6), today, profile, today)
    finally:
        journal.close()
    figures = read_first_figures(demo, now)
    assert figures is not None
    assert figures.profile == profile
    assert figures.today == today
    assert figures.week == expected
    assert any(d.logged for d in expected) or now.month == 2


def test_what_cannot_be_read_gives_none(tmp_path: Path, demo: Path) -> None:
    now = dt.datetime(2026, 3, 17, 9, 30, tzinfo=TZ)
    assert read_first_figures(tmp_path / "none.sqlite3", now) is None
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"not a database" * 100)
    assert read_first_figures(garbage, now) is None
    # Another schema revision (older: to be upgraded; or newer): left to the journal's open.
    with sqlite3.connect(demo) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0005'")
    conn.close()
    assert read_first_figures(demo, now) is None


CHILD = """
import datetime as dt, sys
from pathlib import Path
from cramplog.services.first_figures import read_first_figures
figures = read_first_figures(Path(sys.argv[1]), dt.datetime(2026, 3, 17, 9, 30))
assert figures is not None and len(figures.week) == 7
heavy = ("sqlalchemy", "alembic", "pandas", "numpy", "scipy", "cramplog.storage.models")
print(" ".join(name for name in heavy if name in sys.modules))
"""


def test_first_figures_import_no_sqlalchemy(demo: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(demo)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "", f"imported: {result.stdout}"
