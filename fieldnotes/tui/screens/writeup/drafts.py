"""Keeping unsaved work: sealed into a draft a moment after each change, and on the way out."""

from __future__ import annotations

from fieldnotes.errors import FieldnotesError
from fieldnotes.tui.screens.writeup.part import EditorPart


class DraftKeepingPart(EditorPart):
    """A crash, a kill or an auto-lock costs at most `DRAFT_DELAY` of typing."""

    def _schedule_draft(self) -> None:
        if self._draft_timer is not None:
            self._draft_timer.stop()
            self._draft_timer = None
        now = self._clock()
        if self._unsaved_since is None:
            self._unsaved_since = now
        elif now - self._unsaved_since >= self.DRAFT_MAX_WAIT:
            self._autosave()
            return
        self._draft_timer = self.set_timer(self.DRAFT_DELAY, self._autosave, name="draft")

    def _autosave(self) -> None:
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._draft_timer = None
        try:
            self._write_draft()
        except FieldnotesError as error:
            self.notify(f"Draft not kept: {error}", severity="error")

    def _write_draft(self, *, show: bool = True) -> None:
        if self._done or self._latest is None:
            return
        self._unsaved_since = None
        state = self._latest
        if self._is_dirty(state):
            self._notebook.save_draft(
                self._draft_id, state.to_payload(self._note_id), note_id=self._note_id
            )
            self._draft_saved = True
        elif self._draft_saved:
            # Edited back to where it started: a stale draft would only confuse later.
            self._notebook.discard_draft(self._draft_id)
            self._draft_saved = False
        if show:
            self._show_status()

    def flush_draft(self) -> None:
        """Seal the current unsaved state now (called by the app before it locks)."""
        if self._draft_timer is not None:
            self._draft_timer.stop()
            self._draft_timer = None
        mounted = self.is_mounted and not self._done
        if mounted:
            try:
                self._latest = self._read_state()
            except Exception:
                # Called on the way out of a crash too: keep what the last change left.
                mounted = False
        try:
            self._write_draft(show=mounted)
        except FieldnotesError as error:
            self.notify(f"Draft not kept: {error}", severity="error")
