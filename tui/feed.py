"""Packets -> pipeline -> batches of messages, run in a worker thread.

The pipeline is a chain of generators that may sit in a blocking read for as long
as a pipe is quiet. This module runs it away from the UI (see ``PacketPump``) and
coalesces its output: a batch goes to the UI at most every ``interval`` seconds or
every ``max_batch`` messages, whichever comes first, plus progress ticks while
packets arrive without completing a message.
"""

from __future__ import annotations

import time
from typing import Callable, Iterable

from textual.message import Message as TextualMessage

from .messages import FeedFinished, MessagesArrived
from .pipe_input import PacketPump

INTERVAL = 0.05
MAX_BATCH = 500


def run_feed(
    reader: Iterable,
    pipeline,
    post: Callable[[TextualMessage], object],
    cancelled: Callable[[], bool],
    interval: float = INTERVAL,
    max_batch: int = MAX_BATCH,
) -> None:
    """Drive ``pipeline.run`` over ``reader`` until the input ends or ``cancelled()``."""
    pump = PacketPump(reader)
    pending: list = []
    last_post = time.monotonic()
    posted_packets = -1
    total = 0

    def flush(force: bool = False) -> None:
        nonlocal last_post, posted_packets, total
        now = time.monotonic()
        due = force or len(pending) >= max_batch or now - last_post >= interval
        if not due or (not pending and pump.count == posted_packets):
            return
        total += len(pending)
        post(MessagesArrived(list(pending), pump.count))
        pending.clear()
        last_post, posted_packets = now, pump.count

    def idle() -> bool:
        flush()
        return cancelled()

    error: str | None = None
    try:
        for message in pipeline.run(pump.packets(idle, poll=interval)):
            pending.append(message)
            flush()
            if cancelled():
                return
    except Exception as exc:  # a core bug must not take the view down with it
        error = f"decoding stopped: {type(exc).__name__}: {exc}"
    if cancelled():
        return
    flush(force=True)
    if pump.error is not None and error is None:
        error = f"reading stopped: {pump.error}"
    notes = list(getattr(reader, "notes", []) or []) + list(getattr(pipeline, "notes", []) or [])
    post(FeedFinished(pump.count, total, error, notes))
