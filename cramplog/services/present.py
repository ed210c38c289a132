"""Entries as plain text lines and as JSON-ready dicts (CLI and TUI share these)."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

from cramplog import entry_kinds
from cramplog.domain import (
    Activity,
    Cramp,
    Dose,
    Drink,
    Entry,
    FoodEntry,
    ImportedFood,
    Medication,
    MedKind,
)


def fmt_duration(seconds: int | None) -> str:
    if seconds is None:
        return ""
    minutes, secs = divmod(seconds, 60)
    if minutes and secs:
        return f"{minutes} min {secs} s"
    return f"{minutes} min" if minutes else f"{secs} s"


def kind_of(entry: Entry) -> str:
    """The word for the entry's kind: "cramp", "food", "medicine", "factors"."""
    return entry_kinds.kind_of(entry).name


def kind_word(entry: Entry, supplements: Collection[str] = ()) -> str:
    """The kind as a person says it: a dose of a supplement is a "supplement".

    ``supplements`` names the journal's medications of kind supplement
    (magnesium citrate is not a "medicine"); every other dose is "medicine".
    """
    if isinstance(entry, Dose) and entry.medication in supplements:
        return MedKind.SUPPLEMENT.value
    return kind_of(entry)


def supplement_names(medications: Iterable[Medication]) -> frozenset[str]:
    return frozenset(m.name for m in medications if m.kind is MedKind.SUPPLEMENT)


def describe(entry: Entry) -> str:
    """One line a person reads: what happened, without the time."""
    if isinstance(entry, Cramp):
        parts = [f"{entry.muscle.value} {entry.side.value}", f"severity {entry.severity}"]
        if entry.duration_s is not None:
            parts.append(fmt_duration(entry.duration_s))
        if entry.woke_from_sleep:
            parts.append("woke me")
        if entry.relieved_by:
            parts.append(f"relieved by {entry.relieved_by}")
        if entry.red_flags:
            parts.append("with " + ", ".join(sorted(f.value for f in entry.red_flags)))
        return ", ".join(parts)
    if isinstance(entry, FoodEntry):
        grams = f"{entry.grams:g} g"
        if entry.unit and entry.unit != "g":
            return f"{entry.meal.value}: {entry.name} ({entry.amount} {entry.unit}, {grams})"
        if entry.amount and not entry.unit:
            return f"{entry.meal.value}: {entry.name} ({entry.amount} ×, {grams})"
        return f"{entry.meal.value}: {entry.name} ({grams})"
    if isinstance(entry, Drink):
        decaf = (
            " (caffeinated)"
            if entry.caffeinated and entry.kind.value not in ("coffee", "tea")
            else ""
        )
        return f"{entry.ml:g} ml {entry.kind.value}{decaf}"
    if isinstance(entry, Dose):
        count = "" if entry.count == 1 else f"{entry.count:g} × "
        return f"{count}{entry.medication}"
    if isinstance(entry, Activity):
        return f"{entry.kind}, {entry.minutes} min, {entry.intensity.value}"
    if isinstance(entry, ImportedFood):
        what = f"{entry.meal}: {entry.name}" if entry.meal else entry.name
        amount = f" ({entry.amount})" if entry.amount else ""
        fluid = f", {entry.fluid_ml:g} ml {entry.drink or 'drink'}" if entry.fluid_ml else ""
        return f"{what}{amount}{fluid}, from {entry.source}"
    if entry_kinds.kind_of(entry).plain:
        return entry_kinds.describe_plain(entry)
    raise TypeError(f"no description for {type(entry).__name__}")


def as_dict(entry: Entry) -> dict[str, Any]:
    """An entry for `list --json`: its ref and kind, then its one serialisation."""
    return {
        "ref": entry_kinds.entry_ref(entry),
        "kind": kind_of(entry),
        **entry_kinds.entry_record(entry),
    }
