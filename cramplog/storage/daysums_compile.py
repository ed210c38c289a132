"""Writes :mod:`cramplog.storage.daysums_sql`: the day sums' SQL as plain text.

The app's first figures are read with the standard library's sqlite3 before
SQLAlchemy is loaded (:mod:`cramplog.services.first_figures`). That SQL is not
written by hand: it is :func:`cramplog.storage.daysums.daily_statements` (and
the profile's SELECT) compiled for SQLite, kept in a generated module, and a
test compiles them again and compares. After changing the day sums or the
models, run::

    python -m cramplog.storage.daysums_compile
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects import sqlite

from cramplog.storage.daysums import daily_statements
from cramplog.storage.models import ProfileRow
from cramplog.storage.schema import HEAD

TARGET = Path(__file__).with_name("daysums_sql.py")
# Stand-ins for the first and last day: every bound date is one of the two.
_LO, _HI = dt.date(1001, 1, 1), dt.date(1002, 2, 2)

HEADER = '''# ruff: noqa: E501
"""The day sums' SQL for SQLite, with its parameters (generated: do not edit).

Written by ``python -m cramplog.storage.daysums_compile`` from
``cramplog.storage.daysums.daily_statements``, ``select(ProfileRow)`` and the
schema's head revision;
tests/unit/core/test_first_figures.py fails when they and this module differ.
Each statement: (SQL with ``?`` placeholders, its parameters in order), where
``LO`` and ``HI`` stand for the first and last day (ISO text).
"""

from __future__ import annotations

LO = "<first day>"
HI = "<last day>"
'''


def _compiled(statement: Any) -> tuple[str, tuple[Any, ...]]:
    compiled = statement.compile(
        dialect=sqlite.dialect(paramstyle="qmark"),
        compile_kwargs={"render_postcompile": True},
    )
    params: list[Any] = []
    for name in compiled.positiontup or ():
        value = compiled.params[name]
        if isinstance(value, dt.date):
            if value not in (_LO, _HI):
                raise ValueError(f"a date other than the range's ends in the day sums: {value}")
            params.append(_LO if value == _LO else _HI)
        elif value is None or isinstance(value, str | int | float):
            params.append(value)
        else:
            raise ValueError(f"a parameter the generated module cannot hold: {value!r}")
    return str(compiled), tuple(params)


def _literal(value: Any) -> str:
    if value == _LO and isinstance(value, dt.date):
        return "LO"
    if value == _HI and isinstance(value, dt.date):
        return "HI"
    return repr(value)


def module_text() -> str:
    """The generated module's text, from the statements as they are now."""
    lines = [HEADER, "", "DAY_SUMS: tuple[tuple[str, tuple[object, ...]], ...] = ("]
    for statement in daily_statements(_LO, _HI):
        sql, params = _compiled(statement)
        lines.append(f"    (\n        {sql!r},")
        lines.append(f"        ({''.join(_literal(p) + ', ' for p in params)}),\n    ),")
    lines.append(")")
    profile_sql, _ = _compiled(select(ProfileRow))
    lines += ["", f"PROFILE = {profile_sql!r}"]
    # The schema these statements were compiled against: a journal at any
    # other revision is left to the journal's own open (and its migrations).
    lines += ["", f"SCHEMA = {HEAD!r}", 'REVISION = "SELECT version_num FROM alembic_version"', ""]
    return "\n".join(lines)


def main() -> None:
    TARGET.write_text(module_text(), encoding="utf-8")
    print(f"wrote {TARGET}; now: ruff format {TARGET}")


if __name__ == "__main__":
    main()
