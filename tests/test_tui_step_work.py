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
from test_tui import run, screen_lines, toy_app, toy_stream


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


def test_stepping_down_a_scrolled_list_renders_only_the_rows_that_changed(monkeypatch):
    """At the end of the page every ``j`` scrolls the list by a row: the rows that only
    moved keep their rendered text; new text is made for the row that came into view and
    the two whose pair marker moved (or the cursor's message changed)."""
    app = toy_app(toy_stream(0, 80))
    made: list[int] = []
    render_row = MessageList.render_row

    def counting(self, row, width):
        made.append(row)
        return render_row(self, row, width)

    async def scenario(pilot):
        screen = app.viewer
        mlist = screen.query_one(MessageList)
        await pilot.press(*["j"] * 30)  # well past the first page
        await pilot.pause()
        assert mlist.scroll_offset.y > 0
        monkeypatch.setattr(MessageList, "render_row", counting)
        for step in range(21):  # to a reply: its request, the row above, is marked
            top = mlist.scroll_offset.y
            made.clear()
            await pilot.press("j")
            await pilot.pause()
            assert mlist.scroll_offset.y == top + 1  # scrolled: every row on screen was drawn again
            assert len(made) <= 3, (step, made)
        # and the screen reads as it should: numbers in order, the pair of the message on show marked
        lines = screen_lines(app)
        rows = [line for line in lines if (" REQ" in line or " REP" in line) and "msg " not in line]  # the list
        shown = [line.split()[1] for line in rows]
        assert shown == [str(n) for n in range(int(shown[0]), int(shown[0]) + len(shown))]
        assert str(screen.current_message.index) == shown[-1]
        marked = [line.split()[1] for line in rows if "↔" in line]
        assert marked == [str(screen.current_message.pair.index)]

    run(app, scenario)


def test_a_step_makes_labels_only_for_the_fields_drawn(monkeypatch):
    """A message of 300 fields: its tree has 300 lines, the pane shows a screenful, and
    only those lines' labels are made."""
    from hexview.decode.fields import DecodedMessage, Field
    from hexview.protocols.framing import StreamFramer
    from hexview.protocols.registry import Registration
    from hexview.tui.widgets import field_tree

    def many_fields(message):
        fields = [Field(f"item{i}", i, f"value {i}", i, i + 1) for i in range(300)]
        return DecodedMessage([Field("items", None, "", 0, 300, fields)], [], "many")

    reg = Registration(name="MANY", description="", ports=(), framer=StreamFramer, decode=many_fields)
    messages = toy_stream(0, 4, payload=bytes(300))
    messages[0].conversation.protocol = reg
    app = toy_app(messages)
    made: list[str] = []
    field_label = field_tree.field_label

    def counting(field):
        made.append(field.name)
        return field_label(field)

    async def scenario(pilot):
        screen = app.viewer
        tree = screen.query_one(FieldTree)
        monkeypatch.setattr(field_tree, "field_label", counting)
        await pilot.press("j")
        await pilot.pause()
        assert len(tree.lines) == 301
        height = tree.scrollable_content_region.height
        assert 0 < len(made) <= height, (len(made), height)
        assert made[:3] == ["items", "item0", "item1"]
        # the width that sets the scrollbar is the widest label's, as if every label were made
        assert tree.virtual_size.width == max(2 * max(n.depth, 1) + field_label(n.field).cell_len for n in tree.lines)

    run(app, scenario)


def test_a_label_width_is_the_width_of_the_label():
    from hexview.decode.fields import Field
    from hexview.tui.widgets.field_tree import field_label, field_label_width

    for field in [
        Field("opcode", 1, "OP_1 (1)", 0, 2),
        Field("empty", None, "", 2, 2),
        Field("ctl\x1b[31m", b"\x07", "bell\x07 and\ttab", 4, 9),
        Field("name", "x" * 400, "x" * 400, 10, 410),  # cut at 300 characters
        Field("名前", "ファイル", "ファイル名 🗂", 0, 12),  # two cells a character
        Field("[bold]markup[/]", None, "[red]not markup", 1, 3),
    ]:
        assert field_label_width(field) == field_label(field).cell_len, field.name


def test_a_bytes_row_looks_its_colours_up_once(monkeypatch):
    """Drawing a row of the bytes pane walks the colour runs once for the row (it looked
    every byte up by bisection, three times over); the styles are those of ``style_at``."""
    from hexview.tui.widgets import hex_view as hex_view_module

    messages = toy_stream(0, 4, payload=bytes(200))
    app = toy_app(messages)

    async def scenario(pilot):
        screen = app.viewer
        hex_view = screen.query_one(HexView)
        await pilot.press("j")
        await pilot.pause()
        hex_view.select(3, 37)  # a selection across rows, as a chosen field makes
        rows = hex_view.row_count
        assert rows > 10
        bisections: list[int] = []
        bisect_right = hex_view_module.bisect_right

        def counting(a, x, *args):
            bisections.append(x)
            return bisect_right(a, x, *args)

        monkeypatch.setattr(hex_view_module, "bisect_right", counting)
        drawn = [hex_view.row_segments(row) for row in range(rows)]
        assert len(bisections) == rows
        monkeypatch.setattr(hex_view_module, "bisect_right", bisect_right)
        per_row = hex_view.per_row
        for row, segments in enumerate(drawn):
            base = row * per_row
            count = min(per_row, len(hex_view.data) - base)
            assert hex_view.row_styles(base, count) == [hex_view.style_at(o) for o in range(base, base + count)]
            hex_cells = [s for s in segments[2:] if len(s.text) == 2 and s.text.strip()]
            assert [s.text for s in hex_cells] == [f"{b:02x}" for b in hex_view.data[base : base + count]]
            assert [s.style for s in hex_cells] == [hex_view.style_at(o) for o in range(base, base + count)]

    run(app, scenario)
