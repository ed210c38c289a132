"""The TUI under test: a fixed clock, a fixed demo journal, an app factory.

Every test gets its own copy of the journal file, so tests can log, edit and
delete freely and run in parallel.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from cramplog.services import Journal
from cramplog.tui.app import CramplogApp

# A Wednesday morning, UTC+01:00: the clock every TUI test and snapshot sees.
NOW = dt.datetime(2026, 3, 18, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))
TODAY = NOW.date()
DEMO_DAYS = 120

AppFactory = Callable[..., CramplogApp]


def clock() -> dt.datetime:
    return NOW


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 120-day demo journal ending yesterday, made once per test process."""
    from cramplog.demo import generate_demo

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    journal = Journal.open(path)
    try:
        generate_demo(journal.db, days=DEMO_DAYS, seed=7, end=TODAY - dt.timedelta(days=1))
        journal.update_profile(onboarded=True)
    finally:
        journal.close()
    return path


@pytest.fixture
def demo_path(demo_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "journal.sqlite3"
    shutil.copy(demo_template, path)
    return path


@pytest.fixture
def empty_path(tmp_path: Path) -> Path:
    return tmp_path / "new" / "journal.sqlite3"


@pytest.fixture
def make_app() -> Iterator[AppFactory]:
    """``make_app(path, welcome=False)``: the app on that file at the fixed clock."""
    opened: list[Journal] = []

    def factory(path: Path, **kwargs: object) -> CramplogApp:
        journal = Journal.open(path)
        opened.append(journal)
        kwargs.setdefault("welcome", False)
        return CramplogApp(journal, clock=clock, **kwargs)  # type: ignore[arg-type]

    yield factory
    for journal in opened:
        journal.close()


def reopen(path: Path) -> Journal:
    """A second, independent look at the file: what really got saved."""
    return Journal.open(path)
