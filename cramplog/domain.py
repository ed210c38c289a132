"""Plain types shared by every layer.

Nothing here imports SQLAlchemy, pandas or Textual: the storage layer maps these
to rows, the TUI and CLI show them, the analysis reads them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypeVar

from cramplog.nutrients import FOOD_NUTRIENTS, TRACKED


class CramplogError(Exception):
    """An expected failure with a message fit to show a person as one line."""


class ValidationError(CramplogError):
    """A bad value. ``field`` names what the person typed into."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class NotFoundError(CramplogError):
    """An entry, food or medicine that is not in the journal."""


class StaleEntryError(CramplogError):
    """An edit or delete made from a view older than the stored entry.

    Every entry carries a ``uuid`` (its identity everywhere: export, import,
    merge), a ``version`` (1 when logged, +1 on every change) and ``updated_at``
    (UTC, when it last changed). A change made from a view is checked against
    the stored uuid and version, in the same write transaction as the change.
    """


class Muscle(StrEnum):
    TOE = "toe"
    FOOT = "foot"
    ARCH = "arch"
    CALF = "calf"
    THIGH = "thigh"
    HAND = "hand"
    OTHER = "other"


class Side(StrEnum):
    LEFT = "left"
    RIGHT = "right"
    BOTH = "both"


class MealKind(StrEnum):
    BREAKFAST = "breakfast"
    LUNCH = "lunch"
    DINNER = "dinner"
    SNACK = "snack"


class DrinkKind(StrEnum):
    WATER = "water"
    COFFEE = "coffee"
    TEA = "tea"
    MILK = "milk"
    JUICE = "juice"
    SOFT_DRINK = "soft drink"
    SPORTS_DRINK = "sports drink"
    ALCOHOL = "alcohol"
    OTHER = "other"


# Coffee and tea are caffeinated unless the person says decaf; the rest are not
# unless they say so (an energy drink logged as "other", say).
CAFFEINATED_BY_DEFAULT = frozenset({DrinkKind.COFFEE, DrinkKind.TEA})


class MedKind(StrEnum):
    DRUG = "drug"
    SUPPLEMENT = "supplement"


class Intensity(StrEnum):
    LIGHT = "light"
    MODERATE = "moderate"
    VIGOROUS = "vigorous"


class Sex(StrEnum):
    MALE = "male"
    FEMALE = "female"


class LifeStage(StrEnum):
    GENERAL = "general"
    PREGNANCY = "pregnancy"
    LACTATION = "lactation"


class Footwear(StrEnum):
    """What a person wore on their feet most of the day."""

    SUPPORTIVE = "supportive"
    TIGHT = "tight"
    HIGH_HEELS = "high heels"
    BAREFOOT = "barefoot"
    SLIPPERS = "slippers"


class DayMarkKind(StrEnum):
    COMPLETE = "complete"
    NOT_LOGGED = "not logged"


class RedFlag(StrEnum):
    """Symptoms with a cramp that a clinician wants to hear about."""

    SWELLING = "swelling"
    NUMBNESS = "numbness"
    WEAKNESS = "weakness"


class DrugClass(StrEnum):
    """Drug classes associated with muscle cramps.

    Sources: Allen RE, Kirby KA. Nocturnal leg cramps. Am Fam Physician
    2012;86(4):350-355 (AAFP 2012); NICE Clinical Knowledge Summary "Leg cramps"
    (revised 2024); Garrison SR et al. JAMA Intern Med 2012;172(2):120-126
    (prescription sequence symmetry analysis). docs/analysis-method.md lists
    which source names which class.
    """

    THIAZIDE_DIURETIC = "thiazide diuretic"
    LOOP_DIURETIC = "loop diuretic"
    POTASSIUM_SPARING_DIURETIC = "potassium-sparing diuretic"
    STATIN = "statin"
    LONG_ACTING_BETA_AGONIST = "long-acting beta-agonist"
    INTRAVENOUS_IRON = "intravenous iron sucrose"
    CONJUGATED_ESTROGENS = "conjugated estrogens"
    RALOXIFENE = "raloxifene"
    TERIPARATIDE = "teriparatide"
    NAPROXEN = "naproxen"
    ZOLEDRONIC_ACID = "zoledronic acid"
    PREGABALIN = "pregabalin"
    ACE_INHIBITOR_OR_ARB = "ACE inhibitor or ARB"
    CALCIUM_CHANNEL_BLOCKER = "calcium channel blocker"


