"""What each listed message says happened, decoded on demand and kept in a bounded cache.

The message list shows every row's outcome (the protocol's ``info`` text, a failed
reply, decode problems), which needs the message decoded. Only the rows on screen are
ever asked for, and the field tree of a listed message is not kept: the cache holds the
small ``Outcome`` of the last few thousand rows drawn, never the trees -- nor the
messages: a row is known by the message's address and number, so a message the store
let go is not kept alive here -- so scrolling a million-message stream costs what the
visible rows cost and memory stays flat.

Pure logic, no Textual import.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

from hexview.decode.fields import Outcome
from hexview.messages import Message

CACHE_SIZE = 4096


@dataclass(frozen=True, slots=True)
class Row:
    outcome: Outcome
    problems: bool  # bytes missing, framing or decode problems: the list marks the row


class OutcomeCache:
    def __init__(self, size: int = CACHE_SIZE) -> None:
        self.size = size
        self._rows: OrderedDict[tuple[int, int], Row] = OrderedDict()
        self.decoded = 0  # messages decoded for the list (tests count work with it)

    def row(self, message: Message) -> Row:
        # numbers are unique in an input: a later message at a freed one's address has another
        key = (id(message), message.index)
        hit = self._rows.get(key)
        if hit is not None:
            self._rows.move_to_end(key)
            return hit
        row = self._make(message)
        self._rows[key] = row
        if len(self._rows) > self.size:
            self._rows.popitem(last=False)
        return row

    def _make(self, message: Message) -> Row:
        framing_problems = bool(message.missing or message.problems or message.kind == "undecoded")
        if message.conversation.protocol is None:
            return Row(Outcome(), framing_problems)
        if message._decoded is None:
            self.decoded += 1
        try:
            decoded = message.decode_transient()  # the tree is not kept
        except Exception as exc:  # a decoder crash marks the row, never the list
            return Row(Outcome(f"decoder failed: {type(exc).__name__}"), True)
        return Row(decoded.outcome, framing_problems or bool(decoded.errors))

    def clear(self) -> None:
        self._rows.clear()
