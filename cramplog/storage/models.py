"""SQLAlchemy 2 models: the journal's tables.

Times are stored as naive UTC (`at_utc`) plus the UTC offset in minutes the
person was at (`utc_offset_min`), so an export can give back the wall-clock
time with its offset, and `journal_day` is computed once, at write time, from
the local time and the profile's day-start hour (services recompute it when
that hour changes). Food rows keep a copy of their food's composition per
100 g, so a journal keeps its numbers when foods.csv is updated.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Stable constraint names so Alembic batch migrations can find them on SQLite.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def new_uuid() -> str:
    return str(uuid.uuid4())


def utc_now() -> dt.datetime:
    """Naive UTC to the second, as every time is stored."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


class TimedMixin:
    at_utc: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    utc_offset_min: Mapped[int] = mapped_column(Integer)
    journal_day: Mapped[dt.date] = mapped_column(Date, index=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    # One identity everywhere (export, import, merge), a version that every
    # change raises (a view older than the row cannot write over it), and when
    # it last changed (naive UTC; a merge keeps the newer of two versions).
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    updated_at: Mapped[dt.datetime | None] = mapped_column(DateTime, default=utc_now)


# Entry tables never reuse an id: SQLite's AUTOINCREMENT keeps the highest id
# ever given in sqlite_sequence, so a deleted entry's id stays retired and an
# undo can put it back without meeting another entry under the same id.
NEVER_REUSE_IDS: dict[str, bool] = {"sqlite_autoincrement": True}


class Per100gMixin:
    """Composition per 100 g; NULL is unknown, never zero."""

    energy_kcal: Mapped[float | None] = mapped_column(Float)
    water_g: Mapped[float | None] = mapped_column(Float)
    magnesium_mg: Mapped[float | None] = mapped_column(Float)
    potassium_mg: Mapped[float | None] = mapped_column(Float)
    calcium_mg: Mapped[float | None] = mapped_column(Float)
    sodium_mg: Mapped[float | None] = mapped_column(Float)
    vitamin_d_ug: Mapped[float | None] = mapped_column(Float)


class ProfileRow(Base):
    __tablename__ = "profile"
    __table_args__ = (
        CheckConstraint("id = 1", name="single_row"),
        CheckConstraint("day_start_hour BETWEEN 0 AND 23", name="day_start_hour"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, default=1)
    sex: Mapped[str | None] = mapped_column(String(16))
    birth_year: Mapped[int | None] = mapped_column(Integer)
    life_stage: Mapped[str] = mapped_column(String(16), default="general")
    day_start_hour: Mapped[int] = mapped_column(Integer, default=4)
    fluid_reference_ml: Mapped[int | None] = mapped_column(Integer)
    fluid_restriction_ml: Mapped[int | None] = mapped_column(Integer)
    theme: Mapped[str] = mapped_column(String(40), default="textual-dark")
    onboarded: Mapped[bool] = mapped_column(Boolean, default=False)
    name: Mapped[str | None] = mapped_column(String(200))
    birth_date: Mapped[dt.date | None] = mapped_column(Date)
    identifier: Mapped[str | None] = mapped_column(String(200))


class CrampRow(TimedMixin, Base):
    __tablename__ = "cramps"
    __table_args__ = (
        CheckConstraint("severity BETWEEN 0 AND 10", name="severity"),
        CheckConstraint("duration_s IS NULL OR duration_s >= 0", name="duration"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    muscle: Mapped[str] = mapped_column(String(16))
    side: Mapped[str] = mapped_column(String(8))
    severity: Mapped[int] = mapped_column(Integer)
    duration_s: Mapped[int | None] = mapped_column(Integer)
    woke_from_sleep: Mapped[bool] = mapped_column(Boolean, default=False)
    relieved_by: Mapped[str] = mapped_column(Text, default="")
    # Comma-separated cramplog.domain.RedFlag values, sorted.
    red_flags: Mapped[str] = mapped_column(String(64), default="")


class CustomFoodRow(Per100gMixin, Base):
    __tablename__ = "custom_foods"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    serving_grams: Mapped[float | None] = mapped_column(Float)
    notes: Mapped[str] = mapped_column(Text, default="")


class FoodEntryRow(TimedMixin, Per100gMixin, Base):
    __tablename__ = "food_entries"
    __table_args__ = (CheckConstraint("grams > 0", name="grams_positive"), NEVER_REUSE_IDS)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meal: Mapped[str] = mapped_column(String(16))
    food_id: Mapped[str | None] = mapped_column(String(5), index=True)
    custom_food_id: Mapped[int | None] = mapped_column(
        ForeignKey("custom_foods.id", ondelete="RESTRICT"), index=True
    )
    name: Mapped[str] = mapped_column(Text)
    grams: Mapped[float] = mapped_column(Float)
    amount: Mapped[str] = mapped_column(String(40), default="")
    unit: Mapped[str] = mapped_column(String(80), default="")
    # Which foods.csv release the composition above was copied from.
    food_release: Mapped[str] = mapped_column(String(40), default="", server_default="")


class DrinkRow(TimedMixin, Per100gMixin, Base):
    __tablename__ = "drinks"
    __table_args__ = (CheckConstraint("ml > 0", name="ml_positive"), NEVER_REUSE_IDS)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    ml: Mapped[float] = mapped_column(Float)
    caffeinated: Mapped[bool] = mapped_column(Boolean, default=False)
    food_id: Mapped[str | None] = mapped_column(String(5))
    # Mass of the drink when it has a food (for its nutrients); NULL otherwise.
    grams: Mapped[float | None] = mapped_column(Float)
    food_release: Mapped[str] = mapped_column(String(40), default="", server_default="")


class MedicationRow(Base):
    __tablename__ = "medications"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    magnesium_mg: Mapped[float] = mapped_column(Float, default=0.0)
    potassium_mg: Mapped[float] = mapped_column(Float, default=0.0)
    calcium_mg: Mapped[float] = mapped_column(Float, default=0.0)
    vitamin_d_ug: Mapped[float] = mapped_column(Float, default=0.0)
    sodium_mg: Mapped[float] = mapped_column(Float, default=0.0, server_default="0")
    drug_class: Mapped[str | None] = mapped_column(String(64))
    started_on: Mapped[dt.date | None] = mapped_column(Date)
    stopped_on: Mapped[dt.date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")

    doses: Mapped[list[DoseRow]] = relationship(back_populates="medication")


class DoseRow(TimedMixin, Base):
    __tablename__ = "doses"
    __table_args__ = (CheckConstraint("count > 0", name="count_positive"), NEVER_REUSE_IDS)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    medication_id: Mapped[int] = mapped_column(
        ForeignKey("medications.id", ondelete="RESTRICT"), index=True
    )
    count: Mapped[float] = mapped_column(Float, default=1.0)

    medication: Mapped[MedicationRow] = relationship(back_populates="doses")


class ActivityRow(TimedMixin, Base):
    __tablename__ = "activities"
    __table_args__ = (CheckConstraint("minutes > 0", name="minutes_positive"), NEVER_REUSE_IDS)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(80))
    minutes: Mapped[int] = mapped_column(Integer)
    intensity: Mapped[str] = mapped_column(String(16), default="moderate")


class DayFactorsRow(TimedMixin, Base):
    __tablename__ = "day_factors"
    __table_args__ = (
        CheckConstraint("sitting_hours IS NULL OR sitting_hours BETWEEN 0 AND 24", name="sitting"),
        CheckConstraint("fatigue IS NULL OR fatigue BETWEEN 0 AND 10", name="fatigue"),
        CheckConstraint("sleep_hours IS NULL OR sleep_hours BETWEEN 0 AND 24", name="sleep"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    stretched: Mapped[bool | None] = mapped_column(Boolean)
    sitting_hours: Mapped[float | None] = mapped_column(Float)
    footwear: Mapped[str | None] = mapped_column(String(16))
    fatigue: Mapped[int | None] = mapped_column(Integer)
    sleep_hours: Mapped[float | None] = mapped_column(Float)


class ImportedFoodRow(TimedMixin, Per100gMixin, Base):
    """Food from another tracker's export (domain.ImportedFood).

    The Per100gMixin columns hold the row's own amounts (the whole serving or
    day as the tracker computed them), not values per 100 g; NULL is unknown.
    """

    __tablename__ = "imported_foods"
    __table_args__ = (
        CheckConstraint("scope IN ('serving', 'day')", name="scope"),
        CheckConstraint("fluid_ml IS NULL OR fluid_ml > 0", name="fluid_positive"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(80))
    # The row's stable key (a hash of its source and identifying cells).
    source_key: Mapped[str] = mapped_column(String(64), unique=True)
    scope: Mapped[str] = mapped_column(String(8))
    meal: Mapped[str] = mapped_column(String(80), default="")
    name: Mapped[str] = mapped_column(Text)
    amount: Mapped[str] = mapped_column(String(80), default="")
    fluid_ml: Mapped[float | None] = mapped_column(Float)
    drink: Mapped[str | None] = mapped_column(String(16))


class RecipeRow(Base):
    __tablename__ = "recipes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    portions: Mapped[float] = mapped_column(Float, default=1.0)

    items: Mapped[list[RecipeItemRow]] = relationship(
        back_populates="recipe", cascade="all, delete-orphan", order_by="RecipeItemRow.id"
    )


class RecipeItemRow(Base):
    __tablename__ = "recipe_items"
    __table_args__ = (CheckConstraint("grams > 0", name="grams_positive"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    recipe_id: Mapped[int] = mapped_column(ForeignKey("recipes.id", ondelete="CASCADE"), index=True)
    food_id: Mapped[str | None] = mapped_column(String(5))
    custom_food_id: Mapped[int | None] = mapped_column(
        ForeignKey("custom_foods.id", ondelete="RESTRICT")
    )
    grams: Mapped[float] = mapped_column(Float)

    recipe: Mapped[RecipeRow] = relationship(back_populates="items")


class DayMarkRow(Base):
    __tablename__ = "day_marks"

    journal_day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))


class JournalMetaRow(Base):
    """Facts about the journal file itself.

    ``generation`` is a UUID that a restore changes: an app that has the
    journal open compares it to know the whole journal was replaced.
    """

    __tablename__ = "journal_meta"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class TrialRow(Base):
    """A planned n-of-1 trial (cramplog.domain.Trial). Its design columns never change
    once written (a trigger refuses it, migration 0007); only ``stopped_on`` may."""

    __tablename__ = "trials"
    __table_args__ = (
        CheckConstraint("block_days BETWEEN 7 AND 28", name="block_days"),
        CheckConstraint("pairs >= 1", name="pairs"),
        CheckConstraint("washout_days >= 0 AND washout_days < block_days", name="washout"),
        CheckConstraint("link IN ('medicine', 'factor', 'text')", name="link"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    name: Mapped[str] = mapped_column(String(200))
    intervention: Mapped[str] = mapped_column(String(200))
    control: Mapped[str] = mapped_column(String(200))
    link: Mapped[str] = mapped_column(String(16))
    medication_id: Mapped[int | None] = mapped_column(
        ForeignKey("medications.id", ondelete="RESTRICT"), index=True
    )
    factor: Mapped[str] = mapped_column(String(80), default="")
    block_days: Mapped[int] = mapped_column(Integer)
    washout_days: Mapped[int] = mapped_column(Integer)
    pairs: Mapped[int] = mapped_column(Integer)
    start_day: Mapped[dt.date] = mapped_column(Date)
    seed: Mapped[int] = mapped_column(Integer)
    prescription: Mapped[bool] = mapped_column(Boolean, default=False)
    clinician_agreed: Mapped[bool] = mapped_column(Boolean, default=False)
    planned_rate: Mapped[float | None] = mapped_column(Float)
    rate_source: Mapped[str] = mapped_column(String(16), default="")
    planned_power: Mapped[float | None] = mapped_column(Float)
    planned_on: Mapped[dt.date] = mapped_column(Date)
    stopped_on: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utc_now)

    blocks: Mapped[list[TrialBlockRow]] = relationship(order_by="TrialBlockRow.block_index")
    medication: Mapped[MedicationRow | None] = relationship()


class TrialBlockRow(Base):
    """One block of a trial's allocation, written with the trial and never changed."""

    __tablename__ = "trial_blocks"
    __table_args__ = (
        CheckConstraint("arm IN ('A', 'B')", name="arm"),
        CheckConstraint("end_day >= start_day", name="span"),
    )

    trial_id: Mapped[int] = mapped_column(
        ForeignKey("trials.id", ondelete="RESTRICT"), primary_key=True
    )
    block_index: Mapped[int] = mapped_column(Integer, primary_key=True)
    arm: Mapped[str] = mapped_column(String(1))
    start_day: Mapped[dt.date] = mapped_column(Date)
    end_day: Mapped[dt.date] = mapped_column(Date)


class TrialAdherenceRow(Base):
    """Whether the person kept to the day's arm, as they said it (one answer per day)."""

    __tablename__ = "trial_adherence"

    trial_id: Mapped[int] = mapped_column(
        ForeignKey("trials.id", ondelete="RESTRICT"), primary_key=True
    )
    journal_day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    adhered: Mapped[bool] = mapped_column(Boolean)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utc_now)


EntryRow = (
    CrampRow | FoodEntryRow | DrinkRow | DoseRow | ActivityRow | DayFactorsRow | ImportedFoodRow
)
# The table of every entry kind (cramplog.entry_kinds), by the kind's name.
ENTRY_ROWS: dict[str, type[EntryRow]] = {
    "cramp": CrampRow,
    "food": FoodEntryRow,
    "drink": DrinkRow,
    "medicine": DoseRow,
    "activity": ActivityRow,
    "factors": DayFactorsRow,
    "imported": ImportedFoodRow,
}
ENTRY_TABLES = tuple(ENTRY_ROWS.values())
ENTRY_TABLE_NAMES: tuple[str, ...] = tuple(str(row.__tablename__) for row in ENTRY_TABLES)
# Every table holding what a person wrote, entries first: all but the settings
# and the facts about the file (backups and doctor count and require these).
USER_TABLE_NAMES: tuple[str, ...] = (
    *ENTRY_TABLE_NAMES,
    *(
        name
        for name in Base.metadata.tables
        if name not in {*ENTRY_TABLE_NAMES, ProfileRow.__tablename__, JournalMetaRow.__tablename__}
    ),
)
