"""Trends: weekly charts of intake against reference, fluids, and cramps.

At 80x24 one chart shows at a time (m k c v f x choose it); a terminal of at
least 120x36 shows all six in a grid. The weekly numbers come from
:func:`cramplog.services.trends.weekly_rows` in a thread worker, because the
first call imports pandas: the screen answers keys while it loads. A week
with nothing logged is a gap in the line, never a drop to zero.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, ClassVar

from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid
from textual.widgets import Footer, Header, LoadingIndicator, Static
from textual_plotext import PlotextPlot

from cramplog.domain import NUTRIENTS, CramplogError, Profile
from cramplog.nutrients import TRACKED, nutrient
from cramplog.services.trends import MedicineMark, WeekRow
from cramplog.terminal_text import counted
from cramplog.tui.base import JournalScreen, literal

PERIODS: tuple[tuple[str, int], ...] = (("8", 8), ("2", 26), ("5", 52))
# (chart, key, short name for the selector)
CHARTS: tuple[tuple[str, str, str], ...] = (
    *((n.key, n.letter, n.short) for n in TRACKED),
    ("fluids", "f", "Fluids"),
    ("cramps", "x", "Cramps"),
)
CHART_TITLES = {
    **{n.key: n.label for n in TRACKED},
    "fluids": "Fluids (beverages)",
    "cramps": "Cramps per week",
}
# Okabe & Ito (2008): told apart with any common colour-vision deficiency;
# the lines also differ by marker, so they read without colour.
BLUE = (0, 114, 178)
ORANGE = (230, 159, 0)
VERMILION = (213, 94, 0)
SKY = (86, 180, 233)
GREEN = (0, 158, 115)
PURPLE = (204, 121, 167)
GREY = (128, 128, 128)
# Big enough for every chart readable side by side (2 columns, 4 rows).
GRID_MIN = (120, 44)
NOT_ENOUGH = (
    "Not enough data yet: the charts fill in as days are logged.\n"
    "Each point is a week's mean over the days you logged, so even a few days show up."
)


def _segments(xs: Sequence[int], ys: Sequence[float | None]) -> list[tuple[list[int], list[float]]]:
    """Runs of consecutive known values: a missing week breaks the line."""
    out: list[tuple[list[int], list[float]]] = []
    run_x: list[int] = []
    run_y: list[float] = []
    for x, y in zip(xs, ys, strict=True):
        if y is None:
            if run_x:
                out.append((run_x, run_y))
            run_x, run_y = [], []
        else:
            run_x.append(x)
            run_y.append(y)
    if run_x:
        out.append((run_x, run_y))
    return out


def _nice_top(value: float) -> float:
    """A round number a little above ``value``, for the top of the y axis."""
    if value <= 0:
        return 1.0
    step = 10 ** (len(str(int(value))) - 1) if value >= 1 else 0.1
    for mult in (1, 2, 2.5, 5, 10):
        if step * mult * 10 >= value * 1.1 or mult == 10:
            break
    unit = step * mult
    top = unit * -(-value * 1.1 // unit)
    return float(top)


def _yticks(top: float) -> tuple[list[float], list[str]]:
    ticks = [top * i / 4 for i in range(5)]
    labels = [f"{t:.1f}" if top < 10 else f"{t:.0f}" for t in ticks]
    return ticks, labels


def _xticks(rows: Sequence[WeekRow], width: int) -> tuple[list[int], list[str]]:
    # About one label per 12 columns, always including the latest week.
    n = len(rows)
    room = max(2, width // 12)
    step = max(1, -(-n // room))
    idx = list(range(n - 1, -1, -step))[::-1]
    return idx, [rows[i].week_start.strftime("%d %b") for i in idx]


def _line(
    plt: Any,
    xs: list[int],
    ys: Sequence[float | None],
    label: str,
    color: tuple[int, int, int],
    marker: str,
) -> None:
    first = True
    for seg_x, seg_y in _segments(xs, ys):
        lab = (label or None) if first else None
        if len(seg_x) == 1:
            # A lone week between gaps: a point, since a line needs two.
            plt.scatter(seg_x, seg_y, label=lab, color=color, marker="●")
        else:
            plt.plot(seg_x, seg_y, label=lab, color=color, marker=marker)
        first = False


def _frame(plt: Any, rows: Sequence[WeekRow], top: float, width: int) -> None:
    plt.xlim(-0.5, len(rows) - 0.5)
    plt.ylim(0, top)
    plt.yticks(*_yticks(top))
    plt.xticks(*_xticks(rows, width))


def _reference_lines(plt: Any, xs: list[int], ref: float | None, low: float | None) -> None:
    # Drawn before the data, so a week right at the target stays visible.
    if ref is not None:
        plt.plot(xs, [ref] * len(xs), color=ORANGE, marker="─")
    if low is not None and low != ref:
        plt.plot(xs, [low] * len(xs), color=VERMILION, marker="·")


def _key(title: str, data: str, ref: str | None, low: str | None) -> str:
    # The key goes in the title: plotext's legend box sits on the plot and
    # hides the first weeks of data.
    # Short enough for a chart of the 120-column grid.
    parts = ["▀ mean"]
    if ref:
        parts.append(f"─ {ref}")
    if low:
        parts.append(f"· {low}")
    return f"{title} ({data}): " + "  ".join(parts)


def draw_nutrient(plt: Any, rows: Sequence[WeekRow], key: str, width: int) -> None:
    xs = list(range(len(rows)))
    means = [r.nutrients[key].mean for r in rows]
    refs = [r.nutrients[key].reference for r in rows if r.nutrients[key].reference]
    lows = [r.nutrients[key].low_line for r in rows if r.nutrients[key].low_line]
    unit = rows[0].nutrients[key].unit
    known = [m for m in means if m is not None]
    ref = refs[-1] if refs else None
    low = lows[-1] if lows else None
    _reference_lines(plt, xs, ref, low)
    _line(plt, xs, means, "", BLUE, "hd")
    plt.title(
        _key(
            CHART_TITLES[key],
            f"{unit}/day",
            f"target {ref:g}" if ref is not None else None,
            f"low {low:g}" if low is not None and low != ref else None,
        )
    )
    _frame(plt, rows, _nice_top(max([*known, ref or 0, low or 0, 1])), width)


def draw_fluids(plt: Any, rows: Sequence[WeekRow], width: int) -> None:
    xs = list(range(len(rows)))
    means = [r.beverages_ml for r in rows]
    known = [m for m in means if m is not None]
    refs = [r.fluid_reference_ml for r in rows if r.fluid_reference_ml]
    lows = [r.fluid_threshold_ml for r in rows if r.fluid_threshold_ml]
    ref = refs[-1] if refs else None
    low = lows[-1] if lows else None
    _reference_lines(plt, xs, ref, low)
    _line(plt, xs, means, "", SKY, "hd")
    plt.title(
        _key(
            "Fluids",
            "ml/day",
            f"reference {ref:.0f}" if ref is not None else None,
            f"low {low:.0f}" if low is not None else None,
        )
    )
    _frame(plt, rows, _nice_top(max([*known, ref or 0, low or 0, 1])), width)


def draw_cramps(plt: Any, rows: Sequence[WeekRow], width: int) -> None:
    # Only weeks with something logged get bars: an empty slot is "not
    # logged", which a bar of height 0 would misread as "no cramps".
    xs = [i for i, r in enumerate(rows) if r.cramps]
    cramps = [float(rows[i].cramps or 0) for i in xs]
    nights = [float(rows[i].cramp_nights or 0) for i in xs]
    top = max([*cramps, 4.0])
    top = float(-(-top // 4) * 4)
    # A logged week without a cramp is a ○ on the floor; a week with nothing
    # logged is a grey ? : "no cramps" and "not logged" never look alike.
    zero = [i for i, r in enumerate(rows) if r.cramps == 0]
    unlogged = [i for i, r in enumerate(rows) if r.cramps is None]
    if zero:
        plt.scatter(zero, [top * 0.02] * len(zero), marker="○", color=BLUE)
    if unlogged:
        plt.scatter(unlogged, [top * 0.02] * len(unlogged), marker="?", color=GREY)
    if xs:
        # Nights never exceed cramps, so the nights bar drawn over the cramps
        # bar stays readable at 52 weeks, where side-by-side bars would merge;
        # shade and solid tell them apart without colour.
        bar_width = 0.7 if len(rows) <= 26 else 0.9
        plt.bar(xs, cramps, marker="▒", color=VERMILION, width=bar_width)
        plt.bar(xs, nights, marker="█", color=BLUE, width=bar_width)
    plt.title(f"{CHART_TITLES['cramps']}: ▒ cramps █ nights ○ none ? not logged")
    plt.xlim(-0.5, len(rows) - 0.5)
    plt.ylim(0, top)
    plt.yticks([top * i / 4 for i in range(5)], [f"{top * i / 4:.0f}" for i in range(5)])
    plt.xticks(*_xticks(rows, width))


def draw_chart(
    plt: Any,
    rows: Sequence[WeekRow],
    chart: str,
    width: int,
    marks: Sequence[MedicineMark] = (),
) -> None:
    """Draw ``chart`` for ``rows`` onto a plotext figure (cleared first)."""
    plt.clear_figure()
    plt.title(CHART_TITLES[chart])
    # Medicine markers first, so the data is drawn over them.
    draw_marks(plt, rows, marks)
    if chart in NUTRIENTS:
        draw_nutrient(plt, rows, chart, width)
    elif chart == "fluids":
        draw_fluids(plt, rows, width)
    else:
        draw_cramps(plt, rows, width)


def mark_week(rows: Sequence[WeekRow], mark: MedicineMark) -> int | None:
    """The index of the week a medicine mark falls in, or None outside the chart."""
    if not rows:
        return None
    index = (mark.day - rows[0].week_start).days // 7
    return index if 0 <= index < len(rows) else None


def draw_marks(plt: Any, rows: Sequence[WeekRow], marks: Sequence[MedicineMark]) -> None:
    """A vertical line at the week a medicine started (green) or stopped (purple)."""
    for mark in marks:
        week = mark_week(rows, mark)
        if week is not None:
            plt.vline(week, GREEN if mark.started else PURPLE)


def marks_line(rows: Sequence[WeekRow], marks: Sequence[MedicineMark]) -> str:
    """The chart's medicine lines in words: "started Vitamin D3 30 Nov; stopped …"."""
    said = [
        f"{'started' if m.started else 'stopped'} {m.name} {m.day:%d %b}"
        for m in marks
        if mark_week(rows, m) is not None
    ]
    return "Medicine lines (green started, purple stopped): " + "; ".join(said) if said else ""


