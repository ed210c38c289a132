"""The same report as one self-contained HTML file (charts inlined as SVG)."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from cramplog.domain import NUTRIENTS
from cramplog.report import model as m
from cramplog.report import page_one as p1
from cramplog.report import tables as t
from cramplog.report.model import ReportData
from cramplog.terminal_text import scrub

STYLE = """
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;color:#141414;
line-height:1.4;padding:0 1rem}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:1.6rem;border-bottom:1px solid #ccc}
table{border-collapse:collapse;width:100%;font-size:.85rem;margin:.4rem 0}
th,td{text-align:left;padding:.2rem .4rem;border-bottom:1px solid #ddd;vertical-align:top}
th{background:#e5e5e5}.note{font-style:italic;font-size:.85rem;color:#444}
.charts{display:grid;grid-template-columns:1fr 1fr;gap:.5rem}.charts svg{width:100%;height:auto}
div.patient{border:1px solid #999;background:#f2f2f2;padding:.4rem .6rem}
div.flags{border:2px solid #b36b00;background:#ffecc8;padding:.4rem .6rem;margin:.6rem 0}
.forest svg{width:100%;height:auto}
@media print{.charts{grid-template-columns:1fr 1fr}}
"""


def _e(text: object) -> str:
    # Control characters and bidi overrides in stored text are shown as
    # escapes: a bidi override would reorder the text around it on the page.
    return html.escape(scrub(text, keep_newlines=True), quote=True)


def _table(head: Sequence[str] | None, body: Sequence[Sequence[str]]) -> str:
    parts = ["<table>"]
    if head:
        parts.append("<tr>" + "".join(f"<th>{_e(h)}</th>" for h in head) + "</tr>")
    for row in body:
        parts.append("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>")
    parts.append("</table>")
    return "".join(parts)


def _forest_svg(data: ReportData) -> str:
    from cramplog.report.charts import figure_bytes, forest_figure

    fig = forest_figure(data.analysis["findings"], p1.comparisons(data))
    return _inline(figure_bytes(fig, "svg").decode("utf-8"))


def _inline(svg: str) -> str:
    # matplotlib writes an XML prolog and doctype, which inline SVG does not need, and
    # RDF metadata naming web addresses: dropped, so the file points nowhere outside.
    return _METADATA.sub("", svg[svg.index("<svg") :])


_METADATA = re.compile(r"<metadata>.*?</metadata>\s*", re.DOTALL)


def _p(lines: Sequence[str], cls: str = "") -> list[str]:
    attr = f" class='{cls}'" if cls else ""
    return [f"<p{attr}>{_e(line)}</p>" for line in lines if line]


def render_html(data: ReportData) -> str:
    """The PDF's sections, in the PDF's order, as one file with no external references."""
    a = data.analysis
    patient = p1.patient_lines(data)
    flags = p1.red_flag_lines(data)
    out = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>cramplog report {_e(data.start)} to {_e(data.end)}</title>",
        f"<style>{STYLE}</style></head><body>",
        "<h1>Muscle cramp journal: summary for a clinician</h1>",
        "<div class='patient'>" + "<br>".join(_e(line) for line in patient) + "</div>",
        *_p([m.DISCLAIMER, *p1.assumption_lines(data)], "note"),
    ]
    if flags:
        out.append(
            "<div class='flags'><strong>Red flags recorded:</strong><ul>"
            + "".join(f"<li>{_e(line)}</li>" for line in flags)
            + "</ul></div>"
        )
    else:
        out.append(f"<p><strong>{_e(p1.RED_FLAG_NONE)}</strong></p>")
    if data.too_little_data:
        out.append(
            f"<h2>Too little data</h2><p>This period has {_e(a['days_logged'])} logged"
            f" days and {len(data.episodes)} cramp episodes: too little to describe"
            " cramps or compare days.</p>"
        )
    out.append("<h2>Cramps</h2>" + _table(None, p1.summary_rows(data)))
    out.extend(_p([p1.trend_sentence(data)]))
    out.append("<h2>Medicines and supplements</h2>")
    if data.medicines:
        out.append(_table(t.MEDICINE_HEAD, t.medicine_rows(data)))
        out.extend(f"<p><strong>{_e(line)}</strong></p>" for line in p1.medicine_sentences(data))
    else:
        out.append("<p>None recorded.</p>")
    out.append("<h2>Intake against US reference values (last 7 days and whole period)</h2>")
    out.append(_table(t.INTAKE_HEAD, t.intake_rows(data)))
    out.extend(_p([p1.supplement_line(data)]))
    out.extend(_p([t.INTAKE_NOTE], "note"))
    out.extend(_p(t.upper_sentences(data)))
    out.extend(_p([t.in_progress_line(data), t.imported_line(data)], "note"))
    out.append(f"<h2>Fluids</h2><p>{_e(t.fluid_line(data))}</p>")
    out.append("<h2>Do low days go with more cramp nights?</h2>")
    out.extend(_p(p1.finding_sentences(data)))
    if a["gate"]["passed"]:
        out.append(_table(t.FINDING_HEAD, t.finding_rows(data)))
    if not data.too_little_data:
        from cramplog.report.chart_layout import medicine_events
        from cramplog.report.charts import chart_figure, figure_bytes

        events = medicine_events(data.medicines)

        if p1.has_ratios(data):
            out.append(f"<h2>{_e(t.RATIOS_HEADING)}</h2>")
            out.append(f"<div class='forest'>{_forest_svg(data)}</div>")
        out.append("<h2>Weekly trends</h2><div class='charts'>")
        for name in ("cramps", "fluids", *NUTRIENTS, "severity"):
            fig = chart_figure(name, data.weekly, events)
            out.append(_inline(figure_bytes(fig, "svg").decode("utf-8")))
        out.append("</div>")
        out.extend(_p([t.CHART_NOTE], "note"))
    if data.trial is not None:
        from cramplog.report.trial_section import render

        render(
            data.trial,
            heading=lambda text: out.append(f"<h2>{_e(text)}</h2>"),
            para=lambda text: out.extend(_p([text])),
            note=lambda text: out.extend(_p([text], "note")),
            table=lambda head, body: out.append(_table(head, body)),
        )
    out.append("<h2>Appendix: every cramp episode</h2>")
    if data.episodes:
        rows = [t.episode_row(e, not_counted=data.not_counted) for e in data.episodes]
        out.append(_table(t.EPISODE_HEAD, rows))
    else:
        out.append("<p>No cramp episodes in this period.</p>")
    for kind, entries in data.plain:
        heading, head, rows = t.plain_section(kind, entries, data.start, data.end)
        out.append(f"<h2>{_e(heading)}</h2>")
        if entries:
            out.append(_table(head, rows))
        else:
            out.append(f"<p>No {_e(kind.title.lower())} logged in this period.</p>")
    out.append("<h2>Medicine timeline</h2>")
    if data.medicines:
        out.append(_table(t.TIMELINE_HEAD, t.timeline_rows(data)))
        out.extend(_p(p1.medicine_sentences(data)))
        out.extend(_p([t.caveat_line(data)], "note"))
    else:
        out.append("<p>No medicines or supplements recorded.</p>")
    out.append("</body></html>")
    return "\n".join(out)