DRUG_CLASS_SOURCES: dict[DrugClass, str] = {
    DrugClass.THIAZIDE_DIURETIC: "AAFP 2012; NICE CKS",
    DrugClass.LOOP_DIURETIC: "NICE CKS",
    DrugClass.POTASSIUM_SPARING_DIURETIC: "AAFP 2012; Garrison 2012",
    DrugClass.STATIN: "AAFP 2012; NICE CKS",
    DrugClass.LONG_ACTING_BETA_AGONIST: "AAFP 2012; Garrison 2012",
    DrugClass.INTRAVENOUS_IRON: "AAFP 2012",
    DrugClass.CONJUGATED_ESTROGENS: "AAFP 2012",
    DrugClass.RALOXIFENE: "AAFP 2012; NICE CKS",
    DrugClass.TERIPARATIDE: "AAFP 2012; NICE CKS",
    DrugClass.NAPROXEN: "AAFP 2012",
    DrugClass.ZOLEDRONIC_ACID: "NICE CKS",
    DrugClass.PREGABALIN: "NICE CKS",
    DrugClass.ACE_INHIBITOR_OR_ARB: "Garrison 2012",
    DrugClass.CALCIUM_CHANNEL_BLOCKER: "NICE CKS",
}

# The tracked nutrients (cramplog.nutrients describes each), by key. Column
# names in the database, the exchange format and the analysis frames use them.
NUTRIENTS: tuple[str, ...] = tuple(n.key for n in TRACKED)
NUTRIENT_LABELS: dict[str, str] = {n.key: n.label for n in TRACKED}
NUTRIENT_UNITS: dict[str, str] = {n.key: n.unit for n in TRACKED}
# Everything a food row carries per 100 g (None = USDA has no value: unknown).
FOOD_VALUES: tuple[str, ...] = tuple(n.key for n in FOOD_NUTRIENTS)

DEFAULT_DAY_START_HOUR = 4


@dataclass(frozen=True, slots=True)
class Per100g:
    """Composition of a food per 100 g; None means unknown, never zero."""

    energy_kcal: float | None = None
    water_g: float | None = None
    magnesium_mg: float | None = None
    potassium_mg: float | None = None
    calcium_mg: float | None = None
    sodium_mg: float | None = None
    vitamin_d_ug: float | None = None

    def get(self, key: str) -> float | None:
        value: float | None = getattr(self, key)
        return value


@dataclass(frozen=True, slots=True)
class Profile:
    sex: Sex | None = None
    birth_year: int | None = None
    life_stage: LifeStage = LifeStage.GENERAL
    day_start_hour: int = DEFAULT_DAY_START_HOUR
    fluid_reference_ml: int | None = None
    fluid_restriction_ml: int | None = None
    theme: str = "textual-dark"
    onboarded: bool = False
    # Identity for a clinician's report; never used in any calculation.
    name: str | None = None
    # When set, birth_year is its year (services.profile keeps the two the same).
    birth_date: dt.date | None = None
    identifier: str | None = None

    def age_in(self, year: int) -> int | None:
        return None if self.birth_year is None else year - self.birth_year


