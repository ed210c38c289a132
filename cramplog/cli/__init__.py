"""The command line: `cramplog` alone opens the app; subcommands log and report.

One module per command group; ``root`` holds the `cramplog` group itself.
"""

from __future__ import annotations

from cramplog.cli.context import AppContext
from cramplog.cli.root import cli, load_extensions, main

__all__ = ["AppContext", "cli", "load_extensions", "main"]
