"""Dialogs the codebook screen asks questions with: a name, an obstacle's details, a target.

Each dialog only gathers an answer; the codebook screen makes the change, so every write and
every error message lives in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Select, Static, TextArea
from textual.widgets.option_list import Option

from fieldnotes.domain.model import OBSTACLE_STATUSES, Obstacle
from fieldnotes.tui.validators import DayValidator

DIALOG_CSS = """
    align: center middle;
    & > .dialog {
        width: 90%;
        max-width: 96;
        height: auto;
        max-height: 90%;
        border: round $accent;
        border-title-style: bold;
        border-title-color: $text;
        background: $surface;
        padding: 0 1;
    }
    & .dialog-question {
        margin: 1 0;
    }
    & .field-label {
        color: $text-muted;
    }
    & .dialog-buttons {
        height: auto;
        align-horizontal: right;
        margin: 1 0 0 0;
    }
    & .dialog-buttons Button {
        width: auto;
        min-width: 8;
        margin: 0 0 0 1;
    }
"""


def parse_day(text: str) -> date | None:
    """A re-observe date typed as YYYY-MM-DD; blank means none."""
    text = text.strip()
    if not text:
        return None
    return date.fromisoformat(text)


class NameDialog(ModalScreen[str | None]):
    """Ask for an obstacle's name (creating or renaming)."""

    DEFAULT_CSS = "NameDialog {" + DIALOG_CSS + "}"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="name.cancel", tooltip="Close without a change"),
    ]

    def __init__(self, title: str, question: str, value: str = "", *, ok: str = "OK") -> None:
        super().__init__()
        self._title = title
        self._question = question
        self._value = value
        self._ok = ok

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as dialog:
            dialog.border_title = self._title
            yield Static(Content(self._question), classes="dialog-question")
            yield Input(self._value, placeholder="Name", id="name-input")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", compact=True, id="name-cancel")
                yield Button(self._ok, variant="primary", compact=True, id="name-ok")

    @on(Input.Submitted, "#name-input")
    @on(Button.Pressed, "#name-ok")
    def _ok_pressed(self) -> None:
        name = self.query_one("#name-input", Input).value.strip()
        if not name:
            self.notify("A name is needed.", severity="error")
            return
        self.dismiss(name)

    @on(Button.Pressed, "#name-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class ObstacleFormDialog(ModalScreen[dict[str, Any] | None]):
    """Edit an obstacle's name, status, description, ask, decision and re-observe date.

    Dismisses with only the fields that changed, ready for `Notebook.update_obstacle`.
    """

    DEFAULT_CSS = (
        "ObstacleFormDialog {"
        + DIALOG_CSS
        + """
        & > .dialog { max-width: 110; height: 90%; }
        & #form-fields { height: 1fr; }
        & #form-grid {
            layout: grid;
            grid-size: 2;
            grid-columns: 12 1fr;
            grid-rows: 1;
            grid-gutter: 1 1;
            height: auto;
            margin: 1 0;
        }
        & TextArea { height: 5; margin: 0 0 1 0; }
        & #form-description { height: 6; }
    }"""
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="form.cancel", tooltip="Close without a change"),
        Binding("ctrl+s", "save", "Save", id="form.save", tooltip="Save these details"),
    ]

    def __init__(self, obstacle: Obstacle, path: str) -> None:
        super().__init__()
        self._obstacle = obstacle
        self._path = path

    def compose(self) -> ComposeResult:
        obstacle = self._obstacle
        with Vertical(classes="dialog") as dialog:
            dialog.border_title = f"Details · {self._path}"
            with VerticalScroll(id="form-fields"):
                with Grid(id="form-grid"):
                    yield Label("Name", classes="field-label")
                    yield Input(obstacle.name, compact=True, id="form-name")
                    yield Label("Status", classes="field-label")
                    yield Select(
                        [(status, status) for status in OBSTACLE_STATUSES],
                        value=obstacle.status,
                        allow_blank=False,
                        compact=True,
                        id="form-status",
                    )
                    yield Label("Re-observe", classes="field-label")
                    yield Input(
                        obstacle.reobserve_on.isoformat() if obstacle.reobserve_on else "",
                        placeholder="YYYY-MM-DD, when to look again (optional)",
                        validators=[DayValidator()],
                        compact=True,
                        id="form-reobserve",
                    )
                yield Label("Description — what this obstacle is", classes="field-label")
                yield TextArea(obstacle.description, id="form-description")
                yield Label("The ask of leadership", classes="field-label")
                yield TextArea(obstacle.ask, id="form-ask")
                yield Label("Decision — what leadership agreed or refused", classes="field-label")
                yield TextArea(obstacle.decision, id="form-decision")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", compact=True, id="form-cancel")
                yield Button("Save (ctrl+s)", variant="primary", compact=True, id="form-save")

    def on_mount(self) -> None:
        self.query_one("#form-name", Input).focus()

    @on(Button.Pressed, "#form-save")
    def action_save(self) -> None:
        try:
            reobserve = parse_day(self.query_one("#form-reobserve", Input).value)
        except ValueError:
            self.notify("Re-observe date: use YYYY-MM-DD, or leave it blank.", severity="error")
            self.query_one("#form-reobserve", Input).focus()
            return
        status = self.query_one("#form-status", Select).value
        values: dict[str, Any] = {
            "name": self.query_one("#form-name", Input).value.strip(),
            "status": status,
            "description": self.query_one("#form-description", TextArea).text,
            "ask": self.query_one("#form-ask", TextArea).text,
            "decision": self.query_one("#form-decision", TextArea).text,
            "reobserve_on": reobserve,
        }
        changes = {k: v for k, v in values.items() if getattr(self._obstacle, k) != v}
        self.dismiss(changes)

    @on(Button.Pressed, "#form-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


@dataclass(frozen=True, slots=True)
class Picked:
    """An obstacle chosen in `ObstaclePickDialog`; `obstacle_id` None means the top level."""

    obstacle_id: str | None


TOP_LEVEL = "__top__"


class ObstaclePickDialog(ModalScreen[Picked | None]):
    """Choose an obstacle (a new parent, or a merge target), filtering by typing."""

    DEFAULT_CSS = (
        "ObstaclePickDialog {"
        + DIALOG_CSS
        + """
        & > .dialog { height: 90%; max-height: 30; }
        & #pick-options { height: 1fr; margin: 1 0 0 0; }
    }"""
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="pick.cancel", tooltip="Close without a change"),
        Binding(
            "down", "move(1)", "Next", show=False, id="pick.down", tooltip="Highlight the next one"
        ),
        Binding(
            "up",
            "move(-1)",
            "Previous",
            show=False,
            id="pick.up",
            tooltip="Highlight the previous one",
        ),
    ]

    def __init__(
        self,
        title: str,
        question: str,
        candidates: list[tuple[str, str]],
        *,
        top_level: bool = False,
        ok: str = "Choose",
    ) -> None:
        """`candidates` are (obstacle id, path) pairs; `top_level` offers "(top level)" first."""
        super().__init__()
        self._title = title
        self._question = question
        self._candidates = candidates
        self._top_level = top_level
        self._ok = ok

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as dialog:
            dialog.border_title = self._title
            yield Static(Content(self._question), classes="dialog-question")
            yield Input(placeholder="Type to filter", compact=True, id="pick-filter")
            yield OptionList(id="pick-options")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", compact=True, id="pick-cancel")
                yield Button(self._ok, variant="primary", compact=True, id="pick-ok")

    def on_mount(self) -> None:
        self._filter("")
        self.query_one("#pick-filter", Input).focus()

    def _filter(self, text: str) -> None:
        words = text.casefold().split()
        options: list[Option] = []
        if self._top_level and not words:
            options.append(
                Option(Content.styled("(top level — a new category)", "italic"), TOP_LEVEL)
            )
        options.extend(
            Option(Content(path), obstacle_id)
            for obstacle_id, path in self._candidates
            if all(word in path.casefold() for word in words)
        )
        option_list = self.query_one("#pick-options", OptionList)
        option_list.set_options(options)
        if options:
            option_list.highlighted = 0

    @on(Input.Changed, "#pick-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self._filter(event.value)

    def action_move(self, step: int) -> None:
        option_list = self.query_one("#pick-options", OptionList)
        if step > 0:
            option_list.action_cursor_down()
        else:
            option_list.action_cursor_up()

    @on(Input.Submitted, "#pick-filter")
    @on(OptionList.OptionSelected, "#pick-options")
    @on(Button.Pressed, "#pick-ok")
    def _chosen(self) -> None:
        option_list = self.query_one("#pick-options", OptionList)
        if option_list.highlighted is None:
            self.notify("Nothing matches; change the filter.", severity="warning")
            return
        option_id = option_list.get_option_at_index(option_list.highlighted).id
        self.dismiss(Picked(None if option_id == TOP_LEVEL else option_id))

    @on(Button.Pressed, "#pick-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