@dataclass(frozen=True, slots=True)
class Cramp:
    id: int | None
    at: dt.datetime
    journal_day: dt.date
    muscle: Muscle
    side: Side
    severity: int
    duration_s: int | None = None
    woke_from_sleep: bool = False
    relieved_by: str = ""
    red_flags: frozenset[RedFlag] = field(default_factory=frozenset)
    notes: str = ""
    # Identity and history, set by the storage layer (see StaleEntryError).
    uuid: str = ""
    version: int = 0
    updated_at: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class FoodEntry:
    id: int | None
    at: dt.datetime
    journal_day: dt.date
    meal: MealKind
    grams: float
    name: str
    per100g: Per100g
    food_id: str | None = None
    custom_food: str | None = None
    amount: str = ""
    unit: str = ""
    notes: str = ""
    # Identity and history, set by the storage layer (see StaleEntryError).
    uuid: str = ""
    version: int = 0
    updated_at: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class Drink:
    id: int | None
    at: dt.datetime
    journal_day: dt.date
    kind: DrinkKind
    ml: float
    caffeinated: bool = False
    food_id: str | None = None
    grams: float | None = None
    per100g: Per100g | None = None
    notes: str = ""
    # Identity and history, set by the storage layer (see StaleEntryError).
    uuid: str = ""
    version: int = 0
    updated_at: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class Medication:
    id: int | None
    name: str
    kind: MedKind
    magnesium_mg: float = 0.0
    potassium_mg: float = 0.0
    calcium_mg: float = 0.0
    vitamin_d_ug: float = 0.0
    sodium_mg: float = 0.0
    drug_class: DrugClass | None = None
    started_on: dt.date | None = None
    stopped_on: dt.date | None = None
    notes: str = ""


# A medicine's fields, in the order every listing and file gives them.
MEDICATION_FIELDS = ("name", "kind", *NUTRIENTS, "drug_class", "started_on", "stopped_on", "notes")


def medication_record(m: Medication) -> dict[str, Any]:
    """A medicine as JSON-ready values by MEDICATION_FIELDS: `med list --json`, export, CSV."""
    record: dict[str, Any] = {}
    for key in MEDICATION_FIELDS:
        value = getattr(m, key)
        if isinstance(value, StrEnum):
            value = value.value
        elif isinstance(value, dt.date):
            value = value.isoformat()
        record[key] = value
    return record


@dataclass(frozen=True, slots=True)
class Dose:
    id: int | None
    at: dt.datetime
    journal_day: dt.date
    medication: str
    count: float = 1.0
    notes: str = ""
    # Identity and history, set by the storage layer (see StaleEntryError).
    uuid: str = ""
    version: int = 0
    updated_at: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class Activity:
    id: int | None
    at: dt.datetime
    journal_day: dt.date
    kind: str
    minutes: int
    intensity: Intensity = Intensity.MODERATE
    notes: str = ""
    # Identity and history, set by the storage layer (see StaleEntryError).
    uuid: str = ""
    version: int = 0
    updated_at: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class DayFactors:
    """Other things the cramp literature names, as the person saw their day.

    Each is optional (None: not said, never "no"); an entry says at least one.
    """

    id: int | None
    at: dt.datetime
    journal_day: dt.date
    stretched: bool | None = None  # stretched the calves before bed
    sitting_hours: float | None = None
    footwear: Footwear | None = None
    fatigue: int | None = None  # 0-10
    sleep_hours: float | None = None
    notes: str = ""
    # Identity and history, set by the storage layer (see StaleEntryError).
    uuid: str = ""
    version: int = 0
    updated_at: dt.datetime | None = None


class ImportScope(StrEnum):
    """What an imported row stands for: one serving, or a whole day's totals."""

    SERVING = "serving"
    DAY = "day"


@dataclass(frozen=True, slots=True)
class ImportedFood:
    """Food recorded in another tracker (Cronometer, a spreadsheet), as it gave it.

    ``amounts`` are the nutrient amounts the tracker computed for the row, in
    cramplog's units (vitamin D in µg): the same fields as :class:`Per100g`,
    but for the whole serving or day, not per 100 g; None is unknown, never 0.
    A day total (``scope`` DAY) counts only on a day with no other food
    (``cramplog.day_rule``). ``fluid_ml`` is the beverage volume when the row
    is a drink with a known volume (the same rule as a drink logged here).
    ``source`` names where it came from; ``key`` is the row's stable key, so
    importing the same file twice adds nothing.
    """

    id: int | None
    at: dt.datetime
    journal_day: dt.date
    source: str
    key: str
    scope: ImportScope
    name: str
    amounts: Per100g
    meal: str = ""
    amount: str = ""
    fluid_ml: float | None = None
    drink: DrinkKind | None = None
    notes: str = ""
    # Identity and history, set by the storage layer (see StaleEntryError).
    uuid: str = ""
    version: int = 0
    updated_at: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class CustomFood:
    id: int | None
    name: str
    per100g: Per100g
    serving_grams: float | None = None
    notes: str = ""


