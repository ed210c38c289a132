"""Fixtures for analysis tests: journals built by hand (through the services, so
journal days come from the real write path) or by the demo generator."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from cramplog.domain import Profile
from cramplog.services import Journal
from cramplog.storage.engine import Database
from cramplog.storage.schema import open_database


class Builder:
    """Logs entries at wall-clock times with a fixed +01:00 offset."""

    def __init__(self, journal: Journal) -> None:
        self.journal = journal

    @staticmethod
    def at(day: str, clock: str) -> str:
        return f"{day}T{clock}+01:00"

    def drink(self, day: str, ml: int, clock: str = "12:00", kind: str = "water") -> None:
        self.journal.log_drink(kind=kind, ml=str(ml), at=self.at(day, clock))

    def cramp(self, day: str, clock: str, severity: int = 5, muscle: str = "calf") -> None:
        self.journal.log_cramp(
            muscle=muscle, side="left", severity=str(severity), at=self.at(day, clock)
        )

    def food(self, day: str, food_id: str, grams: float, clock: str = "12:30") -> None:
        self.journal.log_food(food_id=food_id, grams=str(grams), at=self.at(day, clock))

    def mark(self, day: str, kind: str) -> None:
        self.journal.mark_day(day, kind)

    @property
    def db(self) -> Database:
        return self.journal.db

    @property
    def profile(self) -> Profile:
        return self.journal.profile()


@pytest.fixture
def build(journal: Journal) -> Builder:
    """A journal for a woman born in 1958: beverage reference 2,200 ml, low under 1,540 ml."""
    journal.update_profile(sex="female", birth_year="1958")
    return Builder(journal)


@pytest.fixture
def new_db(tmp_path: Path) -> Iterator[Database]:
    db = open_database(tmp_path / "demo.sqlite3").database
    try:
        yield db
    finally:
        db.close()


# Fixed, so demo journals (and their seasons) do not change with the day tests run.
DEMO_END = dt.date(2026, 6, 30)


@pytest.fixture
def demo_end() -> dt.date:
    return DEMO_END
