"""Times every view gives a message: when (epoch seconds, of its first frame), how long
after the input's first packet, and how long its request waited for the reply.

Captures carry microseconds (pcap) and a float of epoch seconds holds nothing finer,
so differences are rounded to the microsecond: a relative time reads 0.000588, not
0.0005879402160644531.
"""

from __future__ import annotations

from ..messages import Message

DIGITS = 6  # microseconds


def seconds(value: float | None) -> float | None:
    """``value`` rounded to the microsecond, or None."""
    return None if value is None else round(value, DIGITS)


def relative(message: Message, origin: float | None) -> float | None:
    """Seconds from ``origin`` (the input's first packet) to the message's first frame."""
    if origin is None or message.timestamp is None:
        return None
    return seconds(message.timestamp - origin)


def text(value: float | None) -> str:
    """'0.000588 s' as --print writes a duration."""
    return f"{value:.{DIGITS}f} s"
