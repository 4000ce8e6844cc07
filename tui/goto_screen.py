"""The go-to box (``ctrl+g`` or ``:``): Wireshark's "Go to packet", for frames and messages.

``45`` goes to the message that carries frame 45 (the frame numbers of the pcap, the
same as tshark's and Wireshark's); ``#12`` goes to message 12 (the number every view
shows). The box only answers with what was typed, parsed; the screen finds it
(``MessageStore.find_frame`` / ``find_index``) and says where it landed.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from .widgets.prompt_input import PromptInput


@dataclass(frozen=True, slots=True)
class GoTo:
    number: int
    kind: str  # "frame" or "message"


def parse_go_to(text: str) -> GoTo:
    """'45' / 'frame 45' -> frame 45; '#12' / 'msg 12' -> message 12; ValueError otherwise."""
    raw = text.strip().lower()
    kind = "frame"
    for prefix, what in (("#", "message"), ("message", "message"), ("msg", "message"), ("frame", "frame")):
        if raw.startswith(prefix):
            raw, kind = raw[len(prefix) :].strip(), what
            break
    if not raw.isdigit():
        raise ValueError(f"not a frame or #message number: {text.strip()!r}")
    return GoTo(int(raw), kind)


class GoToScreen(ModalScreen[GoTo | None]):
    DEFAULT_CSS = """
    GoToScreen { align: center middle; }
    GoToScreen > Vertical {
        width: 50; max-width: 100%; height: auto;
        border: round $accent; background: $surface; padding: 0 1;
    }
    GoToScreen Static { color: $error; height: auto; }
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Go to frame (or #message)"
            box.border_subtitle = "enter goes · escape cancels"
            yield PromptInput(placeholder="45   or   #12", id="goto")
            yield Static("", id="goto-error")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            self.dismiss(parse_go_to(event.value))
        except ValueError as exc:
            self.query_one("#goto-error", Static).update(str(exc))

    def action_cancel(self) -> None:
        self.dismiss(None)
