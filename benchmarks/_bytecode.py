"""Compile cramplog to bytecode before timing it, as `pip install .` does.

Run from a source checkout (an editable install) with PYTHONDONTWRITEBYTECODE
set, every process would compile every module again, which an installed
cramplog never does; timings would measure the compiler, not the app.
"""

from __future__ import annotations

import subprocess


def compile_package(python: str) -> None:
    folder = subprocess.run(
        [python, "-c", "import cramplog, os; print(os.path.dirname(cramplog.__file__))"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    subprocess.run([python, "-m", "compileall", "-q", folder], check=True)
