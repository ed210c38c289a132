"""The report's charts as sizes and rows: what the page layout needs, without matplotlib.

The PDF lays out its text while the charts are drawn (perhaps in a second
process, `cramplog.report.chart_process`), so the room each chart takes on the
page must be known before any is drawn; `cramplog.report.charts` draws them
from the same numbers.
"""

from __future__ import annotations

import datetime as dt
import math
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

# Inches: two columns of charts; cramps and severity, then fluids and the nutrients.
PANEL_SIZE = (7.2, 9.6)
# Drawn as this many bands (two rows of charts each), so two processes can
# draw it at once; stacked, the bands are the whole panel, pixel for pixel.
PANEL_PARTS = 2

Event = tuple[dt.date, str]


class _Medicine(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def started_on(self) -> dt.date | None: ...
    @property
    def stopped_on(self) -> dt.date | None: ...
    @property
    def first_dose(self) -> dt.date | None: ...


def medicine_events(medicines: Iterable[_Medicine]) -> list[Event]:
    """Starts and stops to mark on the charts: the recorded start, else the first dose."""
    events: list[Event] = []
    for m in medicines:
        start = m.started_on or m.first_dose
        if start is not None:
            events.append((start, f"{m.name} start"))
        if m.stopped_on is not None:
            events.append((m.stopped_on, f"{m.name} stop"))
    return sorted(events)


def forest_rows(
    findings: list[dict[str, Any]], comparisons: list[dict[str, Any]]
) -> tuple[list[tuple[str, float, float, float]], list[str]]:
    """(label, ratio, low, high) for rows with an estimate; labels of rows without one."""
    drawn: list[tuple[str, float, float, float]] = []
    missing: list[str] = []
    rows = [
        (sentence_case(str(f.get("description") or f.get("exposure", ""))), f.get("risk_ratio"), f)
        for f in findings
    ] + [
        (f"{str(m.get('name', '')).capitalize()}: after vs before", m.get("rate_ratio"), m)
        for m in comparisons
    ]
    for label, ratio, row in rows:
        low, high = row.get("ci_low"), row.get("ci_high")
        values = (ratio, low, high)
        if all(isinstance(v, int | float) and v > 0 and math.isfinite(v) for v in values):
            drawn.append((label, float(ratio), float(low), float(high)))  # type: ignore[arg-type]
        else:
            missing.append(label)
    return drawn, missing


def sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


FOREST_WIDTH = 7.2  # inches, the text width of the PDF page
FOREST_ROW = 0.28  # inches a row
FOREST_TOP = 0.25  # room for the column head
FOREST_AXIS = 0.5  # tick labels and the axis label
NOTE_LINE = 0.14  # one line of the "not enough data" note


@dataclass(frozen=True)
class ForestLayout:
    """Rows of the forest plot and its size in inches."""

    drawn: list[tuple[str, float, float, float]]
    note: list[str]
    plot_h: float
    note_h: float

    @property
    def height(self) -> float:
        return FOREST_TOP + self.plot_h + FOREST_AXIS + self.note_h


def forest_layout(
    findings: list[dict[str, Any]], comparisons: list[dict[str, Any]]
) -> ForestLayout:
    drawn, missing = forest_rows(findings, comparisons)
    # About 140 characters of 6.5-point text fit across the page.
    note = textwrap.wrap("Not enough data: " + "; ".join(missing), 140) if missing else []
    return ForestLayout(
        drawn=drawn,
        note=note,
        plot_h=FOREST_ROW * max(len(drawn), 1),
        note_h=NOTE_LINE * len(note) + (0.08 if note else 0.0),
    )
