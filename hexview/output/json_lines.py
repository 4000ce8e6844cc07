"""``--json``: one JSON object per message per line (schema: message.schema.json)."""

from __future__ import annotations

import json
from typing import Callable, Iterable, TextIO

from ..fields import Field
from ..messages import Message
from . import times

SCHEMA_FILE = "message.schema.json"
# I-JSON (RFC 7493): integers beyond +-(2**53 - 1) are not held exactly by common JSON
# readers (jq 1.6 and JavaScript read 5639144782019643715 as 5639144782019643000)
MAX_SAFE_INTEGER = 2**53 - 1


def field_json(f: Field) -> dict:
    out = {"name": f.name, "value": f.value}
    value = f.value
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_SAFE_INTEGER:
        out["value_str"] = str(value)  # the exact digits, for readers that round big numbers
    out.update(show=f.show, start=f.start, end=f.end)
    if f.children:
        out["children"] = [field_json(c) for c in f.children]
    return out


def message_json(message: Message, origin: float | None = None, file: str | None = None) -> dict:
    """The contract's object for one message (decodes it if not yet decoded).

    ``origin``: when the input's first packet was captured (``time_relative`` counts
    from it); ``file``: the input's path, given when several inputs are read."""
    decoded = message.decode()
    conv = message.conversation
    out = {} if file is None else {"file": file}
    out.update(
        {
            "index": message.index,
            "stream": conv.index,
            "conversation": conv.label(),
            "protocol": conv.protocol.name if conv.protocol is not None else "TCP",
            "direction": message.direction,
            "frames": list(message.frames),
            "time": message.timestamp,
            "time_relative": times.relative(message, origin),
            "offset": message.offset,
            "length": message.length,
            "name": message.name,
            "summary": decoded.summary,
            "info": decoded.outcome.info,
            "failed": decoded.outcome.failed,
            "fields": [field_json(f) for f in decoded.fields],
            "errors": [{"start": e.start, "end": e.end, "reason": e.reason} for e in decoded.errors],
            "pair": message.pair.index if message.pair is not None else None,
            "latency": times.seconds(message.latency),
        }
    )
    return out


def json_line(message: Message, origin: float | None = None, file: str | None = None) -> str:
    """One message's output line, newline included (what a worker of the parallel driver returns)."""
    return json.dumps(message_json(message, origin, file), ensure_ascii=True, separators=(",", ":")) + "\n"


def write_json_lines(
    messages: Iterable[Message], out: TextIO, origin: Callable[[], float | None] = lambda: None, file: str | None = None
) -> int:
    """Write each message as it arrives. ``origin`` is asked per message: the input's
    first packet time is known only once reading has begun."""
    count = 0
    for message in messages:
        out.write(json_line(message, origin(), file))
        count += 1
        message._decoded = None  # streaming: keep memory bounded
    return count
