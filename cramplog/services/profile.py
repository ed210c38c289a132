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
        elif key in ("name", "identifier"):
            values[key] = None if empty else v.name(key, raw)
        elif key == "birth_date":
            values[key] = None if empty else _birth_date(raw)
        else:
            values[key] = v.boolean(key, raw)
    values.update(_birth_year_of(current, values))
    updated = dataclasses.replace(current, **values)
    if updated.life_stage != LifeStage.GENERAL and updated.sex == Sex.MALE:
        raise ValidationError("life_stage", "pregnancy or nursing needs sex female")
    return updated


def _birth_date(raw: Any) -> dt.date:
    day = v.date("birth_date", raw)
    if not dt.date(1900, 1, 1) <= day < dt.date.today():
        raise ValidationError("birth_date", "date of birth must be a past day from 1900-01-01 on")
    return day


def _birth_year_of(current: Profile, values: dict[str, Any]) -> dict[str, Any]:
    """Keep birth_year the year of birth_date: one fact, stored twice for old journals."""
    birth_date = values.get("birth_date", current.birth_date)
    if birth_date is None:
        return {}
    if "birth_date" in values:
        # A new date decides the year, whatever year field came with it.
        return {"birth_year": birth_date.year}
    if "birth_year" in values and values["birth_year"] != birth_date.year:
        raise ValidationError(
            "birth_year",
            f"birth year must be {birth_date.year}, the year of the date of birth"
            f" {birth_date.isoformat()} (change or clear the date of birth instead)",
        )
    return {}
