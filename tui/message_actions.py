"""Keys that act on the message on show: its pair (``r``/``%``), follow mode (``f``/``F``),
copying (``y``/``Y``; where the hex goes: ``copying``) and writing bytes to a file
(``w``; what and how: ``exporting``, the prompt: ``export_screen``).

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
            first = self.streams_pane.first_row()
            if self.stream_row is None and first is not None:
                self.select_stream(first, last=True)
            elif self.newest_position() is not None:
                self.select_position(self.newest_position())

    def action_toggle_follow(self) -> None:
        self.set_following(not self.following)

    def action_follow_on(self) -> None:
        self.set_following(True)

    # -- copy ------------------------------------------------------------------------------------
    def _selected_bytes(self) -> tuple[str, int, int] | None:
        """What is selected in the bytes pane: (its field's name or "bytes S-E", start, end)."""
        selection = self.hex_pane.selection
        if self.current_message is None or selection is None:
            return None
        start, end = selection
        node = self.fields_pane.cursor_node
        if node is not None and isinstance(node.data, ByteRange) and (node.data.start, node.data.end) == selection:
            return wire_text(node.data.name or "field", limit=60).plain, start, end
        return f"bytes {start}-{end}", start, end

    def action_copy_field(self) -> None:
        message, selected = self.current_message, self._selected_bytes()
        if message is None or selected is None:
            self.notify("nothing selected: choose a field in the tree or move the byte cursor", markup=False)
            return
        what, start, end = selected
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

    # -- write to a file -----------------------------------------------------------------------
    def action_export(self) -> None:
        """``w``: the prompt for what to write (field, message, the stream's direction) and where."""
        message, stream = self.current_message, self.stream
        if message is None or stream is None:
            self.notify("no message on show to write", markup=False)
            return
        from .export_screen import ExportScreen  # first use only
        from .exporting import Choice, direction_bytes, safe_name

        base = f"stream{stream.conversation.index}-msg{message.index}"
        choices = []
        selected = self._selected_bytes()
        if selected is not None:
            what, start, end = selected
            missing = sum(min(s.end, end) - max(s.start, start) for s in message.missing if s.start < end and s.end > start)
            choices.append(
                Choice(
                    "field", f"{what} ({end - start} bytes)", message.data[start:end], f"{base}-{safe_name(what)}.bin", missing
                )
            )
        missing = sum(s.end - s.start for s in message.missing)
        name = wire_text(message.name, limit=40).plain
        choices.append(
            Choice(
                "message", f"message No. {message.index} {name} ({message.length} bytes)", message.data, f"{base}.bin", missing
            )
        )
        kept = [stream.get(p) for p in range(stream.first, stream.count)]
        data, gaps = direction_bytes((m for m in kept if m is not None), message.direction)
        arrow = "client → server" if message.direction == "c2s" else "server → client"
        dropped = " from the oldest kept message" if stream.first else ""
        choices.append(
            Choice(
                "stream",
                f"stream {stream.conversation.index}, {arrow}{dropped} ({len(data)} bytes)",
                data,
                f"stream{stream.conversation.index}-{message.direction}.bin",
                gaps,
            )
        )

        def written(note: str | None) -> None:
            if note is not None:
                self.notify(note, title="write", markup=False)

        self.app.push_screen(ExportScreen(choices, "field" if selected is not None else "message"), written)
