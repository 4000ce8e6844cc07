"""``--print``: the field tree as indented text, in the manner of ``tshark -V``."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TextIO

from ..decode.fields import Field
from ..messages import Message
from ..nodes import NodeMap
from ..safe_text import printable
from . import times
from .seen_text import node_label, seen_long

INDENT = "    "


def _frames_text(frames: tuple[int, ...]) -> str:
    if not frames:
        return "no frame"
    if len(frames) == 1:
        return f"frame {frames[0]}"
    return f"frames {frames[0]}-{frames[-1]} ({len(frames)})"


def header_line(message: Message, origin: float | None = None, nodes: NodeMap | None = None) -> str:
    """'Message 11: stream 0, a:1 <- b:2 (s2c), frame 22 at +0.000662 s, offset 0, 16 bytes,
    latency 0.000074 s' -- the node first when several inputs are merged."""
    conv = message.conversation
    arrow = "->" if message.direction == "c2s" else "<-"
    parts = [f"node {node_label(nodes, message)}"] if nodes is not None else []
    when = times.relative(message, origin)
    parts += [
        f"stream {conv.index}",
        f"{conv.client} {arrow} {conv.server} ({message.direction})",
        _frames_text(message.frames) + (f" at +{times.text(when)}" if when is not None else ""),
        f"offset {message.offset}",
        f"{message.length} bytes",
    ]
    latency = times.seconds(message.latency)
    if latency is not None:
        parts.append(f"latency {times.text(latency)}")
    return f"Message {message.index}: " + ", ".join(parts)


def message_lines(message: Message, origin: float | None = None, nodes: NodeMap | None = None) -> list[str]:
    decoded = message.decode()
    conv = message.conversation
    proto = message.protocol.name if conv.protocol is not None else "TCP"
    lines = [header_line(message, origin, nodes)]
    if nodes is not None:
        lines += [f"Seen by {seen}" for seen in seen_long(nodes, message, origin)]
    lines.append(f"{proto}: {printable(decoded.summary)}")
    outcome = decoded.outcome
    if outcome.info or outcome.failed:
        lines.append(f"Info: {printable(outcome.info)}" + (" [failed]" if outcome.failed else ""))
    for f in decoded.fields:
        _field_lines(f, 1, lines)
    if message.pair is not None:
        role = "Request" if message.is_reply else "Reply"
        lines.append(f"{INDENT}[{role} in message {message.pair.index}]")
    for e in decoded.errors:
        lines.append(f"{INDENT}[Problem at bytes {e.start}-{e.end}: {printable(e.reason)}]")
    return lines


_INDENTS = [INDENT * depth for depth in range(64)]


def _field_lines(f: Field, depth: int, lines: list[str]) -> None:
    text = f"{f.name}: {f.show}" if f.show else f.name
    if not text.isprintable():  # (isprintable: no control character, the usual case, in C)
        text = printable(text)
    indent = _INDENTS[depth] if depth < 64 else INDENT * depth
    lines.append(f"{indent}{text}  [{f.start}-{f.end}]")
    for c in f.children:
        _field_lines(c, depth + 1, lines)


def text_block(message: Message, origin: float | None = None, nodes: NodeMap | None = None) -> str:
    """One message's tree and the blank line after it (what a worker of the parallel driver returns)."""
    return "\n".join(message_lines(message, origin, nodes)) + "\n\n"


def write_text(
    messages: Iterable[Message], out: TextIO, origin: Callable[[], float | None] = lambda: None, nodes: NodeMap | None = None
) -> int:
    count = 0
    for message in messages:
        out.write(text_block(message, origin(), nodes))
        count += 1
        message._decoded = None
    return count
