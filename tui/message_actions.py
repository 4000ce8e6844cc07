"""Keys that act on the message on show: its pair (``r``/``%``), follow mode (``f``/``F``)
and copying (``y``/``Y``; where the hex goes: ``copying``).

A mixin of ``ViewerScreen`` (kept apart so the screen module holds the panes and
their sync, and each group of keys can be read on its own); it only uses the
screen's selection (``select_stream``, ``select_position``) and panes.
"""

from __future__ import annotations

from .safe import wire_text
from .widgets.field_tree import ByteRange


class MessageActions:
    # -- pair ---------------------------------------------------------------------------------------
    def action_pair(self) -> None:
        message = self.current_message
        if message is None:
            return
        target = message.pair if message.is_reply else (message.replies[0] if message.replies else message.pair)
        if target is None:
            what = "request" if message.is_reply else "reply"
            self.notify(f"this message has no paired {what}", markup=False)
            return
        stream = self.store.stream_of(target)
        position = stream.position_of(target) if stream is not None else None
        if stream is None or position is None:
            self.notify(f"message #{target.index} (the pair) was dropped (memory limit)", severity="warning", markup=False)
            return
        if stream.row != self.stream_row:
            self.select_stream(stream.row)
        self.select_position(position, user=True)

    # -- follow --------------------------------------------------------------------------------------
    def set_following(self, on: bool) -> None:
        if on == self.following:
            return
        self.following = on
        self._update_status()
        if on:
            if self.stream_row is None and self.store.streams:
                self.select_stream(0, last=True)
            elif self.stream is not None:
                self.select_position(self.stream.count - 1)

    def action_toggle_follow(self) -> None:
        self.set_following(not self.following)

    def action_follow_on(self) -> None:
        self.set_following(True)

    # -- copy ------------------------------------------------------------------------------------
    def action_copy_field(self) -> None:
        message, selection = self.current_message, self.hex_pane.selection
        if message is None or selection is None:
            self.notify("nothing selected: choose a field in the tree or move the byte cursor", markup=False)
            return
        start, end = selection
        node = self.fields_pane.cursor_node
        if node is not None and isinstance(node.data, ByteRange) and (node.data.start, node.data.end) == selection:
            what = wire_text(node.data.name or "field", limit=60).plain
        else:
            what = f"bytes {start}-{end}"
        self._copy(what, message.data[start:end], [s for s in message.missing if s.start < end and s.end > start])

    def action_copy_message(self) -> None:
        message = self.current_message
        if message is not None:
            self._copy(wire_text(message.name, limit=60).plain, message.data, message.missing)

    def _copy(self, what: str, data: bytes, missing) -> None:
        """Send the hex by OSC 52 and, inside tmux, into its paste buffer; say which."""
        from .copying import clipboard_hex, copy_note, to_tmux, where_it_went  # first use only

        text, cut = clipboard_hex(data)
        self.app.copy_to_clipboard(text)
        note = copy_note(what, len(data), text, cut, where_it_went(to_tmux(text)))
        if missing:
            note += "\n(includes bytes not captured, copied as 00)"
        self.notify(note, title="copy", markup=False)