def summary(rows: Sequence[WeekRow], chart: str) -> str:
    """The chart in one sentence, for anyone who can't read the plot."""
    logged = [r for r in rows if r.logged]
    days = sum(r.days_logged for r in rows)
    total = sum(r.days for r in rows)
    span = f"{days} of {total} days logged"
    if chart in NUTRIENTS:
        weeks = [r.nutrients[chart] for r in rows if r.nutrients[chart].mean is not None]
        if not weeks:
            return f"{CHART_TITLES[chart]}: no food logged in these weeks ({span})."
        n = weeks[-1]
        food_days = sum(w.days for w in weeks)
        mean = sum((w.mean or 0) * w.days for w in weeks) / max(food_days, 1)
        shown = f"{mean:.1f}" if mean < 10 else f"{mean:.0f}"
        said = (
            f"{n.label}: {shown} {n.unit}/day on average over {counted(food_days, 'day')} with food"
            f" ({span})"
        )
        if not nutrient(chart).aim:
            # A floor nearly every diet clears (sodium's AI): no count of weeks "under" it.
            return f"{said}; adequate intake {n.reference or 0:g} {n.unit}."
        below = sum(1 for w in weeks if w.low_line and (w.mean or 0) < w.low_line)
        return (
            f"{said}; target {n.reference or 0:g} {n.unit}."
            f" {below} of {counted(len(weeks), 'weekly mean')} under the low line."
        )
    if chart == "fluids":
        weeks_f = [r for r in rows if r.beverages_ml is not None]
        if not weeks_f:
            return f"Fluids: no drinks logged in these weeks ({span})."
        fluid_days = sum(r.fluid_days for r in weeks_f)
        mean = sum((r.beverages_ml or 0) * r.fluid_days for r in weeks_f) / max(fluid_days, 1)
        low = [r.low_fluid_days for r in weeks_f if r.low_fluid_days is not None]
        low_text = f"; {counted(sum(low), 'low-fluid day')}" if low else ""
        return (
            f"Fluids: {mean:.0f} ml/day on average over {counted(fluid_days, 'day')} with drinks"
            f"{low_text}."
        )
    cramps = sum(r.cramps or 0 for r in logged)
    nights = sum(r.cramp_nights or 0 for r in logged)
    zero = sum(1 for r in logged if r.cramps == 0)
    return (
        f"Cramps: {cramps} on {counted(nights, 'night')} in {counted(len(logged), 'logged week')}"
        f" ({span}); ○ {counted(zero, 'week')} without a cramp, ? not logged."
    )


