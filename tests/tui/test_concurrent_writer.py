"""The app and a command-line process writing the same journal at once."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from cramplog.domain import Cramp, Drink
from cramplog.services import Journal

from .conftest import TODAY, AppFactory

# Logs drinks through the real command line as fast as it can until told to stop.
WRITER = textwrap.dedent(
    """
    import sys, time
    from click.testing import CliRunner
    from cramplog.cli import cli, load_extensions

    load_extensions()
    runner = CliRunner()
    done = 0
    deadline = time.monotonic() + float(sys.argv[2])
    while time.monotonic() < deadline:
        result = runner.invoke(cli, ["--db", sys.argv[1], "log", "drink",
                                     "--at", "2026-03-18T08:00+01:00"])
        if result.exit_code != 0:
            print("FAILED", result.output, flush=True)
            sys.exit(1)
        done += 1
    print(done, flush=True)
    """
)


@pytest.mark.slow
async def test_the_app_and_the_command_line_write_at_once(
    empty_path: Path, make_app: AppFactory
) -> None:
    Journal.open(empty_path).close()
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(empty_path), "4"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    app = make_app(empty_path)
    errors: list[str] = []
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            original = app.notify

            def watch(message: str, *args: object, **kwargs: object) -> None:
                if kwargs.get("severity") == "error":
                    errors.append(str(message))
                original(message, *args, **kwargs)  # type: ignore[arg-type]

            app.notify = watch  # type: ignore[method-assign]
            for _ in range(10):
                await pilot.press("c", "enter")
    finally:
        out, err = writer.communicate(timeout=120)
    assert writer.returncode == 0, out + err
    written = int(out.split()[-1])
    assert errors == []
    journal = Journal.open(empty_path)
    try:
        day = journal.day(TODAY)
    finally:
        journal.close()
    assert sum(isinstance(e, Cramp) for e in day) == 10
    assert sum(isinstance(e, Drink) for e in day) == written > 0
