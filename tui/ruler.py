"""The ruler under the panes: where you are, in one line a person can read aloud.

``msg 37/1,204  No. 36  frame 80  → NBD_CMD_READ  28 bytes  ↔ msg 38  0.31 ms  summary``
-- the position in the stream (stable after old messages are dropped), the message's
number (the same in the list, ``--print`` and ``--json``), its frame(s), direction
and name, length, the paired message and response time, then the decoded summary.
Several inputs merged: the frame is the node's own first ("client:12 (frame 57)")
and the other nodes that saw the message follow the response time
("seen by node1:7 (+0.002150 s)").
The status on its right carries the modes: follow, search progress and results. Wire-derived parts go through ``wire_text``.
"""

from __future__ import annotations

from rich.text import Text

from hexview.analysis.stream_stats import latency_text
from hexview.decode.fields import DecodedMessage
from hexview.messages import Message
from hexview.nodes import NodeMap
from hexview.output.seen_text import frames_text, node_label, seen_short
from hexview.safe_text import printable

from .safe import group_digits, wire_text

ARROWS = {"c2s": "→", "s2c": "←"}


def ruler_text(
    message: Message,
    position: int,
    count: int,
    decoded: DecodedMessage | None,
    pair_position: int | None,
    nodes: NodeMap | None = None,
) -> Text:
    """The ruler; ``nodes``, when several inputs are merged: the message's node and
    frame there first ('client:12'), and the other nodes that saw it after the rest."""
    ruler = Text(no_wrap=True, end="")
    ruler.append(f"msg {group_digits(position + 1)}/{group_digits(count)}", style="bold")
    ruler.append(f"  No. {message.index}  ")
    if nodes is not None:
        own = nodes.sightings(message)
        ruler.append(f"{node_label(nodes, message)}:{frames_text(own[0].frames) if own else '-'}", style="bold")
        ruler.append(f" ({_frames(message.frames)})", style="dim")
    else:
        ruler.append(_frames(message.frames))
    ruler.append(f"  {ARROWS.get(message.direction, '?')} ")
    ruler.append_text(wire_text(message.name, "bold"))
    ruler.append(f"  {group_digits(message.length)} bytes", style="dim")
    if message.pair is not None:
        where = f"msg {group_digits(pair_position + 1)}" if pair_position is not None else f"No. {message.pair.index}"
        ruler.append(f"  ↔ {where}", style="dim")
        latency = latency_text(message)
        if latency:
            ruler.append(f"  {latency}")
    if message.missing:
        ruler.append("  bytes missing", style="bold red")
    if nodes is not None:
        seen = seen_short(nodes, message)
        if seen:
            ruler.append("  " + seen)
    if decoded is not None and decoded.summary:
        summary = decoded.summary
        if summary.startswith(message.name):  # the name is on the ruler already
            summary = summary[len(message.name) :].lstrip()
        ruler.append("  ")
        ruler.append_text(wire_text(summary))
    return ruler


def _frames(frames: tuple[int, ...]) -> str:
    if not frames:
        return "no frame"
    return f"frame {frames[0]}" if len(frames) == 1 else f"frames {frames[0]}-{frames[-1]}"


def clocks_text(nodes: NodeMap) -> str:
    """'clocks: node1 +3.500004 s, node2 -0.000019 s' against the first input's (the
    title's, once every copy is read); 'aligned' when the run took them off."""
    parts = []
    for line in nodes.clocks[1:]:
        node = nodes.nodes[line.node]
        label = printable(node.label)
        parts.append(f"{label} {line.offset:+.6f} s" if line.offset is not None else f"{label} ?")
    head = "clocks aligned" if nodes.aligned else "clocks"
    return f"{head} (against {printable(nodes.nodes[0].label)}): " + ", ".join(parts)


def status_text(following: bool, search: str) -> Text:
    status = Text(no_wrap=True, end="")
    if search:
        status.append_text(wire_text(search, limit=60))
    if following:
        if search:
            status.append(" ")
        status.append(" FOLLOW ", style="bold reverse")
    return status
