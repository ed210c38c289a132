"""Every count on page 1 reconciles with `analyze --json` and with the appendix.

Built once per demo journal (30, 180 and 400 days), with one cramp day marked
"not logged" so the appendix lists a cramp the analysis does not count.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import re
import statistics
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pypdf
import pytest

from cramplog.analysis import analyze, result_to_json
from cramplog.demo import generate_demo
from cramplog.report import model as m
from cramplog.report import page_one as p1
from cramplog.report import tables as t
from cramplog.report.build import write_report
from cramplog.report.html import render_html
from cramplog.report.model import ReportData, build_report_data
from cramplog.services import Journal

END = dt.date(2026, 3, 1)


@dataclass(frozen=True)
class Built:
    data: ReportData
    json: dict[str, Any]
    text: str  # the PDF's text, whitespace collapsed
    html: str


def _text(path: Path) -> str:
    reader = pypdf.PdfReader(path)
    return re.sub(r"\s+", " ", "\n".join(page.extract_text() for page in reader.pages))


@pytest.fixture(scope="module", params=[30, 180, 400], ids=lambda d: f"{d}d")
def built(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Built]:
    days: int = request.param
    folder = tmp_path_factory.mktemp(f"demo{days}")
    journal = Journal.open(folder / "demo.sqlite3")
    try:
        generate_demo(journal.db, days=days, seed=7, end=END)
        start = END - dt.timedelta(days=days - 1)
        cramp_days = sorted({c.journal_day for c in journal.cramps(start, END)})
        if cramp_days:
            journal.mark_day(cramp_days[len(cramp_days) // 2], "not logged")
        data = build_report_data(journal, start, END)
        analysed = result_to_json(analyze(journal.db, journal.profile(), start, END))
        path = write_report(journal, start, END, folder / "r.pdf")
        yield Built(data, analysed, _text(path), render_html(data))
    finally:
        journal.close()


def _counts_in(line: str) -> int:
    """The sum of the counts in "calf 6, foot 3, +2 other (2)"."""
    total = 0
    for part in line.split(", "):
        other = re.fullmatch(r"\+\d+ other \((\d+)\)", part)
        total += int(other.group(1)) if other else int(part.rsplit(" ", 1)[1])
    return total


def test_report_data_is_the_json(built: Built) -> None:
    assert built.data.analysis == built.json


def test_appendix_lists_every_cramp_and_marks_the_uncounted(built: Built) -> None:
    data, c = built.data, built.json["cramps"]
    assert isinstance(c, dict)
    rows = [t.episode_row(e, not_counted=data.not_counted) for e in data.episodes]
    marked = [r for r in rows if "(not counted:" in r[1]]
    assert len(rows) == c["cramps"] + len(marked)
    assert len(marked) == len(data.uncounted_episodes)
    if data.episodes:
        assert marked, "the day marked 'not logged' had a cramp"
        assert f"{len(marked)} more on days not logged" in built.text
        assert "day marked not logged" in built.text
    # Daytime and night cramps alike are dated by their journal day.
    assert "Night of" not in built.text and "Night of" not in built.html
    for e, row in zip(data.episodes, rows, strict=True):
        assert row[1].startswith(e.journal_day.isoformat())
        assert row[5] in ("yes", "no")


def test_cramp_block_matches_the_json_and_the_appendix(built: Built) -> None:
    data, c = built.data, built.json["cramps"]
    assert isinstance(c, dict)
    text = built.text
    counted = [e for e in data.episodes if e.journal_day not in data.not_counted]
    assert len(counted) == c["cramps"]
    assert (
        f"{m.fmt(c['per_week'], 1)} cramps a week; {c['cramps']} cramps on"
        f" {c['cramp_nights']} of {c['days_logged']} logged nights" in text
    )
    assert f"{built.json['days_logged']} days logged" in text
    if not counted:
        return
    rows = dict(p1.summary_rows(data))
    muscles, sides = rows["Where"].split("; side: ")
    assert _counts_in(muscles) == c["cramps"] == _counts_in(sides)
    assert sum(e.woke_from_sleep for e in counted) == c["woke_from_sleep"]
    assert f"woke from sleep {c['woke_from_sleep']}" in text
    median = statistics.median(e.severity for e in counted)
    assert median == c["severity_median"]
    assert f"median {m.num(median)}, worst {max(e.severity for e in counted)}" in text
    long = [e for e in counted if e.duration_s is not None and e.duration_s > m.LONG_CRAMP_S]
    assert f"over 10 min: {len(long)}" in text


def test_trend_red_flags_and_medicines(built: Built) -> None:
    data, a = built.data, built.json
    (n1, d1, a1, _), (n2, d2, _, b2) = p1.trend_windows(data)
    cramps = a["cramps"]
    assert isinstance(cramps, dict)
    if (a1, b2) == (data.start, data.end):  # a short period: its two halves make the whole
        assert (n1 + n2, d1 + d2) == (cramps["cramp_nights"], a["days_logged"])
    else:  # the last four weeks and the four before
        assert (b2 - a1).days + 1 == 2 * p1.TREND_DAYS and b2 == data.end
        assert n1 + n2 <= cramps["cramp_nights"] and d1 + d2 <= a["days_logged"]
    if d1 and d2:
        assert f"{7 * n1 / d1:.1f} a week ({n1} nights in {d1} logged days" in built.text
    for line in p1.red_flag_lines(data):
        assert line.split(":")[0] in built.text
    assert len(p1.red_flag_lines(data)) == len(data.red_flag_episodes)
    medicines = a["medicines"]
    assert isinstance(medicines, dict)
    for comparison in medicines["comparisons"]:
        if comparison["rate_ratio"] is not None:
            assert f"rate ratio {comparison['rate_ratio']:.2f}" in built.text
        assert f"{comparison['label']}" in built.text


def test_intake_fluids_and_supplement_share(built: Built) -> None:
    data, a = built.data, built.json
    intake = a["intake"]
    assert isinstance(intake, dict)
    assert data.daily is not None
    for key, item in intake.items():
        digits = 1 if item["unit"] == "µg" else 0
        n = item["days_in_period"]
        assert f"({n} days)" in built.text
        if item["mean_period"] is not None:
            assert f"{m.fmt(item['mean_period'], digits, item['unit'])} ({n} days)" in built.text
            # The supplement share is a part of the same period mean.
            values = data.daily[key].dropna()
            assert len(values) == n
            assert values.to_numpy(dtype=float).mean() == pytest.approx(
                item["mean_period"], rel=1e-5
            )
    fluids = a["fluids"]
    assert isinstance(fluids, dict)
    if not fluids["switched_off"]:
        assert f"{fluids['low_fluid_days']} ({m.pct(fluids['share_low_fluid'])})" in built.text


def test_no_repeated_phrases(built: Built) -> None:
    lowered = built.text.lower()
    assert "yet: not enough data yet" not in lowered
    assert lowered.count("not enough data yet to compare days") <= 1
    # No four words said twice in one sentence ("not enough data yet to …: not enough
    # data yet: …"); the list of exposures too rare to estimate names alike exposures.
    for line in (*p1.finding_sentences(built.data), *p1.medicine_sentences(built.data)):
        if line == p1.finding_gaps(built.data):
            continue
        words = re.findall(r"[\w/]+", line.lower())
        grams = [tuple(words[i : i + 4]) for i in range(len(words) - 3)]
        assert len(grams) == len(set(grams)), line


def test_html_has_every_pdf_section_and_no_external_reference(
    built: Built, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cramplog.report import pdf

    seen: list[str] = []
    heading = pdf.ReportPDF.heading

    def record(self: pdf.ReportPDF, text: str, size: float = 11) -> None:
        seen.append(text)
        heading(self, text, size)

    monkeypatch.setattr(pdf.ReportPDF, "heading", record)
    pdf.render_pdf(built.data)
    assert re.findall(r"<h2>(.*?)</h2>", built.html) == [html.escape(h) for h in seen]
    for line in (
        *p1.medicine_sentences(built.data),
        t.caveat_line(built.data),
        t.CHART_NOTE if not built.data.too_little_data else "",
    ):
        assert html.escape(line, quote=True) in built.html
    # Namespaces in the inline SVG are names, not fetches; nothing else may point outside.
    outside = re.sub(r'xmlns(:\w+)?="[^"]*"', "", built.html)
    assert not re.search(r"(src|href)\s*=\s*[\"'](?!#)|url\((?!#)|@import|https?://", outside)


def test_a_medicine_started_before_the_period_is_compared_over_earlier_days(
    tmp_path: Path,
) -> None:
    journal = Journal.open(tmp_path / "demo.sqlite3")
    try:
        generate_demo(journal.db, days=180, seed=7, end=END)
        drug = next(x for x in journal.medications() if x.drug_class is not None)
        assert drug.started_on is not None
        # The period starts the day after the statin: nothing "before" inside it.
        start = drug.started_on + dt.timedelta(days=1)
        data = build_report_data(journal, start, END)
        in_period = data.analysis["medicines"]["comparisons"][0]
        assert in_period["rate_ratio"] is None
        assert data.wider_from is not None
        wide = result_to_json(analyze(journal.db, journal.profile(), data.wider_from, END))
        again = wide["medicines"]["comparisons"][0]
        assert data.wider_comparisons[drug.name] == again
        sentence = " ".join(p1.medicine_sentences(data))
        assert f"rate ratio {again['rate_ratio']:.2f}" in sentence
        assert f"Uses logged days from {data.wider_from.isoformat()}" in sentence
        assert f"in the period alone: {in_period['label']}" in sentence
    finally:
        journal.close()


def test_patient_block_says_who_and_what_was_assumed(built: Built) -> None:
    from cramplog.domain import Profile

    named = dataclasses.replace(
        built.data,
        profile=Profile(name="Ann Example", birth_date=dt.date(1958, 4, 2), identifier="H123"),
        prepared_on=dt.date(2026, 3, 2),
    )
    first, second, third = p1.patient_lines(named)
    assert first == "Patient: Ann Example, born 1958-04-02, ID H123"
    assert second.startswith("Prepared 2026-03-02 · period ")
    assert f"{built.json['days_logged']} days logged" in second
    assert third == p1.age_sex_line(named)
    assumed = {"age": 40, "age_assumed": True, "sex": "female", "sex_assumed": True}
    blank = dataclasses.replace(
        built.data, profile=Profile(), analysis={**built.json, "profile": assumed}
    )
    lines = p1.patient_lines(blank)
    assert lines[0] == "Patient: no name, date of birth or identifier in the profile"
    assert lines[2] == (
        "Age not given (reference values assume 40), sex not given"
        " (reference values for female used)"
    )
    assert "age 40, female" not in " ".join(lines).lower()


def test_trend_is_said_in_words_from_the_two_spans(built: Built) -> None:
    (n1, d1, *_), (n2, d2, *_) = p1.trend_windows(built.data)
    sentence = p1.trend_sentence(built.data)
    assert sentence in built.text
    r1, r2 = 7 * n1 / d1, 7 * n2 / d2
    if n1 + n2 < p1.FEW_NIGHTS:
        assert "too few cramp nights to call a trend" in sentence
    elif abs(r2 - r1) < max(0.1, p1.SAME_SHARE * max(r1, r2)):
        assert "about the same" in sentence
    else:
        assert ("fewer" if r2 < r1 else "more") + " cramp nights" in sentence
    assert f"→ {r2:.1f} a week ({n2} in {d2}," in sentence
