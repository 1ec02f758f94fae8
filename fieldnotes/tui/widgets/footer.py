"""A footer that rebuilds its keys only when the keys it shows have changed.

Textual's `Footer` recomposes (every key a new widget, each styled and laid out) once per
`bindings_updated_signal`, and a screen sends that signal several times while it opens: on
focus, on the stack changing, on a tab being activated, on a first highlight. Opening the
codebook rebuilt its two dozen keys eight times, about half a second of the open on a
10,000-note notebook. Here the signals that arrive before the next refresh share one rebuild,
and a rebuild that would show the same keys, descriptions and enabled states is skipped.

What it shows and how it behaves (clicks, compact mode, the palette key) is `Footer`'s.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer

__all__ = ["KeysFooter"]

_Shown = tuple[tuple[Binding, str, bool, str], ...]


class KeysFooter(Footer):
    """A `Footer` that recomposes at most once per refresh, and only for a visible change."""

    def __init__(self, *, compact: bool = False, id: str | None = None) -> None:
        super().__init__(compact=compact, id=id)
        self._rebuild_pending = False
        self._shown: _Shown | None = None
        """The keys of the last compose, as `_keys_now` describes them."""

    def bindings_changed(self, screen: Screen[object]) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._rebuild_pending:
            self._rebuild_pending = True
            self.call_after_refresh(self._rebuild_if_changed)

    async def _rebuild_if_changed(self) -> None:
        self._rebuild_pending = False
        if not self.is_attached:
            return
        keys = self._keys_now()
        if keys == self._shown:
            return
        self._shown = keys
        await self.recompose()

    def _keys_now(self) -> _Shown:
        """Everything `Footer.compose` draws a key from, for each binding it would show."""
        app = self.app
        return tuple(
            (binding, app.get_key_display(binding), enabled, tooltip)
            for (_node, binding, enabled, tooltip) in self.screen.active_bindings.values()
            if binding.show or binding.key == app.COMMAND_PALETTE_BINDING
        )
