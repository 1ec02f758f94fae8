"""`fieldnotes brief open`: a small app that shows one decrypted brief and nothing else.

It needs no notebook: the command line decrypts the file and hands over the text, which stays
in memory and is gone when the app closes.
"""

from __future__ import annotations

from textual.app import App

from fieldnotes.tui.screens.briefs.view import BriefViewScreen

EXIT_OK = 0


class BriefViewerApp(App[int]):
    """Pushes the brief on start and exits when it is closed."""

    TITLE = "fieldnotes brief"
    ENABLE_COMMAND_PALETTE = False

    def __init__(self, text: str, *, source: str) -> None:
        super().__init__()
        self._text = text
        self._source = source

    def on_mount(self) -> None:
        self.theme = "textual-dark"
        self.push_screen(BriefViewScreen(self._text, source=self._source), self._viewer_closed)

    def _viewer_closed(self, _result: None) -> None:
        self.exit(EXIT_OK)


def run_brief_viewer(text: str, *, source: str) -> int:
    """Show a decrypted brief until the reader closes it; returns the process exit code."""
    app = BriefViewerApp(text, source=source)
    result = app.run()
    return EXIT_OK if result is None else int(result)
