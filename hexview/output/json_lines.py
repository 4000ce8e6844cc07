"""``--json``: one JSON object per message per line (schema: message.schema.json)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from json.encoder import encode_basestring_ascii
from typing import TYPE_CHECKING, Any, TextIO, cast

from ..decode.fields import Field
from ..messages import Message
from . import times

if TYPE_CHECKING:  # pragma: no cover
    from ..nodes import NodeMap

SCHEMA_FILE = "message.schema.json"
# I-JSON (RFC 7493): integers beyond +-(2**53 - 1) are not held exactly by common JSON
# readers (jq 1.6 and JavaScript read 5639144782019643715 as 5639144782019643000)
MAX_SAFE_INTEGER = 2**53 - 1

# One JSON object as it is built, before it is written: keys in output order.
JsonObject = dict[str, object]


def _beyond_safe(value: object) -> bool:
    """An integer common JSON readers would round: it is also written as ``value_str``."""
    return isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_SAFE_INTEGER


def field_json(f: Field) -> JsonObject:
    out: JsonObject = {"name": f.name, "value": f.value}
    value = f.value
    if _beyond_safe(value):
        out["value_str"] = str(value)  # the exact digits, for readers that round big numbers
    out.update(show=f.show, start=f.start, end=f.end)
    if f.children:
        out["children"] = [field_json(c) for c in f.children]
    return out


_HEADS: dict[str, str] = {}  # a field name -> the text that opens its object, up to its value


def field_json_text(f: Field, parts: list[str]) -> None:
    """Append the JSON text of ``json.dumps(field_json(f))`` (compact, ASCII) to ``parts``,
    written straight from the tree: no dict per field, strings escaped by the json
    module's own encoder (not at all where the text is known to need none: an int's
    digits, a show that is the value's own escaped text), anything but a str, int,
    bool or None given to json.dumps."""
    name = f.name
    head = _HEADS.get(name)
    if head is None:
        head = _HEADS[name] = '{"name":' + encode_basestring_ascii(name) + ',"value":'
    value = f.value
    kind = type(value)
    show = f.show
    if kind is int:
        text = int.__repr__(value)
        shown = '"' + text + '"' if show == text else encode_basestring_ascii(show)
        if not -MAX_SAFE_INTEGER <= value <= MAX_SAFE_INTEGER:
            text = f'{text},"value_str":"{text}"'
    elif kind is str:
        text = encode_basestring_ascii(value)
        shown = text if show == value else encode_basestring_ascii(show)
    elif value is None:
        text = "null"
        shown = encode_basestring_ascii(show) if show else '""'
    elif kind is bool:
        text = "true" if value else "false"
        shown = encode_basestring_ascii(show)
    else:
        text = _value_text(value)  # a list (an array's values), or an int subclass
        if _beyond_safe(value):
            text += ',"value_str":' + encode_basestring_ascii(str(value))
        shown = encode_basestring_ascii(show)
    children = f.children
    if not children:
        parts.append(f'{head}{text},"show":{shown},"start":{f.start},"end":{f.end}}}')
        return
    parts.append(f'{head}{text},"show":{shown},"start":{f.start},"end":{f.end},"children":[')
    first = True
    for c in children:
        if first:
            first = False
        else:
            parts.append(",")
        field_json_text(c, parts)
    parts.append("]}")


def message_json(message: Message, origin: float | None = None, nodes: NodeMap | None = None) -> JsonObject:
    """The contract's object for one message (decodes it if not yet decoded).

    ``origin``: when the input's first packet was captured (``time_relative`` counts
    from it); ``nodes``: the map of several inputs merged into one run, which adds
    the node the message came from (``node``) and every node that saw it (``seen``)."""
    out = message_json_head(message, origin, nodes)
    out["fields"] = [field_json(f) for f in cast("list[Field]", out["fields"])]
    return out


def message_json_head(message: Message, origin: float | None = None, nodes: NodeMap | None = None) -> JsonObject:
    """message_json's object with the decoded Field objects themselves under ``fields``."""
    decoded = message.decode()
    conv = message.conversation
    first = message.first_frame
    out: JsonObject = {} if nodes is None else {"node": nodes.node_of(first).name if first is not None else None}
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
            "fields": decoded.fields,
            "errors": [{"start": e.start, "end": e.end, "reason": e.reason} for e in decoded.errors],
            "pair": message.pair.index if message.pair is not None else None,
            "latency": times.seconds(message.latency),
        }
    )
    if nodes is not None:
        out["seen"] = [
            {"node": s.node.name, "frames": list(s.frames), "time": s.time, "delay": times.seconds(s.delay)}
            for s in nodes.sightings(message)
        ]
    return out


def message_json_text(message: Message, origin: float | None = None, nodes: NodeMap | None = None) -> str:
    """``json.dumps(message_json(...))`` as --json writes it (compact, ASCII): the same
    bytes, a fraction of the work -- the head's values written one by one, the
    fields by ``field_json_text``."""
    parts: list[str] = []
    for key, value in message_json_head(message, origin, nodes).items():
        parts.append(_KEYS.get(key) or f",{encode_basestring_ascii(key)}:")
        if key == "fields":
            parts.append("[")
            for i, f in enumerate(cast("list[Field]", value)):
                if i:
                    parts.append(",")
                field_json_text(f, parts)
            parts.append("]")
        else:
            parts.append(_value_text(value))
    parts[0] = "{" + parts[0][1:]
    parts.append("}")
    return "".join(parts)


_KEYS: dict[str, str] = {  # a key -> ',"key":' (the first one's comma is dropped)
    key: f",{encode_basestring_ascii(key)}:"
    for key in (
        "node",
        "index",
        "stream",
        "conversation",
        "protocol",
        "direction",
        "frames",
        "time",
        "time_relative",
        "offset",
        "length",
        "name",
        "summary",
        "info",
        "failed",
        "fields",
        "errors",
        "pair",
        "latency",
        "seen",
    )
}


def _value_text(value: Any) -> str:
    """json.dumps(value) (compact, ASCII), the common scalars without its machinery.

    ``value`` is typed as json.dumps types its own (Any): it dispatches on ``type(value)``
    held in a local, which is faster than the checks mypy could narrow on, and this runs
    for every value of every message."""
    kind = type(value)
    if kind is str:
        return encode_basestring_ascii(value)
    if kind is int and -MAX_SAFE_INTEGER <= value <= MAX_SAFE_INTEGER:
        return int.__repr__(value)
    if value is None:
        return "null"
    if kind is float and value - value == 0:  # finite (json writes NaN and Infinity its own way)
        return float.__repr__(value)
    if kind is bool:
        return "true" if value else "false"
    if kind is list and all(type(v) is int for v in value):
        return "[" + ",".join(map(int.__repr__, value)) + "]"
    return json.dumps(value, ensure_ascii=True, separators=(",", ":"))


def json_line(message: Message, origin: float | None = None, nodes: NodeMap | None = None) -> str:
    """One message's output line, newline included (what a worker of the parallel driver returns)."""
    return message_json_text(message, origin, nodes) + "\n"


def write_json_lines(
    messages: Iterable[Message], out: TextIO, origin: Callable[[], float | None] = lambda: None, nodes: NodeMap | None = None
) -> int:
    """Write each message as it arrives. ``origin`` is asked per message: the input's
    first packet time is known only once reading has begun."""
    count = 0
    for message in messages:
        out.write(json_line(message, origin(), nodes))
        count += 1
        message._decoded = None  # streaming: keep memory bounded
    return count
