"""Keep one note longer than the records policy says: how many months, and why (required)."""

from __future__ import annotations

from datetime import date
from typing import ClassVar, NamedTuple

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from fieldnotes.domain.retention import check_months, check_reason
from fieldnotes.errors import InvalidInput


class ExtendChoice(NamedTuple):
    months: int
    reason: str


class ExtendScreen(ModalScreen[ExtendChoice | None]):
    """Dismisses with the months and the reason, checked, or None when cancelled."""

    HELP_GROUP = "Extend"

    DEFAULT_CSS = """
    ExtendScreen {
        align: center middle;
        & > Vertical {
            width: 70;
            max-width: 100%;
            height: auto;
            border: round $accent;
            border-title-style: bold;
            background: $surface;
            padding: 0 1;
        }
        & Label { margin: 1 0 0 0; text-style: bold; }
        & .extend-help { color: $text-muted; height: auto; }
        & #extend-error { color: $text-error; height: auto; }
        & #extend-buttons { height: auto; align-horizontal: right; margin: 1 0 0 0; }
        & #extend-buttons Button { margin: 0 0 0 1; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+s",
            "save",
            "Extend",
            id="extend.save",
            priority=True,
            tooltip="Keep the note longer (a reason is required)",
        ),
        Binding("escape", "cancel", "Cancel", id="extend.cancel", tooltip="Nothing changes"),
    ]

    def __init__(self, keep_until: date) -> None:
        super().__init__()
        self._keep_until = keep_until

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Keep this note longer"
            yield Static(
                f"Kept until {self._keep_until} now. The months count from that day, or from "
                "today if it has passed.",
                classes="extend-help",
            )
            yield Label("Months more")
            yield Input("6", id="extend-months", type="integer")
            yield Label("Reason (required; sealed)")
            yield Input(placeholder="e.g. care proceedings ongoing", id="extend-reason")
            yield Static("", id="extend-error", markup=False)
            with Horizontal(id="extend-buttons"):
                yield Button("Cancel", id="extend-cancel", compact=True)
                yield Button("Extend (ctrl+s)", id="extend-save", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one("#extend-reason", Input).focus()

    def action_save(self) -> None:
        error = self.query_one("#extend-error", Static)
        months_text = self.query_one("#extend-months", Input).value.strip()
        try:
            months = check_months(int(months_text) if months_text.isdigit() else 0, "months")
            reason = check_reason(self.query_one("#extend-reason", Input).value)
        except InvalidInput as problem:
            error.update(f"{problem}.")
            return
        self.dismiss(ExtendChoice(months, reason))

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#extend-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#extend-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()
