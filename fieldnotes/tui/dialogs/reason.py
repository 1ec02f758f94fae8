"""Why did the status change? Asked once, optional, kept in the obstacle's history."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from fieldnotes.notebook.history import MAX_REASON_CHARS
from fieldnotes.tui.dialogs.synthesis import DIALOG_CSS


class ReasonDialog(ModalScreen[str | None]):
    """Dismisses with the reason (empty when none is given), or None to keep the old status."""

    DEFAULT_CSS = "ReasonDialog {" + DIALOG_CSS + "& > .dialog { max-width: 76; } }"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape",
            "cancel",
            "Cancel",
            id="reason.cancel",
            tooltip="Leave the status as it was",
        ),
    ]

    def __init__(self, what: str, before: str, after: str) -> None:
        super().__init__()
        self._what = what
        self._before = before
        self._after = after

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as dialog:
            dialog.border_title = "Why the change?"
            yield Static(
                Text(
                    f"{self._what}: {self._before} → {self._after}. Why? It is kept in the "
                    "obstacle's history (optional; enter to save)."
                ),
                classes="dialog-question",
            )
            yield Input(
                placeholder="e.g. agreed at the senior leadership team",
                max_length=MAX_REASON_CHARS,
                compact=True,
                id="reason-input",
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel (esc)", compact=True, id="reason-cancel")
                yield Button("Save (enter)", variant="primary", compact=True, id="reason-save")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted, "#reason-input")
    @on(Button.Pressed, "#reason-save")
    def _save(self) -> None:
        self.dismiss(self.query_one(Input).value.strip())

    @on(Button.Pressed, "#reason-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
