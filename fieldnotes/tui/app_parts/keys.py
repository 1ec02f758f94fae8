"""Keys pressed just as a screen changes wait until that screen has its focus."""

from __future__ import annotations

import weakref
from typing import Any

from textual import events
from textual.app import ScreenStackError
from textual.screen import Screen

from fieldnotes.tui.app_parts.base import AppPart


class KeysPart(AppPart):
    """Holds keys behind a screen change; `FieldnotesApp.on_event` asks it first."""

    def _hold_key(self, event: events.Key) -> bool:
        """Hold the keys that arrive just after a screen change until that screen has focus.

        The new screen focuses its first widget from `on_mount`, and Textual applies that focus
        through the app's queue, behind any key already waiting there. Such a key reached a
        screen with nothing focused, so a key bound on the widget about to be focused (the
        list's enter, the tree's arrows) found no binding and was lost.
        """
        if not self._held_keys:
            try:
                screen = self.screen
            except ScreenStackError:
                return False
            if self._keys_screen is not None and self._keys_screen() is screen:
                return False
            if not self._after_mount(screen):
                return False
        self._held_keys.append(events.Key(event.key, event.character))
        return True

    def _after_mount(self, screen: Screen[Any]) -> bool:
        # The screen runs its callbacks only once mounted; the focus it asked for from
        # `on_mount` is by then in the app's queue, ahead of the release queued here.
        return screen.call_later(self.call_later, self._release_key)

    async def _release_key(self) -> None:
        """Hand the first held key on; the next waits for any screen that key opens."""
        try:
            screen = self.screen
        except ScreenStackError:
            self._held_keys.clear()
            return
        # A weak reference: a screen popped at lock must not stay in memory with its notes.
        self._keys_screen = weakref.ref(screen)
        if not self._held_keys:
            return
        await super().on_event(self._held_keys.pop(0))
        if self._held_keys:
            try:
                screen = self.screen
            except ScreenStackError:
                self._held_keys.clear()
                return
            if not self._after_mount(screen):
                self._held_keys.clear()
