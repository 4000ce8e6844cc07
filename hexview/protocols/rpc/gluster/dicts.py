"""Reading GlusterFS dictionaries out of a decoded tree: the handshake's, xdata, xattr sets.

Both wire formats (gfx_dict in FOP v400, dict_serialize() pairs elsewhere) decode to
a ``pairs`` field whose entries ``present`` turned into ``key = value`` lines; this
module gives them back as (key, value field) so the labeller and the xattr view read
a dictionary one way. A value field is a string or binary blob (its value the bytes'
hex), a number (gfx's int, uint, double), or a structure decoded by key (the
trusted.ec.* and trusted.afr.* layouts of gluster_xattrs.ksy: its children).
"""

from __future__ import annotations

from collections.abc import Iterator

from ....decode.fields import DecodedMessage, Field
from .present import VALUE_FIELDS


def entries(container: Field | DecodedMessage | None) -> Iterator[tuple[str, Field]]:
    """(key, value field) of every dictionary entry inside ``container``, depth first;
    entries whose key or value was not captured are left out."""
    if container is None:
        return
    roots = container.fields if isinstance(container, DecodedMessage) else [container]
    stack = roots[::-1]
    while stack:
        f = stack.pop()
        if f.name == "pairs":
            for entry in f.children:
                key = entry.child("key")
                value = next((v for v in entry.children if v.name in VALUE_FIELDS), None)
                if key is not None and isinstance(key.value, str) and value is not None:
                    yield key.value, value
            continue
        if f.children:
            stack.extend(reversed(f.children))


def entry_map(container: Field | DecodedMessage | None) -> dict[str, Field]:
    """The entries as a dict (the first of a key wins)."""
    found: dict[str, Field] = {}
    for key, value in entries(container):
        found.setdefault(key, value)
    return found


def text_of(value: Field | None) -> str | None:
    """A string value's text (the NUL that dict strings carry taken off); None for a
    value that was not captured or is not bytes."""
    if value is None or value.children or not isinstance(value.value, str):
        return None
    try:
        raw = bytes.fromhex(value.value)
    except ValueError:  # a value already shown as text
        return value.value
    return raw.rstrip(b"\0").decode("utf-8", "replace")


def signed64(number: int) -> int:
    """A 64-bit counter as the signed amount XATTROP adds: -1 travels as 2**64 - 1."""
    return number - (1 << 64) if number >= 1 << 63 else number
