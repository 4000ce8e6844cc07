"""The ``w`` prompt: write the selected field's, message's or stream's bytes to a file.

The path comes prefilled with a name that says what it holds
(``stream3-msg17.bin``); choosing another thing to write changes the name too, unless
the user has typed their own. ``enter`` in the path writes; ``tab`` goes to the
choices (↑/↓ and enter or space pick one). A path that cannot be written (no such
folder, permission, a directory) keeps the prompt open with the reason in red, and a
notification says it too; a file that exists is replaced only after a second
``enter``. The writing itself is ``exporting.write_bytes``; the prompt dismisses
with the notice for the view to show.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, RadioButton, RadioSet, Static

from .exporting import Choice, error_text, write_bytes
from .safe import group_digits, wire_str
from .widgets.prompt_input import PromptInput


class ExportScreen(ModalScreen[str | None]):
    DEFAULT_CSS = """
    ExportScreen { align: center middle; }
    ExportScreen > Vertical {
        width: 76; max-width: 100%; height: auto;
        border: round $accent; background: $surface; padding: 0 1;
    }
    ExportScreen RadioSet { width: 100%; }
    ExportScreen #export-error { color: $error; height: auto; }
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, choices: list[Choice], chosen: str) -> None:
        super().__init__()
        self.choices = choices
        self.choice = next((c for c in choices if c.key == chosen), choices[0])
        self._confirm: tuple[str, str] | None = None  # (path, choice) an enter again overwrites

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Write bytes to a file"
            box.border_subtitle = "enter writes · tab: what to write · escape cancels"
            yield PromptInput(self.choice.name, id="export-path")
            with RadioSet(id="export-what"):
                for choice in self.choices:
                    yield RadioButton(wire_str(choice.label, limit=70), value=choice is self.choice, name=choice.key)
            yield Static("", id="export-error", markup=False)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        chosen = next((c for c in self.choices if c.key == event.pressed.name), self.choice)
        path = self.query_one(Input)
        if path.value == self.choice.name:  # still our suggestion: suggest for the new choice
            path.value = chosen.name
        self.choice = chosen
        self._say("")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        path, choice = event.value, self.choice
        overwrite = self._confirm == (path, choice.key)
        try:
            written = write_bytes(path, choice.data, overwrite=overwrite)
        except FileExistsError:
            self._confirm = (path, choice.key)
            self._say(f"{path.strip()} exists: enter again replaces it (or change the path)")
            return
        except OSError as exc:
            self._confirm = None
            reason = wire_str(error_text(path, exc))
            self._say(reason)
            self.app.notify(reason, title="write", severity="error", markup=False)
            return
        note = f"wrote {group_digits(written.size)} bytes ({choice.label}) to {written.path}"
        if choice.not_captured:
            note += f"\n({group_digits(choice.not_captured)} bytes not captured, written as 00)"
        self.dismiss(wire_str(note, limit=400))

    def _say(self, text: str) -> None:
        self.query_one("#export-error", Static).update(text)

    def action_cancel(self) -> None:
        self.dismiss(None)
