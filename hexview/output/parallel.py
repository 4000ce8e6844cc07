"""Decoding in a pool of worker processes, written in input order (``--jobs``).

Reading, reassembly, framing and pairing stay in this process: they are stateful and
cheap. Decoding and formatting -- most of the time of ``--json`` and ``--print`` --
are functions of one message, so batches of messages go to forked workers and come
back as the finished output text, which a writer thread puts out strictly in order.

What crosses the process boundary is a detached copy of each message (``detach``):
its own bytes and framing facts, a copy of its conversation without the framer's
state, the protocol by name, and of its links only what decoding, the info hooks
and the output read -- the paired message (a reply's call with its bytes and params,
which an info hook may decode; a request's reply for its number) and the first reply
(for the latency). Within a batch a call and its reply share one copy, so what an
info hook notes on the call (its params) is seen by the reply, as in one process.

Every value that depends on *when* a message was released (its protocol, the
input's first timestamp, what framing had learned, see ``hexview.learned``) is
taken at release, so the output is byte for byte that of the single-process path.
Memory stays bounded: at most ``IN_FLIGHT_PER_JOB * jobs`` batches are out at once.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import threading
import time
from typing import Callable, Iterable, TextIO

from .. import learned
from ..messages import Message
from ..registry import UNKNOWN, registrations
from ..stream_events import Conversation

BATCH_MESSAGES = 200  # messages in one batch (a few ms of decoding: small next to the pickling)
BATCH_BYTES = 1 << 20  # or fewer, when they carry this many bytes
BATCH_SECONDS = 0.25  # a slow input (a live pipe) sends what it has after this long
IN_FLIGHT_PER_JOB = 3  # batches queued or being decoded, per worker
PARALLEL_FROM_BYTES = 4 << 20  # inputs smaller than this decode in one process (the pool costs more)


def fork_available() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def auto_jobs(path: str) -> int:
    """How many workers ``--jobs`` (unset) means for ``path``: one per CPU for a regular
    file large enough to gain; one process (today's path) for small files and pipes."""
    try:
        size = os.stat(path).st_size if path != "-" else 0
    except OSError:
        size = 0
    if size < PARALLEL_FROM_BYTES or not fork_available():
        return 1
    return os.cpu_count() or 1


# -- what crosses the boundary ---------------------------------------------------------


def _protocol_name(reg) -> str | None:
    return None if reg is None else reg.name


def _protocols() -> dict[str | None, object]:
    found: dict[str | None, object] = {reg.name: reg for reg in registrations().values()}
    found[UNKNOWN.name] = UNKNOWN
    found[None] = None
    return found


class _Detacher:
    """Detached copies of one batch's messages, sharing copies within the batch."""

    def __init__(self) -> None:
        # id(original) -> (original, its full copy): the original is held so its id
        # cannot be reused by another message while the batch is being built
        self.messages: dict[int, tuple[Message, Message]] = {}
        self.conversations: dict[tuple[int, str | None], tuple[Conversation, Conversation]] = {}

    def conversation(self, conv: Conversation) -> Conversation:
        name = _protocol_name(conv.protocol)
        key = (id(conv), name)
        found = self.conversations.get(key)
        if found is None:
            copy = Conversation(
                conv.index, conv.client, conv.server, conv.orientation_known, conv.first_frame, conv.transport,
                protocol=name, framer=None, packets=conv.packets, bytes=dict(conv.bytes), options=conv.options,
            )
            self.conversations[key] = (conv, copy)
            return copy
        return found[1]

    def bare(self, m: Message) -> Message:
        """``m`` without links (its bytes and params are those of the original)."""
        return Message(
            self.conversation(m.conversation), m.direction, m.offset, m.data, m.frames, m.kind, m.name,
            dict(m.params), m.missing, m.problems, m.is_request, m.is_reply, m.expects_reply, m.index,
            timestamp=m.timestamp, end_timestamp=m.end_timestamp,
        )

    def detach(self, m: Message) -> Message:
        copy = self.bare(m)
        self.messages[id(m)] = (m, copy)
        pair = m.pair
        if pair is not None:
            copy.pair = self._copy_of(pair)
        if m.replies:
            first = m.replies[0]
            copy.replies = [copy.pair if first is pair else self._copy_of(first)]
        return copy

    def _copy_of(self, m: Message) -> Message:
        """The batch's copy of ``m`` if it has one, else a bare copy."""
        found = self.messages.get(id(m))
        return found[1] if found is not None else self.bare(m)


# -- the worker side ---------------------------------------------------------------------

_worker_learned = 0  # how many of the reader's learned entries this worker has applied


def _start_worker(already: int) -> None:
    global _worker_learned
    _worker_learned = already  # forked after these: they are in this process already


def _formatter(kind: str) -> Callable[[Message, float | None, str | None], str]:
    if kind == "json":
        from .json_lines import json_line

        return json_line
    if kind == "text":
        from .text_tree import text_block

        return text_block
    if kind == "summary-info":
        from .summary import summary_info_line

        return summary_info_line
    raise ValueError(f"unknown output {kind!r}")


def _decode_batch(kind: str, file: str | None, log: list, items: list) -> str:
    """The output text of one batch: ``items`` are (message, origin, learned count)."""
    global _worker_learned
    protocols = _protocols()
    conversations = {}
    for m, _, _ in items:  # a pair from an earlier batch may bring a copy of its own
        for each in (m, m.pair, *m.replies):
            if each is not None:
                conversations[id(each.conversation)] = each.conversation
    for conv in conversations.values():
        conv.protocol = protocols[conv.protocol]
    fmt = _formatter(kind)
    parts = []
    for message, origin, known in items:
        if known > _worker_learned:
            _worker_learned = learned.replay(log, _worker_learned, known)
        parts.append(fmt(message, origin, file))
    return "".join(parts)


# -- the reading side ----------------------------------------------------------------------


class _Writer(threading.Thread):
    """Writes each batch's text as soon as it and all before it are done."""

    def __init__(self, out: TextIO, depth: int) -> None:
        super().__init__(name="hexview-writer", daemon=True)
        self.out = out
        self.pending: queue.Queue = queue.Queue(maxsize=depth)
        self.error: BaseException | None = None

    def run(self) -> None:
        while True:
            result = self.pending.get()
            if result is None:
                return
            try:
                text = result.get()
                if self.error is None:
                    self.out.write(text)
                    self.out.flush()
            except BaseException as exc:  # noqa: BLE001 -- handed to the reading thread
                if self.error is None:
                    self.error = exc


def write_parallel(
    kind: str,
    messages: Iterable[Message],
    out: TextIO,
    origin: Callable[[], float | None] = lambda: None,
    file: str | None = None,
    jobs: int = 2,
    tick: Callable[[], None] | None = None,
) -> int:
    """Write every message as output ``kind`` ("json", "text", "summary-info") using
    ``jobs`` forked workers; returns how many were written. ``tick`` is called per
    message read (progress)."""
    context = multiprocessing.get_context("fork")
    depth = IN_FLIGHT_PER_JOB * jobs
    count = 0
    with context.Pool(jobs, initializer=_start_worker, initargs=(len(learned.LOG),)) as pool:
        writer = _Writer(out, depth)
        writer.start()
        try:
            detacher, items, size, started = _Detacher(), [], 0, 0.0

            def send() -> None:
                nonlocal detacher, items, size
                writer.pending.put(pool.apply_async(_decode_batch, (kind, file, list(learned.LOG), items)))
                detacher, items, size = _Detacher(), [], 0

            for message in messages:
                if writer.error is not None:
                    break
                if not items:
                    started = time.monotonic()
                items.append((detacher.detach(message), origin(), len(learned.LOG)))
                size += message.length
                count += 1
                if tick is not None:
                    tick()
                if len(items) >= BATCH_MESSAGES or size >= BATCH_BYTES or time.monotonic() - started > BATCH_SECONDS:
                    send()
            if items and writer.error is None:
                send()
        finally:
            writer.pending.put(None)
            writer.join()
        if writer.error is not None:
            raise writer.error
    return count
