"""Standard output for the streaming views: whole lines, also when Ctrl-C stops them.

A long ``--json`` must stop at once on Ctrl-C, and what it wrote must stay usable: a
reader of the cut-off output (jq, a script) must not choke on half a JSON object.
So while a command-line view runs (``interrupts_between_writes``), SIGINT raises
KeyboardInterrupt at once -- while decoding, between messages, while waiting for
input -- except during a write to standard output, where it is held until the write
returns: a line reaches the output whole or not at all. The work after the signal
is thus at most the one write under way (one message, or one batch from a worker).
``cli`` then flushes what was written and exits 130.

Every write to ``sys.stdout`` goes through ``GuardedOutput`` while the guard is on, so
each view's writer needs nothing of its own.
"""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from types import FrameType, TracebackType
from typing import Any, BinaryIO, TextIO, cast


class OutputError(Exception):
    """Standard output cannot be written (a full disk, a closed descriptor); the message
    is the system's reason. A reader that went away (a broken pipe) is not one: that is
    ``BrokenPipeError``, the normal end of ``hexview ... | head``."""


class _State:
    writing = 0  # writes to standard output under way (a flush inside a write counts twice)
    held = False  # a SIGINT came during one


_state = _State()


def _on_sigint(_signum: int, _frame: FrameType | None) -> None:
    if _state.writing:
        _state.held = True
        return
    raise KeyboardInterrupt


def _enter() -> None:
    _state.writing += 1


def _leave() -> None:
    _state.writing -= 1
    if not _state.writing and _state.held:
        _state.held = False
        raise KeyboardInterrupt


def _output_error(exc: OSError) -> Exception:
    if isinstance(exc, BrokenPipeError):
        return exc
    return OutputError(exc.strerror or str(exc))


class _Whole:
    """``with _WHOLE:`` around one write: an interrupt waits until it is done, and an
    OSError leaves as what the command line reports (``_output_error``)."""

    __slots__ = ()

    def __enter__(self) -> None:
        _enter()

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, trace: TracebackType | None) -> None:
        _leave()
        if isinstance(exc, OSError):
            raise _output_error(exc) from None


_WHOLE = _Whole()


class _GuardedBytes:
    """A binary stream whose writes finish before an interrupt is taken."""

    def __init__(self, raw: BinaryIO) -> None:
        self._raw = raw

    def write(self, data: bytes) -> int:
        with _WHOLE:
            return self._raw.write(data)

    def flush(self) -> None:
        with _WHOLE:
            self._raw.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._raw, name)


class GuardedOutput:
    """``sys.stdout`` as the views see it while the guard is on: the same stream, its
    writes (text or, through ``buffer``, bytes) never cut by an interrupt."""

    def __init__(self, text: TextIO) -> None:
        self._text = text
        raw = getattr(text, "buffer", None)
        self._bytes = _GuardedBytes(raw) if raw is not None else None

    @property
    def buffer(self) -> BinaryIO:
        if self._bytes is None:
            raise AttributeError("buffer")
        return cast(BinaryIO, self._bytes)

    def write(self, text: str) -> int:
        with _WHOLE:
            return self._text.write(text)

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        with _WHOLE:
            self._text.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._text, name)


@contextmanager
def interrupts_between_writes() -> Iterator[None]:
    """While the block runs: Ctrl-C is held during writes to standard output (and
    raised as KeyboardInterrupt as soon as the write is done), ``sys.stdout`` is guarded.
    Standard output and the previous SIGINT handler are restored after."""
    if threading.current_thread() is not threading.main_thread():  # only the main thread gets signals
        yield
        return
    previous = signal.getsignal(signal.SIGINT)
    stdout = sys.stdout
    _state.writing, _state.held = 0, False
    sys.stdout = cast(TextIO, GuardedOutput(stdout))
    signal.signal(signal.SIGINT, _on_sigint)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        sys.stdout = stdout
        _state.writing, _state.held = 0, False
