"""`cramplog` with no command opens the app without loading the command line."""

from __future__ import annotations

import subprocess
import sys

import pytest

from cramplog.entry import app_only


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], (True, None)),
        (["--db", "j.sqlite3"], (True, "j.sqlite3")),
        (["--db=j.sqlite3"], (True, "j.sqlite3")),
        (["--db=~/j.sqlite3"], (True, "~/j.sqlite3")),
        (["--help"], (False, None)),
        (["--version"], (False, None)),
        (["--db", "j.sqlite3", "list"], (False, None)),
        (["--db", "--help"], (False, None)),
        (["list"], (False, None)),
        (["--db"], (False, None)),
    ],
)
def test_only_a_journal_opens_the_app_directly(
    args: list[str], expected: tuple[bool, str | None]
) -> None:
    assert app_only(args) == expected


def test_the_app_path_loads_no_click() -> None:
    # What `cramplog --db X` imports before the app runs: the app, not the command line.
    code = (
        "import sys\n"
        "import cramplog.entry, cramplog.paths, cramplog.tui.launch\n"
        "assert 'click' not in sys.modules, 'click'\n"
        "assert 'cramplog.cli' not in sys.modules, 'cramplog.cli'\n"
        "assert 'platformdirs' not in sys.modules, 'platformdirs'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


def test_anything_else_is_the_command_line() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "cramplog", "--version"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0 and "cramplog" in done.stdout
