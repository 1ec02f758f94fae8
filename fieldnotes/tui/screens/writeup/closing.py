"""Leaving the write-up: saving (names in the people map offered first), discarding, trashing."""

from __future__ import annotations

from textual.widgets import Input

from fieldnotes.domain.model import NoteDraft
from fieldnotes.domain.pseudonyms import DraftName, draft_text, names_in_draft, replace_in_draft
from fieldnotes.errors import FieldnotesError, InvalidInput
from fieldnotes.tui.dialogs.confirm import ConfirmScreen
from fieldnotes.tui.dialogs.names_found import NamesFoundDialog
from fieldnotes.tui.screens.writeup.part import EditorPart


class ClosingPart(EditorPart):
    """Every way the editor closes; each drops the draft it kept once the note is safe."""

    def action_trash(self) -> None:
        from fieldnotes.tui.screens.trash import note_label

        note_id = self._note_id
        if note_id is None:
            return
        try:
            label = note_label(self._notebook.note(note_id))
        except FieldnotesError as error:
            self.notify(str(error), severity="error")
            return
        detail = f"{label[0].upper()}{label[1:]}. You can restore it from the trash (T)."
        if self._is_dirty(self._read_state()):
            detail += " The changes not yet saved are discarded."

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                self._notebook.trash_note(note_id)
            except FieldnotesError as error:
                self.notify(str(error), severity="error")
                return
            self.app.notify(f"Moved {label} to the trash. T opens the trash.", title="Deleted")
            self._finish(None)

        self.app.push_screen(
            ConfirmScreen(
                "Move this note to the trash?",
                detail,
                yes="Move to trash",
                no="Keep it",
                cancel=None,
            ),
            answered,
        )

    def action_save(self) -> None:
        state = self._read_state()
        if self._note_id is not None and not self._is_dirty(state):
            self._finish(self._note_id)
            return
        if self._damaged:
            self.notify(
                "Parts of this note are damaged; copy your words into a new note instead.",
                severity="error",
            )
            return
        try:
            draft = state.to_draft()
        except InvalidInput as error:
            self.notify(str(error), severity="error")
            self.query_one("#when", Input).focus()
            return
        found = self._mapped_names(draft)
        if not found:
            self._store(draft)
            return

        def decided(chosen: list[DraftName] | None) -> None:
            if chosen is not None:
                self._store(replace_in_draft(draft, chosen))

        self.app.push_screen(
            NamesFoundDialog(found, [draft_text(draft, f) for f in found]), decided
        )

    def _mapped_names(self, draft: NoteDraft) -> list[DraftName]:
        """Names from the people map in the note; a damaged map is said, never a silent pass."""
        try:
            people = self._notebook.people_map()
        except FieldnotesError as error:
            self.notify(f"{error}. Names in this note were not checked.", severity="warning")
            return []
        return names_in_draft(draft, people)

    def _store(self, draft: NoteDraft) -> None:
        try:
            if self._note_id is None:
                note = self._notebook.add_note(draft)
            else:
                note = self._notebook.update_note(self._note_id, draft)
        except FieldnotesError as error:
            self.notify(str(error), severity="error")
            return
        self._note_id = note.id
        self._finish(note.id)

    def _finish(self, result: str | None) -> None:
        """Close for good: no more drafts, and the one we kept (if any) is dropped."""
        self._done = True
        if self._draft_timer is not None:
            self._draft_timer.stop()
            self._draft_timer = None
        if self._draft_saved:
            try:
                self._notebook.discard_draft(self._draft_id)
            except FieldnotesError as error:
                self.notify(f"The draft could not be removed: {error}", severity="warning")
            self._draft_saved = False
        self.dismiss(result)

    def action_leave(self) -> None:
        if self.previewing:
            self.previewing = False
            return
        state = self._read_state()
        if not self._is_dirty(state):
            self._finish(None)
            return

        def answered(save: bool | None) -> None:
            if save is True:
                self.action_save()
            elif save is False:
                self._finish(None)

        self.app.push_screen(
            ConfirmScreen(
                "Save the changes to this note?",
                "Discard also throws away the draft kept while you typed.",
                yes="Save",
                no="Discard",
                cancel="Keep editing",
            ),
            answered,
        )
