"""``--nodes`` as text (a table of nodes, then one of one-way delays) or JSON lines
(one object per node, then one per direction)."""

from __future__ import annotations

import json
from typing import TextIO

from ..analysis.node_report import DelayRow, NodeRow
from ..safe_text import printable
from . import times


def _clock_text(row: NodeRow, reference: str) -> str:
    clock = row.clock
    if clock is None:
        return ""
    if clock.node == 0:
        return "reference"
    if clock.offset is None:
        return f"not estimated (no request and reply seen at both ends links it to {reference})"
    text = f"{clock.offset:+.6f} s"
    if row.via is not None and row.via.index != 0:
        text += f" via {printable(row.via.label)}"
    if clock.low is not None and clock.high is not None:
        text += f" (between {clock.low:+.6f} and {clock.high:+.6f})"
    text += f", {clock.pairs} pair{'s' if clock.pairs != 1 else ''}"
    if clock.round_trip is not None:
        text += f", least round trip {clock.round_trip:.6f} s"
    return text


def write_nodes_text(nodes: list[NodeRow], delays: list[DelayRow], out: TextIO) -> None:
    labels = [printable(row.node.label) for row in nodes]
    files = [printable(row.node.name) for row in nodes]
    lw, fw = max(4, *map(len, labels)), max(4, *map(len, files))
    reference = labels[0] if labels else ""
    aligned = any(row.node.offset for row in nodes)
    out.write(f"{'node':<{lw}}  {'file':<{fw}}  {'packets':>8}  {'copies':>8}  clock against {reference}\n")
    for row, label, name in zip(nodes, labels, files, strict=True):
        taken = f"; {row.node.offset:+.6f} s taken off" if row.node.offset else ""
        out.write(f"{label:<{lw}}  {name:<{fw}}  {row.packets:>8}  {row.copies:>8}  {_clock_text(row, reference)}{taken}\n")
    if not delays:
        out.write("\nno TCP segment was captured by two nodes\n")
        return
    clocks = "aligned" if aligned else "as captured"
    out.write(f"\none-way delays of the segments captured at both ends (seconds, clocks {clocks}):\n")
    route = [f"{printable(r.source)} -> {printable(r.destination)}" for r in delays]
    rw = max(len("source -> destination"), *map(len, route))
    head = f"{'from':<{lw}}  {'to':<{lw}}  {'source -> destination':<{rw}}  {'segments':>8}"
    out.write(f"{head}  {'min':>10}  {'median':>10}  {'max':>10}\n")
    for d, text in zip(delays, route, strict=True):
        out.write(
            f"{printable(d.sender.label):<{lw}}  {printable(d.receiver.label):<{lw}}  {text:<{rw}}  {d.segments:>8}  "
            f"{d.least:>10.6f}  {d.median:>10.6f}  {d.most:>10.6f}\n"
        )


def write_nodes_json(nodes: list[NodeRow], delays: list[DelayRow], out: TextIO) -> None:
    for row in nodes:
        clock = row.clock
        obj: dict[str, object] = {
            "node": row.node.label,
            "file": row.node.name,
            "packets": row.packets,
            "copies": row.copies,
            "offset": clock.offset if clock is not None else None,
            "low": clock.low if clock is not None else None,
            "high": clock.high if clock is not None else None,
            "via": row.via.label if row.via is not None else None,
            "pairs": clock.pairs if clock is not None else 0,
            "round_trip": clock.round_trip if clock is not None else None,
            "taken_off": row.node.offset,
        }
        out.write(json.dumps(obj, ensure_ascii=True, separators=(",", ":")) + "\n")
    for d in delays:
        obj = {
            "from": d.sender.label,
            "to": d.receiver.label,
            "source": d.source,
            "destination": d.destination,
            "segments": d.segments,
            "min": times.seconds(d.least),
            "median": times.seconds(d.median),
            "max": times.seconds(d.most),
        }
        out.write(json.dumps(obj, ensure_ascii=True, separators=(",", ":")) + "\n")
