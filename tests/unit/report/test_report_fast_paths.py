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
