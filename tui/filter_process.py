"""A display filter over a whole file, in a child process: ``hexview --matching-numbers``.

Filtering decodes every message: pure Python that would hold the view's interpreter
lock (see ``searching``) and one of the machine's cores for as long as it runs. So the
view runs its own command line on the same file with the same decoding choices
(``hexview.same_input.SameInput``) and reads the answers -- the numbers of the matching
messages, ``looked N`` lines, ``done N`` -- in a thread of its own (a blocking read
gives the lock up), handing them on in batches as each ``looked`` line comes (about
ten a second). A new filter, clearing it, or quitting the view ends the child
(``cancel``); a child left behind when the view dies anyway is ended at exit
(``atexit``), or by its next write into the closed pipe.

The child's stderr goes to a temporary file, never a pipe nobody reads (its notes
could fill one and stall it); its last line is the reason when the child fails.

Pure logic, no Textual import.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import subprocess
import tempfile
import threading
from collections.abc import Callable

Deliver = Callable[[list[int], int], None]  # (numbers that match, messages looked at so far)
Finish = Callable[[int, str | None], None]  # (messages looked at, why it failed or None)

NICENESS = 10  # the child gives way to the view (and its feed) when the machine is busy

_running: set[subprocess.Popen[bytes]] = set()


class ChildFilter:
    """Runs ``command`` and reports what it writes: ``deliver`` with each batch of
    numbers, ``finish`` once, at the end (neither after ``cancel``). Both are called in
    the reading thread: the caller posts them on to its own thread."""

    def __init__(self, command: list[str], deliver: Deliver, finish: Finish) -> None:
        self.command = command
        self._deliver = deliver
        self._finish = finish
        self._cancelled = threading.Event()
        self._process: subprocess.Popen[bytes] | None = None
        self._thread = threading.Thread(target=self._read, name="hexview-filter", daemon=True)

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def start(self) -> None:
        """Start the child and the thread reading it; raises what starting it raises."""
        errors = tempfile.TemporaryFile()  # noqa: SIM115 -- the reading thread closes it at the end
        try:
            self._process = subprocess.Popen(
                self.command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=errors,
                start_new_session=True,  # no terminal of its own to read or signal
            )
        except BaseException:
            errors.close()
            raise
        _running.add(self._process)
        with contextlib.suppress(OSError, AttributeError):  # not allowed, or not this system: it only runs faster
            os.setpriority(os.PRIO_PROCESS, self._process.pid, NICENESS)
        self._errors = errors
        self._thread.start()

    def cancel(self) -> None:
        """End the child (and with it the reading); waits until it is gone."""
        self._cancelled.set()
        process = self._process
        if process is not None:
            _end(process)

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def _read(self) -> None:
        process = self._process
        assert process is not None and process.stdout is not None
        try:
            numbers, looked, done = self._answers(process.stdout)
            code = process.wait()
        finally:
            process.stdout.close()
            _running.discard(process)
        try:
            if self._cancelled.is_set():
                return
            self._deliver(numbers, looked)
            error = None
            if code != 0 or not done:
                error = _last_line(self._errors) or f"the filter process ended with status {code}"
            self._finish(looked, error)
        finally:
            self._errors.close()

    def _answers(self, lines) -> tuple[list[int], int, bool]:
        """Read the child's lines, delivering a batch at each ``looked``; returns what is
        left to deliver, the last count and whether ``done`` came."""
        numbers: list[int] = []
        looked = 0
        for line in lines:
            if self._cancelled.is_set():
                break
            if line[:1].isdigit():
                numbers.append(int(line))
            elif line.startswith(b"looked "):
                looked = int(line[7:])
                self._deliver(numbers, looked)
                numbers = []
            elif line.startswith(b"done "):
                return numbers, int(line[5:]), True
        return numbers, looked, False


def _last_line(errors) -> str:
    errors.seek(0)
    lines = [line.strip() for line in errors.read().decode("utf-8", "replace").splitlines() if line.strip()]
    return lines[-1] if lines else ""


def _end(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=2)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    _running.discard(process)


@atexit.register
def _end_all() -> None:
    """No child outlives the view, however it ends."""
    for process in list(_running):
        _end(process)
