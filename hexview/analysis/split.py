"""Whole-input work on every core, split by conversation (``--stats``).

Each of ``jobs`` workers reads the whole input itself and frames only its share of the
conversations (``pipeline.Share``): reading and the packet headers are done by every
worker, reassembly, framing and counting by one. What a worker counted comes back to
the parent, which merges it: nothing else crosses a process boundary.

The parent is worker 0; workers 1 and up are forked children, each of which sends its
result, pickled, on its own pipe once it is done (or the error that stopped it). A
worker that dies without a word (killed, out of memory) ends the run with a
``WorkerError`` naming it; the parent never waits on a worker that cannot answer.

The input must be one that can be read again from the start (a regular file): see
``output.parallel.can_share``.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import traceback
from collections.abc import Callable
from typing import BinaryIO, TypeVar, cast

T = TypeVar("T")


BUSY_MARGIN = 0.5  # a machine whose load average is within this of its CPU count is busy


class WorkerError(Exception):
    """A worker process failed (an exception the caller did not expect), or stopped
    without sending its result."""


def workers_for(path: str) -> int:
    """How many workers a split run of ``path`` uses when not told: one per CPU for a
    regular file large enough to gain (``output.parallel.auto_jobs``) -- unless the
    machine is busy (its 1-minute load average within BUSY_MARGIN of the CPU count):
    every worker reads the whole file, so on cores that other work keeps busy the
    workers only add that reading to the wait, and one process is quicker."""
    from ..output.parallel import auto_jobs

    jobs = auto_jobs([path])
    if jobs > 1:
        try:
            load = os.getloadavg()[0]
        except OSError:  # not known here: the CPUs alone decide
            return jobs
        if load >= jobs - BUSY_MARGIN:
            return 1
    return jobs


def run_split(jobs: int, work: Callable[[int], T], expected: tuple[type[BaseException], ...] = ()) -> list[T]:
    """``[work(0), ..., work(jobs - 1)]``, ``work(k)`` for k >= 1 each in a forked child
    and ``work(0)`` in this process meanwhile. Worker 0's exceptions are raised at once;
    once worker 0 is done, a child's exception is raised here when it is one of the
    ``expected`` kinds, else a WorkerError with its traceback, as for a child that died
    without a result. ``work`` must return something picklable."""
    children: dict[int, tuple[int, BinaryIO]] = {}  # worker -> (pid, its pipe), until reaped
    try:
        for worker in range(1, jobs):
            read_end, write_end = os.pipe()
            pid = os.fork()
            if pid == 0:  # the child: never returns
                os.close(read_end)
                for _, pipe in children.values():
                    pipe.close()
                _child(worker, work, write_end)
            os.close(write_end)
            children[worker] = (pid, os.fdopen(read_end, "rb"))
        results = [work(0)]
        for worker in range(1, jobs):
            pid, pipe = children.pop(worker)
            with pipe:
                payload = pipe.read()
            _, status = os.waitpid(pid, 0)
            results.append(cast(T, _result(worker, pid, payload, status, expected)))
        return results
    finally:  # worker 0 failed (or was interrupted): the children are not needed any more
        for pid, pipe in children.values():
            pipe.close()
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
            os.waitpid(pid, 0)


def _child(worker: int, work: Callable[[int], object], write_end: int) -> None:
    """Run ``work(worker)`` and send ("ok", result) or ("error", exception); then exit."""
    status = 1
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        try:
            payload = pickle.dumps(("ok", work(worker)), pickle.HIGHEST_PROTOCOL)
        except BaseException as exc:  # sent to the parent, with its traceback
            text = "".join(traceback.format_exception(exc)).rstrip()
            payload = pickle.dumps(("error", (_picklable(exc), text)), pickle.HIGHEST_PROTOCOL)
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(payload)
        status = 0
    finally:
        os._exit(status)


def _picklable(exc: BaseException) -> BaseException | None:
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:
        return None
    return exc


def _result(worker: int, pid: int, payload: bytes, status: int, expected: tuple[type[BaseException], ...]) -> object:
    """What child ``worker`` sent; its exception raised (see run_split); a WorkerError
    for nothing sent."""
    if not payload:
        if os.WIFSIGNALED(status):
            how = f"killed by signal {os.WTERMSIG(status)}"
        else:
            how = f"exit status {os.waitstatus_to_exitcode(status)}"
        raise WorkerError(f"worker {worker} (process {pid}) stopped without its result ({how})")
    try:
        kind, value = pickle.loads(payload)
    except Exception as exc:
        raise WorkerError(f"worker {worker} (process {pid}) sent a result cut short") from exc
    if kind == "error":
        raised, text = value
        if isinstance(raised, expected):
            raise raised
        raise WorkerError(f"worker {worker} (process {pid}) failed:\n{text}")
    return value
