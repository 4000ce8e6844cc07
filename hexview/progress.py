"""Progress of a long command-line run, on stderr, only when stderr is a terminal.

One line, rewritten in place at most ``UPDATES_PER_SECOND`` times a second and
erased at the end: bytes read of the input's size (when it is a file), the rate and
the time left; for a pipe, the bytes (or messages) read so far and the rate. When
stderr is not a terminal nothing at all is written, so logs and pipelines stay clean --
unless a program asks for ``--progress lines`` (``ProgressLines``), which it reads.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:  # pragma: no cover
    from .readers import PacketReader

UPDATES_PER_SECOND = 4
CHECK_EVERY = 64  # ticks between looks at the clock
FIRST_AFTER = 0.5  # seconds before the first line: short runs show nothing
ERASE = "\r\x1b[K"


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


class ProgressLines(Progress):
    """``--progress lines``, for a program that runs hexview and reads its stderr (the
    interactive view's statistics screen does): a line ``progress READ SIZE MESSAGES``
    at the same pace (bytes read, the input's size or ``-`` for a pipe, messages so far),
    written whether or not stderr is a terminal, and nothing erased."""

    def show(self, now: float) -> None:
        done = self.position()
        self.stream.write(f"progress {done if done is not None else '-'} {self.total or '-'} {self.ticks}\n")
        self.stream.flush()


def for_reader(reader: PacketReader, name: str, stream: TextIO | None = None, lines: bool = False) -> Progress | None:
    """A Progress for ``reader`` when ``stream`` (stderr) is a terminal and standard output
    is not the same screen (the output scrolling by is progress enough); else None.
    ``lines``: ``ProgressLines``, always."""
    stream = stream if stream is not None else sys.stderr
    if lines:
        return ProgressLines(name, reader.position, reader.size, stream)
    if not _isatty(stream) or _isatty(sys.stdout):
        return None
    return Progress(name, reader.position, reader.size, stream)


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
