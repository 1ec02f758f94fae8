"""The keys that act on the highlighted (or marked) notes: open, tag, passages, trash."""

from __future__ import annotations

from fieldnotes.errors import FieldnotesError
from fieldnotes.tui.messages import OpenWriteUp
from fieldnotes.tui.screens.notes_parts.part import NotesScreenPart


class NoteActionsPart(NotesScreenPart):
    """Each opens a screen or asks first; after a write the list is read again."""

    def action_open_note(self) -> None:
        note_id = self.table.current_note_id
        if note_id is not None:
            self.post_message(OpenWriteUp(note_id))

    def action_tag(self) -> None:
        from fieldnotes.tui.dialogs.tag import TagScreen

        note_ids = sorted(self.table.selected) or (
            [self.table.current_note_id] if self.table.current_note_id else []
        )
        if not note_ids:
            self.notify("No note to tag: the list is empty.", severity="warning")
            return

        def tagged(summary: str | None) -> None:
            if summary:
                self.table.clear_selection()
                self.notify(summary, title="Tagged")

        try:
            screen = TagScreen(self.notebook, note_ids)
        except FieldnotesError as error:
            self.notify(str(error), severity="error")
            return
        self.app.push_screen(screen, tagged)

    def action_passages(self) -> None:
        from fieldnotes.tui.dialogs.passage import NotePassagesScreen

        note_id = self.table.current_note_id
        if note_id is None:
            self.notify("No note to read: the list is empty.", severity="warning")
            return
        try:
            self.app.push_screen(NotePassagesScreen(self.notebook, note_id))
        except FieldnotesError as error:
            self.notify(str(error), severity="error")

    def action_trash_note(self) -> None:
        from fieldnotes.tui.dialogs.confirm import ConfirmScreen
        from fieldnotes.tui.screens.trash import note_label

        note_id = self.table.current_note_id
        if note_id is None:
            return
        try:
            note = self.notebook.note(note_id)
        except FieldnotesError as error:
            self.notify(str(error), severity="error")
            return
        label = note_label(note)

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                self.notebook.trash_note(note_id)
            except FieldnotesError as error:
                self.notify(str(error), severity="error")
                return
            self.request_reload(refresh_choices=True)
            self.notify(f"Moved {label} to the trash. T opens the trash.", title="Deleted")

        self.app.push_screen(
            ConfirmScreen(
                "Move this note to the trash?",
                f"{label[0].upper()}{label[1:]}. You can restore it from the trash (T).",
                yes="Move to trash",
                no="Keep it",
                cancel=None,
            ),
            answered,
        )
