"""Reading and writing journal rows inside a session the caller owns."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from cramplog.domain import (
    Activity,
    Cramp,
    CustomFood,
    DayMark,
    Entry,
    Medication,
    NotFoundError,
    Profile,
    Recipe,
    ValidationError,
)
from cramplog.entry_kinds import BY_PREFIX, ENTRY_KINDS, EntryKind, json_value, kind_of
from cramplog.storage import convert
from cramplog.storage.models import (
    ENTRY_ROWS,
    ENTRY_TABLES,
    ActivityRow,
    Base,
    CrampRow,
    CustomFoodRow,
    DayMarkRow,
    DoseRow,
    DrinkRow,
    FoodEntryRow,
    ImportedFoodRow,
    MedicationRow,
    ProfileRow,
    RecipeItemRow,
    RecipeRow,
    new_uuid,
    utc_now,
)
from cramplog.times import to_storage


def parse_ref(ref: str) -> tuple[str, int]:
    raw = ref.strip().lower()
    # Ids are SQLite integers: more than 18 digits cannot name a row, and
    # int() of thousands of digits would raise instead of refusing politely.
    if 2 <= len(raw) <= 19 and raw[0] in BY_PREFIX and raw[1:].isascii() and raw[1:].isdigit():
        return raw[0], int(raw[1:])
    letters = ", ".join(f"{k.prefix} {k.noun}" for k in ENTRY_KINDS)
    raise ValidationError(
        "id",
        f"id {ref!r} is not an entry id: a letter for the kind ({letters}) and a number,"
        " as `cramplog list` shows, e.g. c12",
    )


def table_of(prefix: str) -> type[Base]:
    """The table of the entry kind whose ids start with ``prefix``."""
    return ENTRY_ROWS[BY_PREFIX[prefix].name]


# --- profile -----------------------------------------------------------------


def get_profile(session: Session) -> Profile:
    return convert.profile(session.get(ProfileRow, 1))


def save_profile(session: Session, profile: Profile) -> None:
    row = session.get(ProfileRow, 1)
    if row is None:
        row = ProfileRow(id=1)
        session.add(row)
    row.sex = profile.sex.value if profile.sex else None
    row.birth_year = profile.birth_year
    row.life_stage = profile.life_stage.value
    row.day_start_hour = profile.day_start_hour
    row.fluid_reference_ml = profile.fluid_reference_ml
    row.fluid_restriction_ml = profile.fluid_restriction_ml
    row.theme = profile.theme
    row.onboarded = profile.onboarded
    row.name = profile.name
    row.birth_date = profile.birth_date
    row.identifier = profile.identifier


# --- entries -----------------------------------------------------------------


def _timed(entry: Entry) -> dict[str, object]:
    at_utc, offset = to_storage(entry.at)
    return {
        "at_utc": at_utc,
        "utc_offset_min": offset,
        "journal_day": entry.journal_day,
        "notes": entry.notes,
    }


def custom_food_row(session: Session, name: str) -> CustomFoodRow:
    row = session.scalar(select(CustomFoodRow).where(CustomFoodRow.name == name))
    if row is None:
        raise NotFoundError(f"no custom food named {name!r}; add it with `cramplog foods add`")
    return row


def medication_row(session: Session, name: str) -> MedicationRow:
    row = session.scalar(
        select(MedicationRow).where(func.lower(MedicationRow.name) == name.strip().lower())
    )
    if row is None:
        raise NotFoundError(
            f"no medicine or supplement named {name!r}; add it first with `cramplog med add`"
        )
    return row


def entry_values(
    session: Session, entry: Entry, food_release: str = ""
) -> tuple[type[Base], dict[str, object]]:
    """The table of ``entry`` and its content columns (not id, uuid or version)."""
    kind = kind_of(entry)
    values = _timed(entry)
    if kind.plain:
        values |= {f.name: json_value(getattr(entry, f.name)) for f in kind.plain}
    else:
        values |= _COLUMNS[kind.name](session, entry, food_release)
    return ENTRY_ROWS[kind.name], values


def _cramp_columns(session: Session, entry: Any, food_release: str) -> dict[str, object]:
    return {
        "muscle": entry.muscle.value,
        "side": entry.side.value,
        "severity": entry.severity,
        "duration_s": entry.duration_s,
        "woke_from_sleep": entry.woke_from_sleep,
        "relieved_by": entry.relieved_by,
        "red_flags": ",".join(sorted(f.value for f in entry.red_flags)),
    }


def _food_columns(session: Session, entry: Any, food_release: str) -> dict[str, object]:
    custom_id = custom_food_row(session, entry.custom_food).id if entry.custom_food else None
    return convert.per100g_columns(entry.per100g) | {
        "meal": entry.meal.value,
        "food_id": entry.food_id,
        "custom_food_id": custom_id,
        "name": entry.name,
        "grams": entry.grams,
        "amount": entry.amount,
        "unit": entry.unit,
        "food_release": food_release,
    }


def _drink_columns(session: Session, entry: Any, food_release: str) -> dict[str, object]:
    return convert.per100g_columns(entry.per100g) | {
        "kind": entry.kind.value,
        "ml": entry.ml,
        "caffeinated": entry.caffeinated,
        "food_id": entry.food_id,
        "grams": entry.grams,
        "food_release": food_release if entry.food_id else "",
    }


def _dose_columns(session: Session, entry: Any, food_release: str) -> dict[str, object]:
    return {"medication_id": medication_row(session, entry.medication).id, "count": entry.count}


def _activity_columns(session: Session, entry: Any, food_release: str) -> dict[str, object]:
    return {"kind": entry.kind, "minutes": entry.minutes, "intensity": entry.intensity.value}


def _imported_columns(session: Session, entry: Any, food_release: str) -> dict[str, object]:
    return convert.per100g_columns(entry.amounts) | {
        "source": entry.source,
        "source_key": entry.key,
        "scope": entry.scope.value,
        "meal": entry.meal,
        "name": entry.name,
        "amount": entry.amount,
        "fluid_ml": entry.fluid_ml,
        "drink": entry.drink.value if entry.drink else None,
    }


# Columns of each kind that is not made of plain fields, by kind name.
_COLUMNS: dict[str, Callable[[Session, Any, str], dict[str, object]]] = {
    "cramp": _cramp_columns,
    "food": _food_columns,
    "drink": _drink_columns,
    "medicine": _dose_columns,
    "activity": _activity_columns,
    "imported": _imported_columns,
}


def add_entry(session: Session, entry: Entry, food_release: str = "") -> Entry:
    """Insert ``entry`` and return it as stored.

    An entry with an id, uuid and version (an undo, an import of another copy)
    is put back exactly as it was; a new one gets a fresh uuid and version 1.
    Ids come from SQLite's AUTOINCREMENT and are never given twice.
    """
    table, values = entry_values(session, entry, food_release)
    if entry.id is not None:
        values["id"] = entry.id
    values["uuid"] = entry.uuid or new_uuid()
    values["version"] = entry.version or 1
    updated = entry.updated_at
    values["updated_at"] = (
        utc_now() if updated is None else updated.astimezone(dt.UTC).replace(tzinfo=None)
    )
    row = table(**values)
    session.add(row)
    session.flush()
    return to_domain(session, row)


def add_new_entries(session: Session, entries: Sequence[Entry]) -> int:
    """Insert many new entries at once (an import): each gets a fresh uuid and version 1.

    One flush for all of them, not one per entry as ``add_entry`` does.
    """
    stamp = utc_now()
    for entry in entries:
        table, values = entry_values(session, entry)
        session.add(table(**values, uuid=new_uuid(), version=1, updated_at=stamp))
    session.flush()
    return len(entries)


def update_entry(
    session: Session, row: Base, entry: Entry, food_release: str = "", *, adopt: bool = False
) -> Entry:
    """Write ``entry``'s content over ``row`` in place: same id and uuid, version + 1.

    ``adopt`` takes ``entry``'s own version and stamp instead (a merge taking
    the newer version from another copy of the journal, so both copies agree).
    """
    table, values = entry_values(session, entry, food_release)
    assert isinstance(row, table)
    for key, value in values.items():
        setattr(row, key, value)
    if adopt and entry.updated_at is not None:
        row.version = entry.version  # type: ignore[attr-defined]
        row.updated_at = entry.updated_at.astimezone(dt.UTC).replace(tzinfo=None)  # type: ignore[attr-defined]
    else:
        row.version = row.version + 1  # type: ignore[attr-defined]
        row.updated_at = utc_now()  # type: ignore[attr-defined]
    session.flush()
    return to_domain(session, row)


def entry_row_by_uuid(session: Session, table: Any, ident: str) -> Base | None:
    # ``table`` is one of ENTRY_TABLES (all TimedMixin, so all have a uuid).
    found: Base | None = session.scalar(select(table).where(table.uuid == ident))
    return found


def to_domain(session: Session, row: Base) -> Entry:
    if isinstance(row, FoodEntryRow):
        name = session.get(CustomFoodRow, row.custom_food_id).name if row.custom_food_id else None  # type: ignore[union-attr]
        return convert.food_entry(row, name)
    if isinstance(row, DoseRow):
        return convert.dose(row, row.medication.name)
    return _plain_to_domain(row)


def _plain_to_domain(row: Base) -> Entry:
    """A row that needs nothing from another table, by its kind."""
    if isinstance(row, CrampRow):
        return convert.cramp(row)
    if isinstance(row, DrinkRow):
        return convert.drink(row)
    if isinstance(row, ActivityRow):
        return convert.activity(row)
    if isinstance(row, ImportedFoodRow):
        return convert.imported_food(row)
    kind = _KIND_OF_ROW[type(row)]
    if not kind.plain:
        raise TypeError(f"no conversion for {kind.name} rows")
    return convert.plain_entry(row, kind)


_KIND_OF_ROW: dict[type[Base], EntryKind] = {ENTRY_ROWS[k.name]: k for k in ENTRY_KINDS}


def get_entry_row(session: Session, ref: str) -> Base:
    prefix, ident = parse_ref(ref)
    row = session.get(table_of(prefix), ident)
    if row is None:
        raise NotFoundError(f"there is no {BY_PREFIX[prefix].noun} with id {ref.strip().lower()}")
    return row


def latest_cramp(session: Session) -> Cramp | None:
    row = session.scalars(select(CrampRow).order_by(CrampRow.at_utc.desc()).limit(1)).first()
    return None if row is None else convert.cramp(row)


def cramps_between(session: Session, start: dt.date, end: dt.date) -> list[Cramp]:
    """The cramps of journal days ``start`` to ``end``, in time order (then id).

    Read straight from the cramp table: loading every food, drink and dose of
    a report's period only to keep the cramps cost a tenth of a second.
    """
    query = select(CrampRow).where(CrampRow.journal_day >= start, CrampRow.journal_day <= end)
    cramps = [convert.cramp(row) for row in session.scalars(query)]
    cramps.sort(key=lambda e: (e.at, e.id or 0))
    return cramps


def plain_between(session: Session, kind: EntryKind, start: dt.date, end: dt.date) -> list[Entry]:
    """Entries of a kind of plain fields on journal days ``start`` to ``end``, in time order."""
    table = ENTRY_ROWS[kind.name]
    query = select(table).where(table.journal_day >= start, table.journal_day <= end)
    entries = [convert.plain_entry(row, kind) for row in session.scalars(query)]
    entries.sort(key=lambda e: (e.at, e.id or 0))
    return entries


def latest_activity(session: Session) -> Activity | None:
    query = select(ActivityRow).order_by(ActivityRow.at_utc.desc()).limit(1)
    row = session.scalars(query).first()
    return None if row is None else convert.activity(row)


def entries_between(
    session: Session, start: dt.date | None = None, end: dt.date | None = None
) -> list[Entry]:
    """Every entry whose journal day is in [start, end], in time order."""
    result: list[Entry] = []
    custom_names = dict(session.execute(select(CustomFoodRow.id, CustomFoodRow.name)).all())
    med_names = dict(session.execute(select(MedicationRow.id, MedicationRow.name)).all())
    for table in ENTRY_TABLES:
        query = select(table)
        if start is not None:
            query = query.where(table.journal_day >= start)
        if end is not None:
            query = query.where(table.journal_day <= end)
        for row in session.scalars(query):
            if isinstance(row, FoodEntryRow):
                result.append(
                    convert.food_entry(
                        row, custom_names.get(row.custom_food_id) if row.custom_food_id else None
                    )
                )
            elif isinstance(row, DoseRow):
                result.append(convert.dose(row, med_names[row.medication_id]))
            else:
                result.append(_plain_to_domain(row))
    kind_order = {k.type: i for i, k in enumerate(ENTRY_KINDS)}
    result.sort(key=lambda e: (e.at, kind_order[type(e)], e.id or 0))
    return result


def count_rows(session: Session) -> dict[str, int]:
    tables: Sequence[type[Base]] = (
        *ENTRY_TABLES,
        MedicationRow,
        CustomFoodRow,
        RecipeRow,
        RecipeItemRow,
        DayMarkRow,
    )
    return {
        str(t.__tablename__): int(session.scalar(select(func.count()).select_from(t)) or 0)
        for t in tables
    }


# --- medications, custom foods, day marks --------------------------------------


def medications(session: Session) -> list[Medication]:
    return [
        convert.medication(r)
        for r in session.scalars(select(MedicationRow).order_by(MedicationRow.name))
    ]


def custom_foods(session: Session) -> list[CustomFood]:
    return [
        convert.custom_food(r)
        for r in session.scalars(select(CustomFoodRow).order_by(CustomFoodRow.name))
    ]


def day_marks(
    session: Session, start: dt.date | None = None, end: dt.date | None = None
) -> list[DayMark]:
    query = select(DayMarkRow).order_by(DayMarkRow.journal_day)
    if start is not None:
        query = query.where(DayMarkRow.journal_day >= start)
    if end is not None:
        query = query.where(DayMarkRow.journal_day <= end)
    return [convert.day_mark(r) for r in session.scalars(query)]


def custom_food_names(session: Session) -> dict[int, str]:
    return dict(session.execute(select(CustomFoodRow.id, CustomFoodRow.name)).all())


def recipes(session: Session) -> list[Recipe]:
    names = custom_food_names(session)
    rows = session.scalars(select(RecipeRow).order_by(RecipeRow.name))
    return [convert.recipe(r, names) for r in rows]


def dose_summary(
    session: Session, start: dt.date, end: dt.date
) -> dict[str, tuple[dt.date, dt.date, int]]:
    in_period = func.sum(case((DoseRow.journal_day.between(start, end), 1), else_=0))
    rows = session.execute(
        select(
            MedicationRow.name,
            func.min(DoseRow.journal_day),
            func.max(DoseRow.journal_day),
            in_period,
        )
        .join(DoseRow, DoseRow.medication_id == MedicationRow.id)
        .group_by(MedicationRow.name)
    ).all()
    return {name: (first, last, int(n or 0)) for name, first, last, n in rows}
