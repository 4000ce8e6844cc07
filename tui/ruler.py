"""The ruler under the panes: where you are, in one line a person can read aloud.

``msg 37/1 204  #36  → NBD_CMD_READ  28 bytes  ↔ msg 38  0.31 ms  summary`` -- the
position in the stream (stable after old messages are dropped), the message's index
in the whole capture, direction and name, length, the paired message and response
time, then the decoded summary. The status on its right carries the modes: follow,
search progress and results. Wire-derived parts go through ``wire_text``.
"""

from __future__ import annotations

from rich.text import Text

from hexview.fields import DecodedMessage
from hexview.messages import Message
from hexview.stream_stats import latency_text

from .safe import group_digits, wire_text

ARROWS = {"c2s": "→", "s2c": "←"}


def ruler_text(
    message: Message, position: int, count: int, decoded: DecodedMessage | None, pair_position: int | None
) -> Text:
    ruler = Text(no_wrap=True, end="")
    ruler.append(f"msg {group_digits(position + 1)}/{group_digits(count)}", style="bold")
    ruler.append(f"  #{message.index}  {ARROWS.get(message.direction, '?')} ")
    ruler.append_text(wire_text(message.name, "bold"))
    ruler.append(f"  {group_digits(message.length)} bytes", style="dim")
    if message.pair is not None:
        where = f"msg {group_digits(pair_position + 1)}" if pair_position is not None else f"#{message.pair.index}"
        ruler.append(f"  ↔ {where}", style="dim")
        latency = latency_text(message)
        if latency:
            ruler.append(f"  {latency}")
    if message.missing:
        ruler.append("  bytes missing", style="bold red")
    if decoded is not None and decoded.summary:
        ruler.append("  ")
        ruler.append_text(wire_text(decoded.summary))
    return ruler


def status_text(following: bool, search: str) -> Text:
    status = Text(no_wrap=True, end="")
    if search:
        status.append_text(wire_text(search, limit=60))
    if following:
        if search:
            status.append(" ")
        status.append(" FOLLOW ", style="bold reverse")
    return status
