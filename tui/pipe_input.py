"""Standard input handling: packets off a pipe, keys off the terminal.

With ``tcpdump ... | hexview -`` fd 0 is the capture, yet Textual reads keys from
fd 0. Before anything reads the pipe, :func:`reattach_stdin_to_tty` moves the pipe to
a fresh descriptor and puts the controlling terminal on fd 0.

Reading a pipe blocks for as long as the writer is quiet, and a thread blocked in
``read`` cannot be interrupted. :class:`PacketPump` therefore iterates the reader in
a daemon thread and hands packets over through a bounded queue: the consumer polls
with a timeout, so it can flush output and notice cancellation, and quitting never
waits for the pipe.
"""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Callable, Iterable, Iterator

TTY = "/dev/tty"


class NoTerminal(Exception):
    """There is no terminal to take keys from."""


def reattach_stdin_to_tty() -> int | None:
    """If fd 0 is not a terminal, move it to a new fd and open the terminal on fd 0.

    Returns the new descriptor of the old standard input (the caller owns it), or None
    when fd 0 already is a terminal. Raises :class:`NoTerminal` when there is no
    controlling terminal (cron, ``setsid``, CI without a pty).
    """
    if os.isatty(0):
        return None
    try:
        tty = os.open(TTY, os.O_RDWR | os.O_NOCTTY)
    except OSError as exc:
        raise NoTerminal(f"no terminal for the interactive view ({TTY}: {exc.strerror}); use --print or --json") from None
    data_fd = os.dup(0)
    os.dup2(tty, 0)
    os.close(tty)
    return data_fd


class _Failed:
    __slots__ = ("exc",)

    def __init__(self, exc: BaseException) -> None:
        self.exc = exc


_END = object()


class PacketPump:
    """Iterates ``source`` in a daemon thread; :meth:`packets` yields what it read.

    From a file (``source.size`` known) packets cross to the consumer ``batch`` at a
    time: one queue hand-over per packet, each a wake-up of the other thread, cost
    seconds over a capture of a few hundred thousand packets. A pipe's packets go one
    by one: the next one may be minutes away, and the last must not wait for it."""

    def __init__(self, source: Iterable, read_ahead: int = 256, batch: int = 64) -> None:
        # at most ``read_ahead`` packets read ahead: reading further while the first
        # screen is being made only competes with it for the interpreter
        self._source = source
        self._batch = batch if getattr(source, "size", None) is not None else 1
        self._queue: queue.Queue = queue.Queue(maxsize=max(1, read_ahead // self._batch))
        self.count = 0  # packets handed out so far
        self.error: BaseException | None = None
        self._started = False
        self._thread = threading.Thread(target=self._run, name="hexview-input", daemon=True)

    def _run(self) -> None:
        batch, size = [], self._batch
        try:
            for packet in self._source:
                batch.append(packet)
                if len(batch) >= size:
                    self._queue.put(batch)
                    batch = []
        except BaseException as exc:  # reported by the consumer, not lost in a thread
            if batch:
                self._queue.put(batch)
            self._queue.put(_Failed(exc))
            return
        if batch:
            self._queue.put(batch)
        self._queue.put(_END)

    def packets(self, idle: Callable[[], bool], poll: float = 0.05) -> Iterator:
        """Packets in input order. ``idle()`` runs whenever ``poll`` seconds pass
        without one; when it returns True the iteration stops (cancellation)."""
        if not self._started:
            self._started = True
            self._thread.start()
        while True:
            try:
                item = self._queue.get(timeout=poll)
            except queue.Empty:
                if idle():
                    return
                continue
            if item is _END:
                return
            if isinstance(item, _Failed):
                self.error = item.exc
                return
            for packet in item:
                self.count += 1
                yield packet


class LazyReader:
    """A reader opened on first iteration, i.e. in the input thread.

    Opening a reader peeks the input to detect its format; on a quiet pipe that
    waits for the first packet. Deferring it lets the view come up at once.
    """

    def __init__(self, open_reader: Callable[[], Iterable]) -> None:
        self._open = open_reader
        self._reader: Iterable | None = None

    @property
    def notes(self) -> list[str]:
        return list(getattr(self._reader, "notes", []) or [])

    @property
    def format(self) -> str | None:
        return getattr(self._reader, "format", None)

    def __iter__(self) -> Iterator:
        self._reader = self._open()
        yield from self._reader
