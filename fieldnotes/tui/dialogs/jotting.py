"""A jotting in a few seconds: mode, optional team, a line or two, enter to seal it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, RadioButton, RadioSet, Static

from fieldnotes.domain.model import MODES, NoteDraft
from fieldnotes.errors import FieldnotesError
from fieldnotes.notebook import Notebook
from fieldnotes.terminal import printable
from fieldnotes.tui.format import MODE_GLYPHS
from fieldnotes.tui.widgets.footer import KeysFooter

MODE_KEYS = {"observe": "alt+o", "co-work": "alt+c", "question": "alt+q"}


class JottingScreen(ModalScreen[str | None]):
    """Dismisses with the new note's id, or None when cancelled.

    Started from the Due view it comes linked to obstacles (and a team), so going back to
    re-observe is recorded against them.
    """

    DEFAULT_CSS = """
    JottingScreen {
        align: center middle;
        & > Vertical {
            width: 72;
            max-width: 100%;
            height: auto;
            border: round $accent;
            border-title-style: bold;
            background: $surface;
            padding: 0 1;
        }
        & RadioSet { layout: horizontal; width: 1fr; margin: 1 0 1 0; border: none; padding: 0; }
        & RadioSet > RadioButton { width: auto; margin: 0 2 0 0; }
        & Label { color: $text-muted; }
        & Input { margin: 0 0 1 0; }
        & #jotting-error { color: $text-error; height: auto; }
        & #jotting-links { color: $text-accent; height: auto; margin: 0 0 1 0; }
    }
    """

    # Priority: otherwise the focused Input takes alt+letter as the plain letter.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "alt+o",
            "mode('observe')",
            "Observe",
            id="jotting.observe",
            priority=True,
            tooltip="Mode: you watched without taking part",
        ),
        Binding(
            "alt+c",
            "mode('co-work')",
            "Co-work",
            id="jotting.co-work",
            priority=True,
            tooltip="Mode: you did the work alongside the practitioner",
        ),
        Binding(
            "alt+q",
            "mode('question')",
            "Question",
            id="jotting.question",
            priority=True,
            tooltip="Mode: you asked about the work",
        ),
        Binding("escape", "cancel", "Cancel", id="jotting.cancel", tooltip="Close without saving"),
    ]

    def __init__(
        self, notebook: Notebook, *, obstacle_ids: Sequence[str] = (), team: str = ""
    ) -> None:
        super().__init__()
        self.notebook = notebook
        self.obstacle_ids = tuple(obstacle_ids)
        """Obstacles the jotting is linked to when saved."""
        self.team = team

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Jotting"
            box.border_subtitle = "enter saves · alt+o/c/q mode · esc cancels"
            with RadioSet(id="jotting-mode"):
                for mode in MODES:
                    yield RadioButton(
                        f"{MODE_GLYPHS[mode]} {mode}",
                        value=mode == "observe",
                        id=f"mode-{mode}",
                        tooltip=f"Or press {MODE_KEYS[mode]}",
                    )
            yield Label("Team (optional)")
            yield Input(
                self.team,
                placeholder="Team",
                id="jotting-team",
                suggester=SuggestFromList(self._teams(), case_sensitive=False),
                tooltip="Start typing: the notebook's teams are suggested; right arrow accepts",
            )
            yield Label("What happened: key words, quotes in “ ”, no names")
            yield Input(placeholder="Jotting", id="jotting-text", tooltip="Enter saves it")
            if self.obstacle_ids:
                yield Static(Text(self._links()), id="jotting-links")
            yield Static("", id="jotting-error")
        yield KeysFooter()

    def _links(self) -> str:
        try:
            paths = [self.notebook.obstacle_path(i) for i in self.obstacle_ids]
        except FieldnotesError:
            paths = []
        return printable("Linked to: " + "; ".join(p.replace("/", " › ") for p in paths))

    def _teams(self) -> list[str]:
        try:
            return self.notebook.suggestions()[0]
        except FieldnotesError:
            return []

    def on_mount(self) -> None:
        self.query_one("#jotting-text", Input).focus()

    @property
    def mode(self) -> str:
        pressed = self.query_one(RadioSet).pressed_button
        if pressed is None or pressed.id is None:
            return "observe"
        return pressed.id.removeprefix("mode-")

    def action_mode(self, mode: str) -> None:
        self.query_one(f"#mode-{mode}", RadioButton).value = True

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    def _save(self) -> None:
        text = self.query_one("#jotting-text", Input).value.strip()
        if not text:
            self.query_one("#jotting-error", Static).update("Write a few words first.")
            self.query_one("#jotting-text", Input).focus()
            return
        draft = NoteDraft(
            mode=self.mode,  # type: ignore[arg-type]
            stage="jotting",
            occurred_at=datetime.now().replace(microsecond=0),
            team=self.query_one("#jotting-team", Input).value.strip(),
            description=text,
            obstacle_ids=list(self.obstacle_ids),
        )
        try:
            note = self.notebook.add_note(draft)
        except FieldnotesError as error:
            self.query_one("#jotting-error", Static).update(str(error))
            return
        self.dismiss(note.id)
