"""The revision constants that let a journal at head open without importing Alembic."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from cramplog.storage.schema import (
    HEAD,
    REVISIONS,
    head_revision,
    known_revisions,
    open_database,
    script_revisions,
)


def test_constants_match_the_migration_scripts() -> None:
    revisions, head = script_revisions()
    assert tuple(revisions) == REVISIONS
    assert head == HEAD == head_revision() == REVISIONS[-1]
    assert known_revisions() == set(REVISIONS)


def test_opening_a_journal_at_head_does_not_import_alembic(tmp_path: Path) -> None:
    db = tmp_path / "journal.sqlite3"
    created = open_database(db)
    assert created.created
    created.database.engine.dispose()
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from cramplog.storage.schema import open_database\n"
        f"opened = open_database(Path({str(db)!r}))\n"
        "assert not opened.created and opened.upgraded_from is None\n"
        "opened.database.engine.dispose()\n"
        "assert 'alembic' not in sys.modules, 'alembic imported for a journal at head'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)
