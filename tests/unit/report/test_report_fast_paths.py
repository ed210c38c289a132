"""The report's faster paths give the same content as the straightforward ones."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from cramplog.demo import generate_demo
from cramplog.domain import Cramp
from cramplog.report.charts import figure_bytes, figure_image, trend_panel
from cramplog.report.model import build_report_data
from cramplog.services import Journal

END = dt.date(2026, 3, 1)
START = END - dt.timedelta(days=89)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Journal]:
    journal = Journal.open(tmp_path_factory.mktemp("demo") / "demo.sqlite3")
    generate_demo(journal.db, days=120, seed=5, end=END)
    yield journal
    journal.close()


def test_episodes_are_the_cramps_of_the_period_in_entry_order(demo: Journal) -> None:
    data = build_report_data(demo, START, END)
    expected = tuple(e for e in demo.entries(START, END) if isinstance(e, Cramp))
    assert expected and data.episodes == expected


def test_chart_image_has_the_pixels_of_the_png(demo: Journal) -> None:
    from PIL import Image

    weekly = build_report_data(demo, START, END).weekly
    png = Image.open(io.BytesIO(figure_bytes(trend_panel(weekly), "png", dpi=120)))
    image = figure_image(trend_panel(weekly), dpi=120)
    assert image.mode == "RGB" and image.size == png.size
    assert set(png.getchannel("A").tobytes()) == {255}  # opaque: RGB loses nothing
    assert image.tobytes() == png.convert("RGB").tobytes()


def test_the_panel_bands_stacked_are_the_whole_panel(demo: Journal) -> None:
    from PIL import Image

    from cramplog.report.chart_layout import PANEL_PARTS, PANEL_SIZE

    weekly = build_report_data(demo, START, END).weekly
    events = [(START + dt.timedelta(days=20), "Atorvastatin start")]
    whole = figure_image(trend_panel(weekly, PANEL_SIZE, events), dpi=120)
    bands = [
        figure_image(trend_panel(weekly, PANEL_SIZE, events, part, PANEL_PARTS), dpi=120)
        for part in range(PANEL_PARTS)
    ]
    stacked = Image.new("RGB", whole.size, "white")
    for part, band in enumerate(bands):
        stacked.paste(band, (0, part * band.height))
    assert sum(band.height for band in bands) == whole.height
    assert stacked.tobytes() == whole.tobytes()


def test_report_command_leaves_the_garbage_collector_on(tmp_path: Path) -> None:
    code = (
        "import gc, sys\n"
        "from click.testing import CliRunner\n"
        "from cramplog.cli import load_extensions\n"
        f"db = {str(tmp_path / 'j.sqlite3')!r}\n"
        f"out = {str(tmp_path / 'r.html')!r}\n"
        "result = CliRunner().invoke(load_extensions(), ['--db', db, 'report', '-o', out])\n"
        "assert result.exit_code == 0, result.output\n"
        "assert gc.isenabled()\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


# Run in a fresh, single-threaded interpreter: the drawing process is only
# forked where no other thread runs (pytest-xdist's workers have several).
_FORKED = """
import datetime as dt, os, signal, sys
from pathlib import Path
from cramplog.report.chart_process import ChartProcess, draw_here
from cramplog.report.model import build_report_data
from cramplog.report.pdf import chart_jobs
from cramplog.services import Journal

journal = Journal.open(Path(sys.argv[1]))
end = dt.date.fromisoformat(sys.argv[2])
data = build_report_data(journal, end - dt.timedelta(days=89), end)
jobs = chart_jobs(data)
assert {name for name, _ in jobs} == {"forest", "panel:0", "panel:1"}, jobs
here = {name: im.tobytes() for name, im in draw_here(jobs).items()}

process = ChartProcess.start()
assert process is not None
forked = process.submit(jobs).result()
assert {name: im.tobytes() for name, im in forked.items()} == here, "different pixels"
assert process.submit(jobs).result().keys() == forked.keys()  # a second ask draws here

lost = ChartProcess.start()
assert lost is not None
os.kill(lost._pid, signal.SIGKILL)  # a child that dies: the caller draws itself
assert {name: im.tobytes() for name, im in lost.submit(jobs).result().items()} == here

unused = ChartProcess.start()
assert unused is not None
pid = unused._pid
unused.close()  # asked nothing: stopped and reaped at once, no zombie left
try:
    os.waitpid(pid, os.WNOHANG)
except ChildProcessError:
    pass
else:
    raise AssertionError("child not reaped")
print("same")
"""


def test_charts_drawn_in_a_second_process_are_the_same_pixels(demo: Journal) -> None:
    done = subprocess.run(
        [sys.executable, "-c", _FORKED, str(demo.db.path), END.isoformat()],
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "same"


def test_a_table_starting_at_the_page_foot_moves_whole_to_the_next_page() -> None:
    from cramplog.report.pdf import ReportPDF

    pdf = ReportPDF("t")
    pdf.add_page()
    pdf.set_y(pdf.page_break_trigger - 2)  # room for no row at all
    pdf.rows(("Day", "Where", "Severity", "Notes"), [("a", "b", "c", "d")] * 3, (40, 40, 40, 62))
    assert pdf.page_no() == 2  # one new page for the head and its rows, not a page a cell
    text = bytes(pdf.output())
    assert text.count(b"/Type /Page\n") + text.count(b"/Type /Page ") >= 2


def test_a_long_note_in_a_plain_table_is_cut() -> None:
    from cramplog.report.tables import NOTE_MAX, _cut

    assert _cut("x" * 5000) == "x" * (NOTE_MAX - 1) + "\u2026"
    assert _cut("short") == "short"
