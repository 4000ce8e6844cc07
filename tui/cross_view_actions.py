"""The keys of the cross-stream views protocols register (``Registration.views``): each
opens the one ``CrossViewScreen`` for its view, and ``enter`` there shows the message
it names here. The viewer never names a view: its bindings come from the registry
(``view_bindings``), its help and key bar from ``keys``.

A mixin of ``ViewerScreen``.
"""

from __future__ import annotations

from textual.binding import Binding

from hexview.protocols.cross_views import registered_views


def view_bindings() -> list[Binding]:
    """A binding per registered view: its key runs ``cross_view('NAME')``."""
    return [Binding(view.key, f"cross_view({name!r})", view.title, show=False) for name, view in registered_views().items()]


class CrossViewActions:
    def action_cross_view(self, name: str) -> None:
        from .cross_view_screen import CrossViewScreen  # first use only

        view = registered_views().get(name)
        if view is None:
            return
        app = self.app
        command = app.command_line(f"--{view.name}", "--json")

        def chosen(index: int | None) -> None:
            from .goto_screen import GoTo

            if index is not None:  # land once the screen is gone, as go-to does
                self.call_after_refresh(self._go_to, GoTo(index, "message"))

        app.push_screen(CrossViewScreen(view, command, self.store), chosen)
