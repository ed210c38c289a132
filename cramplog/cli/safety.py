"""Commands that keep the journal safe: backup, backups, restore, doctor.

None of them opens the journal through ``Journal.open``: a backup must copy
the file as it is (not upgrade it first), restore and doctor must work on a
journal that cannot be opened at all.
"""

from __future__ import annotations

import json

import click

from cramplog.cli.context import AppContext, pass_app
from cramplog.terminal_text import counted, escape_json, scrub


def _entries(n: int) -> str:
    return counted(n, "entry", "entries")


def _size(n: int) -> str:
    return f"{n / 1024:.0f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MB"


@click.command("backup")
# PATH as typed: a trailing "/" names a folder, which must exist.
@click.argument("path", required=False, type=click.Path(path_type=str))
@click.option("--force", is_flag=True, help="Replace PATH if it exists.")
@pass_app
def backup_cmd(app: AppContext, path: str | None, force: bool) -> None:
    """Back up the journal to PATH (a file or folder; default: the backups folder)."""
    from cramplog.storage.backup import backup_now
    from cramplog.storage.file_check import summarize

    written = backup_now(app.db_path, path, overwrite=force)
    summary = summarize(written)
    click.echo(scrub(f"backed up {_entries(summary.entries)} to {written}"))


@click.command("backups")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_app
def backups_cmd(app: AppContext, as_json: bool) -> None:
    """List the journal's backups with their dates and entry counts."""
    from cramplog.paths import backups_dir
    from cramplog.storage.backups_folder import list_backups

    found = list_backups(app.db_path)
    if as_json:
        click.echo(json.dumps([b.to_dict() for b in found], indent=1))
        return
    if not found:
        click.echo(
            scrub(f"no backups yet in {backups_dir(app.db_path)}; make one with `cramplog backup`")
        )
        return
    # Any file in the folder is listed, whatever its name.
    click.echo(scrub(f"backups of {app.db_path} in {backups_dir(app.db_path)}:"))
    for b in found:
        entries = "unreadable" if b.entries is None else f"{_entries(b.entries):>13}"
        click.echo(
            f"  {b.created:%Y-%m-%d %H:%M}  {b.kind:<11}  {entries}"
            f"  {_size(b.size):>8}  {scrub(b.path.name)}"
        )


@click.command("restore")
@click.argument("backup")
@click.option(
    "--force", is_flag=True, help="Restore even a backup with far fewer entries than the journal."
)
@pass_app
def restore_cmd(app: AppContext, backup: str, force: bool) -> None:
    """Replace the journal with BACKUP (a path, or a name from `cramplog backups`).

    The journal as it is now is backed up first.
    """
    from cramplog.storage.restore import find_backup, restore_backup

    result = restore_backup(app.db_path, find_backup(app.db_path, backup), force=force)
    click.echo(
        scrub(
            f"restored {_entries(result.entries)} from {result.restored_from} into {result.journal}"
        )
    )
    if result.saved_as is not None:
        before = (
            "" if result.previous_entries is None else f" ({_entries(result.previous_entries)})"
        )
        click.echo(scrub(f"the journal as it was{before} is kept at {result.saved_as}"))


@click.command("doctor")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_app
@click.pass_context
def doctor_cmd(ctx: click.Context, app: AppContext, as_json: bool) -> None:
    """Check the journal and its backups, changing nothing; exit 1 if something is wrong."""
    from cramplog.services.doctor import diagnose

    report = diagnose(app.db_path)
    if as_json:
        click.echo(escape_json(json.dumps(report.to_dict(), indent=1, ensure_ascii=False)))
    else:
        for line in report.lines:
            click.echo(scrub(line))
    if not report.ok:
        ctx.exit(1)


def register(cli: click.Group) -> None:
    for command in (backup_cmd, backups_cmd, restore_cmd, doctor_cmd):
        cli.add_command(command)
