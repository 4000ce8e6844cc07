"""Packets -> pipeline -> batches of messages, run in a thread of its own.

The pipeline is a chain of generators that may sit in a blocking read for as long
as a pipe is quiet. This module runs it away from the UI (see ``PacketPump``) and
coalesces its output: a batch goes to the UI at most every ``interval`` seconds or
every ``max_batch`` messages, whichever comes first, plus progress ticks while
packets arrive without completing a message. The very first message is sent alone
and at once, so the first screen shows a stream as soon as there is one. The input's
notes (reader and reassembly) go along whenever they changed, so the notes screen of
a live pipe is current while it is read.

Reading a large file is CPU-bound Python in two threads (reader, pipeline), and the
UI thread needs the same interpreter lock to answer a key: left alone, a keystroke
during indexing waits in line behind them (100+ ms a step). So while keys are
arriving (``FeedThread.nudge``) the feed sleeps a little after every message, and the
UI gets the interpreter when it wants it; otherwise it reads at full speed. Likewise
between the first message and the first screen (``screen_shown``, at most
``FIRST_SCREEN_WAIT``): the view starts while the feed holds back, so opening a large
file shows its first stream as fast as opening a small one.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable

from textual.message import Message as TextualMessage

from hexview.analysis.clocks import clock_lines, clock_notes

from .messages import FeedFinished, MessagesArrived, NotesChanged
from .pipe_input import PacketPump

INTERVAL = 0.1  # at most ~10 UI updates a second, however fast the input
BUSY_FOR = 0.3  # seconds after a key during which the feed gives way to the UI
BREATHE = 0.002  # its sleep after each message meanwhile
MAX_BATCH = 20_000  # bounds a batch (memory) on inputs faster than that
FIRST_SCREEN_WAIT = 1.0  # seconds the feed holds back after the first message, at most


def run_feed(
    reader: Iterable,
    pipeline,
    post: Callable[[TextualMessage], object],
    cancelled: Callable[[], bool],
    interval: float = INTERVAL,
    max_batch: int = MAX_BATCH,
    breathe: Callable[[], None] = lambda: None,
) -> None:
    """Drive ``pipeline.run`` over ``reader`` until the input ends or ``cancelled()``.

    ``breathe()`` runs after every message: it may sleep, to let the UI thread have
    the interpreter while the user is pressing keys."""
    pump = PacketPump(reader)
    pending: list = []
    last_post = time.monotonic()
    posted_packets = -1
    posted_notes: list[str] = []
    total = 0

    nodes = getattr(pipeline, "nodes", None)  # several inputs merged

    def notes() -> list[str]:
        # copies taken here, in the feed thread: the reassembly adding to its notes runs here too
        found = list(getattr(reader, "notes", []) or []) + list(getattr(pipeline, "notes", []) or [])
        return found + clock_notes(nodes) if nodes is not None else found

    def flush(force: bool = False) -> None:
        nonlocal last_post, posted_packets, posted_notes, total
        now = time.monotonic()
        # the first message goes at once: it is what the first screen waits for
        due = force or len(pending) >= max_batch or now - last_post >= interval or (total == 0 and pending)
        if not due:
            return
        if pending or pump.count != posted_packets:
            total += len(pending)
            post(MessagesArrived(list(pending), pump.count))
            pending.clear()
            last_post, posted_packets = now, pump.count
        current = notes()  # a note may come without a packet (a line the reader could not use)
        if current != posted_notes:
            post(NotesChanged(current))
            last_post, posted_notes = now, current

    def idle() -> bool:
        flush()
        return cancelled()

    error: str | None = None
    try:
        for message in pipeline.run(pump.packets(idle, poll=interval)):
            pending.append(message)
            flush()
            breathe()
            if cancelled():
                return
    except Exception as exc:  # a core bug must not take the view down with it
        error = f"decoding stopped: {type(exc).__name__}: {exc}"
    if cancelled():
        return
    if nodes is not None and not nodes.groups_known and error is None:  # every copy is known now
        nodes.clocks = clock_lines(nodes)
    flush(force=True)
    if pump.error is not None and error is None:
        error = f"reading stopped: {pump.error}"
    post(FeedFinished(pump.count, total, error, notes()))


class FeedThread:
    """Runs :func:`run_feed` in a daemon thread from the moment the App is made.

    Starting before Textual has composed the screen lets the first message be read
    while the UI starts, and ``wait_for_first`` lets the launcher give it a moment, so
    the very first frame can already show a stream. Until a screen ``attach``-es,
    what the feed posts is kept; ``attach`` hands it over (for the screen to apply at
    once) and later posts go straight to the screen (``post_message`` is thread-safe).
    """

    def __init__(self, reader: Iterable, make_pipeline: Callable[[], object]) -> None:
        self._reader = reader
        self._make_pipeline = make_pipeline
        self._lock = threading.Lock()
        self._target = None
        self._kept: list[TextualMessage] = []
        self._first = threading.Event()
        self._shown = threading.Event()  # the view has drawn its first screen
        self._cancelled = threading.Event()
        self._ui_busy_until = 0.0
        self._thread = threading.Thread(target=self._run, name="hexview-feed", daemon=True)
        self.pipeline = None  # the running pipeline, once the thread made it

    def start(self) -> None:
        if not self._thread.is_alive() and not self._first.is_set():
            self._thread.start()

    def _run(self) -> None:
        try:
            pipeline = self.pipeline = self._make_pipeline()
        except Exception as exc:  # e.g. a broken protocol registration
            self._post(FeedFinished(0, 0, f"decoding stopped: {type(exc).__name__}: {exc}", []))
            return
        run_feed(self._reader, pipeline, self._post, self._cancelled.is_set, breathe=self._breathe)

    def nudge(self) -> None:
        """The user just pressed a key: give way to the UI for a moment."""
        self._ui_busy_until = time.monotonic() + BUSY_FOR

    def screen_shown(self) -> None:
        """The view drew its first screen: read at full speed from now on."""
        self._shown.set()

    def _breathe(self) -> None:
        if self._first.is_set() and not self._shown.is_set():
            self._shown.wait(FIRST_SCREEN_WAIT)  # the first screen is being made: hold back
            self._shown.set()
        if time.monotonic() < self._ui_busy_until:
            time.sleep(BREATHE)

    def _post(self, message: TextualMessage) -> None:
        with self._lock:
            target = self._target
            if target is None:
                self._kept.append(message)
        if target is not None:
            target.post_message(message)
        if isinstance(message, FeedFinished) or getattr(message, "messages", None):
            self._first.set()

    def wait_for_first(self, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds for the first message (or the end)."""
        return self._first.wait(timeout)

    def attach(self, target) -> list[TextualMessage]:
        """From now on post to ``target``; returns what was posted before."""
        with self._lock:
            self._target = target
            kept, self._kept = self._kept, []
        return kept

    def cancel(self) -> None:
        self._cancelled.set()
        self._shown.set()
