"""Golden values from tshark's ``-T json`` decode stored beside a capture
(``NAME.tshark.json``): its layers by frame, and the counts several tests take from them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any


def tshark_layers(capture: Path) -> dict[int, dict[str, Any]]:
    """tshark's layers of each frame of ``capture``, by frame number."""
    packets = json.loads(capture.with_suffix(".tshark.json").read_text())
    return {int(p["_source"]["layers"]["frame"]["frame.number"]): p["_source"]["layers"] for p in packets}


def walk(obj: Any) -> Iterator[tuple[str, Any]]:
    """Every (key, value) of a decoded frame, at any depth."""
    if isinstance(obj, dict):
        for key, value in obj.items():
            yield key, value
            yield from walk(value)
    elif isinstance(obj, list):
        for item in obj:
            yield from walk(item)


def enoent_frames(layers: dict[int, dict[str, Any]]) -> list[int]:
    """The frames tshark decodes a ``gluster.op_errno`` of 2 (ENOENT) in, in order."""
    return sorted(f for f, lay in layers.items() if "2" in [v for k, v in walk(lay) if k == "gluster.op_errno"])


def rpc_records(layers: dict[int, dict[str, Any]], last_frame: int | None = None) -> int:
    """The RPC records tshark decoded (each has its xid), up to ``last_frame`` if given."""
    return sum(1 for f, lay in layers.items() if last_frame is None or f <= last_frame for k, _ in walk(lay) if k == "rpc.xid")
