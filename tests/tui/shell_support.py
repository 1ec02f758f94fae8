"""Helpers shared by the shell tests (unlock, notes, jotting, auto-lock, snapshots)."""

from __future__ import annotations

import html
import re
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input

from fieldnotes.tui.app import FieldnotesApp

DEMO_PASSPHRASE = "demo"


class FakeClock:
    """A monotonic clock the test moves by hand."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def make_app(path: Path, **kwargs: object) -> FieldnotesApp:
    return FieldnotesApp(path, **kwargs)  # type: ignore[arg-type]


async def settle(pilot: Pilot[object]) -> None:
    """Let workers finish and deferred screen switches happen."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


async def unlock(pilot: Pilot[object], passphrase: str = DEMO_PASSPHRASE) -> None:
    await pilot.pause()
    await pilot.press(*passphrase, "enter")
    await settle(pilot)


def no_blink(app: FieldnotesApp) -> None:
    """A blinking cursor would make snapshots flaky."""
    for screen in app.screen_stack:
        for widget in screen.query(Input):
            widget.cursor_blink = False


def screen_text(app: FieldnotesApp) -> str:
    """Everything the terminal shows right now, as plain text (from the SVG screenshot)."""
    svg = app.export_screenshot()
    # Only the drawn text: drop the style sheet and the tags, then undo the entity escapes.
    body = svg.split("</style>", 1)[-1]
    return html.unescape(re.sub(r"<[^>]+>", "", body)).replace("\xa0", " ")
