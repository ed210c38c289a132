"""The form for each kind of entry, new or edited, checked by the service layer."""

from __future__ import annotations

import datetime as dt
from typing import Any

from cramplog.domain import (
    Activity,
    Cramp,
    Dose,
    Drink,
    DrinkKind,
    Entry,
    FoodEntry,
    ImportedFood,
    Intensity,
    MealKind,
    Muscle,
    Side,
    ValidationError,
)
from cramplog.entry_kinds import EntryField, EntryKind, kind_of
from cramplog.services import Journal
from cramplog.services import entries as build
from cramplog.tui.forms import Field, FormScreen, QuickChoice, Values
from cramplog.tui.medicine_forms import NEW, DoseForm, medication_form, refuse_new

TIME_HINT = "time: now, 02:30, yesterday 23:10 or 2026-03-05T02:30"


def default_time(day: dt.date, today: dt.date, now: dt.datetime, day_start_hour: int) -> str:
    """ "now" on today; on another day, that day at the current clock time.

    Backfilling yesterday is common; the 04:00 rule means a clock time before
    the day starts belongs to the calendar day after.
    """
    if day == today:
        return "now"
    date = day + dt.timedelta(days=1) if now.hour < day_start_hour else day
    return f"{date.isoformat()} {now:%H:%M}".replace(" ", "T")


def _time_field(value: str) -> Field:
    return Field("at", "Time", value, placeholder="now", errors=("time",))


def _text(values: Values, *keys: str) -> Values:
    # Blank optional inputs mean "not given", which the builders read as None.
    return {k: values[k] for k in keys if k in values}


def _yes(flag: Any) -> bool:
    return bool(flag)


