"""After unlock: offer to restore write-ups that were sealed as drafts (idle lock, crash, quit)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from fieldnotes.errors import FieldnotesError
from fieldnotes.notebook import Notebook
from fieldnotes.tui.dialogs.confirm import ConfirmScreen
from fieldnotes.tui.format import shorten
from fieldnotes.tui.widgets.footer import KeysFooter

DraftRow = tuple[str, str | None, datetime, dict[str, Any]]


def local_time(stamp: datetime) -> datetime:
    """Drafts are stamped in naive UTC; show them in the user's own time."""
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=UTC)
    return stamp.astimezone()


def describe_draft(notebook: Notebook, note_id: str | None, payload: dict[str, Any]) -> str:
    """One line saying what a draft is, without trusting the payload's shape.

    The editor keeps its fields under "fields"; anything else is read as flat, and anything
    unexpected simply gives a vaguer line.
    """
    fields = payload.get("fields")
    values: dict[str, Any] = fields if isinstance(fields, dict) else payload

    def first_line(key: str) -> str:
        value = values.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip().splitlines()[0]
        return ""

    if note_id is not None:
        try:
            first = notebook.note(note_id).first_line
        except FieldnotesError:
            return "changes to a note that no longer exists"
        return f"changes to: {first or '(no text)'}"
    for key, label in (("description", ""), ("team", "team: "), ("setting", "setting: ")):
        text = first_line(key)
        if text:
            return f"new note, {label}{text}"
    return "new note (no text yet)"


class DraftsScreen(ModalScreen[tuple[str, str | None] | None]):
    """Dismisses with (draft id, note id) to restore, or None to decide later."""

    DEFAULT_CSS = """
    DraftsScreen {
        align: center middle;
        & > Vertical {
            width: 76;
            max-width: 100%;
            height: auto;
            max-height: 90%;
            border: round $warning;
            border-title-style: bold;
            background: $surface;
            padding: 0 1;
        }
        & .-hint { color: $text-muted; margin: 0 0 1 0; }
        & OptionList { height: auto; max-height: 12; margin: 0 0 1 0; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "restore", "Restore", id="drafts.restore", tooltip="Reopen this draft"),
        Binding(
            "d",
            "discard",
            "Discard",
            id="drafts.discard",
            tooltip="Delete this draft for good (asks first)",
        ),
        Binding(
            "escape",
            "later",
            "Later",
            id="drafts.later",
            tooltip="Keep the drafts and decide next time",
        ),
    ]

    def __init__(self, notebook: Notebook, drafts: Sequence[DraftRow]) -> None:
        super().__init__()
        self.notebook = notebook
        # Newest first: the one just interrupted is the one most likely wanted.
        self._drafts = sorted(drafts, key=lambda row: row[2], reverse=True)

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Unsaved write-ups"
            yield Static(
                "These were sealed as drafts before the notebook locked or closed.",
                classes="-hint",
            )
            yield OptionList(*self._options(), id="draft-list")
            yield Label("enter restore · d discard · escape later", classes="-hint")
        yield KeysFooter()

    def _options(self) -> list[Option]:
        options = []
        for draft_id, note_id, updated, payload in self._drafts:
            when = local_time(updated).strftime("%Y-%m-%d %H:%M")
            summary = shorten(describe_draft(self.notebook, note_id, payload), 54)
            options.append(Option(Text(f"{when}  {summary}"), id=draft_id))
        return options

    def _highlighted(self) -> DraftRow | None:
        option_list = self.query_one(OptionList)
        if option_list.highlighted is None:
            return None
        return self._drafts[option_list.highlighted]

    @on(OptionList.OptionSelected)
    def _selected(self) -> None:
        self.action_restore()

    def action_restore(self) -> None:
        row = self._highlighted()
        if row is not None:
            self.dismiss((row[0], row[1]))

    def action_discard(self) -> None:
        row = self._highlighted()
        if row is None:
            return

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                self.notebook.discard_draft(row[0])
            except FieldnotesError as error:
                self.notify(str(error), severity="error")
                return
            self._drafts.remove(row)
            if not self._drafts:
                self.dismiss(None)
                return
            option_list = self.query_one(OptionList)
            option_list.clear_options()
            option_list.add_options(self._options())
            option_list.highlighted = 0
            option_list.focus()

        self.app.push_screen(
            ConfirmScreen("Discard this draft?", "What it holds cannot be recovered.", cancel=None),
            answered,
        )

    def action_later(self) -> None:
        self.dismiss(None)
