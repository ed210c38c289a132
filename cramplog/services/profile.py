"""Checking a profile change: plain validation, no database.

Kept apart from :mod:`cramplog.services.journal` so the app's welcome and
settings screens can check what is typed without loading SQLAlchemy.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any, Unpack

from cramplog.domain import LifeStage, Profile, Sex, ValidationError
from cramplog.services import validate as v
from cramplog.services.commands import ProfileChanges

PROFILE_FIELDS = tuple(ProfileChanges.__annotations__)


def checked_profile(current: Profile, **changes: Unpack[ProfileChanges]) -> Profile:
    """``current`` with ``changes`` applied, every value checked; nothing saved."""
    for key in changes:
        if key not in PROFILE_FIELDS:
            raise v.unknown_field(key, "profile", PROFILE_FIELDS)
    values: dict[str, Any] = {}
    this_year = dt.date.today().year
    given: dict[str, Any] = dict(changes)
    for key, raw in given.items():
        empty = raw is None or (isinstance(raw, str) and raw.strip().lower() in ("", "none"))
        if key == "sex":
            values[key] = None if empty else v.choice("sex", raw, Sex)
        elif key == "birth_year":
            values[key] = None if empty else v.integer("birth_year", raw, 1900, this_year)
        elif key == "life_stage":
            values[key] = LifeStage.GENERAL if empty else v.choice("life_stage", raw, LifeStage)
        elif key == "day_start_hour":
            values[key] = v.integer("day_start_hour", raw, 0, 23)
        elif key in ("fluid_reference_ml", "fluid_restriction_ml"):
            values[key] = None if empty else v.integer(key, raw, 250, 10000)
        elif key == "theme":
            values[key] = v.name("theme", raw)
        else:
            values[key] = v.boolean(key, raw)
    updated = dataclasses.replace(current, **values)
    if updated.life_stage != LifeStage.GENERAL and updated.sex == Sex.MALE:
        raise ValidationError("life_stage", "life_stage pregnancy or lactation needs sex female")
    return updated
