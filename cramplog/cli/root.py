"""The root command: global options, the app when no command is given, and where
each command group is added."""

from __future__ import annotations

import importlib
import os
import sys

import click

from cramplog import __version__
from cramplog.cli.context import AppContext, CramplogGroup
from cramplog.cli.entries import delete, edit, list_entries, mark
from cramplog.cli.exchange import export, import_
from cramplog.cli.log import log
from cramplog.cli.meds import med
from cramplog.cli.profile import profile
from cramplog.paths import DB_ENV, DB_OPTION

# Command groups that import their layer's heavier modules at top; each has
# register(cli) and loads only when asked for, so `cramplog` alone (the app)
# starts without them.
EXTENSIONS = (
    "cramplog.cli.foods",
    "cramplog.cli.recipes",
    "cramplog.cli.analysis",
    "cramplog.cli.report",
    "cramplog.cli.safety",
    "cramplog.cli.trial",
)


class RootGroup(CramplogGroup):
    """The `cramplog` group: loads the extensions on the first name it does not know."""

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        found = super().get_command(ctx, cmd_name)
        if found is None and not _loaded:
            load_extensions()
            found = super().get_command(ctx, cmd_name)
        return found

    def list_commands(self, ctx: click.Context) -> list[str]:
        load_extensions()
        return super().list_commands(ctx)


@click.group(
    cls=RootGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.option(
    DB_OPTION,
    "db",
    metavar="PATH",
    envvar=DB_ENV,
    help="Journal file (default: the user data folder; env CRAMPLOG_DB).",
)
@click.version_option(__version__, prog_name="cramplog")
@click.pass_context
def cli(ctx: click.Context, db: str | None) -> None:
    """cramplog: a private, offline journal of muscle cramps, food, drinks and medicines.

    Run without a command to open the app.
    """
    ctx.obj = AppContext(db)
    ctx.call_on_close(ctx.obj.close)
    if ctx.invoked_subcommand is None:
        from cramplog.tui.launch import run_tui

        run_tui(ctx.obj.db_path)


for _command in (log, list_entries, edit, delete, mark, profile, med, export, import_):
    cli.add_command(_command)

_loaded = False


def load_extensions() -> click.Group:
    """Add the command groups listed in EXTENSIONS (once)."""
    global _loaded
    if not _loaded:
        _loaded = True
        for name in EXTENSIONS:
            try:
                module = importlib.import_module(name)
            except ModuleNotFoundError as exc:
                if exc.name != name:
                    raise
                continue
            module.register(cli)
    return cli


def main() -> None:
    try:
        cli(prog_name="cramplog")
    except SystemExit as exc:
        code = exc.code
    else:
        code = 0
    # A one-shot command is done here: its journal is closed (the context's
    # close callback) and every file it wrote is closed and synced. Tearing
    # the interpreter down would free the whole heap of pandas, SQLAlchemy and
    # fpdf objects one by one (about 0.3 s after a report) for nothing, so the
    # process ends at once. An error with a traceback never reaches here.
    if isinstance(code, str):
        click.echo(code, err=True)
        code = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BrokenPipeError:
            pass  # a reader that went away (`| head`)
        except OSError:
            code = code or 120  # what Python itself exits with when the last flush fails
    os._exit(code or 0)
