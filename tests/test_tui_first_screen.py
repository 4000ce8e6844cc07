"""The first screen reaches the terminal whole, in the first frame drawn (counted, never timed).

Textual holds back output during its start-up (a batch): a screen drawn then had its
frame thrown away, and the frames after it carried only what had changed since, so
the first screen came in pieces -- the stream list last, a layout pass later -- after
one wasted render of the whole screen.
"""

from __future__ import annotations

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
