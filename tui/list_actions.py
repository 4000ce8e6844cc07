"""Keys that change how the message list reads: time column modes (``t``), the time
reference (``T``) and go to a frame or message (``ctrl+g`` / ``:``).

A mixin of ``ViewerScreen``; it only uses the screen's selection and panes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .widgets.message_list import TIME_MODES, TIME_TITLES

if TYPE_CHECKING:  # the go-to box is imported on first use: not on the way to the first screen
    from .goto_screen import GoTo


class ListActions:
    def action_time_mode(self) -> None:
        """Cycle the time column: since the first message, time of day, delta from the
        row above, and (once ``T`` set one) since the reference message."""
        pane = self.messages_pane
        modes = [m for m in TIME_MODES if m != "reference" or pane.reference is not None]
        mode = modes[(modes.index(pane.time_mode) + 1) % len(modes)] if pane.time_mode in modes else modes[0]
        pane.set_view(time_mode=mode)
        self.notify(f"time column: {TIME_TITLES[mode]}", markup=False, timeout=2)

    def action_time_reference(self) -> None:
        """Make the message on show the time reference (again: clear it), like Wireshark's ctrl+t."""
        pane, message = self.messages_pane, self.current_message
        if message is None:
            return
        if pane.reference is message:
            pane.reference = None
            pane.set_view(time_mode="relative" if pane.time_mode == "reference" else pane.time_mode)
            self.notify("time reference cleared", markup=False, timeout=2)
            return
        pane.reference = message
        pane.set_view(time_mode="reference")
        self.notify(f"time reference: message {message.index}", markup=False, timeout=2)

    def action_go_to(self) -> None:
        # land once the box is gone: a list scrolled while another screen is on top stays put
        from .goto_screen import GoToScreen

        self.app.push_screen(GoToScreen(), lambda where: self.call_after_refresh(self._go_to, where))

    def _go_to(self, where: GoTo | None) -> None:
        if where is None:
            return
        find = self.store.find_frame if where.kind == "frame" else self.store.find_index
        place = find(where.number)
        what = f"frame {where.number}" if where.kind == "frame" else f"message {where.number}"
        if place is None:
            self.notify(f"no message at or after {what}", severity="warning", markup=False)
            return
        if place.row != self.stream_row:
            self.select_stream(place.row)
        self.select_position(place.position, user=True)
        message = self.current_message
        if not place.exact and message is not None:
            shown = f"frame {message.frames[0]}" if where.kind == "frame" and message.frames else f"message {message.index}"
            self.notify(f"no message holds {what}; showing the next one ({shown})", markup=False)
