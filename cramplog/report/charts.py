"""Weekly trend charts with matplotlib's Figure API (no pyplot: safe in a worker).

Every chart draws from `cramplog.analysis.weekly_aggregates`; `chart_series`
returns exactly the numbers plotted, so a test can compare them with the
weekly table. Charts must read in black and white and for colour-blind
readers: the Okabe-Ito palette, and every series also differs by line style,
marker or hatching.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from cramplog.domain import NUTRIENT_LABELS, NUTRIENT_UNITS, NUTRIENTS
from cramplog.report.chart_layout import (
    FOREST_AXIS,
    FOREST_WIDTH,
    PANEL_SIZE,
    Event,
    forest_layout,
)

# Okabe & Ito (2008), "Color Universal Design": distinguishable with any
# common colour-vision deficiency.
BLUE = "#0072B2"
ORANGE = "#E69F00"
VERMILION = "#D55E00"
GREY = "#555555"
SKY = "#56B4E9"

CHART_NAMES = (*NUTRIENTS, "fluids", "cramps", "severity")


def _weeks(weekly: pd.DataFrame) -> list[Any]:
    return list(pd.to_datetime(weekly["week_start"]))


def chart_frame(weekly: pd.DataFrame) -> pd.DataFrame:
    """The weeks the charts show: from the first week with a logged day to the last.

    Weeks before the journal began are not weeks of zero cramps; leaving them
    out also gives every chart the same x-range.
    """
    logged = weekly.index[weekly["days_logged"] > 0] if len(weekly) else weekly.index
    if len(logged) == 0:
        return weekly
    return weekly.loc[logged[0] :].reset_index(drop=True)


# Half a week either side of the Monday each week's value is drawn at.
_X_PAD = pd.Timedelta(days=3.5)


def x_range(weekly: pd.DataFrame) -> tuple[Any, Any] | None:
    """The one x-range every chart of ``chart_frame(weekly)`` is drawn on."""
    weeks = _weeks(weekly)
    if not weeks:
        return None
    return weeks[0] - _X_PAD, weeks[-1] + _X_PAD


def chart_series(weekly: pd.DataFrame) -> dict[str, dict[str, list[float | None]]]:
    """The values each chart plots, by chart and series (NaN as None)."""

    def col(name: str) -> list[float | None]:
        return [None if pd.isna(v) else float(v) for v in weekly[name]]

    out: dict[str, dict[str, list[float | None]]] = {}
    for key in NUTRIENTS:
        out[key] = {
            "mean": col(f"{key}_mean"),
            "reference": col(f"{key}_reference"),
            "low_line": col(f"{key}_low_line"),
            "coverage": col(f"{key}_coverage"),
        }
    out["fluids"] = {
        "mean": col("beverages_ml_mean"),
        "reference": col("fluid_reference_ml"),
        "threshold": col("fluid_threshold_ml"),
        "low_days": col("low_fluid_days"),
    }
    out["cramps"] = {"cramps": col("cramps"), "nights": col("cramp_nights")}
    out["severity"] = {"mean": col("severity_mean"), "max": col("severity_max")}
    return out


def _style(fig: Figure, ax: Any, title: str, ylabel: str, weekly: pd.DataFrame) -> None:
    # A fixed y skips matplotlib measuring every tick label to place the title
    # (a tenth of the panel's render time); nothing is drawn above the axes.
    ax.set_title(title, fontsize=10, loc="left", y=1.0)
    ax.set_ylabel(ylabel, fontsize=8)
    ax.tick_params(labelsize=7)
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    ax.spines[["top", "right"]].set_visible(False)
    import matplotlib.dates as mdates

    span = x_range(weekly)
    if span is not None:
        ax.set_xlim(*span)
    fmt, most = _date_format(span)
    ax.xaxis.set_major_formatter(mdates.DateFormatter(fmt))  # type: ignore[no-untyped-call]
    weeks = len(weekly)
    if span is not None and weeks <= 26:
        # Ticks on Mondays, where each week's bar or point is drawn.
        ax.xaxis.set_major_locator(
            mdates.WeekdayLocator(  # type: ignore[no-untyped-call]
                byweekday=mdates.MO, interval=max(1, math.ceil(weeks / most))
            )
        )
    else:
        ax.xaxis.set_major_locator(
            mdates.AutoDateLocator(minticks=3, maxticks=most)  # type: ignore[no-untyped-call]
        )


def _date_format(span: tuple[Any, Any] | None) -> tuple[str, int]:
    """Tick format and most ticks: the year is shown when the range spans two years."""
    if span is None or span[0].year == span[1].year:
        return "%d %b", 6
    if (span[1] - span[0]).days > 180:
        return "%b %Y", 5  # ticks fall on the 1st of a month over this long a range
    return "%d %b %Y", 4


def _mark_events(ax: Any, events: Sequence[Event], *, labelled: bool) -> int:
    """Medicine starts and stops as dash-dot lines; returns how many fall in the range.

    Labelled ones carry a number at the top, and the legend says what each
    number is: names written along the lines would cross the bars.
    """
    import matplotlib.dates as mdates

    low, high = ax.get_xlim()
    shown = [
        (day, text)
        for day, text in events
        if low <= mdates.date2num(day) <= high  # type: ignore[no-untyped-call]
    ]
    last_x = -math.inf
    row = 0
    for number, (day, text) in enumerate(shown, start=1):
        ax.axvline(day, color="black", linestyle="-.", linewidth=0.8, zorder=4)
        if not labelled:
            continue
        x = float(mdates.date2num(day))  # type: ignore[no-untyped-call]
        # Numbers closer than a twentieth of the range step down a row.
        row = row + 1 if x - last_x < (high - low) / 20 else 0
        last_x = x
        ax.annotate(
            str(number),
            (day, 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(2, -1 - 7 * row),
            textcoords="offset points",
            ha="left",
            va="top",
            fontsize=6,
            fontweight="bold",
        )
        ax.plot(
            [],
            [],
            color="black",
            linestyle="-.",
            linewidth=0.8,
            label=f"{number}: {text} {day:%d %b %Y}",
        )
    if labelled and shown:
        # Headroom for the numbers, above the tallest bar.
        bottom, top = ax.get_ylim()
        ax.set_ylim(bottom, top * 1.25)
    return len(shown)


def _legend_below(ax: Any) -> None:
    # Below the plot, never over the data. Numbered medicine lines come last,
    # so they fill the second column rather than crowding the first.
    handles, labels = ax.get_legend_handles_labels()
    order = sorted(range(len(labels)), key=lambda i: labels[i][:1].isdigit())
    ax.legend(
        [handles[i] for i in order],
        [labels[i] for i in order],
        fontsize=6.5,
        frameon=False,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.16),
        ncol=2,
    )


def _first(values: list[float | None]) -> float | None:
    # A reference line is the same every week; weeks with no data have none.
    return next((v for v in values if v is not None), None)


def draw_nutrient(fig: Figure, ax: Any, weekly: pd.DataFrame, key: str) -> None:
    series = chart_series(weekly)[key]
    weeks = _weeks(weekly)
    mean = [float("nan") if v is None else v for v in series["mean"]]
    ax.plot(weeks, mean, color=BLUE, marker="o", markersize=3, linewidth=1.6, label="weekly mean")
    # Weeks where under 90% of the food had a value are drawn hollow: the
    # estimate there is a floor, not a figure.
    cover = series["coverage"]
    low_cov = [
        (w, m)
        for w, m, c in zip(weeks, mean, cover, strict=True)
        if c is not None and c < 0.9 and m == m
    ]
    if low_cov:
        ax.plot(
            [w for w, _ in low_cov],
            [m for _, m in low_cov],
            linestyle="none",
            marker="o",
            markersize=6,
            markerfacecolor="white",
            markeredgecolor=VERMILION,
            label="under 90% of food with a value",
        )
    ref = _first(series["reference"])
    low = _first(series["low_line"])
    if ref is not None:
        ax.axhline(ref, color=GREY, linestyle="--", linewidth=1, label=f"target {ref:g}")
    if low is not None and low != ref:
        ax.axhline(low, color=ORANGE, linestyle=":", linewidth=1.4, label=f"low line {low:g}")
    _style(fig, ax, f"{NUTRIENT_LABELS[key]} per day, weekly", NUTRIENT_UNITS[key], weekly)
    ax.set_ylim(bottom=0)
    _legend_below(ax)


def draw_fluids(fig: Figure, ax: Any, weekly: pd.DataFrame) -> None:
    series = chart_series(weekly)["fluids"]
    weeks = _weeks(weekly)
    mean = [0.0 if v is None else v for v in series["mean"]]
    ax.bar(
        weeks,
        mean,
        width=5,
        color=SKY,
        edgecolor="black",
        linewidth=0.4,
        label="beverages, mean ml a day",
    )
    ref = _first(series["reference"])
    threshold = _first(series["threshold"])
    if ref is not None:
        ax.axhline(ref, color=GREY, linestyle="--", linewidth=1, label=f"reference {ref:g} ml")
    if threshold is not None:
        ax.axhline(
            threshold,
            color=VERMILION,
            linestyle=":",
            linewidth=1.4,
            label=f"low-fluid line {threshold:g} ml",
        )
    # Low-fluid-day counts go in a strip above every bar and line, so no line
    # strikes them through; over many weeks they alternate between two rows
    # so neighbours never touch.
    top = max([*mean, ref or 0.0, threshold or 0.0, 1.0])
    rows = 2 if len(weeks) > 20 else 1
    ax.set_ylim(0, top * (1.18 + 0.1 * rows))
    for i, (week, low) in enumerate(zip(weeks, series["low_days"], strict=True)):
        if low:
            ax.annotate(
                f"{int(low)}",
                (week, 1.0),
                xycoords=("data", "axes fraction"),
                xytext=(0, -2 - 7 * (i % rows)),
                textcoords="offset points",
                ha="center",
                va="top",
                fontsize=6,
            )
    if any(series["low_days"]):
        ax.plot([], [], linestyle="none", marker="$3$", color="black", label="low-fluid days")
    _style(fig, ax, "Beverages a day, weekly", "ml", weekly)
    _legend_below(ax)


def draw_cramps(fig: Figure, ax: Any, weekly: pd.DataFrame) -> None:
    series = chart_series(weekly)["cramps"]
    weeks = _weeks(weekly)
    cramps = [0.0 if v is None else v for v in series["cramps"]]
    nights = [0.0 if v is None else v for v in series["nights"]]
    offset = pd.Timedelta(days=1.5)
    ax.bar(
        [w - offset for w in weeks],
        cramps,
        width=3,
        color=BLUE,
        edgecolor="black",
        linewidth=0.4,
        label="cramps",
    )
    ax.bar(
        [w + offset for w in weeks],
        nights,
        width=3,
        color="white",
        edgecolor="black",
        hatch="////",
        linewidth=0.4,
        label="nights with a cramp",
    )
    _style(fig, ax, "Cramps per week", "count", weekly)
    ax.yaxis.get_major_locator().set_params(integer=True)
    _legend_below(ax)


def draw_severity(fig: Figure, ax: Any, weekly: pd.DataFrame) -> None:
    series = chart_series(weekly)["severity"]
    weeks = _weeks(weekly)
    mean = [float("nan") if v is None else v for v in series["mean"]]
    worst = [float("nan") if v is None else v for v in series["max"]]
    ax.plot(weeks, mean, color=BLUE, marker="o", markersize=3, label="mean severity")
    ax.plot(weeks, worst, color=VERMILION, marker="^", markersize=3, linestyle="--", label="worst")
    _style(fig, ax, "Cramp severity (0-10), weekly", "severity", weekly)
    ax.set_ylim(0, 10.5)
    _legend_below(ax)


# The panel's grid, as fractions of the whole panel. Fixed margins:
# constrained layout would double the render time of a report, and this grid
# never changes shape.
_PANEL_MARGINS = (0.08, 0.07, 0.98, 0.965)  # left, bottom, right, top
_PANEL_SPACE = (0.25, 0.85)  # between columns, between rows (of a chart's size)


def trend_panel(
    weekly: pd.DataFrame,
    size: tuple[float, float] = PANEL_SIZE,
    events: Sequence[Event] = (),
    part: int = 0,
    parts: int = 1,
) -> Figure:
    """The report's page of charts, or one of ``parts`` horizontal bands of it.

    A band is drawn exactly where it sits on the whole panel (its rows of
    charts, from the same grid), so the bands stacked are the panel; each can
    be drawn by another process (`cramplog.report.chart_process`).
    ``events``: medicine starts and stops (``medicine_events``), marked on the
    cramp and severity charts.
    """
    from matplotlib.gridspec import GridSpec

    weekly = chart_frame(weekly)
    width, height = size
    band = height / parts
    fig = Figure(figsize=(width, band))
    rows = math.ceil((3 + len(NUTRIENTS)) / 2)
    left, bottom, right, top = _PANEL_MARGINS
    grid = GridSpec(
        rows,
        2,
        left=left,
        bottom=bottom,
        right=right,
        top=top,
        wspace=_PANEL_SPACE[0],
        hspace=_PANEL_SPACE[1],
    )
    bottoms, tops, lefts, rights = grid.get_grid_positions(fig)
    low = height - band * (part + 1)  # the band's lower edge, inches from the panel's foot
    draws: list[Callable[[Any], None]] = [
        lambda ax: draw_cramps(fig, ax, weekly),
        lambda ax: draw_severity(fig, ax, weekly),
        lambda ax: draw_fluids(fig, ax, weekly),
        *(partial(draw_nutrient, fig, weekly=weekly, key=key) for key in NUTRIENTS),
    ]
    for slot, draw in enumerate(draws):
        row, col = divmod(slot, 2)
        bottom_in, top_in = bottoms[row] * height, tops[row] * height
        if not low <= bottom_in < low + band:
            continue  # another band's chart
        ax = fig.add_axes(
            (
                lefts[col],
                (bottom_in - low) / band,
                rights[col] - lefts[col],
                (top_in - bottom_in) / band,
            )
        )
        draw(ax)
        if slot == 0 and _mark_events(ax, events, labelled=True):
            _legend_below(ax)
        elif slot == 1:
            _mark_events(ax, events, labelled=False)
    return fig


Draw = Callable[[Figure, Any, pd.DataFrame], None]


def _alone(draw: Draw) -> Callable[[pd.DataFrame], Figure]:
    """A chart on a figure of its own, for the HTML report and `cramplog charts`."""

    def figure(weekly: pd.DataFrame) -> Figure:
        fig = Figure(figsize=(6.4, 2.6), layout="constrained")
        draw(fig, fig.add_subplot(), chart_frame(weekly))
        return fig

    return figure


FIGURES: dict[str, Callable[[pd.DataFrame], Figure]] = {
    **{key: _alone(partial(draw_nutrient, key=key)) for key in NUTRIENTS},
    "fluids": _alone(draw_fluids),
    "cramps": _alone(draw_cramps),
    "severity": _alone(draw_severity),
}


def chart_figure(name: str, weekly: pd.DataFrame, events: Sequence[Event] = ()) -> Figure:
    """``FIGURES[name]`` with medicine starts and stops marked as on the PDF's panel.

    The cramp chart numbers them and names them in its legend; the severity
    chart draws the same lines.
    """
    fig = FIGURES[name](weekly)
    if name in ("cramps", "severity") and events:
        ax = fig.axes[0]
        if _mark_events(ax, events, labelled=name == "cramps") and name == "cramps":
            _legend_below(ax)
    return fig


def figure_bytes(fig: Figure, fmt: str = "png", dpi: int = 110) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format=fmt, dpi=dpi)
    return buffer.getvalue()


def figure_image(fig: Figure, dpi: int = 110) -> Any:
    """The figure as an RGB PIL image: the pixels of ``figure_bytes(fig, "png", dpi)``.

    The PDF embeds this directly, which skips encoding a PNG only for fpdf to
    decode it again. The figure background is opaque, so no alpha is lost.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    fig.set_dpi(dpi)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()  # type: ignore[no-untyped-call]
    width, height = canvas.get_width_height()
    pixels = canvas.buffer_rgba()  # type: ignore[no-untyped-call]
    rgba = Image.frombuffer("RGBA", (width, height), pixels, "raw", "RGBA", 0, 1)
    return rgba.convert("RGB")


