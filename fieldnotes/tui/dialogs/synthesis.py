"""Small dialogs the synthesis and brief screens ask with.

Each dialog only gathers an answer; the screen that opened it writes through the notebook, so
every write and every error message lives in one place.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Input, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from fieldnotes.domain.model import OBSTACLE_STATUSES, Note
from fieldnotes.tui.format import LinkLabels, parse_day
from fieldnotes.tui.validators import DayValidator
from fieldnotes.tui.widgets.preview import NoteReading
from fieldnotes.tui.widgets.synthesis_style import STATUS_MARKS

DIALOG_CSS = """
    align: center middle;
    & > .dialog {
        width: 90%;
        max-width: 90;
        height: auto;
        max-height: 90%;
        border: round $accent;
        border-title-style: bold;
        border-title-color: $text;
        background: $surface;
        padding: 0 1;
    }
    & .dialog-question { margin: 1 0; }
    & .dialog-error { color: $text-error; height: auto; }
    & .dialog-hint { color: $text-muted; height: auto; }
    & .dialog-buttons { height: auto; align-horizontal: right; margin: 1 0 0 0; }
    & .dialog-buttons Button { width: auto; min-width: 8; margin: 0 0 0 1; }
"""

STATUS_MEANINGS: dict[str, str] = {
    "emerging": "noticed; not yet enough to take further",
    "evidenced": "enough evidence to put to leadership",
    "raised": "put to leadership, waiting for an answer",
    "change agreed": "leadership agreed a change; observe again later",
    "resolved": "the change is in place and was seen to work",
}

ROLE_SUGGESTIONS: tuple[str, ...] = (
    "the child",
    "a sibling",
    "a parent",
    "a carer",
    "a family member",
    "a family friend",
    "a worker",
    "a professional",
    "the family home",
    "the school",
    "a date that month",
)
"""Roles a brief can name instead of a person, place or date."""


class StatusDialog(ModalScreen[str | None]):
    """Choose an obstacle's status; what each status means is written beside it."""

    DEFAULT_CSS = "StatusDialog {" + DIALOG_CSS + "& OptionList { height: auto; } }"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape", "cancel", "Cancel", id="status.cancel", tooltip="Keep the status as it is"
        ),
    ]

    def __init__(self, obstacle: str, current: str) -> None:
        super().__init__()
        self._obstacle = obstacle
        self._current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as dialog:
            dialog.border_title = "Status"
            yield Static(Text(self._obstacle, style="bold"), classes="dialog-question")
            options = []
            for status in OBSTACLE_STATUSES:
                label = Text.assemble((f"{STATUS_MARKS[status]} {status:<14}", "bold"))
                label.append(STATUS_MEANINGS[status], style="italic")
                options.append(Option(label, id=status))
            yield OptionList(*options, id="status-options")
            yield Static("enter chooses · escape keeps it as it is", classes="dialog-hint")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = OBSTACLE_STATUSES.index(self._current)
        options.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class TextFieldDialog(ModalScreen[str | None]):
    """Edit a few lines of text (the ask of leadership, the decision)."""

    DEFAULT_CSS = "TextFieldDialog {" + DIALOG_CSS + "& TextArea { height: 10; } }"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="text-field.save", tooltip="Keep the text"),
        Binding(
            "escape", "cancel", "Cancel", id="text-field.cancel", tooltip="Close without a change"
        ),
    ]

    def __init__(self, title: str, question: str, value: str) -> None:
        super().__init__()
        self._title = title
        self._question = question
        self._value = value

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as dialog:
            dialog.border_title = self._title
            yield Static(Text(self._question), classes="dialog-question")
            yield TextArea(self._value, id="text-field", soft_wrap=True, show_line_numbers=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel (esc)", compact=True, id="text-cancel")
                yield Button("Save (ctrl+s)", variant="primary", compact=True, id="text-save")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    @on(Button.Pressed, "#text-save")
    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text.strip())

    @on(Button.Pressed, "#text-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


@dataclass(frozen=True, slots=True)
class DayAnswer:
    """A date chosen in `DayDialog`; `day` is None when the date was cleared."""

    day: date | None


class DayDialog(ModalScreen[DayAnswer | None]):
    """Ask for a date, YYYY-MM-DD, or blank to clear it."""

    DEFAULT_CSS = "DayDialog {" + DIALOG_CSS + "& > .dialog { max-width: 60; } }"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="day.cancel", tooltip="Close without a change"),
    ]

    def __init__(self, title: str, question: str, value: date | None) -> None:
        super().__init__()
        self._title = title
        self._question = question
        self._value = value

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as dialog:
            dialog.border_title = self._title
            yield Static(Text(self._question), classes="dialog-question")
            yield Input(
                self._value.isoformat() if self._value else "",
                placeholder="YYYY-MM-DD (blank clears it)",
                validators=[DayValidator()],
                id="day-input",
            )
            yield Static("", classes="dialog-error", id="day-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel (esc)", compact=True, id="day-cancel")
                yield Button("Save (enter)", variant="primary", compact=True, id="day-save")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted, "#day-input")
    @on(Button.Pressed, "#day-save")
    def _save(self) -> None:
        try:
            day = parse_day(self.query_one(Input).value)
        except ValueError as error:
            self.query_one("#day-error", Static).update(Text(str(error)))
            return
        self.dismiss(DayAnswer(day))

    @on(Button.Pressed, "#day-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class NoteDialog(ModalScreen[None]):
    """One note, read-only, in full: what drill-down shows when a note is opened."""

    DEFAULT_CSS = (
        "NoteDialog {"
        + DIALOG_CSS
        + """
        & > .dialog { max-width: 110; height: 90%; }
        & NoteReading { height: 1fr; }
    }"""
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back", id="note.close", tooltip="Back to the list of notes"),
        Binding(
            "q", "close", "Back", show=False, id="note.close-q", tooltip="Back to the list of notes"
        ),
    ]

    def __init__(self, note: Note, labels: LinkLabels) -> None:
        super().__init__()
        self._note = note
        self._labels = labels

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as dialog:
            dialog.border_title = "Note (read-only)"
            dialog.border_subtitle = "escape: back"
            yield NoteReading(id="note-view")

    def on_mount(self) -> None:
        preview = self.query_one(NoteReading)
        preview.show(self._note, self._labels)
        # Scroll keys reach the note's text without a click first.
        preview.can_focus = True
        preview.focus()

    def action_close(self) -> None:
        self.dismiss(None)


class ReplacementDialog(ModalScreen[str | None]):
    """What to write instead of a likely identifier: usually a role."""

    DEFAULT_CSS = (
        "ReplacementDialog {" + DIALOG_CSS + "& OptionList { height: auto; max-height: 12; } }"
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape", "cancel", "Cancel", id="replace.cancel", tooltip="Leave this one unresolved"
        ),
    ]

    def __init__(self, kind: str, context: Text) -> None:
        super().__init__()
        self._kind = kind
        self._snippet = context

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as dialog:
            dialog.border_title = f"Replace a {self._kind}"
            yield Static(self._snippet, classes="dialog-question")
            yield Input(
                placeholder="Type a role, or pick one below",
                suggester=SuggestFromList(ROLE_SUGGESTIONS, case_sensitive=False),
                id="replace-input",
            )
            yield OptionList(*ROLE_SUGGESTIONS, id="replace-options")
            yield Static(
                "enter uses what is typed · down, then enter, picks a role", classes="dialog-hint"
            )

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_key(self, event: events.Key) -> None:
        # Down from the box moves into the list of roles, as in a combo box.
        if event.key == "down" and self.focused is self.query_one(Input):
            event.stop()
            self.query_one(OptionList).focus()

    @on(Input.Submitted, "#replace-input")
    def _typed(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        if not value:
            self.notify("Type what to write instead, or pick a role.", severity="warning")
            return
        self.dismiss(value)

    @on(OptionList.OptionSelected, "#replace-options")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(str(event.option.prompt))

    def action_cancel(self) -> None:
        self.dismiss(None)


class ProtectedNamesDialog(ModalScreen[list[str] | None]):
    """The notebook's list of names the identifier check always flags."""

    DEFAULT_CSS = (
        "ProtectedNamesDialog {"
        + DIALOG_CSS
        + """
        & OptionList { height: auto; min-height: 3; max-height: 12; }
    }"""
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="names.save", tooltip="Keep the list and scan again"),
        Binding(
            "delete",
            "remove",
            "Remove",
            id="names.remove",
            tooltip="Remove the highlighted name from the list",
        ),
        Binding("escape", "cancel", "Cancel", id="names.cancel", tooltip="Close without a change"),
    ]

    def __init__(self, names: Sequence[str]) -> None:
        super().__init__()
        self._names = sorted({n.strip() for n in names if n.strip()}, key=str.casefold)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as dialog:
            dialog.border_title = "Protected names"
            yield Static(
                "Names of children, family members and places that must never leave in a brief. "
                "Kept sealed in the notebook; every brief is checked against them.",
                classes="dialog-question",
            )
            yield Input(placeholder="Add a name, then enter", id="names-input")
            yield OptionList(id="names-list")
            yield Static("", classes="dialog-hint", id="names-hint")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel (esc)", compact=True, id="names-cancel")
                yield Button("Save (ctrl+s)", variant="primary", compact=True, id="names-save")

    def on_mount(self) -> None:
        self._show()
        self.query_one(Input).focus()

    def _show(self) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options([Option(Text(name), id=str(i)) for i, name in enumerate(self._names)])
        hint = (
            f"{len(self._names)} name{'s' if len(self._names) != 1 else ''} · "
            "delete removes the highlighted one"
            if self._names
            else "No protected names yet."
        )
        self.query_one("#names-hint", Static).update(hint)

    @property
    def names(self) -> list[str]:
        return list(self._names)

    @on(Input.Submitted, "#names-input")
    def _add(self, event: Input.Submitted) -> None:
        name = event.value.strip()
        if not name:
            return
        if name.casefold() not in {n.casefold() for n in self._names}:
            self._names = sorted([*self._names, name], key=str.casefold)
        event.input.value = ""
        self._show()

    def action_remove(self) -> None:
        options = self.query_one(OptionList)
        index = options.highlighted
        if index is None or not 0 <= index < len(self._names):
            self.notify("Highlight a name in the list first.", severity="warning")
            return
        del self._names[index]
        self._show()

    @on(Button.Pressed, "#names-save")
    def action_save(self) -> None:
        pending = self.query_one(Input).value.strip()
        if pending and pending.casefold() not in {n.casefold() for n in self._names}:
            # A name typed but not yet entered is meant to be kept.
            self._names = sorted([*self._names, pending], key=str.casefold)
        self.dismiss(list(self._names))

    @on(Button.Pressed, "#names-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