class EntryForms:
    """Builds forms bound to one journal, clock and shown day."""

    def __init__(self, journal: Journal, now: dt.datetime, day: dt.date, today: dt.date) -> None:
        self.journal = journal
        self.now = now
        self.hour = journal.profile().day_start_hour
        self.time = default_time(day, today, now, self.hour)
        self.today = today

    # --- cramps ------------------------------------------------------------------

    def cramp(self, base: Cramp | None = None) -> FormScreen:
        last = base or self.journal.latest_cramp()
        fields = [
            _time_field(base.at.strftime("%Y-%m-%dT%H:%M") if base else self.time),
            Field(
                "muscle",
                "Muscle",
                (last.muscle if last else Muscle.CALF).value,
                "choice",
                tuple(m.value for m in Muscle),
                initials=True,
            ),
            Field(
                "side",
                "Side",
                (last.side if last else Side.LEFT).value,
                "choice",
                tuple(s.value for s in Side),
                initials=True,
            ),
            Field("severity", "Severity 0-10", str(base.severity if base else 5), digits=True),
            Field(
                "duration",
                "Duration",
                "" if base is None or base.duration_s is None else f"{base.duration_s}s",
                placeholder="e.g. 90s, 2m, 1:30",
            ),
            Field("woke", "Woke me", base.woke_from_sleep if base else self._at_night(), "bool"),
            Field(
                "relieved_by",
                "Relieved by",
                base.relieved_by if base else "",
                placeholder="stretching, walking…",
            ),
            Field("notes", "Notes", base.notes if base else ""),
        ]

        def changes(values: Values) -> Values:
            out = _text(
                values, "at", "muscle", "side", "severity", "duration", "relieved_by", "notes"
            )
            out["woke"] = _yes(values.get("woke"))
            return out

        def check(values: Values) -> Cramp:
            return build.cramp(changes(values), base, self.hour, self.now)

        def save(values: Values) -> Cramp | None:
            if base is not None:
                entry = self._edit(base, fields, changes(values))
                assert entry is None or isinstance(entry, Cramp)
                return entry
            return self.journal.log_cramp(now=self.now, **changes(values))

        return FormScreen(
            "Edit cramp" if base else "Log a cramp",
            fields,
            check,
            save,
            hint=TIME_HINT + ". Keys: muscle by initial (t toe, again thigh), side l r b,"
            " a digit for severity; Enter saves, Escape cancels.",
            focus="severity",
        )

    def _at_night(self) -> bool:
        return self.time == "now" and (self.now.hour < 7 or self.now.hour >= 22)

    # --- drinks ------------------------------------------------------------------

    def drink(self, base: Drink | None = None) -> FormScreen:
        fields = [
            Field(
                "kind",
                "Drink",
                (base.kind if base else DrinkKind.WATER).value,
                "choice",
                tuple(k.value for k in DrinkKind),
            ),
            Field("ml", "Amount (ml)", f"{base.ml:g}" if base else "250"),
            _time_field(base.at.strftime("%Y-%m-%dT%H:%M") if base else self.time),
            Field("notes", "Notes", base.notes if base else ""),
        ]

        def check(values: Values) -> Drink:
            return build.drink(values, base, self.hour, self.now)

        def save(values: Values) -> Drink | None:
            if base is not None:
                entry = self._edit(base, fields, values)
                assert entry is None or isinstance(entry, Drink)
                return entry
            return self.journal.log_drink(now=self.now, **values)

        quick = (
            () if base else tuple(QuickChoice(f"{ml} ml", "ml", str(ml)) for ml in (250, 330, 500))
        )
        return FormScreen(
            "Edit drink" if base else "Log a drink",
            fields,
            check,
            save,
            hint="A glass of water is 250 ml: Enter saves it.",
            quick=quick,
            focus="ml",
        )

    # --- medicines ---------------------------------------------------------------

    def dose(self, base: Dose | None = None) -> FormScreen | None:
        if base is not None:
            fields = [
                _time_field(base.at.strftime("%Y-%m-%dT%H:%M")),
                Field("count", "Doses", f"{base.count:g}"),
                Field("notes", "Notes", base.notes),
            ]
        else:
            names = tuple(m.name for m in self.journal.medications())
            if not names:
                return None
            fields = [
                # The last choice, "New…", adds a medicine from inside this form.
                Field("medication", "Medicine", names[0], "choice", (*names, NEW)),
                Field("count", "Doses", "1"),
                _time_field(self.time),
                Field("notes", "Notes", ""),
            ]

        def check(values: Values) -> Dose:
            refuse_new(values)
            return build.dose(values, base, self.hour, self.now)

        def save(values: Values) -> Dose | None:
            if base is not None:
                entry = self._edit(base, fields, values)
                assert entry is None or isinstance(entry, Dose)
                return entry
            return self.journal.log_dose(now=self.now, **values)

        return DoseForm(
            self.journal,
            self.today,
            "Edit dose" if base else "Log a medicine or supplement",
            fields,
            check,
            save,
            hint=TIME_HINT,
            focus="count",
        )

    def medication(self) -> FormScreen:
        """Add a medicine or supplement to the list (then its dose can be logged)."""
        return medication_form(self.journal, self.today)

    # --- activity ----------------------------------------------------------------

    def activity(self, base: Activity | None = None) -> FormScreen:
        last = base or self.journal.latest_activity()
        fields = [
            Field("kind", "Activity", last.kind if last else "walking"),
            Field("minutes", "Minutes", str(base.minutes) if base else "30"),
            Field(
                "intensity",
                "Intensity",
                (last.intensity if last else Intensity.MODERATE).value,
                "choice",
                tuple(i.value for i in Intensity),
            ),
            _time_field(base.at.strftime("%Y-%m-%dT%H:%M") if base else self.time),
            Field("notes", "Notes", base.notes if base else ""),
        ]

        def check(values: Values) -> Activity:
            return build.activity(values, base, self.hour, self.now)

        def save(values: Values) -> Activity | None:
            if base is not None:
                entry = self._edit(base, fields, values)
                assert entry is None or isinstance(entry, Activity)
                return entry
            return self.journal.log_activity(now=self.now, **values)

        return FormScreen(
            "Edit activity" if base else "Log activity",
            fields,
            check,
            save,
            hint=TIME_HINT,
            focus="minutes",
        )

    # --- day factors: a form built from the kind's description --------------------

    def plain(self, kind: EntryKind, base: Entry | None = None) -> FormScreen:
        """The form of a kind made of plain fields (day factors), from its description."""
        fields = [_plain_field(f, getattr(base, f.name) if base else None) for f in kind.plain]
        fields += [
            _time_field(base.at.strftime("%Y-%m-%dT%H:%M") if base else self.time),
            Field("notes", "Notes", base.notes if base else ""),
        ]

        def said(values: Values) -> dict[str, Any]:
            return {f.name: values[f.name] for f in kind.plain}

        def check(values: Values) -> Entry | None:
            if base is None and all(v in ("", NOT_SAID) for v in said(values).values()):
                return None  # nothing said yet: not an error until Save is pressed
            return build.plain_entry(kind, values, base, self.hour, self.now)

        def save(values: Values) -> Entry | None:
            if base is not None:
                return self._edit(base, fields, values)
            return self.journal.log_plain(
                kind, said(values), at=values["at"] or "now", notes=values["notes"], now=self.now
            )

        return FormScreen(
            f"Edit {kind.title.lower()}" if base else kind.title,
            fields,
            check,
            save,
            hint="Say what you know; '-' is not said.",
            # A typed field, not a dropdown: Enter there saves instead of opening it.
            focus=next(
                (f.name for f in kind.plain if f.choices is None and f.value_type != "bool"),
                kind.plain[0].name,
            ),
        )

    # --- food (edit only; new food goes through the food screen) ------------------

    def food(self, base: FoodEntry) -> FormScreen:
        fields = [
            Field("meal", "Meal", base.meal.value, "choice", tuple(m.value for m in MealKind)),
            Field("grams", "Grams", f"{base.grams:g}"),
            _time_field(base.at.strftime("%Y-%m-%dT%H:%M")),
            Field("notes", "Notes", base.notes),
        ]

        def check(values: Values) -> FoodEntry:
            return build.food_entry(values, base, self.hour, self.now)

        def save(values: Values) -> FoodEntry | None:
            changes = dict(values)
            if f"{base.grams:g}" != values["grams"]:
                # The amount as typed no longer describes the new weight.
                changes |= {"amount": values["grams"], "unit": "g"}
            entry = self._edit(base, fields, changes)
            assert entry is None or isinstance(entry, FoodEntry)
            return entry

        return FormScreen(f"Edit food: {base.name[:50]}", fields, check, save, focus="grams")

    def _edit(self, base: Entry, fields: list[Field], values: Values) -> Entry | None:
        """Save only what the person changed, checked against the entry as shown.

        A field left as it was is not sent: an unchanged time keeps its
        seconds and UTC offset, and an edit made meanwhile elsewhere to
        another field stays. A stale ``base`` is refused by the service layer.
        """
        shown = {f.key: f.value for f in fields}
        changed = {k: val for k, val in values.items() if k not in shown or shown[k] != val}
        if not changed:
            return None  # nothing to save: the form closes, nothing is written

        return self.journal.edit(_ref(base), changed, now=self.now, seen=base)

    def imported(self, base: ImportedFood) -> FormScreen:
        """Food from another tracker keeps what it said: only its notes change here."""
        fields = [Field("notes", "Notes", base.notes)]

        def check(values: Values) -> ImportedFood:
            return build.imported_food(values, base, self.hour, self.now)

        def save(values: Values) -> ImportedFood | None:
            entry = self._edit(base, fields, values)
            assert entry is None or isinstance(entry, ImportedFood)
            return entry

        return FormScreen(
            "Imported food",
            fields,
            check,
            save,
            hint="Imported food keeps what its tracker said; only notes change here.",
            focus="notes",
        )

    def edit(self, entry: Entry) -> FormScreen | None:
        if isinstance(entry, Cramp):
            return self.cramp(entry)
        if isinstance(entry, Drink):
            return self.drink(entry)
        if isinstance(entry, Dose):
            return self.dose(entry)
        if isinstance(entry, Activity):
            return self.activity(entry)
        if isinstance(entry, FoodEntry):
            return self.food(entry)
        if isinstance(entry, ImportedFood):
            return self.imported(entry)
        kind = kind_of(entry)
        if not kind.plain:
            raise TypeError(f"no form for {kind.name} entries")
        return self.plain(kind, entry)


def _ref(entry: Entry) -> str:
    from cramplog.entry_kinds import entry_ref

    if entry.id is None:
        raise ValidationError("id", "this entry has not been saved yet")
    return entry_ref(entry)


NOT_SAID = "-"


def _plain_field(f: EntryField, value: object) -> Field:
    """A form field for a plain entry field; '-' (not said) is always a choice."""
    if f.value_type == "bool":
        shown = NOT_SAID if value is None else ("yes" if value else "no")
        return Field(f.name, f.label, shown, "choice", (NOT_SAID, "yes", "no"))
    if f.choices is not None:
        shown = NOT_SAID if value is None else str(getattr(value, "value", value))
        return Field(f.name, f.label, shown, "choice", (NOT_SAID, *(c.value for c in f.choices)))
    shown = "" if value is None else f"{value:g}"
    return Field(f.name, f.label, shown, placeholder=f.allowed())
