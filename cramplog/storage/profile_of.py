"""The profile row to a :class:`~cramplog.domain.Profile`, without SQLAlchemy.

One conversion for both readers: the ORM's ``ProfileRow`` (storage.convert)
and a plain sqlite3 row read before SQLAlchemy is loaded
(services.first_figures), where a date is ISO text and a boolean is 0 or 1.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from cramplog.domain import LifeStage, Profile, Sex


def profile_of(row: Any) -> Profile:
    """``row``: anything with the profile table's columns as attributes, or None."""
    if row is None:
        return Profile()
    birth_date = row.birth_date
    if isinstance(birth_date, str):
        birth_date = dt.date.fromisoformat(birth_date)
    return Profile(
        sex=Sex(row.sex) if row.sex else None,
        birth_year=row.birth_year,
        life_stage=LifeStage(row.life_stage),
        day_start_hour=row.day_start_hour,
        fluid_reference_ml=row.fluid_reference_ml,
        fluid_restriction_ml=row.fluid_restriction_ml,
        theme=row.theme,
        onboarded=bool(row.onboarded),
        name=row.name,
        birth_date=birth_date,
        identifier=row.identifier,
    )
