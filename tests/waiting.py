"""Waiting in tests: for a condition, never for a fixed time.

The suite runs on busy machines (``pytest -n 4`` on two cores, beside other
work), where a process can take ten times as long to start as it does alone.
A test that sleeps "long enough" then fails there, or passes without having
tested anything. Every wait in the suite therefore polls a condition and
returns as soon as it holds; the deadline is generous (a minute) because it
is only reached when something is really wrong, and then the failure names
what never happened.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from typing import IO, Any, TypeVar

T = TypeVar("T")

# Reached only when the awaited thing never happens; on a loaded machine a
# step that takes a tenth of a second alone can take several seconds.
DEADLINE = 60.0
POLL = 0.01


class WaitTimeout(AssertionError):
    """The condition did not hold before the deadline."""


def wait_until(
    condition: Callable[[], T | None], *, timeout: float = DEADLINE, what: str = ""
) -> T:
    """Poll ``condition`` until it returns something truthy, and return that."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() >= deadline:
            raise WaitTimeout(f"waited {timeout:g} s for {what or condition}")
        time.sleep(POLL)


async def pilot_wait_until(
    pilot: Any, condition: Callable[[], T | None], *, timeout: float = DEADLINE, what: str = ""
) -> T:
    """Like :func:`wait_until` inside a Textual ``run_test``: the app keeps running.

    After the condition holds the app is given one more turn, so what the
    change caused (a refresh, a screen's reaction) is done when this returns.
    """
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            if pilot.app.is_running and pilot.app.return_code is None:
                await pilot.pause()
            return result
        if time.monotonic() >= deadline:
            raise WaitTimeout(f"waited {timeout:g} s for {what or condition}")
        # The app runs in this event loop: yield to it instead of blocking it.
        await asyncio.sleep(POLL)


async def wait_for_journal(pilot: Any) -> None:
    """The app was given a path: wait until its start-up worker has opened the journal."""
    app = pilot.app
    await pilot_wait_until(pilot, lambda: app.journal_ready, what="the journal to open")
    await app.workers.wait_for_complete()
    await pilot.pause()


class Lines:
    """The lines a child process writes, collected by a thread as they arrive.

    Reading a pipe in the test itself blocks with no deadline; this lets a test
    wait for "the writer has reported 15 entries" with one.
    """

    def __init__(self, stream: IO[str] | None) -> None:
        assert stream is not None, "start the process with stdout=subprocess.PIPE"
        self._stream = stream
        self._lines: list[str] = []
        self._lock = threading.Lock()
        self.ended = False
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        for line in self._stream:
            # A last line with no newline is one the process was killed while
            # writing: it was never wholly reported, so it is not a line.
            if not line.endswith("\n"):
                break
            with self._lock:
                self._lines.append(line[:-1])
        self.ended = True

    @property
    def lines(self) -> list[str]:
        with self._lock:
            return list(self._lines)

    def wait_for(
        self,
        condition: Callable[[list[str]], bool],
        *,
        timeout: float = DEADLINE,
        what: str = "",
    ) -> list[str]:
        """Wait until ``condition(lines so far)`` holds; fail at once if the output ends first."""

        def check() -> list[str] | None:
            ended = self.ended
            seen = self.lines
            if condition(seen):
                return seen or [""]
            if ended:
                raise AssertionError(f"the process ended before {what or condition}: {seen}")
            return None

        return wait_until(check, timeout=timeout, what=what)

    def rest(self, timeout: float = DEADLINE) -> list[str]:
        """Every line, once the process has closed its output."""
        self._thread.join(timeout)
        assert not self._thread.is_alive(), f"the output did not end within {timeout:g} s"
        return self.lines
