"""``--json``: one JSON object per message per line (schema: message.schema.json)."""

from __future__ import annotations

import json
from typing import Iterable, TextIO

from ..fields import Field
from ..messages import Message

SCHEMA_FILE = "message.schema.json"


def field_json(f: Field) -> dict:
    out = {"name": f.name, "value": f.value, "show": f.show, "start": f.start, "end": f.end}
    if f.children:
        out["children"] = [field_json(c) for c in f.children]
    return out


def message_json(message: Message) -> dict:
    """The contract's object for one message (decodes it if not yet decoded)."""
    decoded = message.decode()
    conv = message.conversation
    return {
        "index": message.index,
        "stream": conv.index,
        "conversation": conv.label(),
        "protocol": conv.protocol.name if conv.protocol is not None else "TCP",
        "direction": message.direction,
        "frames": list(message.frames),
        "offset": message.offset,
        "length": message.length,
        "name": message.name,
        "summary": decoded.summary,
        "fields": [field_json(f) for f in decoded.fields],
        "errors": [{"start": e.start, "end": e.end, "reason": e.reason} for e in decoded.errors],
        "pair": message.pair.index if message.pair is not None else None,
    }


def write_json_lines(messages: Iterable[Message], out: TextIO) -> int:
    count = 0
    for message in messages:
        out.write(json.dumps(message_json(message), ensure_ascii=True, separators=(",", ":")))
        out.write("\n")
        count += 1
        message._decoded = None  # streaming: keep memory bounded
    return count
