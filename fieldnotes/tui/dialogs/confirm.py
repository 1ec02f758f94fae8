"""A generic yes / no / cancel question, answered by key or by mouse."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static


class ConfirmScreen(ModalScreen[bool | None]):
    """Dismisses with True (yes), False (no) or None (cancel: escape, or the cancel button)."""

    DEFAULT_CSS = """
    ConfirmScreen {
        align: center middle;
        & > Vertical {
            width: 60;
            max-width: 95%;
            height: auto;
            border: round $primary;
            background: $surface;
            padding: 1 2;
        }
        & #confirm-title { text-style: bold; margin: 0 0 1 0; }
        & #confirm-detail { margin: 0 0 1 0; color: $text-muted; }
        & Horizontal { height: auto; align-horizontal: right; }
        & Button { margin: 0 0 0 1; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes", tooltip="Answer yes"),
        Binding("n", "answer(False)", "No", id="confirm.no", tooltip="Answer no"),
        Binding("escape", "answer(None)", "Cancel", id="confirm.cancel", tooltip="Cancel"),
    ]

    def __init__(
        self,
        question: str,
        detail: str = "",
        *,
        yes: str = "Yes",
        no: str = "No",
        cancel: str | None = "Cancel",
    ) -> None:
        super().__init__()
        self._question = question
        self._detail = detail
        self._labels = (yes, no, cancel)

    def compose(self) -> ComposeResult:
        yes, no, cancel = self._labels
        with Vertical():
            yield Label(self._question, id="confirm-title", markup=False)
            if self._detail:
                yield Static(self._detail, id="confirm-detail", markup=False)
            with Horizontal():
                if cancel is not None:
                    yield Button(cancel, id="cancel", compact=True)
                yield Button(f"{no} (n)", id="no", compact=True)
                yield Button(f"{yes} (y)", id="yes", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one("#yes", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        answers = {"yes": True, "no": False, "cancel": None}
        self.dismiss(answers.get(event.button.id or "cancel"))

    def action_answer(self, answer: bool | None) -> None:
        self.dismiss(answer)