class TrendsScreen(JournalScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(key, f"period({weeks})", f"{weeks} weeks", show=False) for key, weeks in PERIODS),
        *(Binding(key, f"chart('{chart}')", short, show=False) for chart, key, short in CHARTS),
        Binding("right,tab", "cycle(1)", "Next chart", show=False),
        Binding("left,shift+tab", "cycle(-1)", "Previous chart", show=False),
    ]
    KEY_HELP: ClassVar[dict[str, str]] = {
        "8 / 2 / 5": "the last 8, 26 or 52 weeks",
        " ".join(n.letter for n in TRACKED): ", ".join(n.label.lower() for n in TRACKED)
        + " against the target",
        "f": "fluids against the beverage reference",
        "x": "cramps and nights with a cramp, per week",
        "← / →": "previous / next chart",
    }
    DEFAULT_CSS = """
    TrendsScreen #trends-line { height: 1; padding: 0 1; }
    TrendsScreen #trends-choice { height: 1; padding: 0 1; }
    TrendsScreen #charts { height: 1fr; grid-size: 1 1; }
    TrendsScreen #charts.all { grid-size: 2 4; grid-gutter: 0 1; }
    TrendsScreen #charts PlotextPlot { height: 1fr; width: 1fr; }
    TrendsScreen #trends-summary { height: auto; max-height: 4; padding: 0 1; }
    TrendsScreen #trends-empty { height: 1fr; padding: 2 4; color: $text-muted; }
    TrendsScreen LoadingIndicator { height: 1fr; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.weeks = 8
        self.chart = CHARTS[0][0]
        self.rows: list[WeekRow] = []
        self.marks: list[MedicineMark] = []
        self.loaded_weeks: int | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="trends-line")
        yield Static("", id="trends-choice")
        yield LoadingIndicator(id="trends-loading")
        yield Static(NOT_ENOUGH, id="trends-empty", markup=False)
        with Grid(id="charts"):
            for chart, _, _ in CHARTS:
                yield PlotextPlot(id=f"chart-{chart}")
        yield Static("", id="trends-summary", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#trends-empty").display = False
        self.query_one("#charts").display = False
        self._show_choice()

    def refresh_data(self) -> None:
        self._load(self.weeks)

    # --- loading -----------------------------------------------------------------

    def _load(self, weeks: int) -> None:
        if self.loaded_weeks != weeks:
            # A new period: the old charts would be wrong, so they give way to
            # the indicator. A plain re-read on return keeps them up instead.
            for name in ("#charts", "#trends-empty", "#trends-summary"):
                self.query_one(name).display = False
            self.query_one("#trends-loading").display = True
            self.query_one("#trends-line", Static).update(
                literal(f"Last {weeks} weeks · loading…", "bold")
            )
        self._fetch(weeks, self.today(), self.capp.profile)

    @work(thread=True, exclusive=True, group="trends")
    def _fetch(self, weeks: int, end: dt.date, profile: Profile) -> None:
        from cramplog.services.trends import medicine_marks, weekly_rows

        try:
            rows = weekly_rows(self.journal, weeks, end, profile)
            marks = medicine_marks(self.journal, rows[0].week_start, end)
        except CramplogError as exc:
            self.app.call_from_thread(self._failed, exc)
            return
        self.app.call_from_thread(self._loaded, weeks, rows, marks)

    def _failed(self, exc: Exception) -> None:
        self.query_one("#trends-loading").display = False
        self.capp.report_error(exc)

    def _loaded(self, weeks: int, rows: list[WeekRow], marks: list[MedicineMark]) -> None:
        if weeks != self.weeks:
            return  # the person already asked for another period
        self.rows = rows
        self.marks = marks
        self.loaded_weeks = weeks
        self.query_one("#trends-loading").display = False
        self._draw()

    # --- drawing -----------------------------------------------------------------

    def _grid_mode(self) -> bool:
        return self.size.width >= GRID_MIN[0] and self.size.height >= GRID_MIN[1]

    def _draw(self) -> None:
        rows = self.rows
        if self.loaded_weeks != self.weeks:
            self._show_choice()
            return  # still loading: the rows in hand are another period's
        days = sum(r.days_logged for r in rows)
        start = rows[0].week_start if rows else self.today()
        self.query_one("#trends-line", Static).update(
            literal(
                f"Last {self.weeks} weeks, {start.isoformat()} to {self.today().isoformat()}"
                f" · {counted(days, 'day')} logged",
                "bold",
            )
        )
        self._show_choice()
        empty = days == 0
        self.query_one("#trends-empty").display = empty
        charts = self.query_one("#charts", Grid)
        charts.display = not empty
        summary_box = self.query_one("#trends-summary", Static)
        summary_box.display = not empty
        if empty:
            return
        grid = self._grid_mode()
        charts.set_class(grid, "all")
        # The grid's own size may not be laid out yet after a class change.
        width = self.size.width // (2 if grid else 1)
        for chart, _, _ in CHARTS:
            plot = self.query_one(f"#chart-{chart}", PlotextPlot)
            plot.display = grid or chart == self.chart
            if plot.display:
                draw_chart(plot.plt, rows, chart, width, self.marks)
                plot.refresh()
        said = marks_line(rows, self.marks)
        summary_box.update(summary(rows, self.chart) + (f"\n{said}" if said else ""))

    def _show_choice(self) -> None:
        text = Text()
        for chart, key, short in CHARTS:
            style = "reverse bold" if chart == self.chart and not self._grid_mode() else ""
            text.append(f" {key}", style=style or "bold")
            text.append(f" {short} ", style=style)
        # Compact periods: every chart's key and the periods fit 80 columns.
        text.append(" │")
        for key, weeks in PERIODS:
            style = "reverse bold" if weeks == self.weeks else ""
            text.append(f" {key}", style=style or "bold")
            text.append(f" {weeks}wk", style=style)
        self.query_one("#trends-choice", Static).update(text)

    def on_resize(self, event: events.Resize) -> None:
        self._draw()

    # --- actions -----------------------------------------------------------------

    def action_period(self, weeks: int) -> None:
        if weeks == self.weeks and self.loaded_weeks == weeks:
            return
        self.weeks = weeks
        self._show_choice()
        self._load(weeks)

    def action_chart(self, chart: str) -> None:
        self.chart = chart
        self._draw()
        self._show_choice()

    def action_cycle(self, step: int) -> None:
        names = [c for c, _, _ in CHARTS]
        self.action_chart(names[(names.index(self.chart) + step) % len(names)])
