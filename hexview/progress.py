"""Progress of a long command-line run, on stderr, only when stderr is a terminal.

One line, rewritten in place at most ``UPDATES_PER_SECOND`` times a second and
erased at the end: bytes read of the input's size (when it is a file), the rate and
the time left; for a pipe, the bytes (or messages) read so far and the rate. When
stderr is not a terminal nothing at all is written, so logs and pipelines stay clean.

For a program that runs hexview's command line and shows its progress itself (the
interactive view runs ``hexview --NAME --json`` for a cross-stream view), the
environment variable ``HEXVIEW_PROGRESS=json`` makes it one JSON object a line on
stderr instead, whatever stderr is: ``{"progress": BYTES_READ, "total": SIZE or
null, "messages": N}``, at the same pace.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from typing import Protocol, TextIO


class Measured(Protocol):
    """An input whose progress can be told (a PacketReader, a MergedReader)."""

    size: int | None

    def position(self) -> int | None: ...


UPDATES_PER_SECOND = 4
CHECK_EVERY = 64  # ticks between looks at the clock
FIRST_AFTER = 0.5  # seconds before the first line: short runs show nothing
ERASE = "\r\x1b[K"
JSON_ENV = "HEXVIEW_PROGRESS"  # = "json": progress as JSON lines on stderr (JsonProgress)


def _size(n: float) -> str:
    for unit in ("B", "kB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000
    return f"{n:.1f} GB"  # pragma: no cover


def _duration(seconds: float) -> str:
    seconds = int(seconds + 0.5)
    if seconds >= 3600:
        return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"
    if seconds >= 60:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds}s"


class Progress:
    """``tick()`` once per message; ``position()`` says how many input bytes are read so far
    (None: unknown), ``total`` the input's size (None: a pipe)."""

    def __init__(
        self,
        name: str,
        position: Callable[[], int | None],
        total: int | None,
        stream: TextIO | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.name = name
        self.position = position
        self.total = total or None
        self.clock = clock
        self.start = clock()
        self.next_update = self.start + FIRST_AFTER
        self.ticks = 0
        self.shown = False

    def tick(self) -> None:
        self.ticks += 1
        if self.ticks % CHECK_EVERY:
            return
        now = self.clock()
        if now < self.next_update:
            return
        self.next_update = now + 1 / UPDATES_PER_SECOND
        self.show(now)

    def show(self, now: float) -> None:
        self.stream.write(ERASE + self.line(now))
        self.stream.flush()
        self.shown = True

    def line(self, now: float) -> str:
        elapsed = max(now - self.start, 1e-6)
        done = self.position()
        if done is None:
            return f"hexview: {self.name}: {self.ticks:,} messages, {self.ticks / elapsed:,.0f}/s"
        rate = done / elapsed
        text = f"hexview: {self.name}: {_size(done)}"
        if self.total:
            text += f" of {_size(self.total)} ({100 * min(done, self.total) // self.total}%)"
        text += f", {_size(rate)}/s"
        if self.total and rate > 0:
            text += f", {_duration(max(self.total - done, 0) / rate)} left"
        return text

    def finish(self) -> None:
        if self.shown:
            self.stream.write(ERASE)
            self.stream.flush()
            self.shown = False


class JsonProgress(Progress):
    """Progress as JSON lines, for a program reading hexview's stderr (``HEXVIEW_PROGRESS=json``)."""

    def tick(self) -> None:
        self.ticks += 1
        if self.ticks % CHECK_EVERY:
            return
        now = self.clock()
        if now < self.next_update:
            return
        self.next_update = now + 1 / UPDATES_PER_SECOND
        self.stream.write(json.dumps({"progress": self.position(), "total": self.total, "messages": self.ticks}) + "\n")
        self.stream.flush()

    def finish(self) -> None:
        pass


def for_reader(reader: Measured, name: str, stream: TextIO | None = None) -> Progress | None:
    """A Progress for ``reader`` when ``stream`` (stderr) is a terminal and standard output
    is not the same screen (the output scrolling by is progress enough), or JSON lines
    when ``HEXVIEW_PROGRESS=json`` asks for them; else None."""
    stream = stream if stream is not None else sys.stderr
    if os.environ.get(JSON_ENV) == "json":
        progress = JsonProgress(name, reader.position, reader.size, stream)
        progress.next_update = progress.start  # the first line comes at once: the reader shows it is alive
        return progress
    if not _isatty(stream) or _isatty(sys.stdout):
        return None
    return Progress(name, reader.position, reader.size, stream)


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
