"""The display-filter line, opened by ``&`` (less's "show only matching lines").

It sits under the title, like Wireshark's filter toolbar, and stays there while a
filter is applied, showing it and how many messages match; it is hidden otherwise.
While it is edited, the mark at its left says at every key whether the text is a
filter (green ``✓``) or not yet / not one (red ``✗``, the reason and its column on the
right, the character there underlined); ``tab`` completes a field name; ``enter``
applies (an empty line clears the filter; a text that is no filter is not applied);
``escape`` leaves the filter as it was. How keys typed in a burst reach the line:
``prompt_bar``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.highlighter import Highlighter
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input, Static

from hexview.analysis.filter_completion import complete
from hexview.analysis.filters import FilterError, compile

from .prompt_bar import NO_CONTROLS, PromptBar, QueryLine

PLACEHOLDER = "op_errno == ENOENT · latency > 2ms · name contains LOOKUP · stream == 3 · failed   (tab completes)"
VALID_STYLE = "bold green"
INVALID_STYLE = "bold red"
MAX_LISTED = 12  # completion candidates listed at once


def check(text: str) -> FilterError | None:
    """Why ``text`` is not a filter, or None (an empty text is none either: it clears)."""
    if not text.strip():
        return None
    try:
        compile(text)
    except FilterError as exc:
        return exc
    return None


class ErrorHighlighter(Highlighter):
    """Underlines, in red, the character a filter's error is about."""

    def highlight(self, text: Text) -> None:
        error = check(text.plain)
        if error is not None and error.column <= len(text.plain):
            text.stylize(f"{INVALID_STYLE} underline", error.column - 1, error.column)


class FilterLine(QueryLine):
    """The filter's input; ``tab`` completes the field name before the cursor (a
    binding of the line's own, so it wins over the screen's ``tab``, also for a tab
    typed in a burst before the line opened)."""

    BINDINGS = [Binding("tab", "complete", "Complete", show=False)]

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.names: Callable[[], Sequence[str]] = lambda: ()

    def action_complete(self) -> None:
        done = complete(self.value, self.cursor_position, self.names())
        if done.text != self.value:
            self.value = done.text
        self.cursor_position = done.cursor
        bar = self.bar
        if isinstance(bar, FilterBar):
            bar.show_candidates(done.prefix, done.candidates)


class FilterBar(PromptBar):
    DEFAULT_CSS = """
    FilterBar { height: 1; display: none; background: $boost; }
    FilterBar.-open, FilterBar.-applied { display: block; }
    FilterBar > #mark { width: 2; padding: 0; }
    FilterBar > #prompt { width: 2; padding: 0; }
    FilterBar > Input, FilterBar > Input:focus { border: none; height: 1; padding: 0; width: 1fr; background: $boost; }
    FilterBar > #applied { width: 1fr; height: 1; }
    FilterBar > #filter-status { width: auto; max-width: 60%; height: 1; padding: 0 0 0 2; }
    FilterBar > Input, FilterBar.-open > #applied { display: none; }
    FilterBar.-open > Input { display: block; }
    """

    BINDINGS = [Binding("escape", "close", "Close filter", show=False)]

    class Submitted(Message):
        """``enter`` on a filter (or on an empty line: clear it)."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.applied = ""  # the filter in force ('' : none)
        self._status = Text()  # what the screen says about the filter in force (count, progress)

    def compose(self) -> ComposeResult:
        yield Static(" ", id="mark")
        yield Static("&", id="prompt")
        yield Static("", id="applied")
        yield FilterLine(
            placeholder=PLACEHOLDER,
            restrict=NO_CONTROLS,
            select_on_focus=False,
            highlighter=ErrorHighlighter(),
            id="filter-line",
        )
        yield Static("", id="filter-status")

    # -- what the screen calls ----------------------------------------------------------
    def open(self, text: str, names: Callable[[], Sequence[str]]) -> None:
        """Edit ``text`` (``names``: the field names ``tab`` completes from)."""
        line = self.query_one(FilterLine)
        line.names = names
        self.open_line(text)
        self._show_check(text)

    def set_applied(self, text: str) -> None:
        """The filter in force ('' : none; the bar then hides once closed)."""
        self.applied = text
        self.set_class(bool(text), "-applied")
        self.query_one("#applied", Static).update(Text(text, no_wrap=True, end=""))
        if not self.is_open:
            self._show_mark(text)

    def set_status(self, status: Text) -> None:
        """The count and progress of the filter in force, shown while not editing."""
        self._status = status
        if not self.is_open:
            self.query_one("#filter-status", Static).update(status)

    def show_candidates(self, prefix: str, candidates: Sequence[str]) -> None:
        """What ``tab`` found: the names that fit (none: says so)."""
        status = Text(no_wrap=True, end="")
        if not candidates:
            status.append(f"no field name starts with {prefix!r}", style="dim")
        elif len(candidates) > 1:
            status.append(f"{len(candidates)} names: ", style="dim")
            status.append(" ".join(candidates[:MAX_LISTED]))
            if len(candidates) > MAX_LISTED:
                status.append(" …", style="dim")
        else:
            self._show_check(self.line.value)
            return
        self.query_one("#filter-status", Static).update(status)

    # -- the line -------------------------------------------------------------------------
    @on(Input.Changed, "#filter-line")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        if self.is_open:
            self._show_check(event.value)

    def _show_check(self, text: str) -> None:
        error = self._show_mark(text)
        status = Text(no_wrap=True, end="")
        if error is not None:
            status.append(f"column {error.column}: {error.message}", style=INVALID_STYLE)
        elif text.strip():
            status.append("enter applies · escape keeps the filter in force", style="dim")
        else:
            status.append(
                "enter on an empty line clears the filter" if self.applied else "tab completes a field name", style="dim"
            )
        self.query_one("#filter-status", Static).update(status)

    def _show_mark(self, text: str) -> FilterError | None:
        """The mark for ``text``: green ✓ a filter, red ✗ not (yet) one, blank when empty."""
        error = check(text)
        shown = Text(no_wrap=True, end="")
        if not text.strip():
            shown.append("·", style="dim")
        elif error is None:
            shown.append("✓", style=VALID_STYLE)
        else:
            shown.append("✗", style=INVALID_STYLE)
        self.query_one("#mark", Static).update(shown)
        return error

    def action_submit(self) -> None:
        text = self.line.value
        if check(text) is not None:  # not a filter: stays open, the reason on show
            self.app.bell()
            return
        self.action_close()
        self.post_message(self.Submitted(text.strip()))

    def action_close(self) -> None:
        super().action_close()
        self._show_mark(self.applied)
        self.query_one("#filter-status", Static).update(self._status)
