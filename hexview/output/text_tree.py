"""``--print``: the field tree as indented text, in the manner of ``tshark -V``."""

from __future__ import annotations

from typing import Iterable, TextIO

from ..fields import Field
from ..messages import Message
from ..safe_text import printable

INDENT = "    "


def _frames_text(frames: tuple[int, ...]) -> str:
    if not frames:
        return "no frame"
    if len(frames) == 1:
        return f"frame {frames[0]}"
    return f"frames {frames[0]}-{frames[-1]} ({len(frames)})"


def message_lines(message: Message) -> list[str]:
    decoded = message.decode()
    conv = message.conversation
    proto = conv.protocol.name if conv.protocol is not None else "TCP"
    arrow = "->" if message.direction == "c2s" else "<-"
    lines = [
        f"Message {message.index}: stream {conv.index}, {conv.client} {arrow} {conv.server} ({message.direction}), "
        f"{_frames_text(message.frames)}, offset {message.offset}, {message.length} bytes",
        f"{proto}: {printable(decoded.summary)}",
    ]
    for f in decoded.fields:
        _field_lines(f, 1, lines)
    if message.pair is not None:
        role = "Request" if message.is_reply else "Reply"
        lines.append(f"{INDENT}[{role} in message {message.pair.index}]")
    for e in decoded.errors:
        lines.append(f"{INDENT}[Problem at bytes {e.start}-{e.end}: {printable(e.reason)}]")
    return lines


def _field_lines(f: Field, depth: int, lines: list[str]) -> None:
    text = f"{f.name}: {f.show}" if f.show else f.name
    lines.append(f"{INDENT * depth}{printable(text)}  [{f.start}-{f.end}]")
    for c in f.children:
        _field_lines(c, depth + 1, lines)


def write_text(messages: Iterable[Message], out: TextIO) -> int:
    count = 0
    for message in messages:
        out.write("\n".join(message_lines(message)))
        out.write("\n\n")
        count += 1
        message._decoded = None
    return count
