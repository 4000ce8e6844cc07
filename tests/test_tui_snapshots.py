"""Snapshots of key screens on real captures, as text (what a person would read).

pytest-textual-snapshot cannot be used (its syrupy pin caps pytest below 9), so this
is the same idea in a few lines: run the app with Pilot at a fixed size, wait until
the capture is read, drive it to a screen, export the screen (Textual's SVG export,
reduced to its text cells) and compare with ``tests/snapshots/NAME.txt``. Colours and
reverse video are checked by the other tests (cell styles, pyte attributes).

After an intended change of the layout, regenerate and review the diff:

    HEXVIEW_UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/test_tui_snapshots.py

Nothing timing-dependent is on these screens: the title names the capture without
its path, notifications are off, and the byte cursor is only drawn with focus.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from hexview.tui.app import HexviewApp
from shared_paths import SHARED
from test_tui import CAPTURE, open_reader, run, screen_lines, search

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
MEMORY = SHARED / "captures" / "nbd" / "nbd-nbdkit-memory-nbdsh.pcap"
UPDATE = os.environ.get("HEXVIEW_UPDATE_SNAPSHOTS") == "1"


def assert_snapshot(name: str, lines: list[str]) -> None:
    text = "\n".join(line.rstrip() for line in lines).rstrip("\n") + "\n"
    path = SNAPSHOTS / f"{name}.txt"
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    if not path.exists():
        pytest.fail(f"no snapshot {path.name}: run with HEXVIEW_UPDATE_SNAPSHOTS=1 and review it")
    expected = path.read_text(encoding="utf-8")
    if text != expected:
        diff = [
            f"line {i + 1}:\n  want {want!r}\n  got  {got!r}"
            for i, (want, got) in enumerate(zip(expected.splitlines(), text.splitlines(), strict=False))
            if want != got
        ]
        pytest.fail(f"screen differs from {path.name} (HEXVIEW_UPDATE_SNAPSHOTS=1 to accept):\n" + "\n".join(diff[:8]))


def snap(capture: Path, name: str, size: tuple[int, int], drive=None) -> None:
    if not capture.exists():
        pytest.skip(f"{capture.name} not available")
    app = HexviewApp(open_reader(capture), capture.name)

    async def scenario(pilot):
        if drive is not None:
            await drive(pilot, app)
        await pilot.pause()
        assert_snapshot(name, screen_lines(app))

    run(app, scenario, size=size)


def test_first_screen():
    snap(CAPTURE, "tiny-first-120x40", (120, 40))


def test_read_reply_at_80x24():
    async def drive(pilot, app):
        await search(pilot, app, "type=NBD_CMD_READ")
        await pilot.press("r")  # its reply
        await search(pilot, app, "@data")  # the data of the read reply chunk
        assert app.viewer.current_message.name.startswith("NBD_REPLY_TYPE_OFFSET_DATA")
        await pilot.press("tab")  # the tree, with the data field chosen

    snap(CAPTURE, "tiny-read-reply-80x24", (80, 24), drive)


def test_help_screen():
    async def drive(pilot, app):
        await pilot.press("question_mark")

    snap(CAPTURE, "help-100x30", (100, 30), drive)


def test_wide_layout_on_the_memory_capture():
    async def drive(pilot, app):
        await search(pilot, app, "type=NBD_CMD_BLOCK_STATUS")
        await pilot.press("r")  # its reply, with the extents

    snap(MEMORY, "memory-block-status-200x50", (200, 50), drive)


def test_hex_cursor_on_the_memory_capture():
    async def drive(pilot, app):
        await pilot.press("G", "ctrl+p", "ctrl+p")  # a simple reply (16 bytes)
        await pilot.press("tab", "tab", "l", "l", "l", "l", "j")  # the byte cursor into the handle

    snap(MEMORY, "memory-hex-cursor-120x40", (120, 40), drive)
