"""US Dietary Reference Intakes by sex, age and life stage (cramplog/data/dri).

The RDA (or AI) is the target shown to the person; the EAR is the line below
which a usual intake is "possibly low" (IOM 2000, individual assessment).
Potassium has only an AI: its low line is the AI, and an intake below it can
be described but not called inadequate.
"""

from __future__ import annotations

import csv
import functools
import io
import math
from dataclasses import dataclass
from importlib import resources
from typing import Any

from cramplog.domain import NUTRIENTS, LifeStage, Profile, Sex
from cramplog.nutrients import nutrient

# Used only when the profile has no birth year: a middle adult age band, named
# in the output so nobody mistakes it for the person's own.
ASSUMED_AGE = 40
ASSUMED_SEX = Sex.FEMALE


@dataclass(frozen=True, slots=True)
class NutrientReference:
    nutrient: str
    unit: str
    target: float
    target_kind: str  # "RDA" or "AI"
    ear: float | None
    low_line: float
    low_kind: str  # "EAR", or "AI" when there is no EAR
    upper_limit: float | None
    upper_limit_note: str
    upper_limit_kind: str  # "UL", or "CDRR" (sodium: lowering intake above it lowers risk)
    # What the upper line counts: "supplements" (magnesium's UL: supplements and
    # medicines only, never food) or "total" (everything eaten, drunk and taken).
    upper_counts: str = "total"

    def upper_amount(self, amount: Any, doses: Any) -> Any:
        """The part of a day's intake its upper line is about (a number or a Series)."""
        return doses if self.upper_counts == "supplements" else amount

    def above_upper(self, amount: Any, doses: Any) -> Any:
        """True on a day above the tolerable upper level (a UL, not sodium's CDRR).

        Works for one day's numbers and for pandas Series alike (NaN is not above).
        """
        if self.upper_limit is None or self.upper_limit_kind != "UL":
            return amount > math.inf  # False, or all-False for a Series
        return self.upper_amount(amount, doses) > self.upper_limit


@dataclass(frozen=True, slots=True)
class References:
    sex: Sex
    age: int
    life_stage: LifeStage
    nutrients: dict[str, NutrientReference]
    beverages_ml: float
    total_water_ml: float
    # Plain sentences saying what was assumed because the profile is incomplete.
    assumptions: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Row:
    nutrient: str
    kind: str
    sex: str
    life_stage: str
    age_min: float
    age_max: float
    amount: float
    note: str
    counts: str = "total"


