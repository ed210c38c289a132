"""Shared fixtures: every test gets its own temporary journal."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from cramplog.services import Journal

# Locally the fuzz tests draw new examples every run, to keep finding bugs; CI
# (`.ci/run` sets HYPOTHESIS_PROFILE=ci) draws the same ones every time, so a
# landing never fails on an example nobody has seen before. No per-example
# deadline: on a busy machine any example can take longer than hypothesis's
# default 200 ms, and a deadline would fail (or call "flaky") a correct test.
settings.register_profile("dev", deadline=None)
settings.register_profile("ci", derandomize=True, print_blob=True, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "journal.sqlite3"


@pytest.fixture
def journal(db_path: Path) -> Iterator[Journal]:
    j = Journal.open(db_path)
    try:
        yield j
    finally:
        j.close()


@pytest.fixture
def fixed_now() -> dt.datetime:
    """A fixed moment (a Tuesday morning, UTC+01:00) for tests that log 'now'."""
    return dt.datetime(2026, 3, 10, 9, 15, tzinfo=dt.timezone(dt.timedelta(hours=1)))
