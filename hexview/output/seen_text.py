"""How the text outputs name a message's node and the other nodes that saw it, when
several inputs are merged into one run (hexview.nodes): ``--summary`` heads its line
with the node and ends it with ``seen by node1:7 (+0.002150 s)``; ``--print`` says
the same in words."""

from __future__ import annotations

from ..messages import Message
from ..nodes import NodeMap, Sighting
from ..safe_text import printable
from . import times


def node_label(nodes: NodeMap, message: Message) -> str:
    """The label of the node whose copy of the message came first in the run."""
    first = message.first_frame
    return printable(nodes.node_of(first).label) if first is not None else "-"


def frames_text(frames: tuple[int, ...]) -> str:
    """'7', '7-9' (the first and the last of several)."""
    if not frames:
        return "-"
    return str(frames[0]) if len(frames) == 1 else f"{frames[0]}-{frames[-1]}"


def _delay(s: Sighting) -> str:
    return f"{s.delay:+.{times.DIGITS}f} s" if s.delay is not None else "no time"


def seen_short(nodes: NodeMap, message: Message) -> str:
    """'seen by node1:7 (+0.002150 s)' -- every other node that saw the message, its
    frames there and the one-way delay after the first node's copy; '' when none did."""
    others = nodes.sightings(message)[1:]
    if not others:
        return ""
    return "seen by " + ", ".join(f"{printable(s.node.label)}:{frames_text(s.frames)} ({_delay(s)})" for s in others)


def seen_long(nodes: NodeMap, message: Message, origin: float | None) -> list[str]:
    """Each node that saw the message, in words: 'node1 (tests/node1.pcap) frame 7 at
    +0.002402 s, one-way delay +0.002150 s' (the first node's without a delay)."""
    out = []
    for s in nodes.sightings(message):
        frames = f"frame {s.frames[0]}" if len(s.frames) == 1 else f"frames {frames_text(s.frames)} ({len(s.frames)})"
        text = f"{printable(s.node.label)} ({printable(s.node.name)}) {frames}"
        if s.time is not None and origin is not None:
            text += f" at +{times.text(times.seconds(s.time - origin))}"
        if s.delay is not None:
            text += f", one-way delay {_delay(s)}"
        out.append(text)
    return out