def _read_csv(name: str) -> list[dict[str, str]]:
    text = resources.files("cramplog").joinpath("data", "dri", name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


@functools.cache
def _intake_rows() -> tuple[_Row, ...]:
    return tuple(
        _Row(
            r["nutrient"],
            r["kind"],
            r["sex"],
            r["life_stage"],
            float(r["age_min_years"]),
            float(r["age_max_years"]),
            float(r["amount"]),
            "",
        )
        for r in _read_csv("reference_intakes.csv")
    )


@functools.cache
def _limit_rows() -> tuple[_Row, ...]:
    return tuple(
        _Row(
            r["nutrient"],
            "UL",
            r["sex"],
            r["life_stage"],
            float(r["age_min_years"]),
            float(r["age_max_years"]),
            float(r["amount"]),
            r["note"],
            r["counts"],
        )
        for r in _read_csv("upper_limits.csv")
    )


@functools.cache
def _water_rows() -> tuple[_Row, ...]:
    rows: list[_Row] = []
    for r in _read_csv("water.csv"):
        for kind, column in (("beverages", "beverages_l"), ("total", "total_water_l")):
            rows.append(
                _Row(
                    "water",
                    kind,
                    r["sex"],
                    r["life_stage"],
                    float(r["age_min_years"]),
                    float(r["age_max_years"]),
                    float(r[column]) * 1000.0,
                    "",
                )
            )
    return tuple(rows)


def _pick(
    rows: tuple[_Row, ...], nutrient: str, kind: str, sex: Sex, age: int, stage: LifeStage
) -> _Row | None:
    """The row for this person; pregnancy/lactation rows win over general ones."""
    candidates = [
        r
        for r in rows
        if r.nutrient == nutrient
        and r.kind == kind
        and r.sex in (sex.value, "both")
        and r.age_min <= age < r.age_max
    ]
    for wanted in (stage.value, LifeStage.GENERAL.value):
        for r in candidates:
            if r.life_stage == wanted:
                return r
    return None


def _nutrient_reference(key: str, sex: Sex, age: int, stage: LifeStage) -> NutrientReference:
    described = nutrient(key)
    name = described.dri_name
    rows = _intake_rows()
    target = _pick(rows, name, "RDA", sex, age, stage) or _pick(rows, name, "AI", sex, age, stage)
    if target is None:
        raise LookupError(f"no reference intake for {name} at age {age}")
    ear = _pick(rows, name, "EAR", sex, age, stage)
    limit = _pick(_limit_rows(), name, "UL", sex, age, stage)
    return NutrientReference(
        nutrient=key,
        unit=described.unit,
        target=target.amount,
        target_kind=target.kind,
        ear=ear.amount if ear else None,
        low_line=ear.amount if ear else target.amount,
        low_kind="EAR" if ear else target.kind,
        upper_limit=limit.amount if limit else None,
        upper_limit_note=limit.note if limit else "",
        upper_limit_kind=described.upper if limit else "",
        upper_counts=limit.counts if limit else "total",
    )


def _differences(age: int) -> list[str]:
    """What men's values are where they differ from women's at ``age``."""
    out = []
    for key in NUTRIENTS:
        women = _nutrient_reference(key, Sex.FEMALE, age, LifeStage.GENERAL)
        men = _nutrient_reference(key, Sex.MALE, age, LifeStage.GENERAL)
        if (women.target, women.ear) != (men.target, men.ear):
            out.append(
                f"{nutrient(key).label.lower()} ({men.target_kind} {men.target:g} {men.unit}"
                f" for men, {women.target:g} for women)"
            )
    women_ml = _pick(_water_rows(), "water", "beverages", Sex.FEMALE, age, LifeStage.GENERAL)
    men_ml = _pick(_water_rows(), "water", "beverages", Sex.MALE, age, LifeStage.GENERAL)
    if women_ml and men_ml and women_ml.amount != men_ml.amount:
        out.append(
            f"beverages ({men_ml.amount / 1000:.1f} L for men,"
            f" {women_ml.amount / 1000:.1f} L for women)"
        )
    return out


# Where the analysis text says a profile field is set: the command line's
# way; the app shows its own instead (app_wording).
SET_PROFILE = {
    "sex": "with `cramplog profile --sex`",
    "birth_year": "with `cramplog profile --birth-year`",
}
SET_PROFILE_IN_APP = "in Settings (s)"


def app_wording(text: str) -> str:
    """The analysis text as the app shows it: its own way to set the profile,
    never a command to type in a shell."""
    for way in SET_PROFILE.values():
        text = text.replace(way, SET_PROFILE_IN_APP)
    return text


def _unknown_sex_note(age: int) -> str:
    # Not "the lower values": women's calcium is higher from 51 to 70, men's
    # magnesium always; so name what differs at this age.
    differ = _differences(age)
    which = (
        "men's and women's differ for " + ", ".join(differ)
        if differ
        else "men's are the same at this age"
    )
    return (
        f"the profile has no sex, and one set of values is needed, so women's values for"
        f" age {age} are used; {which}; set it {SET_PROFILE['sex']}"
    )


def _stage_ages(stage: LifeStage) -> tuple[float, float]:
    """The ages the tables give ``stage`` values for (pregnancy: 14 up to 51)."""
    rows = [r for r in _intake_rows() if r.life_stage == stage.value]
    return min(r.age_min for r in rows), max(r.age_max for r in rows)


def references_for(profile: Profile, year: int) -> References:
    """Reference values for the person in ``year``.

    Age rule (docs/analysis.md): the age reached during ``year``, that is
    ``year - birth year``, for every day of that year; the analysis uses the
    year its period ends in. Without a birth year an adult of 40 is assumed.
    """
    assumptions: list[str] = []
    age = profile.age_in(year)
    if age is None:
        age = ASSUMED_AGE
        assumptions.append(
            f"the profile has no birth year, so values for an adult aged {ASSUMED_AGE} are used;"
            f" set it {SET_PROFILE['birth_year']}"
        )
    age = max(age, 1)
    sex = profile.sex
    if sex is None:
        sex = ASSUMED_SEX
        assumptions.append(_unknown_sex_note(age))
    stage = profile.life_stage if sex == Sex.FEMALE else LifeStage.GENERAL
    if stage != LifeStage.GENERAL:
        lo, hi = _stage_ages(stage)
        if not lo <= age < hi:
            assumptions.append(
                f"the profile says {stage.value}, but the reference tables give {stage.value}"
                f" values only from age {lo:g} to {hi - 1:g}; the general values for age"
                f" {age} are used"
            )
            stage = LifeStage.GENERAL
    nutrients = {key: _nutrient_reference(key, sex, age, stage) for key in NUTRIENTS}
    beverages = _pick(_water_rows(), "water", "beverages", sex, age, stage)
    total = _pick(_water_rows(), "water", "total", sex, age, stage)
    if beverages is None or total is None:
        raise LookupError(f"no water reference at age {age}")
    return References(
        sex, age, stage, nutrients, beverages.amount, total.amount, tuple(assumptions)
    )


# --- beverages -------------------------------------------------------------

# A day with logged beverages below this share of the reference is a low-fluid day.
LOW_FLUID_SHARE = 0.70


@dataclass(frozen=True, slots=True)
class FluidReference:
    reference_ml: float | None
    source: str  # "NASEM 2004 beverages", "profile", or "" when switched off
    threshold_ml: float | None  # below this a day is a low-fluid day
    switched_off: bool
    restriction_ml: int | None
    assumptions: tuple[str, ...]


def fluid_reference(profile: Profile, refs: References) -> FluidReference:
    if profile.fluid_restriction_ml is not None:
        return FluidReference(None, "", None, True, profile.fluid_restriction_ml, ())
    if profile.fluid_reference_ml is not None:
        ref = float(profile.fluid_reference_ml)
        return FluidReference(ref, "profile", ref * LOW_FLUID_SHARE, False, None, ())
    return FluidReference(
        refs.beverages_ml,
        "NASEM 2004 beverages",
        refs.beverages_ml * LOW_FLUID_SHARE,
        False,
        None,
        refs.assumptions,
    )
