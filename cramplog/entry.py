"""The `cramplog` program: the app at once when no command is given, else the command line.

`cramplog` and `cramplog --db PATH` open the app: nothing else is to be
parsed, so the app starts without loading click and every command module
(a few hundredths of a second of a start-up held to 2x a bare Textual app,
benchmarks/bench_tui_startup.py). Anything else, `--help` included, goes
to the command line (`cramplog.cli`), which opens the app the same way.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from cramplog.paths import DB_OPTION


def app_only(args: Sequence[str]) -> tuple[bool, str | None]:
    """(True, the --db value or None) when ``args`` only open the app; (False, None) otherwise."""
    if not args:
        return True, None
    if len(args) == 1 and args[0].startswith(DB_OPTION + "="):
        return True, args[0].partition("=")[2]
    if len(args) == 2 and args[0] == DB_OPTION and not args[1].startswith("-"):
        return True, args[1]
    return False, None


def main() -> None:
    only, db = app_only(sys.argv[1:])
    if only:
        from cramplog.paths import resolve_db_path
        from cramplog.tui.launch import run_tui

        run_tui(resolve_db_path(db))
        return
    from cramplog.cli.root import main as command_line

    command_line()
