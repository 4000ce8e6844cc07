"""An ``Input`` whose keys act in their turn.

Textual hands each key to the widget focused when the key is *read* and queues it
there. Its ``Input`` types printable keys as they come but leaves its editing keys
(``ctrl+u``, ``ctrl+w``, backspace, arrows, ``enter``...) and ``tab`` to bindings, which
act only once the key has travelled up to the App. Keys that arrive in one burst
(typed fast over SSH, or sent by a terminal multiplexer) were then applied out of
order: ``ctrl+u`` followed by a path typed the path first and then erased everything
left of the cursor, path included. Every prompt of the view uses this class instead:

- its own bindings (a subclass's too) run as each key comes;
- ``tab`` / ``shift+tab``, unless bound here, move the focus as they come;
- keys queued here behind a key that moved the focus away go back to the App, to be
  dispatched as if just typed (so ``tab``, ``↓``, ``enter`` in a burst choose in the
  next widget rather than submitting here).
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input


class PromptInput(Input):
    async def _on_key(self, event: events.Key) -> None:
        if self.screen.focused is not self:  # queued here before the focus moved on
            event.stop()
            event.prevent_default()
            self.app.post_message(events.Key(event.key, event.character))
            return
        for binding in self._bindings.key_to_bindings.get(event.key, ()):  # a subclass's tab too
            event.stop()
            event.prevent_default()
            await self.run_action(binding.action)
            return
        if event.key in ("tab", "shift+tab"):
            event.stop()
            event.prevent_default()
            self.screen.focus_next() if event.key == "tab" else self.screen.focus_previous()
            return
        await super()._on_key(event)
