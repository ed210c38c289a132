"""The report's charts: the forest plot, shared x-range, years on ticks, medicine lines."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import matplotlib.dates as mdates
import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

from cramplog.analysis import weekly_aggregates
from cramplog.demo import generate_demo
from cramplog.domain import NUTRIENTS
from cramplog.report.charts import (
    FIGURES,
    chart_figure,
    chart_frame,
    forest_figure,
    trend_panel,
)
from cramplog.services import Journal

END = dt.date(2026, 3, 1)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Journal]:
    journal = Journal.open(tmp_path_factory.mktemp("charts") / "demo.sqlite3")
    generate_demo(journal.db, days=400, seed=5, end=END)
    yield journal
    journal.close()


def _tick_labels(ax: Any) -> list[str]:
    FigureCanvasAgg(ax.figure).draw()  # type: ignore[no-untyped-call]  # tick labels exist only once drawn
    return [t.get_text() for t in ax.get_xticklabels() if t.get_text()]


def test_forest_draws_each_ratio_and_interval_and_the_line_at_one() -> None:
    findings: list[dict[str, Any]] = [
        {"exposure": "a", "description": "Low-fluid days", "risk_ratio": 1.8, "ci_low": 1.1,
         "ci_high": 2.9, "label": "possible pattern"},
        {"exposure": "b", "description": "Alcohol days", "risk_ratio": None, "ci_low": None,
         "ci_high": None, "label": "not enough data"},
    ]  # fmt: skip
    comparisons: list[dict[str, Any]] = [
        {"name": "atorvastatin", "rate_ratio": 0.27, "ci_low": 0.08, "ci_high": 0.76,
         "label": "possible pattern"},
    ]  # fmt: skip
    fig = forest_figure(findings, comparisons)
    ax = fig.axes[0]
    assert ax.get_xscale() == "log"
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["Low-fluid days", "Atorvastatin: after vs before"]
    ticks = dict(zip(labels, ax.get_yticks(), strict=True))
    lines = [np.asarray(line.get_xydata(), dtype=float) for line in ax.lines]
    # The line at 1 spans the plot.
    assert any((xy[:, 0] == 1.0).all() and len(xy) == 2 for xy in lines)
    for label, (ratio, low, high) in (
        ("Low-fluid days", (1.8, 1.1, 2.9)),
        ("Atorvastatin: after vs before", (0.27, 0.08, 0.76)),
    ):
        y = ticks[label]
        assert any(xy.tolist() == [[low, y], [high, y]] for xy in lines), label
        assert any(xy.tolist() == [[ratio, y]] for xy in lines), label
    # The row without an estimate is said in words, not drawn.
    texts = " ".join(t.get_text() for t in fig.texts)
    assert "Not enough data: Alcohol days" in texts


def test_all_charts_share_one_x_range_from_the_first_logged_week(demo: Journal) -> None:
    # The window asks for 50 days before the journal began.
    start = END - dt.timedelta(days=449)
    weekly = weekly_aggregates(demo.db, demo.profile(), start, END, today=END)
    shown = chart_frame(weekly)
    assert int(shown["days_logged"].iloc[0]) > 0
    assert len(shown) < len(weekly)
    panel = [ax for ax in trend_panel(weekly).axes if ax.axison]
    assert len(panel) == 3 + len(NUTRIENTS)  # cramps, severity, fluids, the nutrients
    ranges = {tuple(round(v, 6) for v in ax.get_xlim()) for ax in panel}
    assert len(ranges) == 1
    left = mdates.num2date(ranges.pop()[0]).date()  # type: ignore[no-untyped-call]
    first_week = shown["week_start"].iloc[0].date()
    assert first_week - dt.timedelta(days=4) <= left < first_week
    alone = {
        tuple(round(v, 6) for v in make(weekly).axes[0].get_xlim()) for make in FIGURES.values()
    }
    assert len(alone) == 1


def test_date_ticks_carry_the_year_across_a_year_boundary(demo: Journal) -> None:
    across = weekly_aggregates(demo.db, demo.profile(), dt.date(2025, 12, 1), END, today=END)
    within = weekly_aggregates(demo.db, demo.profile(), dt.date(2026, 1, 5), END, today=END)
    labels = _tick_labels(FIGURES["cramps"](across).axes[0])
    assert labels and all(any(y in t for y in ("2025", "2026")) for t in labels), labels
    assert not any("2026" in t for t in _tick_labels(FIGURES["cramps"](within).axes[0]))


def test_medicine_starts_are_marked_on_the_cramp_chart(demo: Journal) -> None:
    weekly = weekly_aggregates(demo.db, demo.profile(), END - dt.timedelta(days=89), END, today=END)
    day = END - dt.timedelta(days=30)
    fig = trend_panel(weekly, events=[(day, "Atorvastatin start")])
    cramps = fig.axes[0]
    assert any([*np.asarray(line.get_xdata())] == [day, day] for line in cramps.lines)
    legend = cramps.get_legend()
    assert legend is not None
    assert any(t.get_text().startswith("1: Atorvastatin start") for t in legend.get_texts())
    # The single charts of the HTML report mark them the same way.
    alone = chart_figure("cramps", weekly, [(day, "Atorvastatin start")]).axes[0]
    assert any([*np.asarray(line.get_xdata())] == [day, day] for line in alone.lines)
    legend = alone.get_legend()
    assert legend is not None
    assert any(t.get_text().startswith("1: Atorvastatin start") for t in legend.get_texts())


def test_low_fluid_counts_over_a_year_touch_no_line_bar_or_each_other(demo: Journal) -> None:
    weekly = weekly_aggregates(
        demo.db, demo.profile(), END - dt.timedelta(days=364), END, today=END
    )
    fig = trend_panel(weekly)
    fluids = fig.axes[2]
    canvas = FigureCanvasAgg(fig)
    canvas.draw()  # type: ignore[no-untyped-call]
    renderer = canvas.get_renderer()  # type: ignore[no-untyped-call]
    counts = [t for t in fluids.texts if t.get_text().isdigit()]
    assert len(counts) > 20
    boxes = [t.get_window_extent(renderer) for t in counts]
    for i, box in enumerate(boxes):
        assert not any(box.overlaps(other) for other in boxes[i + 1 :]), counts[i].get_text()
    lowest = min(box.y0 for box in boxes)
    for line in fluids.lines:
        ys = np.asarray(line.get_ydata(), dtype=float)
        if len(ys):  # legend-only handles have no data
            assert fluids.transData.transform((0, ys.max()))[1] < lowest
    for bar in fluids.patches:
        assert bar.get_window_extent(renderer).y1 < lowest
