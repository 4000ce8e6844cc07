"""What ``y`` / ``Y`` put on the clipboard, and the notification that says so.

Copied bytes are a plain hex stream (Wireshark's "Copy as Hex Stream"), which pastes
into ``xxd -r -p``, Python's ``bytes.fromhex`` or a bug report. The clipboard is set
with OSC 52 by Textual, which works over SSH; a huge READ payload is cut so the
terminal is not flooded. Pure functions, no Textual import.
"""

from __future__ import annotations

COPY_LIMIT = 1024 * 1024  # bytes put on the clipboard at most
PREVIEW_BYTES = 8


def clipboard_hex(data: bytes) -> tuple[str, bool]:
    """The hex stream for ``data`` and whether it was cut at ``COPY_LIMIT``."""
    return data[:COPY_LIMIT].hex(), len(data) > COPY_LIMIT


def preview(data: bytes, count: int = PREVIEW_BYTES) -> str:
    """'4e 42 44 4d 41 47 49 43 …' -- the first bytes, spaced."""
    head = " ".join(f"{b:02x}" for b in data[:count])
    return head + (" …" if len(data) > count else "")


def copy_note(what: str, data: bytes, cut: bool) -> str:
    """The notification text: what was copied, how much, and how it starts."""
    size = f"{len(data):,}".replace(",", " ")
    note = f"copied {what}: {size} bytes as hex\n{preview(data)}"
    if cut:
        note += f"\n(only the first {COPY_LIMIT // 1024} KiB)"
    return note
