"""The synthesis says whether an agreed change changed anything, and shows the history."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from fieldnotes.notebook import Notebook
from fieldnotes.tui.screens.synthesis.screen import SynthesisScreen
from tests.tui.shell_support import screen_text
from tests.tui.test_synthesis_screens import Host, settle, synthesis_screen

FORMS = "IT and case recording system/Forms that don't fit the work"
TODAY = date(2026, 11, 20)


async def test_the_synthesis_compares_before_and_since_and_shows_the_history(
    demo_notebook: Notebook,
) -> None:
    order = [e.path for e in demo_notebook.synthesis().evidence]
    app = Host(lambda: SynthesisScreen(demo_notebook, today=lambda: TODAY))
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        screen = synthesis_screen(app)
        assert "Did it change?" not in screen_text(app)  # the top obstacle has no agreed change
        await pilot.press(*["down"] * order.index(FORMS))
        await settle(pilot)
        assert screen.current is not None and screen.current.path == FORMS
        text = " ".join(screen_text(app).split())
        assert "Did it change? Change agreed on 2026-09-11." in text
        assert "Before the change: 4 notes from 4 teams" in text
        assert "Observation effort: 30 notes in all" in text
        assert "History · 3 changes" in text
        assert "status raised → change agreed" in text


def test_a_reason_with_control_characters_is_shown_escaped() -> None:
    from datetime import datetime

    from fieldnotes.domain.history import FieldChange, ObstacleEvent
    from fieldnotes.tui.widgets.timeline import timeline_text

    event = ObstacleEvent(
        "e",
        "o",
        datetime(2026, 9, 1, 9, 0),
        reason="\x1b]0;owned\x07 agreed",
        changes=(FieldChange("status", "raised", "change agreed"),),
    )
    shown = timeline_text([event]).plain
    assert "\x1b" not in shown and "\x07" not in shown
    assert "agreed" in shown


async def test_the_tracker_opens_from_the_palette_and_closes_back_to_the_notes(
    demo_path: Path,
) -> None:
    from fieldnotes.tui.app import FieldnotesApp
    from fieldnotes.tui.screens.notes import NotesScreen
    from fieldnotes.tui.screens.tracker import TrackerScreen
    from tests.tui.palette_support import run_from_palette
    from tests.tui.shell_support import settle as settle_app
    from tests.tui.shell_support import unlock

    app = FieldnotesApp(demo_path, today=lambda: TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await run_from_palette(pilot, "you said", "You said, we did")
        await settle_app(pilot)
        assert isinstance(app.screen, TrackerScreen)
        assert "to 2026-11-20" in screen_text(app)
        await pilot.press("escape")
        await settle_app(pilot)
        assert isinstance(app.screen, NotesScreen)
