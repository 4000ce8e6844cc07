"""Knowledge framing learns from a capture that decoding later depends on.

Most decoding is a function of the message's bytes and framing facts, but a few
tables grow while a capture is read (e.g. an RPC program number a client announces
for its callbacks). A process that decodes on behalf of the reading one (the
parallel driver's workers) must see the same tables as the reader did when it
released each message, so every such change is recorded here as a call that can be
replayed: ``record`` in the reading process, ``replay`` in a worker.
"""

from __future__ import annotations

from typing import Callable

# (function, arguments) in the order they were learned; module-level functions only,
# so an entry can cross a process boundary (pickled by reference)
LOG: list[tuple[Callable, tuple]] = []


def record(function: Callable, *args) -> None:
    """Note that ``function(*args)`` changed what decoding knows (it has already run here)."""
    LOG.append((function, args))


def replay(entries: list[tuple[Callable, tuple]], done: int, upto: int) -> int:
    """Apply ``entries[done:upto]`` (learned elsewhere) here; returns how many are applied now."""
    for function, args in entries[done:upto]:
        function(*args)
    return max(done, upto)
