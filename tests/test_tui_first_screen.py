"""The first screen: whole in the first frame drawn, with no module that only a key needs
(counted, never timed).

Textual holds back output during its start-up (a batch): a screen drawn then had its
frame thrown away, and the frames after it carried only what had changed since, so
the first screen came in pieces -- the stream list last, a layout pass later -- after
one wasted render of the whole screen.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from textual.app import App

from hexview.tui.viewer import ViewerScreen
from test_tui import run, toy_app


def test_the_first_frame_is_the_whole_screen_with_its_stream(monkeypatch):
    app = toy_app()
    frames: list[tuple[str, int, int]] = []  # (kind of update, start-up batch depth, stream rows then)
    display = App._display

    def recording(self, screen, update):
        if update is not None and isinstance(screen, ViewerScreen):
            frames.append((type(update).__name__, self._batch_count, screen.streams_pane.row_count))
        return display(self, screen, update)

    monkeypatch.setattr(App, "_display", recording)

    async def scenario(pilot):
        await pilot.pause()
        assert frames, "nothing was drawn"
        kind, batch, rows = frames[0]
        assert batch == 0, frames[:3]  # not drawn while output is held back (thrown away)
        assert kind == "LayoutUpdate", frames[:3]  # the whole screen, not only what changed
        assert rows == 1, frames[:3]  # with the stream of the first message (the feed holds back until then)
        assert "msg 1/" in app.viewer.query_one("#ruler").content.plain

    run(app, scenario, wait_done=False)


FIRST_USE_ONLY = (
    "hexview.analysis.search",  # the search: '/'
    "hexview.tui.searching",
    "hexview.tui.copying",  # y / Y
    "hexview.tui.goto_screen",  # ctrl+g / :
    "hexview.tui.help_screen",  # ?
    "hexview.tui.decode_as_screen",  # d
)


def test_the_first_screen_imports_no_module_that_only_a_key_needs():
    """Modules that only a key uses are imported with that key, not before the first
    screen. Checked in a fresh interpreter that opens the view on a capture (headless) and
    lists the modules loaded once the first message is on show, then searches."""
    capture = Path(__file__).resolve().parent / "data" / "nbd-tiny-nbdsh.pcap"
    script = f"""
import asyncio, sys
from hexview.readers import open_input
from hexview.tui.app import HexviewApp

async def main():
    app = HexviewApp(open_input({str(capture)!r}, "auto"), "capture")
    async with app.run_test(size=(120, 40)) as pilot:
        while app.viewer.current_message is None:
            await pilot.pause(0.01)
        print(" ".join(m for m in sys.modules if m.startswith("hexview")))
        await pilot.press("slash", "x", "enter")
        await pilot.pause()
        print(" ".join(m for m in sys.modules if m.startswith("hexview")))

asyncio.run(main())
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120)
    first, after_search = (set(line.split()) for line in out.stdout.splitlines()[-2:])
    assert "hexview.tui.viewer" in first
    assert not first & set(FIRST_USE_ONLY), sorted(first & set(FIRST_USE_ONLY))
    assert {"hexview.analysis.search", "hexview.tui.searching"} <= after_search  # the key still finds them
