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
    """A binding per registered view: its key runs ``cross_view('NAME')``, its
    ``locate_key`` (if any) ``cross_view('NAME', True)``."""
    views = registered_views().items()
    return [Binding(view.key, f"cross_view({name!r})", view.title, show=False) for name, view in views] + [
        Binding(view.locate_key, f"cross_view({name!r}, True)", f"{view.title}: this message", show=False)
        for name, view in views
        if view.locate_key is not None
    ]


class CrossViewActions:
    def action_cross_view(self, name: str, at_message: bool = False) -> None:
        """Open view ``name``; ``at_message``: on the line holding the message on show."""
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

        message = self.current_message if at_message else None
        locate = message.index if message is not None else None
        app.push_screen(CrossViewScreen(view, command, self.store, locate), chosen)
