"""hexview's own command line in a child process, for work over a whole file input,
read line by line from both its standard output and its standard error.

A pass over every message of a large file is pure Python: run in a thread of the view
it would hold the interpreter lock and freeze the keys (``searching``'s docstring says
why), and forking the view would copy its index. So the view runs ``hexview`` itself
on the same file with the same decoding choices (``hexview.cli.SameInput``) and reads
its output in a worker thread: blocking reads give the lock up, so the UI keeps both.
The child runs at a lower priority, as the filter's does (``filter_process``), to give
way to the view. Cancelling terminates it; every child still running when the view
exits is terminated too (``stop_all``), so quitting never leaves one behind.

No Textual import: the screen that uses it hands lines to the UI itself.
"""

from __future__ import annotations

import contextlib
import os
import selectors
import subprocess
import threading
from collections.abc import Iterator

from .filter_process import NICENESS

_RUNNING: set[CliProcess] = set()
_LOCK = threading.Lock()
READ = 1 << 16


class CliProcess:
    """``argv`` started at once; ``lines()`` yields ("out" | "err", line) as they come
    (without the newline) until both streams end; ``returncode`` is set after that."""

    def __init__(self, argv: list[str]) -> None:
        self.cancelled = False
        self.returncode: int | None = None
        self.process = subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,  # a ctrl+c meant for the view is not the child's
        )
        with _LOCK:
            _RUNNING.add(self)
        with contextlib.suppress(OSError, AttributeError):  # not allowed, or not this system: it only runs faster
            os.setpriority(os.PRIO_PROCESS, self.process.pid, NICENESS)

    @property
    def pid(self) -> int:
        return self.process.pid

    def lines(self) -> Iterator[tuple[str, str]]:
        process = self.process
        assert process.stdout is not None and process.stderr is not None
        names = {process.stdout.fileno(): "out", process.stderr.fileno(): "err"}
        partial = {"out": b"", "err": b""}
        try:
            with selectors.DefaultSelector() as selector:
                for fd in names:
                    selector.register(fd, selectors.EVENT_READ)
                while selector.get_map():
                    for key, _ in selector.select():
                        fd = key.fd
                        assert isinstance(fd, int)
                        chunk = os.read(fd, READ)
                        name = names[fd]
                        if not chunk:
                            selector.unregister(fd)
                            if partial[name]:
                                yield name, partial[name].decode("utf-8", "replace")
                            continue
                        *whole, partial[name] = (partial[name] + chunk).split(b"\n")
                        for line in whole:
                            yield name, line.decode("utf-8", "replace")
            self.returncode = process.wait()
        finally:
            self._close()

    def cancel(self) -> None:
        """Stop the child (from any thread); its streams then end."""
        self.cancelled = True
        self._terminate()

    def _terminate(self) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):  # it ended meanwhile
                self.process.terminate()

    def _close(self) -> None:
        self._terminate()  # the reader stopped early (an error, the screen gone)
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        for stream in (self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()
        with _LOCK:
            _RUNNING.discard(self)


def stop_all() -> None:
    """Terminate every child still running (the view is exiting)."""
    with _LOCK:
        running = list(_RUNNING)
    for child in running:
        child.cancel()
    for child in running:
        try:
            child.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            child.process.kill()
