"""The clinician report as a PDF (fpdf2): page 1 summary, page 2 charts, appendix."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import MethodReturnValue

from cramplog.report import model as m
from cramplog.report import page_one as p1
from cramplog.report import tables as t
from cramplog.report.chart_process import ChartJob, Drawer, InProcess
from cramplog.report.model import ReportData
from cramplog.terminal_text import scrub

Progress = Callable[[float, str], None]

FONT = "DejaVu"
INK = (20, 20, 20)
MUTED = (90, 90, 90)
HEAD_FILL = (225, 225, 225)
PATIENT_FILL = (242, 242, 242)
FLAG_FILL = (255, 236, 200)
RULE = (150, 150, 150)
# A table row: its line height and the room above and below its text (mm).
_ROW_LINE = 3.8
_ROW_PAD = 0.8
# mm between the margins of an A4 page: every full-width table and image.
TEXT_WIDTH = 182


def _font_dir() -> Path:
    # matplotlib ships DejaVu Sans: a Unicode font (µ, ≥, en dash) with no
    # extra dependency and no network fetch.
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


class ReportPDF(FPDF):
    def __init__(self, title: str) -> None:
        super().__init__(format="A4", unit="mm")
        self.report_title = title
        fonts = _font_dir()
        self.add_font(FONT, "", str(fonts / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(fonts / "DejaVuSans-Bold.ttf"))
        self.set_margins(14, 12, 14)
        self.set_auto_page_break(True, margin=14)
        self.set_text_color(*INK)
        self.set_title(title)
        self.set_creator("cramplog")

    def normalize_text(self, text: str) -> str:
        # Every string fpdf draws passes here: control characters and bidi
        # overrides in stored text show as escapes, as everywhere in cramplog.
        return str(super().normalize_text(scrub(text, keep_newlines=True)))

    def footer(self) -> None:
        self.set_y(-11)
        self.set_font(FONT, "", 7)
        self.set_text_color(*MUTED)
        self.cell(0, 5, f"{self.report_title} · {m.DISCLAIMER} · page {self.page_no()}", align="C")
        self.set_text_color(*INK)

    def heading(self, text: str, size: float = 11) -> None:
        self.set_font(FONT, "B", size)
        self.cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
        self.set_font(FONT, "", 8.5)

    def para(self, text: str, size: float = 8.5, style: str = "") -> None:
        self.set_font(FONT, style, size)
        self.multi_cell(0, 4.2, text, align="L", new_x="LMARGIN", new_y="NEXT")

    def rows(
        self,
        head: Sequence[str] | None,
        body: Sequence[Sequence[str]],
        widths: Sequence[float],
        size: float = 7.5,
    ) -> None:
        """A table with lines between rows; the head repeats on every page it spans.

        Drawn cell by cell rather than with ``FPDF.table``: most cells fit on
        one line, and measuring a string once is a fraction of the cost of
        fpdf's line breaker, which is kept for the cells that need it. The
        report's tables are most of its layout time.
        """
        self.set_font(FONT, "", size)
        margin, self.c_margin = self.c_margin, _ROW_PAD
        try:
            self._rows(head, body, widths)
        finally:
            self.c_margin = margin
        self.ln(1.5)

    def _rows(
        self, head: Sequence[str] | None, body: Sequence[Sequence[str]], widths: Sequence[float]
    ) -> None:
        # Rows break pages here, never inside a cell (fpdf's own break would
        # put each cell of a row at the foot of a page on a page of its own).
        auto = self.auto_page_break
        self.set_auto_page_break(False, margin=self.b_margin)
        try:
            first = True
            for values in body:
                lines = self._cell_lines(values, widths)
                height = _ROW_LINE * max(len(cell) for cell in lines) + 2 * _ROW_PAD
                # The head is drawn with the first row it heads, on the same page.
                room = height + (self._head_height(head, widths) if first else 0.0)
                if self.get_y() + room > self.page_break_trigger:
                    self.add_page()
                    first = True
                if first and head is not None:
                    self._row(head, widths, bold=True)
                first = False
                self._draw_row(lines, widths, height, bold=False)
        finally:
            self.set_auto_page_break(auto, margin=self.b_margin)

    def _head_height(self, head: Sequence[str] | None, widths: Sequence[float]) -> float:
        if head is None:
            return 0.0
        style = self.font_style
        self.set_font(style="B")
        lines = self._cell_lines(head, widths)
        self.set_font(style=style)
        return _ROW_LINE * max(len(cell) for cell in lines) + 2 * _ROW_PAD

    def _cell_lines(self, values: Sequence[str], widths: Sequence[float]) -> list[list[str]]:
        cells: list[list[str]] = []
        for text, width in zip(values, widths, strict=True):
            text = self.normalize_text(str(text))
            if "\n" not in text and self.get_string_width(text) <= width - 2 * self.c_margin:
                cells.append([text])
            else:
                wrapped = self.multi_cell(
                    width, _ROW_LINE, text, dry_run=True, output=MethodReturnValue.LINES
                )
                cells.append([str(line) for line in wrapped] if isinstance(wrapped, list) else [""])
        return cells

    def _row(self, values: Sequence[str], widths: Sequence[float], *, bold: bool) -> None:
        style = self.font_style
        self.set_font(style="B" if bold else "")
        lines = self._cell_lines(values, widths)
        height = _ROW_LINE * max(len(cell) for cell in lines) + 2 * _ROW_PAD
        self._draw_row(lines, widths, height, bold=bold)
        self.set_font(style=style)

    def _draw_row(
        self, lines: list[list[str]], widths: Sequence[float], height: float, *, bold: bool
    ) -> None:
        x, y = self.l_margin, self.get_y()
        if bold:
            with self.local_context(fill_color=HEAD_FILL):
                self.rect(x, y, sum(widths), height, style="F")
        for cell, width in zip(lines, widths, strict=True):
            for i, line in enumerate(cell):
                self.set_xy(x, y + _ROW_PAD + i * _ROW_LINE)
                self.cell(width, _ROW_LINE, line)
            x += width
        with self.local_context(draw_color=RULE, line_width=0.2):
            self.line(self.l_margin, y + height, self.l_margin + sum(widths), y + height)
        self.set_xy(self.l_margin, y + height)


def chart_jobs(data: ReportData) -> list[ChartJob]:
    """The charts this report draws, with the numbers they are drawn from."""
    if data.too_little_data:
        return []
    from cramplog.report.chart_layout import PANEL_PARTS, PANEL_SIZE, medicine_events

    jobs: list[ChartJob] = []
    if p1.has_ratios(data):
        jobs.append(("forest", (data.analysis["findings"], p1.comparisons(data))))
    events = medicine_events(data.medicines)
    for part in range(PANEL_PARTS):
        jobs.append((f"panel:{part}", (data.weekly, PANEL_SIZE, events, part, PANEL_PARTS)))
    return jobs


@dataclass(frozen=True)
class _Slot:
    """Room kept on a page for a chart drawn meanwhile."""

    page: int
    x: float
    y: float
    w: float


def render_pdf(
    data: ReportData, progress: Progress | None = None, drawer: Drawer | None = None
) -> bytes:
    """The report as PDF bytes; ``drawer`` draws its charts (default: here, when placed)."""

    def step(fraction: float, what: str) -> None:
        if progress is not None:
            progress(fraction, what)

    # The charts are asked for first and placed last: a drawing process
    # (cramplog.report.chart_process) draws them while the text is laid out.
    pending = (drawer or InProcess()).submit(chart_jobs(data))
    title = f"cramplog report {data.start.isoformat()} to {data.end.isoformat()}"
    pdf = ReportPDF(title)
    step(0.35, "summary")
    _summary_page(pdf, data)
    slots: dict[str, _Slot] = {}
    if not data.too_little_data:
        if p1.has_ratios(data):
            slots["forest"] = _forest(pdf, data)
        slots.update(_charts_page(pdf))
    if data.trial is not None:
        _trial(pdf, data)
    step(0.6, "appendix")
    _appendix(pdf, data)
    step(0.8, "charts")
    images = pending.result()
    last = pdf.page
    for name, slot in slots.items():
        pdf.page = slot.page
        pdf.image(images[name], x=slot.x, y=slot.y, w=slot.w)
    pdf.page = last
    step(0.95, "writing")
    return bytes(pdf.output())


def _box(pdf: ReportPDF, lines: Sequence[str], fill: tuple[int, int, int], bold: bool) -> None:
    pdf.set_font(FONT, "B" if bold else "", 8.5)
    # A local fill colour: the tables after the box keep their own.
    with pdf.local_context(fill_color=fill):
        pdf.multi_cell(
            0, 4.4, "\n".join(lines), border=1, fill=True, padding=1, new_x="LMARGIN", new_y="NEXT"
        )
    pdf.ln(1.5)


def _summary_page(pdf: ReportPDF, data: ReportData) -> None:
    a = data.analysis
    pdf.add_page()
    pdf.set_font(FONT, "B", 14)
    pdf.cell(0, 7, "Muscle cramp journal: summary for a clinician", new_x="LMARGIN", new_y="NEXT")
    _box(pdf, p1.patient_lines(data), PATIENT_FILL, bold=False)
    pdf.set_font(FONT, "", 8)
    pdf.cell(0, 4.5, m.DISCLAIMER, new_x="LMARGIN", new_y="NEXT")
    for note in p1.assumption_lines(data):
        pdf.para(note, size=7, style="")
    pdf.ln(1)
    flags = p1.red_flag_lines(data)
    if flags:
        _box(pdf, ["Red flags recorded:", *flags], FLAG_FILL, bold=True)
    else:
        pdf.para(p1.RED_FLAG_NONE, style="B")
    if data.too_little_data:
        pdf.heading("Too little data")
        pdf.para(
            f"This period has {a['days_logged']} logged days and {len(data.episodes)}"
            " cramp episodes: too little to describe cramps or compare days. The"
            " entries that exist are listed below."
        )
    pdf.heading("Cramps")
    pdf.rows(None, p1.summary_rows(data), (28, 154))
    pdf.para(p1.trend_sentence(data))
    pdf.heading("Medicines and supplements")
    if data.medicines:
        pdf.rows(
            t.MEDICINE_HEAD,
            t.medicine_rows(data),
            (34, 18, 19, 19, 44, 34, 14),
        )
        for line in p1.medicine_sentences(data):
            pdf.para(line, style="B")
    else:
        pdf.para("None recorded.")
    pdf.heading("Intake against US reference values (last 7 days and whole period)")
    pdf.rows(t.INTAKE_HEAD, t.intake_rows(data), (17, 31, 27, 22, 23, 19, 43), size=7)
    if share := p1.supplement_line(data):
        pdf.para(share)
    pdf.para(t.INTAKE_NOTE, size=7, style="")
    for line in t.upper_sentences(data):
        pdf.para(line)
    if note := t.in_progress_line(data):
        pdf.para(note, size=7, style="")
    if note := t.imported_line(data):
        pdf.para(note, size=7, style="")
    pdf.heading("Fluids")
    pdf.para(t.fluid_line(data))
    pdf.heading("Do low days go with more cramp nights?")
    for line in p1.finding_sentences(data):
        pdf.para(line)
    if a["gate"]["passed"]:
        pdf.rows(t.FINDING_HEAD, t.finding_rows(data), (52, 24, 24, 34, 12, 36), size=7)


def _forest(pdf: ReportPDF, data: ReportData) -> _Slot:
    """The ratios at a glance, on page 1 when they fit there, else at the top of page 2."""
    from cramplog.report.chart_layout import FOREST_WIDTH, forest_layout

    layout = forest_layout(data.analysis["findings"], p1.comparisons(data))
    height = TEXT_WIDTH * layout.height / FOREST_WIDTH
    if pdf.get_y() + height + 8 > pdf.h - pdf.b_margin:
        pdf.add_page()
    pdf.heading(t.RATIOS_HEADING, size=9.5)
    slot = _Slot(pdf.page, pdf.l_margin, pdf.get_y(), TEXT_WIDTH)
    pdf.set_y(pdf.get_y() + height + 1)
    return slot


def _charts_page(pdf: ReportPDF) -> dict[str, _Slot]:
    """The page of weekly charts: room for the panel's bands, one under the other."""
    from cramplog.report.chart_layout import PANEL_PARTS, PANEL_SIZE

    pdf.add_page()
    pdf.heading("Weekly trends")
    top = pdf.get_y() + 1
    band = TEXT_WIDTH * PANEL_SIZE[1] / PANEL_SIZE[0] / PANEL_PARTS
    slots = {
        f"panel:{part}": _Slot(pdf.page, pdf.l_margin, top + part * band, TEXT_WIDTH)
        for part in range(PANEL_PARTS)
    }
    pdf.set_y(top + band * PANEL_PARTS + 2)
    pdf.para(t.CHART_NOTE, size=7, style="")
    return slots


