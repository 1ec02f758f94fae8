"""Unlocking and locking: the notes list after the key, a fresh unlock screen after the lock."""

from __future__ import annotations

import weakref
from typing import cast

from textual.await_complete import AwaitComplete
from textual.reactive import Reactive

from fieldnotes.domain.team import SyncState
from fieldnotes.errors import FieldnotesError
from fieldnotes.notebook import Notebook
from fieldnotes.notebook.config import lock_after_seconds
from fieldnotes.tui.app_parts.base import AppPart
from fieldnotes.tui.app_parts.stopping import EXIT_CANNOT_OPEN, EXIT_OK
from fieldnotes.tui.dialogs.drafts import DraftsScreen
from fieldnotes.tui.format import DEFAULT_IDLE_LOCK_SECONDS
from fieldnotes.tui.screens.notes import NotesScreen
from fieldnotes.tui.screens.unlock import UnlockScreen


class LockingPart(AppPart):
    """The unlock screen, what follows it, the idle lock and the lock itself."""

    def _cannot_open(self, _result: object) -> None:
        self.exit(EXIT_CANNOT_OPEN, return_code=EXIT_CANNOT_OPEN)

    def _push_unlock(self, notice: str = "") -> None:
        assert self.notebook is not None
        screen = UnlockScreen(self.notebook, demo=self.demo, notice=notice)
        self.push_screen(screen, self._unlocked)

    def _created(self, notebook: object) -> None:
        if not isinstance(notebook, Notebook):
            return
        self.notebook = notebook
        notebook.on_change(self._notebook_written)
        self._unlocked(True)

    def _unlocked(self, _result: object) -> None:
        self._last_activity = self._clock()
        assert self.notebook is not None
        if self.idle_lock_override is None:
            try:
                self.idle_lock_seconds = lock_after_seconds(self.notebook)
            except FieldnotesError as error:
                self.idle_lock_seconds = DEFAULT_IDLE_LOCK_SECONDS
                self.notify(str(error), severity="warning", timeout=8)
        notes = NotesScreen(self.notebook)
        self._notes_screen = weakref.ref(notes)
        self.push_screen(notes)
        self.start_team_sync()
        reopen, self._reopen = self._reopen, []
        # A large notebook opens its notes in the background; the synthesis must wait for them.
        if self.notebook.notes_loaded:
            for action in reopen:
                getattr(self, f"action_{action}")()
        self.offer_drafts()

    def offer_drafts(self) -> None:
        """If write-ups were sealed as drafts (lock, crash, quit), offer them back."""
        if self.notebook is None or not self.notebook.is_unlocked:
            return
        try:
            drafts = self.notebook.drafts()
        except FieldnotesError as error:
            self.notify(f"Drafts could not be read: {error}", severity="error")
            return
        if not drafts:
            return

        def chosen(choice: tuple[str, str | None] | None) -> None:
            if choice is not None:
                draft_id, note_id = choice
                self.open_writeup(note_id, draft_id=draft_id)

        self.push_screen(DraftsScreen(self.notebook, drafts), chosen)

    def check_idle_lock(self) -> None:
        """Lock once nothing has been pressed or moved for `idle_lock_seconds`."""
        if self.notebook is None or not self.notebook.is_unlocked:
            return
        if self._clock() - self._last_activity >= self.idle_lock_seconds:
            minutes = self.idle_lock_seconds / 60
            after = (
                f"{minutes:g} minutes" if minutes >= 1 else f"{self.idle_lock_seconds:g} seconds"
            )
            self.lock_notebook(reason=f"Locked after {after} without activity.")

    def _flush_drafts(self) -> None:
        for holder in list(self._draft_holders):
            try:
                holder.flush_draft()
            except FieldnotesError as error:
                self.log.error(f"draft not kept: {error}")

    def action_lock(self) -> None:
        self.lock_notebook(reason="Locked.")

    def lock_notebook(self, reason: str = "") -> None:
        """Seal drafts, drop the key, and replace every screen with a fresh unlock screen."""
        if self.notebook is None or not self.notebook.is_unlocked:
            return
        self._flush_drafts()
        self.kept_brief_summary = ""
        self._reopen = []
        self.stop_team_sync()
        try:
            self.notebook.lock()
        except FieldnotesError as error:
            # The key is dropped before the checkpoint that can fail; still clear the screen.
            self.notify(f"Locking reported a problem: {error}", severity="error")
        # A toast could quote a note; none may outlive the lock.
        self.clear_notifications()
        self._reopen = self._reopenable()
        popped = [self.pop_screen() for _ in range(len(self.screen_stack) - 1)]
        self._push_unlock(reason)
        self.call_later(self._forget_locked_screens, popped)

    async def _forget_locked_screens(self, popped: list[AwaitComplete]) -> None:
        """Once the screens popped at lock are gone, let nothing keep them in memory.

        Textual drops the watcher of a closed screen when the watched value next changes; the
        lock is a change of its own, and changing `revision` now drops the watchers of every
        screen that showed notes. The sync state is watched by the notes list too; it stays
        None for a personal notebook, so its watchers are run once, unchanged, to the same end.
        """
        for pop in popped:
            await pop
        self.revision += 1
        self.sync_state = None
        watched = cast("Reactive[SyncState | None]", type(self).sync_state)
        self.mutate_reactive(watched)

    def _reopenable(self) -> list[str]:
        """The actions that open again the codebook or synthesis the stack holds, in order.

        Only by name: a screen showing notes cannot outlive the lock, so each is built afresh
        after unlocking (a write-up comes back as its sealed draft instead).
        """
        stack = self.screen_stack
        opened = [(ref(), action) for ref, action in self._reopen_after_lock]
        self._reopen_after_lock = []
        return [action for screen, action in opened if screen is not None and screen in stack]

    async def action_quit(self) -> None:
        self._flush_drafts()
        self._close_notebook()
        self.exit(EXIT_OK)
