"""The keys that work on every screen, the palette's system commands, the theme and help."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from fieldnotes.errors import FieldnotesError
from fieldnotes.notebook.config import write_config_value
from fieldnotes.tui.app_parts.base import AppPart
from fieldnotes.tui.dialogs.help import HelpScreen

DARK_THEME = "textual-dark"
LIGHT_THEME = "textual-light"

APP_BINDINGS: list[BindingType] = [
    Binding(
        "ctrl+l",
        "lock",
        "Lock",
        priority=True,
        id="app.lock",
        tooltip="Seal any draft, drop the key and clear the screen now",
    ),
    Binding(
        "j",
        "jotting",
        "Jotting",
        id="app.jotting",
        tooltip="Capture a quick jotting from anywhere (not while typing)",
    ),
    Binding(
        "D",
        "due",
        "Due",
        show=False,
        id="app.due",
        tooltip="Obstacles due to re-observe and follow-up questions still open",
    ),
    Binding(
        "Y",
        "tracker",
        "You said, we did",
        show=False,
        id="app.tracker",
        tooltip="Each raised obstacle: what was said, decided, changed and is still open",
    ),
    Binding(
        "R",
        "retention",
        "Retention",
        show=False,
        id="app.retention",
        tooltip="Notes due under the records policy: extend with a reason, or purge",
    ),
    Binding(
        "ctrl+n",
        "new_from_template",
        "From template",
        show=False,
        id="app.new-from-template",
        tooltip="A new write-up pre-filled from a template for a recurring setting",
    ),
    Binding("question_mark", "help", "Keys", id="app.help", tooltip="Every key that works here"),
    Binding(
        "f1",
        "help",
        "Keys",
        show=False,
        priority=True,
        id="app.help-f1",
        tooltip="Every key that works here, even while typing",
    ),
    Binding(
        "f9",
        "settings",
        "Settings",
        show=False,
        id="app.settings",
        tooltip="Author named in briefs, minutes before auto-lock, theme",
    ),
    Binding(
        "f7",
        "people_map",
        "People",
        show=False,
        id="app.people-map",
        tooltip="The people map: names written as a role or pseudonym in briefs",
    ),
    Binding(
        "ctrl+t",
        "toggle_theme",
        "Theme",
        show=False,
        id="app.theme",
        tooltip="Switch between the light and the dark theme",
    ),
    Binding(
        "ctrl+q",
        "quit",
        "Quit",
        show=False,
        priority=True,
        id="app.quit",
        tooltip="Lock and close the notebook, then quit",
    ),
]
"""`FieldnotesApp.BINDINGS`: every key here works on every screen."""


class CommandsPart(AppPart):
    """Help, the theme switch, and the system commands (screenshots refused)."""

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self.screen))

    def action_toggle_theme(self) -> None:
        self.theme = LIGHT_THEME if self.theme == DARK_THEME else DARK_THEME
        try:
            write_config_value("theme", "light" if self.theme == LIGHT_THEME else "dark")
        except FieldnotesError as error:
            self.notify(f"The theme will not be remembered: {error}", severity="warning")

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        # Our own providers offer quit and keys (ours lists every key with its tooltip).
        # A screenshot is a plain SVG of decrypted notes in ~/Downloads: not offered at all.
        for command in super().get_system_commands(screen):
            if command.title not in {"Quit", "Keys", "Screenshot"}:
                yield command

    # Textual's screenshot paths write what is on screen to a plain file; all of them refuse.

    def action_screenshot(self, filename: str | None = None, path: str | None = None) -> None:
        self.notify("Screenshots are off: they would save notes unencrypted.", severity="warning")

    def deliver_screenshot(
        self,
        filename: str | None = None,
        path: str | None = None,
        time_format: str | None = None,
    ) -> str | None:
        self.action_screenshot()
        return None

    def save_screenshot(
        self,
        filename: str | None = None,
        path: str | None = None,
        time_format: str | None = None,
    ) -> str:
        raise PermissionError("screenshots are off: they would save notes unencrypted")
