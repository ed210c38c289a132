"""The same report as one self-contained HTML file (charts inlined as SVG)."""

from __future__ import annotations

import html
from collections.abc import Sequence

from cramplog.domain import NUTRIENTS
from cramplog.report import model as m
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


def render_html(data: ReportData) -> str:
    a = data.analysis
    out = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>cramplog report {_e(data.start)} to {_e(data.end)}</title>",
        f"<style>{STYLE}</style></head><body>",
        "<h1>Muscle cramp journal: summary for a clinician</h1>",
        f"<p>Period {_e(data.start)} to {_e(data.end)}, {_e(a['days_logged'])} days logged"
        f" · {_e(m.profile_line(data))}</p>",
        f"<p class='note'>{_e(m.DISCLAIMER)}</p>",
        *(f"<p class='note'>{_e(note)}</p>" for note in m.assumption_lines(data)),
    ]
    if data.too_little_data:
        out.append(
            f"<h2>Too little data</h2><p>This period has {_e(a['days_logged'])} logged"
            f" days and {len(data.episodes)} cramp episodes: too little to describe"
            " cramps or compare days.</p>"
        )
    out.append("<h2>Cramps</h2>" + _table(None, m.summary_rows(data)))
    out.append("<h2>Medicines and supplements</h2>")
    out.append(
        _table(m.MEDICINE_HEAD, m.medicine_rows(data))
        if data.medicines
        else "<p>None recorded.</p>"
    )
    out.append("<h2>Intake against US reference values (last 7 days and whole period)</h2>")
    out.append(_table(m.INTAKE_HEAD, m.intake_rows(data)))
    out.extend(f"<p>{_e(line)}</p>" for line in m.upper_sentences(data))
    if note := m.in_progress_line(data):
        out.append(f"<p class='note'>{_e(note)}</p>")
    out.append(f"<h2>Fluids</h2><p>{_e(m.fluid_line(data))}</p>")
    out.append("<h2>Do low days go with more cramp nights?</h2>")
    out.extend(f"<p>{_e(line)}</p>" for line in m.finding_sentences(data))
    if a["gate"]["passed"]:
        out.append(_table(m.FINDING_HEAD, m.finding_rows(data)))
    if not data.too_little_data:
        from cramplog.report.charts import FIGURES, figure_bytes

        out.append("<h2>Weekly trends</h2><div class='charts'>")
        for name in ("cramps", "fluids", *NUTRIENTS, "severity"):
            svg = figure_bytes(FIGURES[name](data.weekly), "svg").decode("utf-8")
            # matplotlib writes an XML prolog and doctype; inline SVG needs neither.
            out.append(svg[svg.index("<svg") :])
        out.append("</div>")
    out.append("<h2>Appendix: every cramp episode</h2>")
    out.append(
        _table(
            (
                "Time",
                "Night of",
                "Where",
                "Severity",
                "Duration",
                "Woke",
                "Relieved by",
                "Flags",
                "Notes",
            ),
            [m.episode_row(e) for e in data.episodes],
        )
    )
    for kind, entries in data.plain:
        out.append(f"<h2>{html.escape(kind.title)} as logged</h2>")
        out.append(_table(*m.plain_table(kind, entries)))
    out.append("</body></html>")
    return "\n".join(out)
