"""What one pipeline (one input) knows beyond the static registrations.

Registrations, and the tables their modules fill at import (the ONC RPC program
table, say), are process-wide configuration: loaded before any input is read and
never changed by reading. Everything chosen or learned while an input is read lives
here instead -- the option values, and each protocol's own learned state (callback
programs a client announced, say) -- so two pipelines in one process never see
each other's. The pipeline makes one and hangs it on every conversation
(``conversation.context``); framers and decoders reach it from there.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar, cast

from ..tcp.stream_events import Conversation
from .labels import StreamLabels
from .options import resolved
from .registry import Registration, Verdict

T = TypeVar("T")
MAX_EXPECTED = 256  # server ports learned per input: a bound against junk (a capture names a few)


class DecodeContext:
    """One input's choices and learned state.

    ``options``: every declared option's value by key (``options.resolved``).
    ``learned(key, factory)``: a protocol's own state for this input, made on first
    use. ``claims``: heuristics a protocol learned while reading (e.g. a callback
    program's calls are NFS), asked besides the registrations' own. ``expect``: a
    server port a protocol learned (a portmapper's GETPORT reply, say), whose later
    conversations are that registration's before any heuristic is asked.
    ``labels``: the names handshakes gave conversations and servers
    (hexview.protocols.labels). ``lessons`` counts what was learned that other
    conversations read: ``claim`` and ``expect`` count theirs; whoever keeps such state
    with ``learned`` adds one for each change."""

    def __init__(self, options: dict[str, str] | None = None) -> None:
        self.options = resolved(options)
        self._learned: dict[str, object] = {}
        self.claims: list[tuple[Registration, Callable[[bytes], Verdict | None]]] = []
        self._expected: dict[int, Registration] = {}
        self.labels = StreamLabels()
        # what was learned that changes how other conversations read, counted: a split run
        # (pipeline.Share) checks that only conversations whose protocol teaches teach
        self.lessons = 0

    def learned(self, key: str, factory: Callable[[], T]) -> T:
        state = self._learned.get(key)
        if state is None:
            state = self._learned[key] = factory()
        return cast(T, state)  # what ``factory`` made for this key

    def claim(self, reg: Registration, heuristic: Callable[[bytes], Verdict | None]) -> None:
        """From now on, conversations whose first bytes ``heuristic`` accepts are ``reg``'s."""
        self.claims.append((reg, heuristic))
        self.lessons += 1

    def expect(self, port: int, reg: Registration) -> None:
        """From now on, conversations whose server listens on ``port`` are ``reg``'s (the
        newest word on a port wins; past MAX_EXPECTED ports the oldest is forgotten)."""
        self._expected.pop(port, None)
        self._expected[port] = reg
        self.lessons += 1
        while len(self._expected) > MAX_EXPECTED:
            del self._expected[next(iter(self._expected))]

    def expected(self, port: int) -> Registration | None:
        """The registration learned for server port ``port``, if any."""
        return self._expected.get(port)


def context_of(conversation: Conversation) -> DecodeContext:
    """The conversation's pipeline context; a conversation made outside a pipeline (a
    test's, say) gets one of its own on first use."""
    context: DecodeContext | None = getattr(conversation, "context", None)
    if context is None:
        context = conversation.context = DecodeContext(getattr(conversation, "options", None) or None)
    return context
