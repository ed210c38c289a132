"""Entries as plain text lines and as JSON-ready dicts (CLI and TUI share these)."""

from __future__ import annotations

from typing import Any

from cramplog.domain import (
    FOOD_VALUES,
    Activity,
    Cramp,
    Dose,
    Drink,
    Entry,
    FoodEntry,
    entry_ref,
)


def fmt_duration(seconds: int | None) -> str:
    if seconds is None:
        return ""
    minutes, secs = divmod(seconds, 60)
    if minutes and secs:
        return f"{minutes} min {secs} s"
    return f"{minutes} min" if minutes else f"{secs} s"


def kind_of(entry: Entry) -> str:
    return {
        Cramp: "cramp",
        FoodEntry: "food",
        Drink: "drink",
        Dose: "medicine",
        Activity: "activity",
    }[type(entry)]


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
    return f"{entry.kind}, {entry.minutes} min, {entry.intensity.value}"


def as_dict(entry: Entry) -> dict[str, Any]:
    out: dict[str, Any] = {
        "ref": entry_ref(entry),
        "kind": kind_of(entry),
        "id": entry.id,
        "time": entry.at.isoformat(),
        "journal_day": entry.journal_day.isoformat(),
    }
    if isinstance(entry, Cramp):
        out |= {
            "muscle": entry.muscle.value,
            "side": entry.side.value,
            "severity": entry.severity,
            "duration_s": entry.duration_s,
            "woke_from_sleep": entry.woke_from_sleep,
            "relieved_by": entry.relieved_by,
            "red_flags": sorted(f.value for f in entry.red_flags),
        }
    elif isinstance(entry, FoodEntry):
        out |= {
            "meal": entry.meal.value,
            "food_id": entry.food_id,
            "custom_food": entry.custom_food,
            "name": entry.name,
            "grams": entry.grams,
            "amount": entry.amount,
            "unit": entry.unit,
            "per_100g": {k: entry.per100g.get(k) for k in FOOD_VALUES},
        }
    elif isinstance(entry, Drink):
        out |= {
            "drink": entry.kind.value,
            "ml": entry.ml,
            "caffeinated": entry.caffeinated,
            "food_id": entry.food_id,
            "grams": entry.grams,
        }
    elif isinstance(entry, Dose):
        out |= {"medication": entry.medication, "count": entry.count}
    else:
        out |= {
            "activity": entry.kind,
            "minutes": entry.minutes,
            "intensity": entry.intensity.value,
        }
    out["notes"] = entry.notes
    return out
