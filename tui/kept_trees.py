"""Which messages keep their decoded field tree while the view is open.

``Message.decode`` keeps the tree it makes on the message, so painting, the field pane
and copying share one tree. Left at that, every message a person ever stepped through
would keep its tree for as long as the capture is open (a few KiB to MiB each): a long
session's memory would grow with every key. The view instead lets only the last few
messages it showed keep theirs -- the one on show and the one before it, which is
usually its pair when a person goes back and forth -- and drops the rest.
"""

from __future__ import annotations

from collections import OrderedDict

from hexview.messages import Message

KEPT = 2  # the message on show and the one shown before it


class KeptTrees:
    """The messages allowed to keep a decoded tree, least recently shown first."""

    def __init__(self, size: int = KEPT) -> None:
        self.size = size
        self._messages: OrderedDict[int, Message] = OrderedDict()

    def keep(self, message: Message) -> None:
        """``message`` is on show: it keeps its tree; the oldest beyond ``size`` lose theirs."""
        key = id(message)
        if self._messages.get(key) is message:
            self._messages.move_to_end(key)
        else:
            self._messages[key] = message
        while len(self._messages) > self.size:
            _, old = self._messages.popitem(last=False)
            old._decoded = None

    def __len__(self) -> int:
        return len(self._messages)
