"""Start-up stays light: the TUI's first screen needs no pandas, matplotlib, scipy or statsmodels.

The design keeps the app's start-up close to a bare Textual app; these four
cost seconds to import. The check runs in a fresh interpreter (this test
process has long since imported them), imports what ``cramplog`` imports on
the way to the app, runs the app headless until its first screen is mounted,
and lists any of the four that got loaded, with the import that pulled each
in first.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("pandas", "matplotlib", "scipy", "statsmodels")

CHILD = r"""
import asyncio
import sys
import traceback
from pathlib import Path

HEAVY = {heavy!r}
first_import = {{}}


class Recorder:
    # Notes where each heavy package is first imported from; imports nothing.
    def find_spec(self, name, path=None, target=None):
        top = name.partition(".")[0]
        if top in HEAVY and top not in first_import:
            stack = [
                f"{{f.filename}}:{{f.lineno}} {{f.name}}"
                for f in traceback.extract_stack()
                if "importlib" not in f.filename
            ]
            first_import[top] = " <- ".join(reversed(stack[-8:]))
        return None


sys.meta_path.insert(0, Recorder())

import cramplog.cli  # noqa: E402,F401  (what `cramplog` imports first)
from cramplog.tui.app import CramplogApp  # noqa: E402


async def main() -> str:
    app = CramplogApp(Path({db!r}))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = type(app.screen).__name__
    return screen


screen = asyncio.run(main())
loaded = [name for name in HEAVY if name in sys.modules]
print("first screen:", screen)
for name in loaded:
    print(f"LOADED {{name}}: {{first_import.get(name, '(imported before the recorder)')}}")
sys.exit(1 if loaded else 0)
"""


def _run_app_headless(db: Path) -> subprocess.CompletedProcess[str]:
    code = CHILD.format(heavy=HEAVY, db=str(db))
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=180)


def _demo_journal(path: Path) -> Path:
    """A few weeks of made-up entries, past the welcome screen: the everyday start-up."""
    from cramplog.services import Journal

    demo = ["demo", "--days", "21", "--seed", "3"]
    subprocess.run(
        [sys.executable, "-m", "cramplog", "--db", str(path), *demo],
        check=True,
        capture_output=True,
        timeout=180,
    )
    journal = Journal.open(path)
    try:
        journal.update_profile(onboarded=True)
    finally:
        journal.close()
    return path


@pytest.mark.timeout(360)
@pytest.mark.parametrize("journal", ["fresh", "demo"])
def test_first_screen_imports_none_of_the_heavy_libraries(tmp_path: Path, journal: str) -> None:
    db = tmp_path / "journal.sqlite3"
    if journal == "demo":
        _demo_journal(db)
    result = _run_app_headless(db)
    assert "first screen:" in result.stdout, (
        f"the app did not start headless:\n{result.stdout}\n{result.stderr[-3000:]}"
    )
    assert result.returncode == 0, (
        f"the TUI's start-up imported {', '.join(HEAVY)} (or part of them):\n{result.stdout}"
        f"\n{result.stderr[-2000:]}"
    )
