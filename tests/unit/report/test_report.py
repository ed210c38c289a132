"""The clinician report: it opens, holds the analysis's own numbers, and is safe."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pypdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cramplog.analysis import analyze, result_to_json, weekly_aggregates
from cramplog.demo import generate_demo
from cramplog.domain import NUTRIENTS
from cramplog.entry_kinds import FACTORS
from cramplog.report.build import write_report
from cramplog.report.charts import FIGURES, chart_series, trend_panel
from cramplog.report.csv_export import export_csv, neutralise, to_csv
from cramplog.report.html import render_html
from cramplog.report.model import DISCLAIMER, build_report_data
from cramplog.services import Journal
from cramplog.terminal_text import scrub

END = dt.date(2026, 3, 1)
START = END - dt.timedelta(days=89)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Journal]:
    journal = Journal.open(tmp_path_factory.mktemp("demo") / "demo.sqlite3")
    generate_demo(journal.db, days=180, seed=3, end=END)
    yield journal
    journal.close()


def _pdf_text(path: Path) -> tuple[int, str]:
    reader = pypdf.PdfReader(path)
    text = "\n".join(page.extract_text() for page in reader.pages)
    return len(reader.pages), re.sub(r"\s+", " ", text)


def test_pdf_opens_with_sections_and_the_analysis_numbers(demo: Journal, tmp_path: Path) -> None:
    path = write_report(demo, START, END, tmp_path / "r.pdf")
    assert path.stat().st_mode & 0o777 == 0o600
    pages, text = _pdf_text(path)
    assert 2 <= pages <= 5
    for section in (
        "summary for a clinician",
        "Cramps",
        "Medicines and supplements",
        "Intake against US reference values",
        "Fluids",
        "Do low days go with more cramp nights?",
        "Weekly trends",
        "Appendix: every cramp episode",
        "Medicine timeline",
        DISCLAIMER,
    ):
        assert section in text, section
    # The same numbers as `cramplog analyze --json` for the same period.
    a = result_to_json(analyze(demo.db, demo.profile(), START, END))
    c = a["cramps"]
    assert f"{c['per_week']:.1f} cramps a week" in text
    assert (
        f"{c['cramps']} cramps on {c['cramp_nights']} of {c['days_logged']} logged nights" in text
    )
    assert f"{a['days_logged']} days logged" in text
    for item in a["intake"].values():
        digits = 1 if item["unit"] == "µg" else 0
        assert (
            f"{item['mean_7d']:,.{digits}f} {item['unit']} ({item['days_in_7d']} of 7 days)" in text
        )
        assert item["assessment"] in text
    assert (
        f"low-fluid days (under {a['fluids']['threshold_ml']:,.0f} ml):"
        f" {a['fluids']['low_fluid_days']}" in text
    )
    for finding in a["findings"]:
        # A finding with an estimate is a table row; the rest share one sentence.
        between = " " if finding["risk_ratio"] is not None else " against "
        counts = (
            f"{finding['exposed_cramp_nights']} of {finding['exposed_days']}{between}"
            f"{finding['unexposed_cramp_nights']} of {finding['unexposed_days']}"
        )
        assert counts in text, finding["exposure"]
    assert "Atorvastatin" in text and "statin (AAFP 2012; NICE CKS)" in text
    assert "caus" not in text.replace("associations are not causes", "").lower()


def test_report_data_is_the_analysis_output(demo: Journal) -> None:
    data = build_report_data(demo, START, END)
    assert data.analysis == result_to_json(analyze(demo.db, demo.profile(), START, END))


def test_empty_journal_gives_short_valid_report(tmp_path: Path) -> None:
    journal = Journal.open(tmp_path / "empty.sqlite3")
    try:
        path = write_report(journal, START, END, tmp_path / "empty.pdf")
    finally:
        journal.close()
    pages, text = _pdf_text(path)
    assert pages <= 2
    assert "Too little data" in text
    assert "No cramp episodes in this period" in text


def test_near_empty_journal(tmp_path: Path) -> None:
    journal = Journal.open(tmp_path / "few.sqlite3")
    try:
        journal.log_cramp(muscle="calf", side="left", at="2026-02-20T02:00+00:00")
        journal.log_drink(at="2026-02-20T10:00+00:00")
        path = write_report(journal, START, END, tmp_path / "few.pdf")
    finally:
        journal.close()
    _, text = _pdf_text(path)
    assert "Too little data" in text and "calf left" in text


def test_the_appendix_lists_day_factors_as_said(tmp_path: Path) -> None:
    journal = Journal.open(tmp_path / "factors.sqlite3")
    short = END - dt.timedelta(days=13)  # up to five weeks: every entry
    try:
        at = "2026-02-20T22:00+00:00"
        journal.log_plain(FACTORS, {"stretched": "no", "footwear": "high heels"}, at=at)
        journal.log_plain(FACTORS, {"sleep_hours": "6.5"}, at="2026-02-21T07:00+00:00")
        journal.log_plain(FACTORS, {"fatigue": "7"}, at="2026-01-10T21:00+00:00")
        pdf_path = write_report(journal, short, END, tmp_path / "f.pdf")
        html_text = render_html(build_report_data(journal, short, END))
        weekly_pdf = write_report(journal, START, END, tmp_path / "w.pdf")
        weekly_html = render_html(build_report_data(journal, START, END))
    finally:
        journal.close()
    _, text = _pdf_text(pdf_path)
    assert "Day factors as logged" in text
    assert "2026-02-20 22:00 2026-02-20 no high heels" in text
    assert "2026-02-21 07:00 2026-02-21 6.5" in text  # not said is blank, never "no"
    assert "Day factors as logged" in html_text and "high heels" in html_text
    # A longer period: one row a week (from Monday), each field as often as said.
    _, text = _pdf_text(weekly_pdf)
    assert "Day factors by week" in text and "as logged" not in text
    assert "2026-01-05 1 7" in text
    assert "2026-02-16 2 yes on 0 of 1 high heels (1 of 1) 6.5" in text
    assert "Day factors by week" in weekly_html and "high heels (1 of 1)" in weekly_html


def test_refuses_to_overwrite(demo: Journal, tmp_path: Path) -> None:
    target = tmp_path / "r.pdf"
    target.write_bytes(b"keep")
    with pytest.raises(Exception, match="already exists"):
        write_report(demo, START, END, target)
    assert target.read_bytes() == b"keep"


def test_chart_data_equals_weekly_aggregates(demo: Journal) -> None:
    weekly = weekly_aggregates(demo.db, demo.profile(), START, END)
    series = chart_series(weekly)

    def same(values: list[float | None], column: str) -> None:
        expected = [None if pd.isna(v) else float(v) for v in weekly[column]]
        assert values == expected, column

    same(series["magnesium_mg"]["mean"], "magnesium_mg_mean")
    same(series["vitamin_d_ug"]["coverage"], "vitamin_d_ug_coverage")
    same(series["fluids"]["mean"], "beverages_ml_mean")
    same(series["fluids"]["low_days"], "low_fluid_days")
    same(series["cramps"]["cramps"], "cramps")
    same(series["cramps"]["nights"], "cramp_nights")
    # The plotted line is the same data: read it back from the figure.
    fig = FIGURES["magnesium_mg"](weekly)
    # matplotlib types the data as any array-like; a line's y data is numbers.
    plotted: list[float] = np.asarray(fig.axes[0].lines[0].get_ydata(), dtype=float).tolist()
    expected = [float("nan") if v is None else v for v in series["magnesium_mg"]["mean"]]
    assert [round(v, 6) for v in plotted if v == v] == [round(v, 6) for v in expected if v == v]
    # Cramps, severity, fluids and one chart per nutrient; an odd count leaves one slot blank.
    panel = trend_panel(weekly).axes
    assert len([ax for ax in panel if ax.axison]) == 3 + len(NUTRIENTS)


def test_html_escapes_user_text(tmp_path: Path) -> None:
    journal = Journal.open(tmp_path / "h.sqlite3")
    try:
        journal.log_cramp(
            muscle="calf",
            side="left",
            at="2026-02-20T02:00+00:00",
            notes="<script>alert(1)</script>",
            relieved_by="<b>walk</b>",
        )
        data = build_report_data(journal, START, END)
    finally:
        journal.close()
    page = render_html(data)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;walk&lt;/b&gt;" in page


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_csv_formula_cells_are_neutralised(start: str) -> None:
    assert neutralise(f'{start}HYPERLINK("http://x")') == f'\'{start}HYPERLINK("http://x")'
    assert neutralise(-5) == -5  # numbers stay numbers


@pytest.mark.parametrize(("start", "shown"), [("\t", "\\t"), ("\r", "\\r"), ("\x1b", "\\x1b")])
def test_csv_control_characters_are_written_as_visible_escapes(start: str, shown: str) -> None:
    assert neutralise(f'{start}HYPERLINK("http://x")') == f'{shown}HYPERLINK("http://x")'


@settings(max_examples=150, deadline=None)
@given(st.text())
def test_no_csv_cell_can_start_a_formula(note: str) -> None:
    import csv
    import io

    text = to_csv(("notes",), [(note,)])
    [_, row] = list(csv.reader(io.StringIO(text, newline="")))
    assert not row[0].startswith(("=", "+", "-", "@", "\t", "\r"))
    shown = scrub(note, keep_newlines=True)
    assert row[0] in (shown, "'" + shown)


def test_csv_export_writes_every_table(demo: Journal, tmp_path: Path) -> None:
    demo_notes = tmp_path / "out"
    written = export_csv(demo, demo_notes)
    names = sorted(p.name for p in written)
    assert names == sorted(
        [
            "daily.csv",
            "cramps.csv",
            "foods.csv",
            "drinks.csv",
            "doses.csv",
            "activities.csv",
            "day_factors.csv",
            "imported_foods.csv",
            "medications.csv",
        ]
    )
    for path in written:
        assert path.stat().st_mode & 0o777 == 0o600
    with pytest.raises(Exception, match="already exists"):
        export_csv(demo, demo_notes)
