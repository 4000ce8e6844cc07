"""The ``d`` screen: Wireshark's "Decode As" for one TCP port, and the protocols' options.

A stream on an unusual port, or one the capture caught mid-way where no heuristic
can decide, is shown as undecoded TCP; here the user names its protocol. The choice
lists every registered protocol (from the registry, so a new protocol shows up
without touching this file) plus "automatic" to undo an earlier choice. Below them,
every option a protocol declares (``Registration.options``), one row per value, the
one in force marked: choosing a row sets that option. The screen only answers with
the choice; the App applies it (``HexviewApp.decode_port_as`` /
``HexviewApp.set_decode_option``) and reads the input again.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from hexview.protocols.options import declared, resolved
from hexview.protocols.registry import registrations

AUTOMATIC = ""  # the answer that removes a port's Decode As entry
OPTION_ID = "option:"  # + key + "=" + value: the id of an option value's row


@dataclass(frozen=True)
class OptionChoice:
    """The answer when the user chose a protocol option's value."""

    key: str  # "protocol.name", as --option spells it
    value: str


class DecodeAsScreen(ModalScreen["str | OptionChoice | None"]):
    """Answers a protocol name, ``AUTOMATIC``, an OptionChoice, or None when cancelled."""

    DEFAULT_CSS = """
    DecodeAsScreen { align: center middle; }
    DecodeAsScreen > Vertical {
        width: 80; max-width: 100%; height: auto; max-height: 100%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    DecodeAsScreen OptionList { height: auto; max-height: 30; }
    """

    BINDINGS = [Binding("escape,q", "cancel", "Cancel")]

    def __init__(self, port: int, current: str | None, stream_label: str, options: dict[str, str] | None = None) -> None:
        """``options``: the option values chosen so far (the rest are at their defaults)."""
        super().__init__()
        self.port = port
        self.current = current
        self.stream_label = stream_label
        self.options = resolved(options)

    def compose(self) -> ComposeResult:
        options: list[Option | None] = [Option(Text("automatic: by heuristics, then port"), id="=auto")]
        for reg in sorted(registrations().values(), key=lambda r: r.name.lower()):
            label = Text.assemble((reg.name, "bold"), "  ", (reg.description, "dim"))
            options.append(Option(label, id=reg.name))
        for key, (reg, opt) in declared().items():
            options.append(None)  # a separator
            heading = Text.assemble(("option ", "bold"), (key, "bold"), f"  ({reg.name}, every stream)")
            if opt.help:
                heading.append(f": {opt.help}", "dim")
            options.append(Option(heading, disabled=True))
            now = self.options.get(key, opt.default)
            for value in opt.choices:
                label = Text.assemble("  ● " if value == now else "  ○ ", f"{key}={value}")
                if value == opt.default:
                    label.append("  (default)", "dim")
                options.append(Option(label, id=f"{OPTION_ID}{key}={value}"))
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
        if choice.startswith(OPTION_ID):
            key, _, value = choice[len(OPTION_ID) :].partition("=")
            self.dismiss(OptionChoice(key, value))
            return
        self.dismiss(AUTOMATIC if choice == "=auto" else choice)

    def action_cancel(self) -> None:
        self.dismiss(None)
