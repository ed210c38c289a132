"""Small display pieces the Today screen is built from."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from rich.text import Text

from cramplog.domain import NUTRIENT_UNITS, NUTRIENTS
from cramplog.nutrients import TRACKED, nutrient

if TYPE_CHECKING:
    from cramplog.services.days import DayTotals

SHORT = {n.key: n.short for n in TRACKED}
BAR = 9


def bar(share: float | None, width: int = BAR, aim: bool = True) -> Text:
    """A plain block bar; more than 100% shows full, never longer.

    Coloured by how far the target is reached only when reaching it is the aim
    (nutrients.Nutrient.aim)."""
    if share is None:
        return Text("·" * width, style="dim")
    filled = min(width, round(max(share, 0.0) * width))
    style = ("green" if share >= 1 else ("yellow" if share >= 0.7 else "red")) if aim else ""
    return Text("█" * filled, style=style) + Text("░" * (width - filled), style="dim")


def _amount(value: float, unit: str) -> str:
    if unit == "ml" and value >= 1000:
        return f"{value / 1000:.1f} L"
    return f"{value:.1f}" if value < 10 else f"{value:.0f}"


def amounts_line(amounts: Mapping[str, float | None]) -> str:
    """ "Mg 36mg · K 305mg · Ca 86mg · Vit D 2.0µg"; "?" where the value is unknown."""
    parts = []
    for key in NUTRIENTS:
        value = amounts.get(key)
        unit = NUTRIENT_UNITS[key]
        digits = nutrient(key).digits
        shown = "?" if value is None else f"{value:.{digits}f}{unit}"
        parts.append(f"{SHORT[key]} {shown}")
    return " · ".join(parts)


def targets_text(totals: DayTotals) -> Text:
    """One line per nutrient and fluids: amount against the day's target.

    Coverage below 100% is shown ("of 80% known"), because a food with no
    value for a nutrient adds nothing to the sum: the real intake may be
    higher than the figure. The day still in progress is "so far".
    """
    head = "Targets, so far today" if totals.in_progress else "Targets for the day"
    lines: list[Text] = [Text(head, style="bold")]
    for key in NUTRIENTS:
        n = totals.nutrients[key]
        unit = NUTRIENT_UNITS[key]
        line = Text(f"{SHORT[key]:<7}") + bar(n.share, aim=nutrient(key).aim) + Text(" ")
        if n.amount is None:
            line += Text(f"—/{n.reference.target:g} {unit}", style="dim")
        else:
            line += Text(f"{_amount(n.amount, unit)}/{n.reference.target:g} {unit}")
            if n.coverage is not None and n.coverage < 0.995:
                line += Text(f" {n.coverage:.0%} known", style="yellow")
        lines.append(line)
    fluid = Text(f"{'Fluids':<7}") + bar(totals.fluid_share) + Text(" ")
    ref = totals.fluid.reference_ml
    if totals.fluid.switched_off:
        limit = totals.fluid.restriction_ml
        shown = "—" if totals.fluids_ml is None else f"{totals.fluids_ml:.0f}"
        fluid = Text(f"{'Fluids':<7}{shown} ml, limit {limit} ml")
    elif totals.fluids_ml is None:
        fluid += Text(f"—/{(ref or 0) / 1000:.1f} L", style="dim")
    else:
        fluid += Text(f"{totals.fluids_ml / 1000:.2f}/{(ref or 0) / 1000:.1f} L")
    lines.append(fluid)
    lines += upper_lines(totals)
    return Text("\n").join(lines)


def upper_lines(totals: DayTotals) -> list[Text]:
    """Nutrients above their tolerable upper level: to discuss, not an alarm."""
    parts = []
    for key in NUTRIENTS:
        n = totals.nutrients[key]
        amount = n.toward_upper
        if not n.above_upper or amount is None or n.reference.upper_limit is None:
            continue
        unit = NUTRIENT_UNITS[key]
        source = " from supplements" if n.reference.upper_counts == "supplements" else ""
        parts.append(
            f"{SHORT[key]}{source} {_amount(amount, unit)} {unit}"
            f" (upper level {n.reference.upper_limit:g} {unit})"
        )
    if not parts:
        return []
    return [Text(f"Above the upper level: {'; '.join(parts)}. Worth discussing with a clinician.")]


def week_text(days: Sequence[DayTotals], selected: dt.date) -> Text:
    """The 7 days up to the shown day: cramps, magnesium share, fluids."""
    lines = [Text("Last 7 days    cramps   Mg  fluids", style="bold")]
    for t in days:
        mark = "▸" if t.day == selected else " "
        label = f"{mark}{t.day:%a %d}"
        if not t.logged:
            lines.append(Text(f"{label:<14}not logged", style="dim"))
            continue
        cramps = "·" if t.cramps == 0 else "●" * min(t.cramps, 5)
        mg = t.nutrients["magnesium_mg"].share
        mg_text = "  —" if mg is None else f"{mg:>4.0%}"
        fl = "   —" if t.fluids_ml is None else f"{t.fluids_ml / 1000:>4.1f}L"
        low = "!" if t.low_fluid else " "
        line = Text(f"{label:<14}{cramps:<7} {mg_text:>4} {fl}{low}")
        lines.append(line)
    return Text("\n").join(lines)
