"""``--summary``: one line per message, from framing alone -- the cheap index.

Like tshark's default one-line output and the interactive view's message list:
number, first frame, seconds since the input's first packet, stream, who sent it to
whom, protocol, length and name, and a reply's latency. Nothing here decodes a
message (that is what makes it cheap); ``--summary --info`` adds the info column,
which does.
"""

from __future__ import annotations

from typing import Callable, Iterable, TextIO

from ..messages import Message
from ..safe_text import printable
from . import times


def summary_line(message: Message, origin: float | None = None, file: str | None = None) -> str:
    """'     12      23    0.001234    0 10.0.0.1:1023 -> 10.0.0.2:24007 GlusterFS   120 GlusterFS
    LOOKUP reply  latency 0.000140 s', newline included; the file first when several
    inputs are read."""
    conv = message.conversation
    source, destination = message.endpoints
    when = times.relative(message, origin)
    proto = conv.protocol.name if conv.protocol is not None else "TCP"
    parts = [printable(file)] if file is not None else []
    parts += [
        f"{message.index:>6}",
        f"{message.frames[0] if message.frames else '-':>7}",
        f"{when:>12.6f}" if when is not None else f"{'-':>12}",
        f"{conv.index:>4}",
        f"{source} -> {destination}",
        proto,
        f"{message.length:>6}",
        printable(message.name),
    ]
    line = " ".join(parts)
    if message.is_reply:
        latency = times.seconds(message.latency)
        if latency is not None:
            line += f"  latency {times.text(latency)}"
    return line + "\n"


def summary_info_line(message: Message, origin: float | None = None, file: str | None = None) -> str:
    """The summary line and the decoded message's info (``--summary --info``)."""
    outcome = message.decode_transient().outcome
    line = summary_line(message, origin, file)[:-1]
    if outcome.info or outcome.failed:
        line += "  " + printable(outcome.info) + (" [failed]" if outcome.failed else "")
    return line + "\n"


def write_summary(
    messages: Iterable[Message],
    out: TextIO,
    origin: Callable[[], float | None] = lambda: None,
    file: str | None = None,
    info: bool = False,
) -> int:
    line = summary_info_line if info else summary_line
    count = 0
    for message in messages:
        out.write(line(message, origin(), file))
        count += 1
    return count
