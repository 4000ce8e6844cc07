"""What one step through the messages costs the view, counted (never timed).

A step (``j`` in the message list) should reach the terminal in the first frame Textual
draws after the key -- Textual draws at most one frame per 1/60 s, so a frame spent on
the list's cursor alone delays the message by one or two frames -- and, unless a
scrollbar has to come or go, without a layout pass of the whole screen: the panes keep
their places, only their contents change.
"""

from __future__ import annotations

from textual.app import App
from textual.screen import Screen

from hexview.tui.widgets import FieldTree, HexView, MessageList
from test_tui import run, toy_app, toy_stream


def frames_of(monkeypatch, app) -> list[str]:
    """Record, for every frame drawn, the ruler's text at that moment."""
    frames: list[str] = []
    display = App._display

    def recording(self, screen, update):
        if update is not None and screen is app.screen:
            frames.append(screen.query_one("#ruler").content.plain)
        return display(self, screen, update)

    monkeypatch.setattr(App, "_display", recording)
    return frames


def layouts_of(monkeypatch) -> list[int]:
    passes: list[int] = []
    refresh_layout = Screen._refresh_layout

    def counting(self, *args, **kwargs):
        passes.append(1)
        return refresh_layout(self, *args, **kwargs)

    monkeypatch.setattr(Screen, "_refresh_layout", counting)
    return passes


def test_a_step_reaches_the_screen_in_the_first_frame_after_the_key(monkeypatch):
    """The list's cursor is drawn together with the message it points at: the first
    frame after ``j`` already has the new message's ruler (and so its tree and bytes)."""
    app = toy_app(toy_stream(0, 12))
    frames = frames_of(monkeypatch, app)

    async def scenario(pilot):
        screen = app.viewer
        mlist = screen.query_one(MessageList)
        assert screen.focused is mlist
        for position in range(1, 11):
            await pilot.pause()
            frames.clear()
            await pilot.press("j")
            await pilot.pause()
            assert screen.position == position and mlist.cursor == position
            assert frames, "the step drew nothing"
            assert frames[0].startswith(f"msg {position + 1}/12 "), (position, frames)

    run(app, scenario)


def test_a_step_lays_out_nothing_while_the_scrollbars_stay_as_they_are(monkeypatch):
    """Requests of 16 bytes, replies of 40 (8 a row in this pane): the tree and the bytes
    change size at every step, but everything fits its pane, so no step needs a layout
    pass."""
    messages = toy_stream(0, 16, payload=b"")
    for m in messages[1::2]:
        m.data = m.data + bytes(24)
    app = toy_app(messages)

    async def scenario(pilot):
        screen = app.viewer
        hex_view = screen.query_one(HexView)
        await pilot.pause()
        passes = layouts_of(monkeypatch)
        sizes = set()
        for position in range(1, 16):
            await pilot.press("j")
            await pilot.pause()
            assert screen.position == position
            sizes.add(hex_view.virtual_size.height)
        assert sizes == {2, 5}  # the content did change size
        assert not hex_view.show_vertical_scrollbar
        assert passes == []

    run(app, scenario)


def test_scrollbars_still_come_and_go_with_the_message():
    """A long message gets its scrollbar at once; the short one after it loses it."""
    messages = toy_stream(0, 4)
    messages[1].data = messages[1].data + bytes(1000)
    app = toy_app(messages)

    async def scenario(pilot):
        screen = app.viewer
        hex_view = screen.query_one(HexView)
        tree = screen.query_one(FieldTree)
        assert not hex_view.show_vertical_scrollbar
        await pilot.press("j")
        await pilot.pause()
        assert hex_view.show_vertical_scrollbar and hex_view.vertical_scrollbar.display
        assert hex_view.vertical_scrollbar.window_virtual_size == hex_view.virtual_size.height == 1016 // hex_view.per_row
        assert hex_view.scrollable_content_region.height == hex_view.vertical_scrollbar.window_size
        await pilot.press("j")
        await pilot.pause()
        assert not hex_view.show_vertical_scrollbar
        assert hex_view.virtual_size.height == 2  # 16 bytes, 8 a row
        assert not tree.show_vertical_scrollbar

    run(app, scenario)