@dataclass(frozen=True, slots=True)
class RecipeItem:
    grams: float
    food_id: str | None = None
    custom_food: str | None = None


@dataclass(frozen=True, slots=True)
class Recipe:
    id: int | None
    name: str
    portions: float
    items: tuple[RecipeItem, ...]


@dataclass(frozen=True, slots=True)
class DayMark:
    journal_day: dt.date
    kind: DayMarkKind


Entry = Cramp | FoodEntry | Drink | Dose | Activity | DayFactors | ImportedFood
AnEntry = TypeVar("AnEntry", bound=Entry)


def as_new(entry: AnEntry, **changes: object) -> AnEntry:
    """A copy of ``entry`` to log as another entry: no id, uuid or history."""
    return dataclasses.replace(entry, id=None, uuid="", version=0, updated_at=None, **changes)  # type: ignore[arg-type]


def same_content(a: Entry, b: Entry) -> bool:
    """Whether two versions of an entry say the same thing (its history aside).

    Times compare by instant and by UTC offset: the offset is part of what
    the person recorded (it decides the wall-clock time shown).
    """
    history = {"version": 0, "updated_at": None}
    return (
        dataclasses.replace(a, **history) == dataclasses.replace(b, **history)  # type: ignore[arg-type]
        and a.at.utcoffset() == b.at.utcoffset()
    )


# --- self-experiments (n-of-1 trials) --------------------------------------------


class TrialLink(StrEnum):
    """What a trial's intervention is in the journal, so adherence can be read from it.

    ``medicine``: doses of a medicine or supplement in the journal (a day with
    a dose is an intervention day); ``factor``: a day factor (stretched before
    bed, a kind of footwear); ``text``: free text, adherence asked day by day.
    """

    MEDICINE = "medicine"
    FACTOR = "factor"
    TEXT = "text"


@dataclass(frozen=True, slots=True)
class TrialBlock:
    """One block of a stored allocation: ``arm`` "A" (control) or "B" (intervention)."""

    index: int
    arm: str
    start: dt.date
    end: dt.date


@dataclass(frozen=True, slots=True)
class Trial:
    """A planned n-of-1 trial with its allocation, as stored when it was planned.

    ``link_target`` names what the intervention is in the journal: the
    medicine's name (link ``medicine``), a day-factor field, or a choice field
    and its value as ``footwear=supportive`` (link ``factor``), or "" (``text``).
    ``blocks`` is the allocation, fixed when planned; ``stopped_on`` the last
    day of a trial stopped early (None while it runs or once it ran its course).
    """

    id: int | None
    name: str
    intervention: str
    control: str
    link: TrialLink
    link_target: str
    block_days: int
    washout_days: int
    pairs: int
    start: dt.date
    seed: int
    blocks: tuple[TrialBlock, ...]
    # The intervention is a prescription medicine, and the person confirmed
    # that the trial was agreed with their clinician.
    prescription: bool = False
    clinician_agreed: bool = False
    # What the planner used and showed: the cramp-night rate (share of nights),
    # where it came from ("journal" or "typed"), and the power for a halving.
    planned_rate: float | None = None
    rate_source: str = ""
    planned_power: float | None = None
    planned_on: dt.date | None = None
    stopped_on: dt.date | None = None
    uuid: str = ""
    # When it was planned (naive UTC), set by the storage layer.
    created_at: dt.datetime | None = None

    @property
    def end(self) -> dt.date:
        return self.blocks[-1].end

    @property
    def orders(self) -> tuple[str, ...]:
        """Each pair's order, "AB" or "BA", from the stored blocks."""
        return tuple(
            self.blocks[i].arm + self.blocks[i + 1].arm for i in range(0, len(self.blocks), 2)
        )
