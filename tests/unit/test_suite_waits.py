"""The suite waits for conditions, never for a fixed time.

A fixed sleep is a guess at how fast the machine is: too short on a busy one
(the test fails, or passes without testing anything), longer than needed on a
quiet one. Every wait goes through ``tests/waiting.py``; this test finds a
timed sleep or pause written anywhere else in the tests. A script a test runs
as a child process is a string here, not code, so a child may still pace its
own loop.
"""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
HELPER = TESTS / "waiting.py"


def fixed_waits(source: str) -> list[tuple[int, str]]:
    """(line, call) of every ``time.sleep(x)``, ``asyncio.sleep(x)``, ``pilot.pause(x)``."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        # pause() without a delay waits for the app to handle its messages: fine.
        timed = bool(node.args or node.keywords)
        if node.func.attr in ("sleep", "pause") and timed:
            found.append((node.lineno, ast.unparse(node)))
    return sorted(found)


def test_no_test_waits_for_a_fixed_time() -> None:
    found = [
        f"{path.relative_to(TESTS.parent)}:{line}: {call}"
        for path in sorted(TESTS.rglob("*.py"))
        if path != HELPER
        for line, call in fixed_waits(path.read_text(encoding="utf-8"))
    ]
    assert found == [], "wait for a condition (tests/waiting.py) instead of:\n" + "\n".join(found)


def test_the_check_sees_a_fixed_wait() -> None:
    sample = (
        "import time, asyncio\n"
        "time.sleep(1.5)\n"
        "async def f(pilot):\n"
        "    await pilot.pause(0.3)\n"
        "    await asyncio.sleep(0.2)\n"
        "    await pilot.pause()\n"
        "SCRIPT = 'time.sleep(0.02)'\n"
    )
    assert fixed_waits(sample) == [
        (2, "time.sleep(1.5)"),
        (4, "pilot.pause(0.3)"),
        (5, "asyncio.sleep(0.2)"),
    ]


def test_fuzz_examples_have_no_time_limit() -> None:
    # hypothesis's default 200 ms per example is a fixed wait too: on a busy
    # machine it fails a correct test (tests/conftest.py turns it off).
    from hypothesis import settings

    assert settings().deadline is None
