"""Settings: the author named in briefs, the auto-lock delay, retention and the theme.

What each setting means and where it is kept is decided in `fieldnotes.notebook.config`; this screen
only shows the values and saves them, all or none.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static

from fieldnotes.errors import FieldnotesError
from fieldnotes.notebook import Notebook
from fieldnotes.notebook.config import (
    BY_KEY,
    IDLE_LOCK_ENV,
    read_notebook_setting,
    write_config_value,
    write_notebook_setting,
)
from fieldnotes.tui.widgets.footer import KeysFooter


@dataclass(frozen=True, slots=True)
class SavedSettings:
    """What the app applies at once once the screen has saved."""

    theme: str
    lock_after_minutes: int


class SettingsScreen(ModalScreen[SavedSettings | None]):
    """Dismisses with the saved settings, or None when closed without saving."""

    HELP_GROUP = "Settings"

    DEFAULT_CSS = """
    SettingsScreen {
        align: center middle;
        & > VerticalScroll {
            width: 76;
            max-width: 100%;
            height: auto;
            max-height: 100%;
            border: round $accent;
            border-title-style: bold;
            background: $surface;
            padding: 0 1;
        }
        & Label { margin: 1 0 0 0; text-style: bold; }
        & .settings-help { color: $text-muted; height: auto; }
        & .settings-error { color: $text-error; height: auto; }
        & .settings-error.-empty { display: none; }
        & RadioSet { layout: horizontal; width: 1fr; border: none; padding: 0; }
        & RadioSet > RadioButton { width: auto; margin: 0 2 0 0; }
        & #settings-buttons { height: auto; align-horizontal: right; margin: 1 0 0 0; }
        & #settings-buttons Button { margin: 0 0 0 1; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+s",
            "save",
            "Save",
            id="settings.save",
            priority=True,
            tooltip="Check every value and save them all (nothing is saved if one is wrong)",
        ),
        Binding(
            "escape",
            "close",
            "Close",
            id="settings.close",
            tooltip="Close without saving",
        ),
    ]

    def __init__(
        self, notebook: Notebook, *, theme: str, lock_override_seconds: float | None = None
    ) -> None:
        super().__init__()
        self.notebook = notebook
        self._theme = theme
        self._override = lock_override_seconds
        """Seconds from `$FIELDNOTES_IDLE_LOCK_SECONDS`, which wins while it is set."""

    def compose(self) -> ComposeResult:
        author = read_notebook_setting(self.notebook, "author")
        try:
            minutes = read_notebook_setting(self.notebook, "lock-after")
            lock_problem = ""
        except FieldnotesError as error:
            minutes, lock_problem = BY_KEY["lock-after"].default, str(error)
        # Scrolls rather than clips: at 80×24 the last fields sit below the fold.
        with VerticalScroll() as box:
            box.border_title = "Settings"
            yield Label("Author", id="author-label")
            yield Input(author, placeholder="Your name or role", id="author")
            yield Static(
                "Written into every brief you export. Sealed in the notebook.",
                classes="settings-help",
            )
            yield Static("", id="author-error", classes="settings-error -empty", markup=False)
            yield Label("Lock after (minutes)", id="lock-label")
            yield Input(minutes, placeholder="5", id="lock-after", type="integer")
            help_text = "1 to 240 minutes without a key press. Sealed in the notebook."
            if self._override is not None:
                help_text += (
                    f" While ${IDLE_LOCK_ENV} is set the app locks after "
                    f"{self._override:g} seconds instead."
                )
            yield Static(help_text, classes="settings-help", markup=False)
            yield Static(
                lock_problem,
                id="lock-error",
                classes="settings-error" + ("" if lock_problem else " -empty"),
                markup=False,
            )
            yield from self._retention_field()
            yield Label("Theme", id="theme-label")
            with RadioSet(id="theme"):
                yield RadioButton("Dark", value=self._theme != "light", id="theme-dark")
                yield RadioButton("Light", value=self._theme == "light", id="theme-light")
            yield Static(
                "Kept in your configuration folder, not in the notebook: it is needed before "
                "unlocking, and says nothing about anyone.",
                classes="settings-help",
            )
            with Horizontal(id="settings-buttons"):
                yield Button("Close", id="settings-close", compact=True)
                yield Button("Save (ctrl+s)", id="settings-save", variant="primary", compact=True)
        yield KeysFooter(compact=True)

    def _retention_field(self) -> ComposeResult:
        try:
            months, problem = read_notebook_setting(self.notebook, "retention"), ""
        except FieldnotesError as error:
            months, problem = BY_KEY["retention"].default, str(error)
        yield Label("Keep notes for (months)", id="retention-label")
        yield Input(months, placeholder="off", id="retention")
        yield Static(
            "Months after each note's date, as your records policy says (e.g. 24), or off "
            "(kept until deleted). Sealed.",
            classes="settings-help",
        )
        yield Static(
            problem,
            id="retention-error",
            classes="settings-error" + ("" if problem else " -empty"),
            markup=False,
        )

    def on_mount(self) -> None:
        self.query_one("#author", Input).focus()

    def _show_error(self, field: str, message: str) -> None:
        error = self.query_one(f"#{field}-error", Static)
        error.update(message)
        error.set_class(not message, "-empty")

    def action_save(self) -> None:
        from fieldnotes.errors import InvalidInput

        raw = {
            "author": self.query_one("#author", Input).value,
            "lock-after": self.query_one("#lock-after", Input).value,
            "retention": self.query_one("#retention", Input).value,
        }
        values: dict[str, str] = {}
        for key, field in (
            ("author", "author"),
            ("lock-after", "lock"),
            ("retention", "retention"),
        ):
            try:
                values[key] = BY_KEY[key].parse(raw[key])
            except InvalidInput as error:
                self._show_error(field, f"{error}.")
                self.query_one(f"#{key}", Input).focus()
                return
            self._show_error(field, "")
        theme = "light" if self.query_one("#theme-light", RadioButton).value else "dark"
        try:
            for key, value in values.items():
                write_notebook_setting(self.notebook, key, value)
            write_config_value("theme", theme)
        except FieldnotesError as error:
            self.notify(str(error), severity="error")
            return
        self.dismiss(SavedSettings(theme, int(values["lock-after"])))

    def action_close(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#settings-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#settings-close")
    def _close_pressed(self) -> None:
        self.action_close()
