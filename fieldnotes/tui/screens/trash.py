"""The trash: notes moved out of the way, to restore as they were or to delete for good.

| Key      | What it does                                              |
|----------|-----------------------------------------------------------|
| r, enter | restore the highlighted note, links and all               |
| E        | empty the trash: every note in it deleted for good (asks) |
| escape   | back                                                      |
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.command import Provider
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from fieldnotes.domain.model import Note
from fieldnotes.errors import FieldnotesError
from fieldnotes.notebook import Notebook
from fieldnotes.terminal import printable_line
from fieldnotes.tui.dialogs.confirm import ConfirmScreen
from fieldnotes.tui.format import shorten
from fieldnotes.tui.providers import TrashCommands
from fieldnotes.tui.widgets.footer import KeysFooter


def note_label(note: Note) -> str:
    """A note named by when and where it was taken, never by its words."""
    team = f", {printable_line(note.team)}" if note.team else ""
    return f"the {note.mode} note of {note.occurred_at:%a %d %b %Y, %H:%M}{team}"


def _local(stamp: datetime) -> datetime:
    return (stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)).astimezone()


class TrashScreen(Screen[None]):
    """Every note in the trash, newest first; restore one, or empty the trash for good."""

    HELP_GROUP = "Trash"
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {TrashCommands}

    DEFAULT_CSS = """
    TrashScreen {
        & #trash-title { text-style: bold; padding: 0 1; color: $text-primary; }
        & .-hint { color: $text-muted; padding: 0 1; }
        & OptionList { height: 1fr; margin: 1 0 0 0; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "r",
            "restore",
            "Restore",
            id="trash.restore",
            tooltip="Take the highlighted note out of the trash, as it was",
        ),
        Binding(
            "E",
            "empty",
            "Empty trash",
            id="trash.empty",
            tooltip="Delete every note in the trash for good (asks first; cannot be undone)",
        ),
        Binding("escape", "app.pop_screen", "Back", id="trash.back", tooltip="Back to the notes"),
    ]

    def __init__(self, notebook: Notebook) -> None:
        super().__init__()
        self._notebook = notebook
        self._notes: list[Note] = []

    def compose(self) -> ComposeResult:
        yield Static("", id="trash-title")
        yield Static(
            "Notes here are out of every list, search and synthesis. "
            "r restores one; E empties the trash for good.",
            classes="-hint",
        )
        yield OptionList(id="trash-list")
        yield KeysFooter()

    def on_mount(self) -> None:
        self._reload()
        self.query_one(OptionList).focus()

    def _reload(self) -> None:
        try:
            self._notes = self._notebook.trashed_notes()
        except FieldnotesError as error:
            self._notes = []
            self.notify(str(error), severity="error")
        count = len(self._notes)
        title = "Trash · empty" if not count else f"Trash · {count} note{'s' if count != 1 else ''}"
        self.query_one("#trash-title", Static).update(title)
        option_list = self.query_one(OptionList)
        option_list.clear_options()
        if not self._notes:
            option_list.add_option(Option(Text("The trash is empty."), disabled=True))
            return
        option_list.add_options(self._option(note) for note in self._notes)
        option_list.highlighted = 0

    @staticmethod
    def _option(note: Note) -> Option:
        trashed = f"{_local(note.trashed_at):%Y-%m-%d}" if note.trashed_at else "?"
        row = Text(f"{note.occurred_at:%Y-%m-%d %H:%M}  ")
        row.append(f"{note.mode:<8}  ", style="bold")
        row.append(f"{shorten(printable_line(note.team) or '—', 26):<26}  ")
        row.append(f"trashed {trashed}", style="dim")
        # The note's first words on a line of their own: a row must fit 80 columns.
        first = shorten(printable_line(note.first_line), 66) or "(no text)"
        row.append(f"\n  {first}", style="italic")
        return Option(row, id=note.id)

    def _highlighted(self) -> Note | None:
        index = self.query_one(OptionList).highlighted
        if index is None or not self._notes or index >= len(self._notes):
            return None
        return self._notes[index]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in {"restore", "empty"}:
            return True if self._notes else None
        return True

    @on(OptionList.OptionSelected)
    def _selected(self) -> None:
        self.action_restore()

    def action_restore(self) -> None:
        note = self._highlighted()
        if note is None:
            return
        try:
            self._notebook.restore_note(note.id)
        except FieldnotesError as error:
            self.notify(str(error), severity="error")
            return
        self.notify(f"Restored {note_label(note)}.", title="Restored")
        self._reload()
        self.refresh_bindings()

    def action_empty(self) -> None:
        count = len(self._notes)
        if not count:
            return

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                gone = self._notebook.empty_trash()
            except FieldnotesError as error:
                self.notify(str(error), severity="error")
                return
            self.notify(f"Deleted {gone} note{'s' if gone != 1 else ''} for good.")
            self._reload()
            self.refresh_bindings()

        notes = f"{count} note{'s' if count != 1 else ''}"
        self.app.push_screen(
            ConfirmScreen(
                "Empty the trash?",
                f"The {notes} in it will be deleted for good. This is permanent: "
                "nothing can bring them back.",
                yes="Empty the trash",
                no="Keep them",
                cancel=None,
            ),
            answered,
        )
