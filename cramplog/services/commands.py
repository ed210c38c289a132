"""What each use case accepts, typed: the fields a person can give, by name.

The command line and the app pass what was typed (text, or values a form
already holds); the service layer checks every value (services.validate) and
refuses a name that is not here. mypy checks every call against these, so a
misspelt field is caught before it runs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TypedDict

from cramplog.nutrients import TRACKED

Time = str | dt.datetime  # "now", "02:30", an ISO 8601 time, or a datetime
Number = int | float | str
Day = str | dt.date | None


class CrampFields(TypedDict, total=False):
    at: Time
    muscle: str
    side: str
    severity: int | str
    duration: int | str | None
    woke: bool | str
    relieved_by: str
    red_flags: Sequence[str]
    notes: str


class DrinkFields(TypedDict, total=False):
    at: Time
    kind: str
    ml: Number
    caffeinated: bool | str | None
    notes: str


class ActivityFields(TypedDict, total=False):
    at: Time
    kind: str
    minutes: int | str
    intensity: str
    notes: str


class ProfileChanges(TypedDict, total=False):
    sex: str | None
    birth_year: int | str | None
    life_stage: str | None
    day_start_hour: int | str
    fluid_reference_ml: int | str | None
    fluid_restriction_ml: int | str | None
    theme: str
    onboarded: bool | str
    name: str | None
    birth_date: Day
    identifier: str | None


class MedicationFields(TypedDict, total=False):
    """domain.MEDICATION_FIELDS, typed (a test keeps the two the same)."""

    name: str
    kind: str
    magnesium_mg: Number | None
    potassium_mg: Number | None
    calcium_mg: Number | None
    vitamin_d_ug: Number | None
    sodium_mg: Number | None
    drug_class: str | None
    started_on: Day
    stopped_on: Day
    notes: str


# The fields above as a message names them: "birth year must be…", never
# "birth_year must be…". A key not listed reads with its underscores as spaces.
FIELD_WORDS: dict[str, str] = {
    **{n.key: f"{n.label[0].lower()}{n.label[1:]} per dose" for n in TRACKED},
    "birth_date": "date of birth",
    "life_stage": "pregnant or nursing",
    "started_on": "start day",
    "stopped_on": "stop day",
    "food_id": "food number",
    "at": "time",
}


def field_words(key: str) -> str:
    """A field's name in words, for a message a person reads."""
    return FIELD_WORDS.get(key, key.replace("_", " "))
