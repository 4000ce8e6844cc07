"""hexview's own command line, run on the view's input, its JSON lines read in threads.

Work over every message of a file (a cross-stream view, a statistics table) runs
in a separate process, so the view keeps its core and the interpreter lock (see
``searching``: a decoding thread would freeze the screen): ``python -m hexview``
with the view's decoding choices (``HexviewApp.command_line``, from ``hexview.same_input``). Two threads read
its output -- their blocking reads give the lock up -- and hand it to the UI with
``call_from_thread``: stdout's JSON objects in batches (``on_lines``), and stderr's
progress lines (``HEXVIEW_PROGRESS=json``: ``on_progress`` with the dict); any other
stderr line is kept for ``on_done(returncode, stderr_text)``, called once the process
has ended and both pipes are read.

Cancelling (``cancel``) terminates the process (and kills it if it lingers); nothing
waits for it on the UI thread. Every run still alive when the view exits is ended
and waited for (``end_all``, which the App calls when it unmounts). Should the view
be killed outright, a run left behind ends by itself: it reads a file, and its
output goes to a pipe nobody reads any more. (No ``preexec_fn`` to ask Linux for a
death signal: code between fork and exec in a threaded program can deadlock.) Never
a fork of the view itself: that would copy its whole index.

Textual-free apart from what it is given: ``call`` is ``App.call_from_thread``.
"""

from __future__ import annotations

import json
import os
import subprocess
import threading
import time
import weakref
from collections.abc import Callable
from typing import Any

BATCH_LINES = 256  # JSON objects handed over at once, at most
BATCH_SECONDS = 0.1  # a partial batch is handed over after this long
KILL_AFTER = 2.0  # seconds a terminated process gets before it is killed
ERROR_LINES = 20  # stderr lines kept for on_done

_live: weakref.WeakSet[CliRun] = weakref.WeakSet()


class CliRun:
    """One run of the command line ``argv``; see the module docstring."""

    def __init__(
        self,
        argv: list[str],
        call: Callable[..., Any],
        on_lines: Callable[[list[dict[str, Any]]], None],
        on_progress: Callable[[dict[str, Any]], None],
        on_done: Callable[[int, str], None],
    ) -> None:
        self.argv = argv
        self.call = call
        self.on_lines = on_lines
        self.on_progress = on_progress
        self.on_done = on_done
        self.process: subprocess.Popen[bytes] | None = None
        self.cancelled = False
        self._errors: list[str] = []
        self._readers: list[threading.Thread] = []

    def start(self) -> None:
        env = dict(os.environ, HEXVIEW_PROGRESS="json")
        self.process = subprocess.Popen(
            self.argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        _live.add(self)
        out = threading.Thread(target=self._read_stdout, name="hexview-cli-stdout", daemon=True)
        err = threading.Thread(target=self._read_stderr, name="hexview-cli-stderr", daemon=True)
        self._readers = [out, err]
        err.start()
        out.start()

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def cancel(self) -> None:
        """End the process now; nothing more is handed to the UI."""
        self.cancelled = True
        process = self.process
        if process is None or process.poll() is not None:
            return
        try:
            process.terminate()
        except OSError:
            return
        threading.Thread(target=self._reap, args=(process,), name="hexview-cli-reap", daemon=True).start()

    @staticmethod
    def _reap(process: subprocess.Popen[bytes]) -> None:
        try:
            process.wait(KILL_AFTER)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    # -- the reader threads ----------------------------------------------------------------
    def _hand(self, callback: Callable[..., None], *args: Any) -> None:
        if not self.cancelled:
            try:
                self.call(callback, *args)
            except Exception:  # the App is gone (quitting): nobody to tell
                self.cancelled = True

    def _read_stdout(self) -> None:
        process = self.process
        assert process is not None and process.stdout is not None
        batch: list[dict[str, Any]] = []
        handed = time.monotonic()
        for line in process.stdout:
            if self.cancelled:
                break
            try:
                item = json.loads(line)
            except ValueError:
                continue
            if isinstance(item, dict):
                batch.append(item)
            now = time.monotonic()
            if len(batch) >= BATCH_LINES or (batch and now - handed >= BATCH_SECONDS):
                self._hand(self.on_lines, batch)
                batch, handed = [], now
        if batch:
            self._hand(self.on_lines, batch)
        process.stdout.close()
        code = process.wait()
        for reader in self._readers:
            if reader is not threading.current_thread():
                reader.join()
        self._hand(self.on_done, code, "\n".join(self._errors))

    def _read_stderr(self) -> None:
        process = self.process
        assert process is not None and process.stderr is not None
        for raw in process.stderr:
            line = raw.decode("utf-8", "replace").rstrip("\n")
            progress = _progress(line)
            if progress is not None:
                self._hand(self.on_progress, progress)
            elif line and len(self._errors) < ERROR_LINES:
                self._errors.append(line)
        process.stderr.close()


def _progress(line: str) -> dict[str, Any] | None:
    if not line.startswith('{"progress"'):
        return None
    try:
        item = json.loads(line)
    except ValueError:
        return None
    return item if isinstance(item, dict) else None


def end_all() -> None:
    """End every run still alive and wait for it (the view is exiting): terminated,
    then killed if it has not gone after ``KILL_AFTER`` seconds."""
    runs = [run for run in list(_live) if run.process is not None]
    for run in runs:
        run.cancel()
    deadline = time.monotonic() + KILL_AFTER
    for run in runs:
        process = run.process
        assert process is not None
        try:
            process.wait(max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
