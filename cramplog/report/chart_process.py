"""Drawing the PDF's charts while its text is laid out: in a second process where one can be forked.

A report spends about as long drawing its two chart images (matplotlib) as
importing libraries and laying out its text (fpdf2). The command line forks
a drawing process before it opens the journal: the child imports matplotlib
and warms its fonts while the parent imports pandas and SQLAlchemy and
builds the report's numbers, then draws the charts while the parent lays
out the pages. Both halves run the same drawing code (`charts.chart_image`),
so the images are the same pixels either way.

The parent sends the numbers it built (never a path to read again), so the
charts show the same version of the journal as the text. Anything unusual
(no `os.fork`, other threads running, the child dying or replying with an
error) falls back to drawing in the calling process: the second process is
only ever a speed-up. The app, a threaded process, always draws in-process.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import threading
from collections.abc import Iterator, Sequence
from typing import Any, Protocol

# (name, arguments) of one chart; `charts.chart_image` knows the names.
ChartJob = tuple[str, tuple[Any, ...]]


class Pending(Protocol):
    def result(self) -> dict[str, Any]:
        """The charts as RGB PIL images by name (blocks until they are drawn)."""
        ...


class Drawer(Protocol):
    def submit(self, jobs: Sequence[ChartJob]) -> Pending: ...


def draw_here(jobs: Sequence[ChartJob]) -> dict[str, Any]:
    from cramplog.report.charts import chart_image

    return {name: chart_image(name, args) for name, args in jobs}


class _Later:
    def __init__(self, jobs: Sequence[ChartJob]) -> None:
        self._jobs = list(jobs)

    def result(self) -> dict[str, Any]:
        return draw_here(self._jobs)


class InProcess:
    """Draws when the images are asked for, in the calling process."""

    def submit(self, jobs: Sequence[ChartJob]) -> Pending:
        return _Later(jobs)


def _serve(requests: int, replies: int) -> None:
    """The child: warm up, wait for one request, draw it, reply, return."""
    from cramplog.report.charts import chart_image, warm_up

    warm_up()
    with os.fdopen(requests, "rb") as incoming:
        try:
            # Only ever our own parent's pipe: no other writer can reach it.
            jobs: list[ChartJob] = pickle.load(incoming)  # noqa: S301
        except EOFError:
            return  # the parent stopped before asking (a refused option, an error)
    try:
        images = {name: chart_image(name, args) for name, args in jobs}
        reply: tuple[str, Any] = (
            "ok",
            {name: (im.mode, im.size, im.tobytes()) for name, im in images.items()},
        )
    except Exception as exc:  # any failure is told to the parent, which then draws itself
        reply = ("error", repr(exc))
    with os.fdopen(replies, "wb") as outgoing:
        pickle.dump(reply, outgoing, protocol=pickle.HIGHEST_PROTOCOL)


class _Reply:
    def __init__(self, process: ChartProcess, jobs: Sequence[ChartJob]) -> None:
        self._process = process
        self._jobs = list(jobs)
        # A request bigger than a pipe's buffer would block until the child,
        # perhaps still importing, reads it: a thread sends it meanwhile.
        self._sent = threading.Thread(target=process.send, args=(self._jobs,), daemon=True)
        self._sent.start()

    def result(self) -> dict[str, Any]:
        self._sent.join()
        reply = self._process.receive()
        if reply is None:
            return draw_here(self._jobs)
        from PIL import Image

        return {name: Image.frombytes(mode, size, raw) for name, (mode, size, raw) in reply.items()}


class ChartProcess:
    """A forked child that draws one request of charts."""

    def __init__(self, pid: int, requests: int, replies: int) -> None:
        self._pid = pid
        self._requests: int | None = requests
        self._replies: int | None = replies
        self._used = False

    @classmethod
    def start(cls) -> ChartProcess | None:
        """Fork the drawing process, or None where forking is not safe here."""
        # Forking a process with other threads can copy a lock held mid-use.
        if not hasattr(os, "fork") or threading.active_count() > 1:
            return None
        requests_r, requests_w = os.pipe()
        replies_r, replies_w = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            for fd in (requests_r, requests_w, replies_r, replies_w):
                os.close(fd)
            return None
        if pid == 0:  # pragma: no cover - the child's coverage is not collected
            code = 0
            try:
                os.close(requests_w)
                os.close(replies_r)
                _serve(requests_r, replies_w)
            except BaseException:  # the parent notices the missing reply and draws itself
                code = 1
            finally:
                # Never back into the parent's stack (click, atexit, open files).
                os._exit(code)
        os.close(requests_r)
        os.close(replies_w)
        return cls(pid, requests_w, replies_r)

    def submit(self, jobs: Sequence[ChartJob]) -> Pending:
        if self._used:
            return _Later(jobs)  # one request per child
        self._used = True
        return _Reply(self, jobs)

    def send(self, jobs: Sequence[ChartJob]) -> None:
        fd, self._requests = self._requests, None
        if fd is None:
            return
        with contextlib.suppress(OSError), os.fdopen(fd, "wb") as outgoing:
            pickle.dump(list(jobs), outgoing, protocol=pickle.HIGHEST_PROTOCOL)

    def receive(self) -> dict[str, tuple[str, tuple[int, int], bytes]] | None:
        """The child's images, or None when it failed (the caller then draws itself)."""
        fd, self._replies = self._replies, None
        if fd is None:
            return None
        try:
            with os.fdopen(fd, "rb") as incoming:
                status, payload = pickle.load(incoming)  # noqa: S301 - our own child's pipe
        except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError):
            return None
        finally:
            self.close()
        return payload if status == "ok" else None

    def close(self) -> None:
        """Close the pipes (the child then ends) and reap the child."""
        for name in ("_requests", "_replies"):
            fd = getattr(self, name)
            setattr(self, name, None)
            if fd is not None:
                with contextlib.suppress(OSError):
                    os.close(fd)
        if self._pid:
            if not self._used:
                # Asked for nothing (the command stopped early): no need to
                # wait for its imports to finish.
                with contextlib.suppress(OSError):
                    os.kill(self._pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError, OSError):
                os.waitpid(self._pid, 0)
            self._pid = 0


@contextlib.contextmanager
def chart_drawer(fork: bool) -> Iterator[Drawer]:
    """A drawer for one report: a forked process when ``fork`` and it is safe, else in-process."""
    process = ChartProcess.start() if fork else None
    try:
        yield process if process is not None else InProcess()
    finally:
        if process is not None:
            process.close()
