"""The screens and dialogs the app's own keys open, and what happens when each closes."""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any

from textual.screen import Screen

from fieldnotes.domain.model import NoteDraft
from fieldnotes.errors import FieldnotesError
from fieldnotes.notebook import Notebook
from fieldnotes.tui.app_parts.base import AppPart
from fieldnotes.tui.app_parts.commands import DARK_THEME, LIGHT_THEME
from fieldnotes.tui.dialogs.jotting import JottingScreen
from fieldnotes.tui.dialogs.settings import SettingsScreen
from fieldnotes.tui.screens.notes import NotesScreen


class OpeningPart(AppPart):
    """Jotting, write-up, codebook, synthesis, due, trash, settings and the people map."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "retention":
            return self.notebook is not None and self.notebook.is_unlocked and self._browsing()
        if action in {"due", "tracker", "new_from_template"}:
            return self.notebook is not None and self.notebook.is_unlocked
        if action in {
            "jotting",
            "codebook",
            "synthesis",
            "new_writeup",
            "lock",
            "settings",
            "trash",
        }:
            unlocked = self.notebook is not None and self.notebook.is_unlocked
            if not unlocked:
                return False
            if action == "jotting" and isinstance(self.screen, JottingScreen):
                return False
        return True

    def _browsing(self) -> bool:
        """The notes list (or a view opened over it) is what the person is looking at, under
        the palette if it is open: a purge is never offered from inside a brief, an editor
        or a dialog, where a key the screen has turned off would otherwise fall through."""
        from textual.command import CommandPalette

        from fieldnotes.tui.screens.due import DueScreen
        from fieldnotes.tui.screens.retention import RetentionScreen
        from fieldnotes.tui.screens.trash import TrashScreen

        shown = [s for s in self.screen_stack if not isinstance(s, CommandPalette)]
        return bool(shown) and isinstance(
            shown[-1], NotesScreen | DueScreen | TrashScreen | RetentionScreen
        )

    def action_jotting(self) -> None:
        if self.notebook is None or not self.notebook.is_unlocked:
            return

        def saved(note_id: str | None) -> None:
            if note_id is not None:
                self.notify("Jotting saved: write it up later today.", title="Saved")
                self._land_on(note_id)

        self.push_screen(JottingScreen(self.notebook), saved)

    def action_new_writeup(self) -> None:
        self.open_writeup(None)

    def action_new_from_template(self) -> None:
        if self.notebook is None or not self.notebook.is_unlocked:
            return
        from datetime import datetime

        from fieldnotes.domain.templates import Template, available_templates
        from fieldnotes.tui.dialogs.template_picker import TemplatePickerScreen

        try:
            templates = available_templates()
        except FieldnotesError as error:
            self.notify(str(error), title="A template has a problem", severity="error")
            return

        def chosen(template: Template | None) -> None:
            if template is not None:
                now = datetime.now().replace(second=0, microsecond=0)
                self.open_writeup(None, initial=template.draft(now))

        self.push_screen(TemplatePickerScreen(templates), chosen)

    def open_writeup(
        self,
        note_id: str | None,
        *,
        draft_id: str | None = None,
        initial: NoteDraft | None = None,
    ) -> None:
        """Push the write-up editor; when it closes, the notes list lands on the saved note."""
        if self.notebook is None or not self.notebook.is_unlocked:
            return
        from fieldnotes.tui.screens.writeup.screen import WriteUpScreen

        def closed(saved_id: str | None) -> None:
            if saved_id is not None:
                self._land_on(saved_id)
            else:
                self.revision += 1
            if draft_id is not None:
                # More drafts may be waiting behind the one just restored.
                self.offer_drafts()

        try:
            screen = WriteUpScreen(self.notebook, note_id, draft_id=draft_id, initial=initial)
        except FieldnotesError as error:
            self.notify(str(error), severity="error")
            return
        self.push_screen(screen, closed)

    def _notes(self) -> NotesScreen | None:
        return self._notes_screen() if self._notes_screen is not None else None

    def _land_on(self, note_id: str) -> None:
        """A note was saved: the notes list puts its cursor on it as it reloads."""
        notes = self._notes()
        if notes is not None:
            notes.focus_note(note_id)

    def action_codebook(self) -> None:
        from fieldnotes.tui.screens.codebook.screen import CodebookScreen

        self._push_over_notes(CodebookScreen, reopen="codebook")

    def action_synthesis(self) -> None:
        from fieldnotes.tui.screens.synthesis.screen import SynthesisScreen

        self._push_over_notes(
            lambda notebook: SynthesisScreen(notebook, today=self.today), reopen="synthesis"
        )

    def action_due(self) -> None:
        from fieldnotes.tui.screens.due import DueScreen

        if isinstance(self.screen, DueScreen):
            return
        self._push_over_notes(lambda notebook: DueScreen(notebook, today=self.today))

    def action_tracker(self) -> None:
        from fieldnotes.tui.screens.tracker import TrackerScreen

        if not isinstance(self.screen, TrackerScreen):
            self._push_over_notes(lambda notebook: TrackerScreen(notebook, today=self.today))

    def action_trash(self) -> None:
        from fieldnotes.tui.screens.trash import TrashScreen

        if not isinstance(self.screen, TrashScreen):
            self._push_over_notes(TrashScreen)

    def action_retention(self) -> None:
        from fieldnotes.tui.screens.retention import RetentionScreen

        if not isinstance(self.screen, RetentionScreen):
            self._push_over_notes(lambda notebook: RetentionScreen(notebook, today=self.today))

    def _push_over_notes(
        self, make: Callable[[Notebook], Screen[Any]], *, reopen: str | None = None
    ) -> None:
        """Open a screen on the notebook; the notes list reloads when it closes.

        `reopen` names the action that opens it again after unlocking, if the lock finds it open.
        """
        if self.notebook is None or not self.notebook.is_unlocked:
            return
        if self.notes_opening:
            # Counting and synthesising need every note; waiting here would freeze the screen.
            self.notify(
                "Still opening the older notes; this will be ready in a moment.",
                title="Opening notes",
                severity="warning",
            )
            return

        def closed(_result: object) -> None:
            self.revision += 1

        screen = make(self.notebook)
        if reopen is not None:
            self._reopen_after_lock.append((weakref.ref(screen), reopen))
        self.push_screen(screen, closed)

    def action_settings(self) -> None:
        if self.notebook is None or not self.notebook.is_unlocked:
            return
        if isinstance(self.screen, SettingsScreen):
            return
        from fieldnotes.tui.dialogs.settings import SavedSettings

        def saved(result: SavedSettings | None) -> None:
            if result is None:
                return
            self.theme = LIGHT_THEME if result.theme == "light" else DARK_THEME
            if self.idle_lock_override is None:
                self.idle_lock_seconds = float(result.lock_after_minutes * 60)
            self.notify("Settings saved.", title="Settings")

        self.push_screen(
            SettingsScreen(
                self.notebook,
                theme="light" if self.theme == LIGHT_THEME else "dark",
                lock_override_seconds=self.idle_lock_override,
            ),
            saved,
        )

    def action_people_map(self) -> None:
        if self.notebook is None or not self.notebook.is_unlocked:
            return
        from fieldnotes.tui.dialogs.people_map import PeopleMapScreen

        if isinstance(self.screen, PeopleMapScreen):
            return

        def saved(people: object) -> None:
            if people is not None:
                self.notify("People map saved.", title="People map")

        self.push_screen(PeopleMapScreen(self.notebook), saved)
