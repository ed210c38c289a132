"""The journal's use cases, shared by the command line and the TUI."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Unpack

from sqlalchemy import delete, select, update

from cramplog.domain import (
    MEDICATION_FIELDS,
    Activity,
    AnEntry,
    Cramp,
    CustomFood,
    DayMark,
    DayMarkKind,
    Dose,
    Drink,
    DrugClass,
    Entry,
    FoodEntry,
    MealKind,
    Medication,
    MedKind,
    NotFoundError,
    Per100g,
    Profile,
    Recipe,
    RecipeItem,
    StaleEntryError,
    ValidationError,
    same_content,
)
from cramplog.entry_kinds import EntryKind, entry_ref, kind_of
from cramplog.nutrients import TRACKED
from cramplog.services import entries as build
from cramplog.services import validate as v
from cramplog.services.commands import (
    ActivityFields,
    CrampFields,
    DrinkFields,
    MedicationFields,
    ProfileChanges,
)
from cramplog.services.profile import checked_profile
from cramplog.storage import convert
from cramplog.storage import repository as repo
from cramplog.storage.engine import Database
from cramplog.storage.models import (
    ENTRY_TABLES,
    CustomFoodRow,
    DayMarkRow,
    FoodEntryRow,
    MedicationRow,
    RecipeItemRow,
    RecipeRow,
)
from cramplog.storage.schema import OpenResult, open_database
from cramplog.storage.watch import JournalWatch, Seen

__all__ = ["Journal", "JournalWatch", "Seen"]
from cramplog.times import journal_day


def _food_table() -> Any:
    # Imported here: the food table is only needed when a food is logged.
    from cramplog.foods.table import default_food_table

    return default_food_table()


def food_release() -> str:
    table = _food_table()
    return str(getattr(table, "release", "USDA SR28"))


_BUILDERS: dict[type, Callable[..., Entry]] = {
    Cramp: build.cramp,
    FoodEntry: build.food_entry,
    Drink: build.drink,
    Dose: build.dose,
    Activity: build.activity,
}


def _check_seen(ref: str, stored: Entry, seen: Entry | None) -> None:
    if seen is not None and (seen.uuid, seen.version) != (stored.uuid, stored.version):
        raise StaleEntryError(f"{ref} was changed elsewhere since you opened it")


def _on_day_of(session: Any, entry: AnEntry) -> AnEntry:
    """``entry`` on its journal day by the day-start hour stored now, in the same
    transaction as the write (the hour may have changed since the entry was built)."""
    day = journal_day(entry.at, repo.get_profile(session).day_start_hour)
    return entry if day == entry.journal_day else dataclasses.replace(entry, journal_day=day)


def _release_of(entry: Entry) -> str:
    return food_release() if isinstance(entry, FoodEntry | Drink) and entry.food_id else ""


class Journal:
    """One open journal file and everything a person can do with it."""

    def __init__(self, db: Database, opened: OpenResult | None = None) -> None:
        self.db = db
        self.opened = opened

    @classmethod
    def open(cls, path: Path) -> Journal:
        result = open_database(path)
        return cls(result.database, result)

    @classmethod
    def open_for_use(cls, path: Path) -> tuple[Journal, list[str]]:
        """Open ``path`` as every command and the app do: the daily backup, then the journal.

        The backup runs first because it reads the file with a plain open(),
        and closing any descriptor of a file drops every POSIX lock this
        process holds on it, SQLite's included. Returns the journal and lines
        to show the person (a daily backup that failed, an upgrade made).
        """
        from cramplog.storage.backup import maybe_daily_backup

        notes: list[str] = []
        maybe_daily_backup(path, warn=notes.append)
        journal = cls.open(path)
        opened = journal.opened
        if opened is not None and opened.backup is not None:
            notes.append(
                f"upgraded journal from schema {opened.upgraded_from};"
                f" backup kept at {opened.backup}"
            )
        return journal, notes

    @property
    def path(self) -> Path:
        return self.db.path

    def close(self) -> None:
        self.db.close()

    def fill_with_demo(self, days: int, end: dt.date | None = None) -> None:
        """Fill this journal with a made-up one (`cramplog demo`, the welcome's demo)."""
        # numpy and the food table load here, never at the app's start-up.
        from cramplog.demo import generate_demo

        generate_demo(self.db, days=days, end=end)

    def watch(self) -> JournalWatch:
        """A watch on this journal's file: has another program changed or replaced it?"""
        return JournalWatch(self.path)

    # --- profile -------------------------------------------------------------

    def profile(self) -> Profile:
        with self.db.reading() as s:
            return repo.get_profile(s)

    def update_profile(self, **changes: Unpack[ProfileChanges]) -> Profile:
        with self.db.writing() as s:
            current = repo.get_profile(s)
            updated = self.checked_profile(current, **changes)
            repo.save_profile(s, updated)
            if updated.day_start_hour != current.day_start_hour:
                self._recompute_days(s, updated.day_start_hour)
        return updated

    checked_profile = staticmethod(checked_profile)

    def _recompute_days(self, session: Any, hour: int) -> None:
        from cramplog.times import from_storage

        for table in ENTRY_TABLES:
            rows = session.execute(select(table.id, table.at_utc, table.utc_offset_min)).all()
            changed = [
                {"id": ident, "journal_day": journal_day(from_storage(at_utc, offset), hour)}
                for ident, at_utc, offset in rows
            ]
            if changed:
                # One executemany per table (an ORM bulk update by primary key),
                # not one statement per entry: years of entries take a moment.
                session.execute(update(table), changed)

    # --- logging -------------------------------------------------------------

    def _add(self, entry: Entry, release: str = "") -> Entry:
        with self.db.writing() as s:
            return repo.add_entry(s, _on_day_of(s, entry), release)

    def log_cramp(self, now: dt.datetime | None = None, **fields: Unpack[CrampFields]) -> Cramp:
        entry = build.cramp(fields, None, self.profile().day_start_hour, now)
        result = self._add(entry)
        assert isinstance(result, Cramp)
        return result

    def log_food(
        self,
        *,
        grams: Any,
        food_id: str | None = None,
        custom_food: str | None = None,
        at: Any = "now",
        meal: Any = None,
        amount: str = "",
        unit: str = "",
        notes: str = "",
        now: dt.datetime | None = None,
    ) -> FoodEntry:
        when = v.moment("time", at, now)
        grams_value = v.positive("grams", grams, build.MAX_GRAMS, "g")
        name, per100g, release = self._resolve_food(food_id, custom_food)
        entry = FoodEntry(
            id=None,
            at=when,
            journal_day=journal_day(when, self.profile().day_start_hour),
            meal=v.choice("meal", meal, MealKind) if meal else build.meal_for_time(when),
            grams=grams_value,
            name=name,
            per100g=per100g,
            food_id=food_id if custom_food is None else None,
            custom_food=custom_food,
            amount=v.text("amount", amount, 40),
            unit=v.text("unit", unit, 80),
            notes=v.text("notes", notes),
        )
        result = self._add(entry, release)
        assert isinstance(result, FoodEntry)
        return result

    def log_foods(self, entries: Iterable[FoodEntry]) -> list[FoodEntry]:
        """Add several food entries (a meal) in one transaction: all or none."""
        release = food_release()
        with self.db.writing() as s:
            out = [
                repo.add_entry(s, _on_day_of(s, e), "" if e.custom_food else release)
                for e in entries
            ]
        return [e for e in out if isinstance(e, FoodEntry)]

    def _resolve_food(
        self, food_id: str | None, custom_food: str | None
    ) -> tuple[str, Per100g, str]:
        if (food_id is None) == (custom_food is None):
            raise ValidationError(
                "food", "give exactly one of a food id (NDB number) or a custom food"
            )
        if custom_food is not None:
            with self.db.reading() as s:
                row = repo.custom_food_row(s, custom_food)
                custom = convert.custom_food(row)
            return custom.name, custom.per100g, ""
        assert food_id is not None
        table = _food_table()
        food = table.get(food_id.strip().zfill(5)) if food_id.strip().isdigit() else None
        if food is None:
            raise ValidationError(
                "food_id",
                f"food_id {food_id!r} is not in the food table;"
                " find one with `cramplog foods search`",
            )
        return str(food.name), food.per100g, food_release()

    def log_drink(
        self,
        now: dt.datetime | None = None,
        food_id: str | None = None,
        **fields: Unpack[DrinkFields],
    ) -> Drink:
        entry = build.drink(fields, None, self.profile().day_start_hour, now)
        if food_id:
            entry = self._drink_with_food(entry, food_id)
        result = self._add(entry, food_release() if entry.food_id else "")
        assert isinstance(result, Drink)
        return result

    def _drink_with_food(self, entry: Drink, food_id: str) -> Drink:
        table = _food_table()
        food = table.get(food_id.strip().zfill(5)) if food_id.strip().isdigit() else None
        if food is None:
            raise ValidationError("food_id", f"food_id {food_id!r} is not in the food table")
        from cramplog.foods.quantity import grams_for

        # Volume becomes mass through the food's own portion weights; the food
        # layer applies 1 g/ml only to water-like beverages and otherwise says
        # which units the food has.
        grams = float(grams_for(food, entry.ml, "ml"))
        return dataclasses.replace(entry, food_id=food.id, grams=grams, per100g=food.per100g)

    def log_dose(
        self,
        *,
        medication: str,
        at: str | dt.datetime = "now",
        count: int | float | str = 1,
        notes: str = "",
        now: dt.datetime | None = None,
    ) -> Dose:
        fields = {"medication": medication, "at": at, "count": count, "notes": notes}
        entry = build.dose(fields, None, self.profile().day_start_hour, now)
        with self.db.reading() as s:
            # As the journal spells it: "magnesium" logs a dose of "Magnesium".
            named = repo.medication_row(s, entry.medication).name
        result = self._add(dataclasses.replace(entry, medication=named))
        assert isinstance(result, Dose)
        return result

    def log_plain(
        self,
        kind: EntryKind,
        values: Mapping[str, object],
        *,
        at: str | dt.datetime = "now",
        notes: str = "",
        now: dt.datetime | None = None,
    ) -> Entry:
        """Log an entry of a kind made of plain fields (day factors).

        ``values`` holds the kind's fields by name (entry_kinds.EntryField);
        one not given is not said. The entry belongs to the journal day of ``at``.
        """
        fields = {"at": at, "notes": notes, **values}
        entry = build.plain_entry(kind, fields, None, self.profile().day_start_hour, now)
        return self._add(entry)

    def log_activity(
        self, now: dt.datetime | None = None, **fields: Unpack[ActivityFields]
    ) -> Activity:
        entry = build.activity(fields, None, self.profile().day_start_hour, now)
        result = self._add(entry)
        assert isinstance(result, Activity)
        return result

    # --- reading, editing, deleting -------------------------------------------

    def get(self, ref: str) -> Entry:
        with self.db.reading() as s:
            return repo.to_domain(s, repo.get_entry_row(s, ref))

    def entries(self, start: dt.date | None = None, end: dt.date | None = None) -> list[Entry]:
        with self.db.reading() as s:
            return repo.entries_between(s, start, end)

    def cramps(self, start: dt.date, end: dt.date) -> list[Cramp]:
        """The cramp episodes of journal days ``start`` to ``end``, in time order."""
        with self.db.reading() as s:
            return repo.cramps_between(s, start, end)

    def plain_entries(self, kind: EntryKind, start: dt.date, end: dt.date) -> list[Entry]:
        """Entries of a kind of plain fields (day factors) on days ``start`` to ``end``."""
        with self.db.reading() as s:
            return repo.plain_between(s, kind, start, end)

    def latest_cramp(self) -> Cramp | None:
        """The most recent cramp (its muscle and side are the next one's defaults)."""
        with self.db.reading() as s:
            return repo.latest_cramp(s)

    def latest_activity(self) -> Activity | None:
        with self.db.reading() as s:
            return repo.latest_activity(s)

    def day(self, day: dt.date) -> list[Entry]:
        return self.entries(day, day)

    def edit(
        self,
        ref: str,
        changes: Mapping[str, object],
        *,
        now: dt.datetime | None = None,
        seen: Entry | None = None,
    ) -> Entry:
        """Change the given fields of an entry and return it as stored.

        ``changes`` maps field names (as `cramplog edit` and the forms name
        them) to what was typed; each kind's check refuses a name it lacks.

        Read, check and write happen in one write transaction, so two edits of
        different fields of one entry, made at once, both stay. ``seen`` is the
        entry as the person saw it: a change made from an older view is refused
        (StaleEntryError). An edit that changes nothing writes nothing.
        """
        if not changes:
            raise ValidationError("fields", "nothing to change: give at least one field")
        with self.db.writing() as s:
            row = repo.get_entry_row(s, ref)
            old = repo.to_domain(s, row)
            _check_seen(ref, old, seen)
            hour = repo.get_profile(s).day_start_hour
            kind = kind_of(old)
            new = (
                build.plain_entry(kind, changes, old, hour, now)
                if kind.plain
                else _BUILDERS[type(old)](changes, old, hour, now)
            )
            if same_content(new, old):
                return old
            return repo.update_entry(s, row, new, getattr(row, "food_release", ""))

    def delete(self, ref: str, *, seen: Entry | None = None) -> Entry:
        """Delete an entry and return it, so that `undo` can put it back."""
        with self.db.writing() as s:
            row = repo.get_entry_row(s, ref)
            entry = repo.to_domain(s, row)
            _check_seen(ref, entry, seen)
            s.delete(row)
        return entry

    def undo(self, added: Sequence[Entry] = (), removed: Sequence[Entry] = ()) -> list[Entry]:
        """Take back one change, in one transaction: all of it or none of it.

        ``added`` are the entries the change wrote (as it wrote them), removed
        those it deleted or replaced (as they were). An added entry changed or
        deleted elsewhere since is not touched: the undo is refused with the
        reason and nothing changes. A removed entry comes back exactly as it
        was: same id, uuid, content and version. Returns the entries it wrote,
        as stored (a redo takes them back again; services.undo).
        """
        written: list[Entry] = []
        with self.db.writing() as s:
            back = {e.uuid: e for e in removed}
            for entry in added:
                ref = entry_ref(entry)
                row = repo.entry_row_by_uuid(s, repo.table_of(ref[0]), entry.uuid)
                if row is None:
                    raise StaleEntryError(
                        f"cannot undo: {ref} is no longer in the journal (deleted elsewhere)"
                    )
                # By content, not version: undoing an edit makes a new version
                # of what an earlier change on the stack added.
                if not same_content(repo.to_domain(s, row), entry):
                    raise StaleEntryError(
                        f"cannot undo: {ref} was changed elsewhere since; it was left as it is"
                    )
                previous = back.pop(entry.uuid, None)
                if previous is None:
                    s.delete(row)
                else:
                    # An edit: its entry goes back to what it was, as a new version.
                    release = getattr(row, "food_release", "")
                    written.append(repo.update_entry(s, row, previous, release))
            s.flush()
            for entry in back.values():
                ref = entry_ref(entry)
                table = repo.table_of(ref[0])
                if repo.entry_row_by_uuid(s, table, entry.uuid) is not None:
                    raise StaleEntryError(f"cannot undo: {ref} is already in the journal")
                written.append(repo.add_entry(s, entry, _release_of(entry)))
        return written

    # --- medications ---------------------------------------------------------------

    def medications(self) -> list[Medication]:
        with self.db.reading() as s:
            return repo.medications(s)

    def add_medication(self, **fields: Unpack[MedicationFields]) -> Medication:
        med = self._medication_from(fields, None)
        with self.db.writing() as s:
            existing = s.scalar(select(MedicationRow).where(MedicationRow.name == med.name))
            if existing is not None:
                raise ValidationError(
                    "name", f"a medicine named {med.name!r} already exists; use `cramplog med edit`"
                )
            row = convert.medication_row(med)
            s.add(row)
            s.flush()
            return convert.medication(row)

    def edit_medication(self, medicine: str, /, **changes: Unpack[MedicationFields]) -> Medication:
        """Change the given fields of the medicine named ``medicine`` ("name" renames it)."""
        with self.db.writing() as s:
            row = repo.medication_row(s, medicine)
            med = self._medication_from(changes, convert.medication(row))
            convert.set_medication(row, med)
            s.flush()
            return convert.medication(row)

    def checked_medication(self, **fields: Unpack[MedicationFields]) -> Medication:
        """A new medicine from ``fields``, every value checked; nothing saved."""
        return self._medication_from(fields, None)

    def _medication_from(self, fields: Mapping[str, Any], base: Medication | None) -> Medication:
        for key in fields:
            if key not in MEDICATION_FIELDS:
                raise v.unknown_field(key, "medicine", MEDICATION_FIELDS)

        def pick(key: str, default: Any) -> Any:
            return fields.get(key, default)

        name = v.name("name", pick("name", base.name if base else None))
        kind = v.choice("kind", pick("kind", base.kind if base else MedKind.SUPPLEMENT), MedKind)
        amounts = {
            n.key: v.non_negative(
                n.key, pick(n.key, getattr(base, n.key) if base else 0), n.dose_max, n.unit
            )
            for n in TRACKED
        }
        raw_class = pick("drug_class", base.drug_class if base else None)
        drug_class = (
            None
            if raw_class in (None, "", "none")
            else v.choice("drug_class", raw_class, DrugClass)
        )
        started = v.optional_date(
            "started_on", pick("started_on", base.started_on if base else None)
        )
        stopped = v.optional_date(
            "stopped_on", pick("stopped_on", base.stopped_on if base else None)
        )
        if started and stopped and stopped < started:
            raise ValidationError("stopped_on", "stopped_on must not be before started_on")
        return Medication(
            id=base.id if base else None,
            name=name,
            kind=kind,
            drug_class=drug_class,
            started_on=started,
            stopped_on=stopped,
            notes=v.text("notes", pick("notes", base.notes if base else "")),
            **amounts,
        )

    # --- custom foods ----------------------------------------------------------------

    def custom_foods(self) -> list[CustomFood]:
        with self.db.reading() as s:
            return repo.custom_foods(s)

    def add_custom_food(
        self, name: str, per100g: Per100g, serving_grams: float | None = None, notes: str = ""
    ) -> CustomFood:
        clean = v.name("name", name)
        with self.db.writing() as s:
            if s.scalar(select(CustomFoodRow).where(CustomFoodRow.name == clean)) is not None:
                raise ValidationError("name", f"a custom food named {clean!r} already exists")
            row = CustomFoodRow(
                name=clean,
                serving_grams=serving_grams,
                notes=v.text("notes", notes),
                **convert.per100g_columns(per100g),
            )
            s.add(row)
            s.flush()
            return convert.custom_food(row)

    # --- recipes ------------------------------------------------------------------

    def recipes(self) -> list[Recipe]:
        with self.db.reading() as s:
            return repo.recipes(s)

    def add_recipe(self, name: str, portions: Any, items: Iterable[RecipeItem]) -> Recipe:
        """Store a named list of foods; it is eaten later by the portion."""
        clean = v.name("name", name)
        count = v.positive("portions", portions, 1000)
        checked = list(items)
        if not checked:
            raise ValidationError("items", "a recipe needs at least one food")
        table = _food_table()
        with self.db.writing() as s:
            if s.scalar(select(RecipeRow).where(RecipeRow.name == clean)) is not None:
                raise ValidationError("name", f"a recipe named {clean!r} already exists")
            row = RecipeRow(name=clean, portions=count)
            for item in checked:
                grams = v.positive("grams", item.grams, build.MAX_GRAMS, "g")
                if item.custom_food is not None:
                    custom_id = repo.custom_food_row(s, item.custom_food).id
                    row.items.append(RecipeItemRow(custom_food_id=custom_id, grams=grams))
                elif item.food_id is not None and table.get(item.food_id) is not None:
                    row.items.append(RecipeItemRow(food_id=item.food_id, grams=grams))
                else:
                    raise ValidationError(
                        "items", f"food {item.food_id!r} is not in the food table"
                    )
            s.add(row)
            s.flush()
            return convert.recipe(row, repo.custom_food_names(s))

    def log_recipe(
        self,
        name: str,
        *,
        portions: Any = 1,
        at: Any = "now",
        meal: Any = None,
        now: dt.datetime | None = None,
    ) -> list[FoodEntry]:
        """Log ``portions`` of a recipe: each of its foods, scaled, in one transaction."""
        eaten = v.positive("portions", portions, 100)
        when = v.moment("time", at, now)
        day = journal_day(when, self.profile().day_start_hour)
        kind = v.choice("meal", meal, MealKind) if meal else build.meal_for_time(when)
        recipe = next((r for r in self.recipes() if r.name.lower() == name.strip().lower()), None)
        if recipe is None:
            raise NotFoundError(f"no recipe named {name!r}; see `cramplog recipe list`")
        customs = {c.name: c for c in self.custom_foods()}
        table = _food_table()
        share = eaten / recipe.portions
        entries: list[FoodEntry] = []
        for item in recipe.items:
            if item.custom_food is not None:
                food_name, per100g = item.custom_food, customs[item.custom_food].per100g
            else:
                food = table.get(item.food_id)
                if food is None:
                    raise ValidationError(
                        "recipe",
                        f"recipe {recipe.name!r} uses food {item.food_id}, which this"
                        " food table no longer has",
                    )
                food_name, per100g = food.name, food.per100g
            entries.append(
                FoodEntry(
                    id=None,
                    at=when,
                    journal_day=day,
                    meal=kind,
                    grams=round(item.grams * share, 1),
                    name=food_name,
                    per100g=per100g,
                    food_id=item.food_id,
                    custom_food=item.custom_food,
                    amount=f"{eaten:g}",
                    unit=f"portion of {recipe.name}",
                )
            )
        return self.log_foods(entries)

    # --- days --------------------------------------------------------------------

    def mark_day(self, day: Any, kind: Any) -> DayMark | None:
        """Mark a journal day complete or not logged; kind None clears the mark."""
        when = v.date("day", day)
        with self.db.writing() as s:
            s.execute(delete(DayMarkRow).where(DayMarkRow.journal_day == when))
            if kind in (None, "", "none", "clear"):
                return None
            mark = DayMark(when, v.choice("kind", kind, DayMarkKind))
            s.add(DayMarkRow(journal_day=when, kind=mark.kind.value))
            return mark

    def day_marks(self, start: dt.date | None = None, end: dt.date | None = None) -> list[DayMark]:
        with self.db.reading() as s:
            return repo.day_marks(s, start, end)

    def counts(self) -> dict[str, int]:
        with self.db.reading() as s:
            return repo.count_rows(s)

    def dose_summary(self, start: dt.date, end: dt.date) -> dict[str, tuple[dt.date, dt.date, int]]:
        """Per medicine: first and last dose day ever logged, and doses in the period."""
        with self.db.reading() as s:
            return repo.dose_summary(s, start, end)

    def logged_food_ids(self) -> dict[str, int]:
        """How often each food id was logged: search boosts and `foods top --mine`."""
        from sqlalchemy import func

        with self.db.reading() as s:
            rows = s.execute(
                select(FoodEntryRow.food_id, func.count())
                .where(FoodEntryRow.food_id.is_not(None))
                .group_by(FoodEntryRow.food_id)
            ).all()
            return {str(food): int(n) for food, n in rows}