def save_charts(weekly: pd.DataFrame, out_dir: Path, *, force: bool = False) -> list[Path]:
    """Write every chart as PNG and SVG into ``out_dir``; refuse to overwrite."""
    from cramplog.paths import make_private_dir
    from cramplog.report.files import write_private

    make_private_dir(out_dir)
    written: list[Path] = []
    for name, make in FIGURES.items():
        fig = make(weekly)
        for fmt in ("png", "svg"):
            path = out_dir / f"{name}.{fmt}"
            write_private(path, figure_bytes(fig, fmt), force=force)
            written.append(path)
    return written


def forest_figure(findings: list[dict[str, Any]], comparisons: list[dict[str, Any]]) -> Figure:
    """Association findings and medicine comparisons as ratios with 95% intervals.

    Takes ``analysis["findings"]`` and ``analysis["medicines"]["comparisons"]``
    from the analysis JSON. A log axis, so 0.5 and 2 sit equally far from the
    line at 1; rows without an estimate are listed in words under the plot.
    Black on white only: it must survive a greyscale printer.
    """
    layout = forest_layout(findings, comparisons)
    drawn, note, plot_h, note_h = layout.drawn, layout.note, layout.plot_h, layout.note_h
    height = layout.height
    fig = Figure(figsize=(FOREST_WIDTH, height))
    ax = fig.add_axes((0.38, (FOREST_AXIS + note_h) / height, 0.44, plot_h / height))
    ax.set_xscale("log")
    ax.spines[["top", "right", "left"]].set_visible(False)
    ax.tick_params(axis="both", labelsize=7)
    ax.axvline(1.0, color="black", linewidth=0.8, zorder=1)
    if drawn:
        ys = list(range(len(drawn)))[::-1]  # first row at the top
        for y, (_, ratio, low, high) in zip(ys, drawn, strict=True):
            ax.plot([low, high], [y, y], color="black", linewidth=1.2, zorder=2)
            ax.plot([ratio], [y], marker="s", color="black", markersize=5, zorder=3)
            ax.text(
                1.02,
                y,
                f"{ratio:.2f} ({low:.2f}\u2013{high:.2f})",
                transform=ax.get_yaxis_transform(),
                va="center",
                fontsize=7,
            )
        ax.text(
            1.02,
            1.0,
            "ratio (95% CI)",
            transform=ax.transAxes,
            va="bottom",
            fontsize=7,
            fontweight="bold",
        )
        ax.set_yticks(ys, [label for label, *_ in drawn], fontsize=7.5)
        ax.tick_params(axis="y", length=0)
        ax.set_ylim(-0.7, len(drawn) - 0.3)
        lo = min(low for _, _, low, _ in drawn)
        hi = max(high for _, _, _, high in drawn)
        # Symmetric about 1 on the log scale, so "fewer" and "more" read alike.
        span = max(abs(math.log10(lo)), abs(math.log10(hi)), math.log10(2)) * 1.15
        ax.set_xlim(10**-span, 10**span)
    else:
        ax.set_yticks([])
        ax.set_xlim(0.25, 4)
        ax.text(
            1.0,
            0.5,
            "no estimates yet",
            ha="center",
            va="center",
            fontsize=8,
            transform=ax.get_xaxis_transform(),
        )
    from matplotlib.ticker import FixedLocator, FuncFormatter, NullLocator

    # Ticks in pairs about 1 (0.5 and 2 mean the same size of change).
    ax.xaxis.set_major_locator(FixedLocator([0.05, 0.1, 0.25, 0.5, 1, 2, 4, 10, 20]))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:g}"))
    # No minor ticks: they carry no label, and each costs a render.
    ax.xaxis.set_minor_locator(NullLocator())
    ax.set_xlabel("ratio and 95% interval (left of 1: fewer cramp nights; right: more)", fontsize=7)
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    if note:
        fig.text(0.02, 0.06 / height, "\n".join(note), fontsize=6.5, va="bottom", linespacing=1.3)
    return fig


# The PDF's images: 120 dpi prints sharply at the page's width and keeps a report quick.
PDF_DPI = 120

REPORT_CHARTS: dict[str, Callable[..., Figure]] = {
    "forest": forest_figure,
    "panel": trend_panel,
}


def chart_image(name: str, args: tuple[Any, ...]) -> Any:
    """One of the PDF's charts as an RGB PIL image: ``REPORT_CHARTS`` by the
    part of ``name`` before any ":" ("panel:1" is a band of the panel)."""
    return figure_image(REPORT_CHARTS[name.partition(":")[0]](*args), dpi=PDF_DPI)


def warm_up() -> None:
    """Load the fonts and the renderer a first drawing would, before there is data to draw."""
    fig = Figure(figsize=(1, 1))
    ax = fig.add_subplot()
    ax.set_title("Warm-up", fontsize=10, fontweight="bold")
    ax.plot([0, 1], [0, 1])
    figure_image(fig, dpi=20)
