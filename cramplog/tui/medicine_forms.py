"""Forms for the medicine list: add or edit one, stop or restart it, and the dose
form's "New…" choice that adds a medicine without leaving the dose.

Every field of a medicine comes from the nutrient registry and
``domain.MEDICATION_FIELDS``; every value is checked by the service layer
(``Journal.checked_medication`` / ``checked_medication_edit``), nothing here
repeats a rule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, cast

from rich.text import Text
from textual import on
from textual.widgets import Select

from cramplog.domain import DrugClass, Medication, MedKind, ValidationError
from cramplog.nutrients import TRACKED, Nutrient
from cramplog.services import Journal
from cramplog.tui.base import literal
from cramplog.tui.forms import Field, FormScreen, Values

NO_CLASS = "none"
# The dose form's last choice: add a medicine or supplement there and then.
NEW = "New…"


def dose_text(n: Nutrient, amount: float) -> str:
    """A stored dose as the form shows it, with its unit ("25 µg"), so it reads back the same."""
    return "" if not amount else f"{amount:g} {n.unit}"


def per_dose(med: Medication) -> str:
    """ "Mg 250 mg · Vit D 25 µg (1000 IU)"; "—" when the medicine holds none of them."""
    parts = []
    for n in TRACKED:
        amount = float(getattr(med, n.key))
        if not amount:
            continue
        iu = f" ({amount * n.iu:g} IU)" if n.iu else ""
        parts.append(f"{n.short} {amount:g} {n.unit}{iu}")
    return " · ".join(parts) or "—"


def status(med: Medication, today: dt.date) -> str:
    """ "taking since 3 Mar 2026", "stopped 9 Mar 2026", "starts 1 Apr 2026" or "taking"."""
    if med.stopped_on is not None and med.stopped_on <= today:
        return f"stopped {med.stopped_on:%d %b %Y}"
    if med.started_on is not None and med.started_on > today:
        return f"starts {med.started_on:%d %b %Y}"
    if med.started_on is not None:
        return f"taking since {med.started_on:%d %b %Y}"
    return "taking"


def medication_form(journal: Journal, today: dt.date, base: Medication | None = None) -> FormScreen:
    """Add a medicine or supplement, or edit ``base``; dismisses with the stored medicine."""
    fields = [
        Field("name", "Name", base.name if base else "", placeholder="e.g. Magnesium citrate"),
        Field(
            "kind",
            "Kind",
            (base.kind if base else MedKind.SUPPLEMENT).value,
            "choice",
            tuple(k.value for k in MedKind),
        ),
        *(
            Field(
                n.key,
                f"{n.short}/dose",
                dose_text(n, float(getattr(base, n.key))) if base else "",
                # "1000 IU" is read as IU (services.catalog.dose_amount).
                placeholder=f"{n.unit}, or 1000 IU" if n.iu else n.unit,
            )
            for n in TRACKED
        ),
        Field(
            "drug_class",
            "Drug class",
            base.drug_class.value if base and base.drug_class else NO_CLASS,
            "choice",
            (NO_CLASS, *(c.value for c in DrugClass)),
        ),
        Field(
            "started_on",
            "Started",
            base.started_on.isoformat() if base and base.started_on else "",
            placeholder=f"e.g. {today.isoformat()}; empty: not known",
            errors=("date",),
        ),
        Field(
            "stopped_on",
            "Stopped",
            base.stopped_on.isoformat() if base and base.stopped_on else "",
            placeholder="empty: still taking it",
            errors=("date",),
        ),
        Field("notes", "Notes", base.notes if base else ""),
    ]
    shown = {f.key: f.value for f in fields}

    def given(values: Values) -> Values:
        if base is not None:
            # Only what was changed: a field left alone keeps its stored value exactly.
            out = {k: val for k, val in values.items() if shown[k] != val}
        else:
            out = {k: val for k, val in values.items() if val not in ("", None)}
        if out.get("drug_class") == NO_CLASS:
            out["drug_class"] = None
        for key in ("started_on", "stopped_on"):
            if key in out:
                out[key] = _day(out[key], today)
        return out

    def check(values: Values) -> Medication:
        if base is None:
            return journal.checked_medication(**given(values))
        return journal.checked_medication_edit(base.name, **given(values))

    def save(values: Values) -> Medication | None:
        if base is None:
            return journal.add_medication(**given(values))
        changes = given(values)
        if not changes:
            return None
        return journal.edit_medication(base.name, **changes)

    return FormScreen(
        f"Edit {base.name}" if base else "Add a medicine or supplement",
        fields,
        check,
        save,
        hint="Nutrients per dose count toward the day's intake (vitamin D in µg,"
        " or say IU: 1000 IU). The drug class matters for the cramp analysis.",
        focus="name",
    )


def _day(value: Any, today: dt.date) -> Any:
    # "today" and "yesterday" by the app's clock, not the computer's.
    if isinstance(value, str):
        word = value.strip().lower()
        if word == "today":
            return today
        if word == "yesterday":
            return today - dt.timedelta(days=1)
    return value


def date_form(
    title: str,
    hint: str,
    today: dt.date,
    save: Callable[[Any], Medication],
    check: Callable[[Any], Medication],
) -> FormScreen:
    """One date (default today): when a medicine was stopped, or taken again."""
    fields = [Field("on", "Date", today.isoformat(), placeholder="YYYY-MM-DD", errors=("date",))]

    def checked(values: Values) -> Medication:
        return check(_day(values["on"], today))

    def saved(values: Values) -> Medication:
        return save(_day(values["on"], today))

    return FormScreen(title, fields, checked, saved, hint=hint, focus="on")


def stop_form(journal: Journal, med: Medication, today: dt.date) -> FormScreen:
    return date_form(
        f"Stop {med.name}",
        "The day of the last dose or the day it was stopped. Enter saves.",
        today,
        lambda day: journal.stop_medication(med.name, on=day),
        lambda day: journal.checked_medication_edit(med.name, stopped_on=day),
    )


def restart_form(journal: Journal, med: Medication, today: dt.date) -> FormScreen:
    return date_form(
        f"Take {med.name} again",
        "From this day it counts as taken again. Enter saves.",
        today,
        lambda day: journal.restart_medication(med.name, on=day),
        lambda day: journal.checked_medication_edit(med.name, started_on=day, stopped_on=None),
    )


class DoseForm(FormScreen):
    """The dose form; choosing "New…" as the medicine adds one, then selects it."""

    def __init__(self, journal: Journal, today: dt.date, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._journal = journal
        self._today = today

    @on(Select.Changed, "#f-medication")
    def _medicine_chosen(self, event: Select.Changed) -> None:
        if event.value != NEW:
            return
        select = cast("Select[str]", event.select)

        def added(med: Medication | None) -> None:
            names = [m.name for m in self._journal.medications()]
            choices: list[str] = [*names, NEW]
            options: list[tuple[Text, str]] = [(literal(n), n) for n in choices]
            select.set_options(options)
            if med is not None:
                select.value = med.name
            elif names:
                select.value = names[0]
            # The number of doses next, where Enter saves (on the dropdown it would reopen it).
            self.query_one("#f-count").focus()
            self.validate()

        self.app.push_screen(medication_form(self._journal, self._today), added)


def refuse_new(values: Values) -> None:
    """The dose form's check while "New…" is chosen: not a medicine yet."""
    if values.get("medication") == NEW:
        raise ValidationError("medication", "choose a medicine, or add one with New…")
