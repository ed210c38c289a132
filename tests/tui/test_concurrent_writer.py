"""The app and a command-line process writing the same journal at once."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from cramplog.domain import Cramp, Drink
from cramplog.services import Journal
from tests.waiting import DEADLINE, Lines

from .conftest import TODAY, AppFactory

# Logs drinks through the real command line as fast as it can until the stop
# file appears; says "writing" once the first one is saved.
WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from click.testing import CliRunner
    from cramplog.cli import cli, load_extensions

    load_extensions()
    runner = CliRunner()
    stop = Path(sys.argv[2])
    done = 0
    while not stop.exists():
        result = runner.invoke(cli, ["--db", sys.argv[1], "log", "drink",
                                     "--at", "2026-03-18T08:00+01:00"])
        if result.exit_code != 0:
            print("FAILED", result.output, flush=True)
            sys.exit(1)
        done += 1
        if done == 1:
            print("writing", flush=True)
    print(done, flush=True)
    """
)


@pytest.mark.slow
async def test_the_app_and_the_command_line_write_at_once(
    empty_path: Path, make_app: AppFactory, tmp_path: Path
) -> None:
    Journal.open(empty_path).close()
    stop = tmp_path / "stop-writing"
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(empty_path), str(stop)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    out, err = Lines(writer.stdout), Lines(writer.stderr)
    app = make_app(empty_path)
    errors: list[str] = []
    try:
        # The app writes only once the command line is writing, however slowly
        # a busy machine starts it, and the command line goes on until the app is done.
        out.wait_for(lambda seen: "writing" in seen, what="the command line to write")
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
        stop.touch()
        try:
            writer.wait(timeout=DEADLINE)
        finally:
            writer.kill()
    printed = out.rest()
    assert writer.returncode == 0, printed + err.rest()
    written = int(printed[-1])
    assert errors == []
    journal = Journal.open(empty_path)
    try:
        day = journal.day(TODAY)
    finally:
        journal.close()
    assert sum(isinstance(e, Cramp) for e in day) == 10
    assert sum(isinstance(e, Drink) for e in day) == written > 0
