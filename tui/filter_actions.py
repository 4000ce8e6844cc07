"""The display filter in the view: ``&`` opens the filter line (``widgets.filter_bar``),
``enter`` there applies what was typed, and ``apply_filter`` does the same for
other screens (the statistics screen opens a row's messages with it).

A mixin of ``ViewerScreen``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hexview.analysis.filters import FilterError, compile, field_names

from .safe import wire_text
from .widgets.filter_bar import FilterBar

if TYPE_CHECKING:
    from hexview.analysis.filters import Filter


class FilterActions:
    display_filter: Filter | None = None  # the filter in force

    @property
    def filter_bar(self) -> FilterBar:
        bar: FilterBar = self.query_one(FilterBar)  # type: ignore[attr-defined]  (a mixin of a Screen)
        return bar

    def action_filter(self) -> None:
        bar = self.filter_bar
        if not bar.is_open:  # else an ``&`` read before the line opened: the App types it in
            bar.open(bar.applied, self._field_names)

    def _field_names(self) -> list[str]:
        """What ``tab`` completes from: the message fields, the loaded protocols' names,
        and the fields of the message on show."""
        from hexview.protocols.registry import registrations

        shown = [self.current_decoded] if self.current_decoded is not None else []  # type: ignore[attr-defined]
        return field_names(registrations().values(), shown)

    def on_filter_bar_submitted(self, event: FilterBar.Submitted) -> None:
        self.apply_filter(event.text)

    def apply_filter(self, text: str) -> None:
        """Apply ``text`` as if typed in the filter line and entered: a filter shows only
        the messages it matches, an empty text clears it, a text that is no filter
        leaves the filter in force and shows why on the open line. Raises nothing."""
        text = text.strip()
        bar = self.filter_bar
        if not text:
            self.clear_filter()
            return
        try:
            chosen = compile(text)
        except FilterError as exc:
            bar.open(text, self._field_names)
            self.notify(wire_text(str(exc)).plain, title="filter", severity="error", markup=False)  # type: ignore[attr-defined]
            return
        if bar.is_open:
            bar.action_close()
        self.display_filter = chosen
        bar.set_applied(text)

    def clear_filter(self) -> None:
        """Show every message again."""
        self.display_filter = None
        self.filter_bar.set_applied("")
