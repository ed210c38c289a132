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
    """A drawing worker: wait for one request, draw it, reply, return."""
    from cramplog.report.charts import chart_image

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


Pipes = tuple[int, int, int, int]  # requests (read, write), replies (read, write)


def _child(pipes: list[Pipes]) -> None:
    """The forked child: warm up once, then one worker per pipe pair.

    The other workers are forked from this one after the warm-up, so
    matplotlib is imported once.
    """
    from cramplog.report.charts import warm_up

    for _, requests_w, replies_r, _ in pipes:
        os.close(requests_w)
        os.close(replies_r)
    warm_up()
    helpers = []
    for k in range(1, len(pipes)):
        pid = os.fork()
        if pid == 0:  # pragma: no cover - a worker's coverage is not collected
            code = 0
            try:
                for j, (requests_r, _, _, replies_w) in enumerate(pipes):
                    if j != k:  # some were closed already, after an earlier fork
                        for fd in (requests_r, replies_w):
                            with contextlib.suppress(OSError):
                                os.close(fd)
                _serve(pipes[k][0], pipes[k][3])
            except BaseException:  # the parent notices the missing reply and draws itself
                code = 1
            finally:
                os._exit(code)
        helpers.append(pid)
        os.close(pipes[k][0])
        os.close(pipes[k][3])
    _serve(pipes[0][0], pipes[0][3])
    for pid in helpers:
        with contextlib.suppress(ChildProcessError, OSError):
            os.waitpid(pid, 0)


class _Worker:
    """The parent's ends of one worker's pipes."""

    def __init__(self, requests: int, replies: int) -> None:
        self.requests: int | None = requests
        self.replies: int | None = replies

    def send(self, jobs: Sequence[ChartJob]) -> None:
        fd, self.requests = self.requests, None
        if fd is None:
            return
        with contextlib.suppress(OSError), os.fdopen(fd, "wb") as outgoing:
            pickle.dump(list(jobs), outgoing, protocol=pickle.HIGHEST_PROTOCOL)

    def receive(self) -> dict[str, tuple[str, tuple[int, int], bytes]] | None:
        """The worker's images, or None when it failed (the caller then draws itself)."""
        fd, self.replies = self.replies, None
        if fd is None:
            return None
        try:
            with os.fdopen(fd, "rb") as incoming:
                status, payload = pickle.load(incoming)  # noqa: S301 - our own child's pipe
        except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError):
            return None
        return payload if status == "ok" else None

    def close(self) -> None:
        for name in ("requests", "replies"):
            fd = getattr(self, name)
            setattr(self, name, None)
            if fd is not None:
                with contextlib.suppress(OSError):
                    os.close(fd)


class _Replies:
    def __init__(self, process: ChartProcess, shares: list[tuple[_Worker, list[ChartJob]]]) -> None:
        self._process = process
        self._shares = shares
        # A request bigger than a pipe's buffer would block until the child,
        # perhaps still importing, reads it: threads send them meanwhile.
        self._sent = [
            threading.Thread(target=worker.send, args=(jobs,), daemon=True)
            for worker, jobs in shares
        ]
        for thread in self._sent:
            thread.start()

    def result(self) -> dict[str, Any]:
        from PIL import Image

        images: dict[str, Any] = {}
        try:
            for thread, (worker, jobs) in zip(self._sent, self._shares, strict=True):
                thread.join()
                reply = worker.receive() if jobs else {}
                if reply is None:
                    images.update(draw_here(jobs))
                    continue
                for name, (mode, size, raw) in reply.items():
                    images[name] = Image.frombytes(mode, size, raw)
        finally:
            self._process.close()
        return images


class ChartProcess:
    """A forked child that draws one request of charts, with ``workers`` processes."""

    def __init__(self, pid: int, workers: list[_Worker]) -> None:
        self._pid = pid
        self._workers = workers
        self._used = False

    @classmethod
    def start(cls, workers: int = 2) -> ChartProcess | None:
        """Fork the drawing process, or None where forking is not safe here."""
        # Forking a process with other threads can copy a lock held mid-use.
        if not hasattr(os, "fork") or threading.active_count() > 1:
            return None
        pipes: list[Pipes] = []
        try:
            for _ in range(workers):
                requests_r, requests_w = os.pipe()
                replies_r, replies_w = os.pipe()
                pipes.append((requests_r, requests_w, replies_r, replies_w))
        except OSError:  # out of file descriptors: draw here
            for fds in pipes:
                for fd in fds:
                    os.close(fd)
            return None
        try:
            pid = os.fork()
        except OSError:
            for fds in pipes:
                for fd in fds:
                    os.close(fd)
            return None
        if pid == 0:  # pragma: no cover - the child's coverage is not collected
            code = 0
            try:
                # Its own process group: the workers it forks can be stopped with it.
                os.setpgid(0, 0)
                _child(pipes)
            except BaseException:  # the parent notices the missing reply and draws itself
                code = 1
            finally:
                # Never back into the parent's stack (click, atexit, open files).
                os._exit(code)
        for requests_r, _, _, replies_w in pipes:
            os.close(requests_r)
            os.close(replies_w)
        return cls(pid, [_Worker(w[1], w[2]) for w in pipes])

    def submit(self, jobs: Sequence[ChartJob]) -> Pending:
        if self._used or not jobs:
            return _Later(jobs)  # one request per child; none asked: close() stops it
        self._used = True
        shares: list[tuple[_Worker, list[ChartJob]]] = [(w, []) for w in self._workers]
        for i, job in enumerate(jobs):
            shares[i % len(shares)][1].append(job)
        return _Replies(self, shares)

    def close(self) -> None:
        """Close the pipes (the workers then end) and reap the child."""
        for worker in self._workers:
            worker.close()
        if self._pid:
            if not self._used:
                # Asked for nothing (the command stopped early): no need to
                # wait for its imports to finish.
                try:
                    os.killpg(self._pid, signal.SIGKILL)
                except OSError:  # not its own group yet: it has forked no worker either
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
