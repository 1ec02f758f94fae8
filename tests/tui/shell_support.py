"""Helpers shared by the shell tests (unlock, notes, jotting, auto-lock, snapshots)."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

from textual.app import App
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input, TextArea

from fieldnotes.tui import app as app_module
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


def _steady(widget: Widget | None) -> None:
    if isinstance(widget, Input | TextArea):
        widget.cursor_blink = False


class SteadyCursors(App[Any]):
    """Mixed into a snapshot's app: a cursor never blinks, from before its first frame.

    Each pushed screen's public `focused` reactive is watched. A screen sets it before it
    tells the widget it has focus, so blinking is off before the blink timer could start;
    switching it off after the first frame races that timer.
    """

    def push_screen(self, screen: Any, *args: Any, **kwargs: Any) -> Any:
        result = super().push_screen(screen, *args, **kwargs)
        self.watch(self.screen_stack[-1], "focused", _steady, init=True)
        return result


class SteadyFieldnotesApp(SteadyCursors, FieldnotesApp):
    """The app itself, for snapshots."""

    # A relative CSS_PATH is read beside the module that defines the class.
    CSS_PATH = str(Path(app_module.__file__).with_name("app.tcss"))


async def settle(pilot: Pilot[object]) -> None:
    """Let workers finish and deferred screen switches happen."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


async def unlock(pilot: Pilot[object], passphrase: str = DEMO_PASSPHRASE) -> None:
    await pilot.pause()
    await pilot.press(*passphrase, "enter")
    await settle(pilot)


def screen_text(app: FieldnotesApp) -> str:
    """Everything the terminal shows right now, as plain text (from the SVG screenshot)."""
    svg = app.export_screenshot()
    # Only the drawn text: drop the style sheet and the tags, then undo the entity escapes.
    body = svg.split("</style>", 1)[-1]
    return html.unescape(re.sub(r"<[^>]+>", "", body)).replace("\xa0", " ")
