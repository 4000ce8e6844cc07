"""How GlusterFS body fields read: errno names, and one line per dictionary entry.

The ksy parsers give every byte its field; this module only changes what some of
them say, before the core marks bytes that were not captured (so a field over
missing bytes still says so). ``op_errno`` shows the Linux errno name beside the
number. A dictionary entry -- gfx_dict pairs in FOP v400, dict_serialize() pairs
everywhere else -- reads ``key = value`` on its own line, with the key length, type,
value length and raw bytes below it: a dictionary of thirteen entries is thirteen
lines to scan, not a hundred. Values and byte ranges are left as parsed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ....decode.fields import Field
from ...errno_names import errno_show
from ..onc_rpc import BodyDecoder

if TYPE_CHECKING:  # pragma: no cover
    from ....messages import Message
    from ....packets import Span

# the part of a pair that holds its value: gfx_dict_pair's union arms, or the
# serialized pair's bytes
VALUE_FIELDS = ("value_int", "value_uint", "value_dbl", "value", "uuid", "iatt", "mdata_iatt")
PARTS_SHOWN = 6  # parts of a structured value (AFR counters, EC config, a stat) on the entry's line


def presented(decoder: BodyDecoder) -> BodyDecoder:
    """A Procedure.args/results decoder whose fields read as this module says."""

    def decode(message: Message, body: bytes, base: int) -> tuple[list[Field], list[Span], int | None]:
        fields, errors, consumed = decoder(message, body, base)
        present(fields)
        return fields, errors, consumed

    return decode


def present(fields: list[Field]) -> None:
    stack = fields[::-1]  # every field depth first, as Field.walk (inlined: it runs for every message)
    while stack:
        f = stack.pop()
        name = f.name
        if name == "op_errno" and isinstance(f.value, int) and not isinstance(f.value, bool):
            f.show = errno_show(f.value)
        elif name == "pairs":
            for entry in f.children:
                _entry_line(entry)
        if f.children:
            stack.extend(reversed(f.children))


def _entry_line(entry: Field) -> None:
    """``key = value`` on the pair, whose value becomes [key, value]: a pair over bytes
    that were not captured is then marked like any other field."""
    parts = {c.name: c for c in entry.children}
    key = parts.get("key")
    if key is None or not isinstance(key.value, str):
        return
    name = key.value if key.value.isprintable() and key.value else repr(key.value)
    value = next((parts[n] for n in VALUE_FIELDS if n in parts), None)
    if value is None:  # no value arm (type unknown), or the pair ends early (reported elsewhere)
        entry.value, entry.show = [key.value, None], name
    elif value.children and not value.show:  # a structured value: its parts, in short
        entry.value = [key.value, [c.value for c in value.children]]
        shown = ", ".join(f"{c.name}={c.show}" for c in value.children[:PARTS_SHOWN])
        entry.show = f"{name} = {shown}{', …' if len(value.children) > PARTS_SHOWN else ''}"
    else:
        entry.value, entry.show = [key.value, value.value], f"{name} = {value.show}"
