"""Time from start to first painted screen: cramplog's TUI against a bare Textual app.

Each app runs as its own process inside a pseudo-terminal (100x30,
TERM=xterm-256color), on this machine and in this run, the runs alternating.
The clock starts just before the process is spawned and stops when a marker
string of the first screen appears in the terminal output (ANSI escapes and
whitespace removed, so colours and cursor moves cannot hide it); then the
process group is killed. Four cases:

- bare:  benchmarks/bare_textual_app.py (Header, Static, Footer)
- fresh: ``python -m cramplog --db NEW_FILE``, a new journal every run: the
         first-run welcome screen (the file is created behind it)
- demo:  ``python -m cramplog --db FILE`` on a journal with a few weeks of
         made-up entries (``cramplog demo``, then marked onboarded so the
         everyday screen opens), made once before the runs: the Today screen,
         which is painted before the journal is opened ("Opening your
         journal…") or with the day already in it
- data:  the same start, timed until the day's figures are on the screen
         ("Last 7 days", or from 20:00 "Tonight, from your records"). The
         week is read with sqlite3 alone while Textual starts
         (services.first_figures); the Tonight panel still waits for the
         journal, so from 20:00 to the day-start hour this case is slow

Target (design: start-up stays close to a bare Textual app; issue 15: the
day's figures too): the median of the fresh, demo and data cases <= 2.0 x the
bare median. Exit status 0 when all three pass.

    python benchmarks/bench_tui_startup.py [--runs 7] [--marker TEXT] [--verbose]

Markers are plain text; ``A|B`` accepts either. Nothing here hooks into the
app: it sees only what a terminal would see.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import os
import pty
import re
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from _bytecode import compile_package

HERE = Path(__file__).resolve().parent
BARE_APP = HERE / "bare_textual_app.py"

# CSI, OSC, DCS/SOS/PM/APC strings, charset selection and the other
# two-character escapes.
_ESCAPE = re.compile(
    rb"\x1b\[[0-?]*[ -/]*[@-~]"
    rb"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"
    rb"|\x1b[PX^_][^\x1b]*\x1b\\"
    rb"|\x1b[()*+][0-9A-Za-z]"
    rb"|\x1b[ -/]*[0-~]"
)
_CONTROL_AND_SPACE = re.compile(r"[\x00-\x20\x7f\u00a0]+")


def screen_text(raw: bytes) -> str:
    """Terminal output as plain text: escapes, control characters and spaces removed."""
    text = _ESCAPE.sub(b"", raw).decode("utf-8", errors="replace")
    return _CONTROL_AND_SPACE.sub("", text)


def marker_matcher(spec: str) -> Callable[[str], bool]:
    wanted = [_CONTROL_AND_SPACE.sub("", part) for part in spec.split("|") if part.strip()]
    if not wanted:
        raise SystemExit(f"empty marker: {spec!r}")
    return lambda text: any(w in text for w in wanted)


@dataclass
class Case:
    name: str
    argv: Callable[[], list[str]]
    marker: str
    times: list[float] = field(default_factory=list)
    gated: bool = True


class StartupError(RuntimeError):
    pass


@contextlib.contextmanager
def spawned(
    argv: list[str], env: dict[str, str], cols: int, rows: int
) -> Iterator[tuple[int, int]]:
    """Run ``argv`` on a new pseudo-terminal; always kill its process group and reap it."""
    pid, fd = pty.fork()
    if pid == 0:  # child: the pty is its controlling terminal, stdin, stdout and stderr
        try:
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
            os.execvpe(argv[0], argv, env)
        finally:
            os._exit(127)
    try:
        yield pid, fd
    finally:
        # pty.fork made the child a session (and process group) leader.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)
        os.close(fd)


def time_to_marker(
    argv: list[str], marker: str, env: dict[str, str], *, cols: int, rows: int, timeout: float
) -> float:
    found = marker_matcher(marker)
    output = bytearray()
    began = time.perf_counter()
    with spawned(argv, env, cols, rows) as (_pid, fd):
        deadline = began + timeout
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                raise StartupError(
                    f"no {marker!r} within {timeout:g} s from {' '.join(argv[1:])};"
                    f" the screen showed: {screen_text(bytes(output))[-600:]!r}"
                )
            ready, _, _ = select.select([fd], [], [], min(left, 0.25))
            if not ready:
                continue
            try:
                chunk = os.read(fd, 1 << 16)
            except OSError:  # EIO: the child closed the terminal (it exited)
                chunk = b""
            if not chunk:
                raise StartupError(
                    f"{' '.join(argv[1:])} exited before showing {marker!r}; output:"
                    f" {screen_text(bytes(output))[-600:]!r}"
                )
            output += chunk
            if found(screen_text(bytes(output))):
                return time.perf_counter() - began


def child_env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    for name in ("CRAMPLOG_DB", "COLUMNS", "LINES", "NO_COLOR"):
        env.pop(name, None)
    env["TERM"] = "xterm-256color"
    env["COLORTERM"] = "truecolor"
    # cramplog's settings, backups and data stay in the temporary folder.
    env["XDG_DATA_HOME"] = str(home / "data")
    env["XDG_CONFIG_HOME"] = str(home / "config")
    env["XDG_STATE_HOME"] = str(home / "state")
    return env


ONBOARD = """
import sys
from pathlib import Path
from cramplog.services import Journal
journal = Journal.open(Path(sys.argv[1]))
journal.update_profile(onboarded=True)
journal.close()
"""


def make_demo_journal(python: str, path: Path, days: int, env: dict[str, str]) -> None:
    """A journal with ``days`` of made-up entries, past the first-run screen when possible."""
    subprocess.run(
        [python, "-m", "cramplog", "--db", str(path), "demo", "--days", str(days), "--seed", "7"],
        check=True,
        capture_output=True,
        env=env,
        timeout=300,
    )
    # So the demo case opens on the everyday screen, not the welcome screen.
    done = subprocess.run(
        [python, "-c", ONBOARD, str(path)], capture_output=True, env=env, timeout=120
    )
    if done.returncode != 0:
        print("note: could not mark the demo journal onboarded; it may show the welcome screen")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each case (default 7)")
    parser.add_argument("--warmup", type=int, default=1, help="untimed rounds first (default 1)")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per start-up")
    parser.add_argument("--cols", type=int, default=100)
    parser.add_argument("--rows", type=int, default=30)
    parser.add_argument("--limit", type=float, default=2.0, help="max ratio cramplog/bare")
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument(
        "--bare-marker", default="bare textual app ready", help="first-screen text of the bare app"
    )
    parser.add_argument(
        "--marker",
        default="Welcome to cramplog",
        help="first-screen text of cramplog on a new journal (default: the welcome screen)",
    )
    parser.add_argument(
        "--demo-marker",
        default="Opening your journal|Last 7 days|Tonight, from your records",
        help="first-screen text of cramplog on the demo journal (default: the Today screen)",
    )
    parser.add_argument(
        "--data-marker",
        # From 20:00 Today shows the Tonight panel in place of the 7 days, in
        # the same refresh that draws the day's figures.
        default="Last 7 days|Tonight, from your records",
        help="text shown once the journal's day is on the screen",
    )
    parser.add_argument("--demo-days", type=int, default=21, help="days of demo entries")
    parser.add_argument("--no-demo", action="store_true", help="skip the demo-journal case")
    parser.add_argument("--verbose", "-v", action="store_true", help="print every run")
    args = parser.parse_args()
    compile_package(args.python)
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    with tempfile.TemporaryDirectory(prefix="cramplog-tui-bench-") as tmp:
        folder = Path(tmp)
        env = child_env(folder)
        counter = iter(range(1_000_000))
        demo = folder / "demo.sqlite3"
        cases = [
            Case("bare", lambda: [args.python, str(BARE_APP)], args.bare_marker),
            Case(
                "fresh",
                lambda: [
                    args.python,
                    "-m",
                    "cramplog",
                    "--db",
                    str(folder / f"new-{next(counter)}.sqlite3"),
                ],
                args.marker,
            ),
        ]
        if not args.no_demo:
            make_demo_journal(args.python, demo, args.demo_days, env)
            cases.append(
                Case(
                    "demo",
                    lambda: [args.python, "-m", "cramplog", "--db", str(demo)],
                    args.demo_marker,
                )
            )
            cases.append(
                Case(
                    "data",
                    lambda: [args.python, "-m", "cramplog", "--db", str(demo)],
                    args.data_marker,
                )
            )

        def once(case: Case) -> float:
            return time_to_marker(
                case.argv(), case.marker, env, cols=args.cols, rows=args.rows, timeout=args.timeout
            )

        try:
            for _ in range(args.warmup):
                for case in cases:
                    once(case)
            for i in range(args.runs):
                # Rotate the order every round so no case always goes first.
                shift = i % len(cases)
                for case in cases[shift:] + cases[:shift]:
                    seconds = once(case)
                    case.times.append(seconds)
                    if args.verbose:
                        print(f"run {i + 1} {case.name}: {seconds:.3f} s", flush=True)
        except StartupError as exc:
            print(f"ERROR: {exc}", file=sys.stderr)
            return 2

    bare = statistics.median(cases[0].times)
    print(
        f"TUI start-up to first painted screen, {args.cols}x{args.rows} pty,"
        f" median of {args.runs} runs (min-max):"
    )
    for case in cases:
        median = statistics.median(case.times)
        print(
            f"  {case.name:<5} {median:6.3f} s ({min(case.times):.3f}-{max(case.times):.3f})"
            f"  marker {case.marker!r}"
        )
    ok = True
    for case in cases[1:]:
        ratio = statistics.median(case.times) / bare
        if not case.gated:
            print(f"  ratio cramplog({case.name})/bare = {ratio:.2f} (for information)")
            continue
        passed = ratio <= args.limit
        ok &= passed
        print(
            f"  ratio cramplog({case.name})/bare = {ratio:.2f}; target <= {args.limit:g}"
            f" {'PASS' if passed else 'FAIL'}"
        )
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
