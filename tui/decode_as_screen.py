"""The ``d`` screen: Wireshark's "Decode As" for one TCP port.

A stream on an unusual port, or one the capture caught mid-way where no heuristic
can decide, is shown as undecoded TCP; here the user names its protocol. The choice
lists every registered protocol (from the registry, so a new protocol shows up
without touching this file) plus "automatic" to undo an earlier choice. The screen
only answers with the choice; the App applies it (``HexviewApp.decode_port_as``).
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from hexview.protocols.registry import registrations

AUTOMATIC = ""  # the answer that removes a port's Decode As entry


class DecodeAsScreen(ModalScreen[str | None]):
    """Answers a protocol name, ``AUTOMATIC``, or None when cancelled."""

    DEFAULT_CSS = """
    DecodeAsScreen { align: center middle; }
    DecodeAsScreen > Vertical {
        width: 72; max-width: 100%; height: auto; max-height: 100%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    DecodeAsScreen OptionList { height: auto; max-height: 20; }
    """

    BINDINGS = [Binding("escape,q", "cancel", "Cancel")]

    def __init__(self, port: int, current: str | None, stream_label: str) -> None:
        super().__init__()
        self.port = port
        self.current = current
        self.stream_label = stream_label

    def compose(self) -> ComposeResult:
        options = [Option(Text("automatic: by heuristics, then port"), id="=auto")]
        for reg in sorted(registrations().values(), key=lambda r: r.name.lower()):
            label = Text.assemble((reg.name, "bold"), "  ", (reg.description, "dim"))
            options.append(Option(label, id=reg.name))
        with Vertical() as box:
            box.border_title = f"Decode TCP port {self.port} as"
            box.border_subtitle = "enter chooses · escape cancels"
            yield Static(Text(self.stream_label, no_wrap=True, overflow="ellipsis"))
            yield OptionList(*options)

    def on_mount(self) -> None:
        option_list = self.query_one(OptionList)
        option_list.focus()
        wanted = self.current or "=auto"
        for i in range(option_list.option_count):
            if option_list.get_option_at_index(i).id == wanted:
                option_list.highlighted = i
                break

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        choice = event.option.id or "=auto"
        self.dismiss(AUTOMATIC if choice == "=auto" else choice)

    def action_cancel(self) -> None:
        self.dismiss(None)
