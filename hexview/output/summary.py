"""``--summary``: one line per message, from framing alone -- the cheap index.

Like tshark's default one-line output and the interactive view's message list:
number, first frame, seconds since the input's first packet, stream, who sent it to
whom, protocol, length and name, and a reply's latency. Nothing here decodes a
message (that is what makes it cheap); ``--summary --info`` adds the info column,
which does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, TextIO

from ..messages import Message
from ..safe_text import printable
from . import times
from .seen_text import node_label, seen_short

if TYPE_CHECKING:  # pragma: no cover
    from ..nodes import NodeMap
    from ..tcp.stream_events import Conversation, Endpoint

# number, first frame, relative time, stream, route, protocol, length, name
# (%-formatting: a third quicker than an f-string of as many fields, for a line a message)
LINE = "%6d %7s %12.6f %4d %s %s %6d %s"
LINE_WITHOUT_TIME = "%6d %7s %12s %4d %s %s %6d %s"


def summary_line(message: Message, origin: float | None = None, nodes: NodeMap | None = None) -> str:
    """'     12      23    0.001234    0 10.0.0.1:1023 -> 10.0.0.2:24007 GlusterFS   120 GlusterFS
    LOOKUP reply  latency 0.000140 s', newline included; when several inputs are
    merged, the node first and the other nodes that saw it last."""
    conv = message.conversation
    when = times.relative(message, origin)
    frame = message.first_frame
    line = (LINE if when is not None else LINE_WITHOUT_TIME) % (
        message.index,
        frame if frame is not None else "-",
        when if when is not None else "-",
        conv.index,
        _route(conv, message.direction),
        conv.protocol.name if conv.protocol is not None else "TCP",
        message.length,
        _shown(message.name),
    )
    if message.is_reply:
        latency = times.seconds(message.latency)
        if latency is not None:
            line += f"  latency {times.text(latency)}"
    if nodes is not None:
        width = max(len(printable(node.label)) for node in nodes.nodes)
        line = f"{node_label(nodes, message):<{width}} {line}"
        seen = seen_short(nodes, message)
        if seen:
            line += "  " + seen
    return line + "\n"


# Every message of a conversation direction names the same two endpoints, and messages
# share a few dozen names: both are written once each, not once per line (bounded caches,
# pure functions of what they are checked against, so any number of inputs may share them).
_routes: dict[int, tuple[Endpoint, Endpoint, str, str]] = {}  # id(conv) -> client, server, both routes
_names: dict[str, str] = {}
CACHED = 4096


def _route(conv: Conversation, direction: str) -> str:
    """'source -> destination' of one direction of ``conv`` (as Message.endpoints)."""
    found = _routes.get(id(conv))
    if found is None or found[0] is not conv.client or found[1] is not conv.server:
        if len(_routes) >= CACHED:
            _routes.clear()
        found = _routes[id(conv)] = (
            conv.client,
            conv.server,
            f"{conv.client} -> {conv.server}",
            f"{conv.server} -> {conv.client}",
        )
    return found[2] if direction == "c2s" else found[3]


def _shown(name: str) -> str:
    """``printable(name)``, kept for the next message of that name."""
    shown = _names.get(name)
    if shown is None:
        if len(_names) >= CACHED:
            _names.clear()
        shown = _names[name] = printable(name)
    return shown


def summary_info_line(message: Message, origin: float | None = None, nodes: NodeMap | None = None) -> str:
    """The summary line and the decoded message's info (``--summary --info``)."""
    outcome = message.decode_transient().outcome
    line = summary_line(message, origin, nodes)[:-1]
    if outcome.info or outcome.failed:
        line += "  " + printable(outcome.info) + (" [failed]" if outcome.failed else "")
    return line + "\n"


def write_summary(
    messages: Iterable[Message],
    out: TextIO,
    origin: Callable[[], float | None] = lambda: None,
    nodes: NodeMap | None = None,
    info: bool = False,
    batch: int = 1,
) -> int:
    """Write each message's line; ``batch`` lines at a time (one write call costs as
    much as formatting a line): many for a file, 1 for a pipe, where each line is due
    as soon as its message is complete."""
    line = summary_info_line if info else summary_line
    count = 0
    pending: list[str] = []
    try:
        for message in messages:
            pending.append(line(message, origin(), nodes))
            count += 1
            if len(pending) >= batch:
                out.write("".join(pending))
                pending.clear()
    finally:
        if pending:  # also when reading failed part-way: what was made is written
            out.write("".join(pending))
    return count
