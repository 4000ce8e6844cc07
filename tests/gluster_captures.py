"""The shared GlusterFS captures and tshark's decodes of them, for tests that check
hexview's fields against tshark frame by frame: messages by frame, tshark -V's lines
by frame, its dictionary listings, and fields inside a procedure's body."""

from __future__ import annotations

from pathlib import Path

import pytest

from hexview.pipeline import Pipeline
from hexview.readers import open_input
from shared_paths import CAPTURES

GLUSTER = CAPTURES / "gluster"
TINY = Path(__file__).resolve().parent / "data" / "gluster-tiny-brick-midstream.pcap"
_CACHE: dict[str, object] = {}


def messages(path: Path) -> list:
    """Every message of a capture, decoded once per test session."""
    if not path.exists():
        pytest.skip(f"{path.name} is not here (../shared beside the checkout?)")
    if str(path) not in _CACHE:
        _CACHE[str(path)] = list(Pipeline().run(open_input(str(path))))
    return _CACHE[str(path)]


def capture(name: str) -> list:
    return messages(GLUSTER / f"{name}.pcap")


def at_frame(msgs: list, frame: int, kind: str):
    return next(m for m in msgs if m.frames[-1] == frame and m.kind == kind)


def body_field(message, name: str):
    """The first field called ``name`` inside the args or results."""
    for top in message.decode().fields:
        if top.name in ("args", "results"):
            for f in top.walk():
                if f.name == name:
                    return f
    raise KeyError(name)


def dict_entries(message, container: str) -> list:
    """The entries (pairs[i]) of the dictionary field called ``container``."""
    pairs = next(c for c in body_field(message, container).walk() if c.name == "pairs")
    return pairs.children


def tshark_frames(capture_name: str) -> dict[int, list[str]]:
    """tshark -V's lines, by frame number."""
    path = GLUSTER / f"{capture_name}.tshark.txt"
    if not path.exists():
        pytest.skip("../shared/captures is not beside the checkout")
    if str(path) not in _CACHE:
        frames: dict[int, list[str]] = {}
        lines: list[str] = []
        for line in path.read_text().splitlines():
            if line.startswith("Frame "):
                lines = frames.setdefault(int(line.split()[1].rstrip(":")), [])
            lines.append(line)
        _CACHE[str(path)] = frames
    return _CACHE[str(path)]


def tshark_frame(capture_name: str, frame: int) -> list[str]:
    return tshark_frames(capture_name)[frame]


def tshark_dicts(lines: list[str]) -> list[list[tuple[str, str]]]:
    """Each 'Dict' block's entries as (key, value), in order."""
    dicts, current, indent = [], None, 0
    for line in lines:
        depth = len(line) - len(line.lstrip())
        text = line.strip()
        if text.startswith("Dict"):
            current, indent = [], depth
            dicts.append(current)
        elif current is not None and depth > indent:
            if not text.startswith(("[", "XDR Size:", "Items:")) and ": " in text + " ":
                key, _, value = text.partition(": ")
                current.append((key.rstrip(":"), value))
        else:
            current = None
    return dicts
