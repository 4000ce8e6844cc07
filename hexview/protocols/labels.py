"""Names on streams: what a conversation's own handshake says it is.

A capture of a cluster shows a dozen connections that differ only in their port
numbers; the protocol's handshake says which is which (GlusterFS's SETVOLUME names
the brick and the client translator, ``repvol-client-2``; NBD's NBD_OPT_GO the
export). A registration that can tell declares a ``Labeller`` (``Registration.labels``):

- ``teaches(message)``: whether this message may teach a name. It sees what framing
  knew (``name``, ``kind``, ``params``, ``direction``, ``offset``) and must be cheap and
  never raise: the pipeline asks it of every message of the protocol's conversations.
- ``learn(message, context)``: called for the messages ``teaches`` picked, in input
  order (a reply after its call, paired); it may decode (``decode_transient``) and
  writes what it learned into ``context.labels`` (a ``StreamLabels``), keeping any
  state of its own in ``context.learned(...)``. It should never raise; the pipeline
  drops what it raises, so a broken hook costs a label, never a message.

Labels are per input. A conversation's own name (and the note that its handshake
was not captured: it began before the capture) is held on the conversation itself, so
it goes when the conversation is let go -- an endless pipe's closed conversations
take their names with them. A name for a server endpoint (the handshake of one
connection names a server, or a portmapper's answer does), which applies to every
conversation to that endpoint, is kept in the input's ``DecodeContext``; past
``MAX_LABELS`` endpoints the oldest go.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from ..bounded import put_newest
from ..tcp.stream_events import Conversation, Endpoint

if TYPE_CHECKING:  # pragma: no cover
    from ..messages import Message
    from .context import DecodeContext

K = TypeVar("K")
MAX_LABELS = 65536  # server endpoints named per input, at most


@dataclass(frozen=True, slots=True)
class Labeller:
    """How a protocol names its conversations (see the module's docstring)."""

    teaches: Callable[[Message], bool]
    learn: Callable[[Message, DecodeContext], None]


class StreamLabels:
    """One input's names: per conversation (held on it), per server endpoint, and the
    conversations whose handshake was not captured. ``changes`` counts every change,
    so a view redraws its label column only when it moved."""

    def __init__(self) -> None:
        # server -> its name, and the frame of the message that named it last
        self._servers: dict[Endpoint, tuple[str, int]] = {}
        self.now = 0  # the frame of the message being learned from (learn_labels sets it)
        self.changes = 0

    def name_conversation(self, conversation: Conversation, text: str) -> None:
        """``conversation`` is ``text`` (e.g. 'repvol-client-2 127.0.0.2:/bricks/r3')."""
        if text and conversation.name != text:
            conversation.name = text
            conversation.unseen = None
            self.changes += 1

    def name_server(self, endpoint: Endpoint, text: str) -> None:
        """Every conversation to ``endpoint`` is ``text`` unless its own handshake says more."""
        if not text:
            return
        known = self._servers.get(endpoint)
        if known is not None and known[0] == text:
            self._servers[endpoint] = (text, self.now)  # named again: the same place among the newest
            return
        put_newest(self._servers, endpoint, (text, self.now), MAX_LABELS)
        self.changes += 1

    def not_captured(self, conversation: Conversation, what: str = "handshake not captured") -> None:
        """``conversation`` began before the capture: its handshake, and so its name, are missing."""
        if conversation.name is None and conversation.unseen != what:
            conversation.unseen = what
            self.changes += 1

    def conversation_label(self, conversation: Conversation) -> str | None:
        """The name the conversation's own messages gave it, if any."""
        return conversation.name

    def server_label(self, endpoint: Endpoint) -> str | None:
        known = self._servers.get(endpoint)
        return known[0] if known is not None else None

    def servers(self) -> dict[Endpoint, tuple[str, int]]:
        """Every server endpoint named so far: its name, and the frame of the message
        that named it last (where names another reading learned are weighed against these)."""
        return dict(self._servers)

    def label(self, conversation: Conversation) -> str | None:
        """What to show for ``conversation``: its own name, else its server's, with the
        note when its handshake was not captured (alone when nothing names it)."""
        own = conversation.name
        if own is not None:
            return own
        server = self.server_label(conversation.server)
        unseen = conversation.unseen
        if server is not None and unseen is not None:
            return f"{server} ({unseen})"
        return server if server is not None else unseen


def labels_of(conversation: Conversation) -> StreamLabels | None:
    """The labels of the input ``conversation`` belongs to (None outside a pipeline)."""
    context = conversation.context
    return context.labels if context is not None else None


def stream_label(conversation: Conversation) -> str | None:
    """What the stream list, the conversations list and the views show for ``conversation``."""
    labels = labels_of(conversation)
    return labels.label(conversation) if labels is not None else None


def server_label(conversation: Conversation) -> str | None:
    """The name of ``conversation``'s server end (for per-server rows: ``--stats``); a
    conversation's own name is not its server's (one NBD server serves many exports)."""
    labels = labels_of(conversation)
    return labels.server_label(conversation.server) if labels is not None else None


def learn_labels(labeller: Labeller, messages: list[Message], context: DecodeContext) -> None:
    """Show ``labeller`` the messages it asks for (the pipeline calls this for each
    batch of one conversation's newly numbered messages)."""
    teaches, learn = labeller.teaches, labeller.learn
    labels = context.labels
    for message in messages:
        try:
            if teaches(message):
                frames = message.frames
                labels.now = frames[-1] if frames else 0
                learn(message, context)
        except Exception:  # a hook must never cost a message: the label is lost, nothing else
            continue
