"""Decoding on every core, written in input order (``--jobs``).

Each of ``jobs`` forked workers reads the whole input itself (several inputs: all of
them, merged, with the copies the parent's first reading found) -- reading,
reassembly, framing and pairing are cheap next to decoding -- and decodes only its share: the
messages are cut into batches of ``BATCH_MESSAGES`` in input order, and batch ``b``
belongs to worker ``b % jobs``. Every worker sees every message, so what framing
learns and what a call's decode notes for its reply are there exactly as in one
process, and nothing but finished output text crosses a process boundary.

A worker writes its batches, in order, as chunks on its own pipe; the parent reads
batch 0 from worker 0, batch 1 from worker 1, and so on round the workers, and
writes each out at once. A worker that runs ahead blocks on its full pipe, so memory
stays bounded whatever the input's size. After its last batch each worker sends a
trailer: how many messages the input held, the input's notes, and the error that
stopped reading, if one did.

The input must be one that can be read again from the start (a file, not a pipe);
``auto_jobs`` says 1 for anything else and for inputs too small to gain.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import stat
import struct
import sys
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, BinaryIO, TextIO, TypedDict

from ..messages import Message

if TYPE_CHECKING:  # pragma: no cover
    from ..nodes import NodeMap

BATCH_MESSAGES = 200  # messages in one batch (a few ms of decoding)
PARALLEL_FROM_BYTES = 4 << 20  # inputs smaller than this decode in one process (forking costs more)
PIPE_BYTES = 1 << 16  # what a worker's pipe holds (Linux's default, set so the bound is known)
WRITE_BUFFER = 1 << 16  # what a worker gathers before writing to its pipe

_CHUNK = struct.Struct(">BQ")  # kind, length of what follows
_BATCH, _LAST, _TRAILER = 0, 1, 2  # a full batch; the last, short one; the end


def fork_available() -> bool:
    return hasattr(os, "fork")


def auto_jobs(paths: list[str]) -> int:
    """How many workers ``--jobs`` (unset) means for the input ``paths`` (several are
    merged into one run): one per CPU for regular files large enough together to gain;
    one process for small files and pipes."""
    size = 0
    for path in paths:
        with contextlib.suppress(OSError):
            size += os.stat(path).st_size if path != "-" else 0
    if size < PARALLEL_FROM_BYTES or not fork_available():
        return 1
    return os.cpu_count() or 1


def can_share(paths: list[str]) -> bool:
    """Whether every one of ``paths`` can be read again by each worker (regular files, not pipes)."""
    if not fork_available():
        return False
    for path in paths:
        if path == "-":
            return False
        try:
            if not stat.S_ISREG(os.stat(path).st_mode):
                return False
        except OSError:
            return False
    return True


class Facts(TypedDict, total=False):
    """What is known of an input once it is read, as the caller's ``Run.finish`` says it."""

    notes: list[str]  # the reader's and the pipeline's notes
    next_index: int  # the number the next message would have got (--export numbers inputs on)


@dataclass
class Run:
    """What one worker's pass over the input gives: its messages and, when they are
    all read, the facts the trailer carries (``finish``); ``nodes``, the map of
    several inputs merged into one (the formatters name each message's node)."""

    messages: Iterable[Message]
    origin: Callable[[], float | None]
    finish: Callable[[], Facts] = Facts
    tick: Callable[[], None] | None = None
    nodes: NodeMap | None = None


# A display filter as the workers apply it: (message, origin) -> shown; a matching
# message's decoded tree may be kept for its formatter (hexview.analysis.filters).
Keep = Callable[[Message, float | None], bool]


@dataclass
class Trailer:
    count: int = 0  # messages in the input
    facts: Facts = field(default_factory=Facts)  # what Run.finish said (the notes)
    error: BaseException | None = None  # what stopped reading (raised again by the caller)


def _formatter(kind: str) -> Callable[[Message, float | None, NodeMap | None], str]:
    if kind == "json":
        from .json_lines import json_line

        return json_line
    if kind == "text":
        from .text_tree import text_block

        return text_block
    if kind == "summary-info":
        from .summary import summary_info_line

        return summary_info_line
    if kind == "summary":  # with a display filter that decodes
        from .summary import summary_line

        return summary_line
    raise ValueError(f"unknown output {kind!r}")


# -- a worker --------------------------------------------------------------------------


def _send(out: BinaryIO, kind: int, payload: bytes) -> None:
    out.write(_CHUNK.pack(kind, len(payload)))
    out.write(payload)