def _trial(pdf: ReportPDF, data: ReportData) -> None:
    from cramplog.report.trial_section import render

    assert data.trial is not None
    pdf.add_page()
    render(
        data.trial,
        heading=pdf.heading,
        para=pdf.para,
        note=lambda text: pdf.para(text, size=7),
        table=lambda head, body: pdf.rows(head, body, (14, 12, 44, 30, 26, 20, 36)),
    )


def _appendix(pdf: ReportPDF, data: ReportData) -> None:
    pdf.add_page()
    pdf.heading("Appendix: every cramp episode")
    if data.episodes:
        body = [t.episode_row(e, 80, data.not_counted) for e in data.episodes]
        pdf.rows(
            t.EPISODE_HEAD,
            body,
            (24, 18, 20, 9, 18, 10, 24, 20, 39),
            size=6.5,
        )
    else:
        pdf.para("No cramp episodes in this period.")
    for kind, entries in data.plain:
        heading, head, body = t.plain_section(kind, entries, data.start, data.end)
        pdf.heading(heading)
        if not entries:
            pdf.para(f"No {kind.title.lower()} logged in this period.")
            continue
        # Time (or week) and day, the fields sharing what is left, then the notes.
        share = (TEXT_WIDTH - 24 - 18 - 40) / len(kind.plain)
        pdf.rows(head, body, (24, 18, *(share,) * len(kind.plain), 40), size=6.5)
    pdf.heading("Medicine timeline")
    if data.medicines:
        pdf.rows(t.TIMELINE_HEAD, t.timeline_rows(data), (50, 30, 34, 34, 34))
        for line in p1.medicine_sentences(data):
            pdf.para(line)
        if caveats := t.caveat_line(data):
            pdf.para(caveats, size=7, style="")
    else:
        pdf.para("No medicines or supplements recorded.")