def _work(
    me: int,
    jobs: int,
    kind: str,
    start: Callable[[int], Run],
    out: BinaryIO,
    keep: Keep | None = None,
) -> None:
    """Worker ``me``: read everything, format the batches that are its own, send them.
    With ``keep`` (a display filter), a batch holds only its messages that pass: the
    batches, and so which worker writes what, are the same as without it."""
    fmt = _formatter(kind)
    count = 0
    parts: list[str] = []
    open_batch = False  # a batch of ours begun and not yet sent
    error: BaseException | None = None
    run: Run | None = None
    try:
        run = start(me)
        tick = run.tick
        for message in run.messages:
            if tick is not None:
                tick()
            batch, place = divmod(count, BATCH_MESSAGES)
            count += 1
            if batch % jobs != me:
                continue
            open_batch = True
            origin = run.origin()
            if keep is None or keep(message, origin):
                parts.append(fmt(message, origin, run.nodes))
            message._decoded = None  # streaming: keep memory bounded
            if place == BATCH_MESSAGES - 1:
                _send(out, _BATCH, "".join(parts).encode("utf-8", "surrogateescape"))
                parts = []
                open_batch = False
    except BaseException as exc:
        error = exc if _picklable(exc) else RuntimeError("".join(traceback.format_exception(exc)))
    facts = run.finish() if run is not None else Facts()
    if open_batch:  # the last, short batch (empty when the filter passed none of it)
        _send(out, _LAST, "".join(parts).encode("utf-8", "surrogateescape"))
    _send(out, _TRAILER, pickle.dumps(Trailer(count, facts, error)))
    out.flush()


def _picklable(exc: BaseException) -> bool:
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:
        return False
    return True


# -- the parent --------------------------------------------------------------------------


def _read_chunk(pipe: BinaryIO) -> tuple[int, bytes]:
    head = pipe.read(_CHUNK.size)
    if len(head) < _CHUNK.size:
        raise RuntimeError("a decoding worker stopped without finishing")
    kind, length = _CHUNK.unpack(head)
    payload = pipe.read(length)
    if len(payload) < length:
        raise RuntimeError("a decoding worker stopped part-way")
    return kind, payload


def write_parallel(kind: str, start: Callable[[int], Run], out: TextIO, jobs: int = 2, keep: Keep | None = None) -> Trailer:
    """Write every message of the input as output ``kind`` ("json", "text",
    "summary-info", "summary") using ``jobs`` forked workers, each of which calls
    ``start(k)`` to read the input afresh (k: its number; worker 0 may show progress);
    with ``keep``, only the messages it passes. Returns the input's trailer; its
    ``error`` is for the caller to raise."""
    out.flush()
    sys.stderr.flush()
    workers: list[tuple[int, BinaryIO]] = []
    try:
        for me in range(jobs):
            read_end, write_end = os.pipe()
            _size_pipe(write_end)
            pid = os.fork()
            if pid == 0:  # the worker: never returns
                status = 1
                try:
                    os.close(read_end)
                    for _, pipe in workers:
                        pipe.close()
                    signal.signal(signal.SIGINT, signal.SIG_DFL)
                    with os.fdopen(write_end, "wb", buffering=WRITE_BUFFER) as pipe:
                        _work(me, jobs, kind, start, pipe, keep)
                    status = 0
                except BaseException:
                    pass
                finally:
                    os._exit(status)
            os.close(write_end)
            workers.append((pid, os.fdopen(read_end, "rb")))
        return _merge(workers, out)
    finally:
        for pid, pipe in workers:
            pipe.close()
            with contextlib.suppress(ProcessLookupError):  # gone already when all went well
                os.kill(pid, signal.SIGTERM)
            os.waitpid(pid, 0)


def _size_pipe(fd: int) -> None:
    try:
        import fcntl

        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    except (ImportError, AttributeError, OSError):  # not Linux: the system's own size
        pass


def _writer(out: TextIO) -> Callable[[bytes], None]:
    """Writes a worker's UTF-8 text to ``out``: straight to its bytes when it writes
    UTF-8 itself (standard output, almost always; no decoding and encoding again of
    output that may run to gigabytes), else as text."""
    buffer = getattr(out, "buffer", None)
    if buffer is not None and str(getattr(out, "encoding", "")).lower().replace("-", "") == "utf8":
        out.flush()

        def write(payload: bytes) -> None:
            buffer.write(payload)
            buffer.flush()

        return write

    def write_text(payload: bytes) -> None:
        out.write(payload.decode("utf-8", "surrogateescape"))
        out.flush()

    return write_text


def _merge(workers: list[tuple[int, BinaryIO]], out: TextIO) -> Trailer:
    """Batches round the workers, in order, until the one whose turn it is sends its
    last, short batch or nothing more: then every worker's next chunk is its trailer.
    A worker that failed part-way ends the output there (as one process would)."""
    turn = 0
    write = _writer(out)
    while True:
        kind, payload = _read_chunk(workers[turn][1])
        if kind == _TRAILER:
            break
        write(payload)
        if kind == _LAST:
            kind, payload = _read_chunk(workers[turn][1])
            break
        turn = (turn + 1) % len(workers)
    trailer: Trailer = pickle.loads(payload)  # a worker's Trailer (_work)
    if trailer.error is not None:
        return trailer
    for i, (_, pipe) in enumerate(workers):
        if i != turn:
            kind, payload = _read_chunk(pipe)
            other: Trailer | None = pickle.loads(payload) if kind == _TRAILER else None
            if other is None or other.count != trailer.count:
                raise RuntimeError("decoding workers disagree on the messages the input holds")
            if other.error is not None:
                return other
    return trailer
