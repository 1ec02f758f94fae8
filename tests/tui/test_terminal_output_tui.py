"""The app shows a hostile note's or brief's control characters, never sends them (SECURITY.md 16).

What is checked is what the app would write to the terminal: every strip on screen rendered
into terminal sequences, as the driver writes them.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from textual.app import App

from fieldnotes.domain.brief import BriefRequest, final_document, new_metadata, render_html
from fieldnotes.domain.model import NoteDraft, Quote
from fieldnotes.notebook import Notebook
from fieldnotes.tui.app import FieldnotesApp
from fieldnotes.tui.brief_viewer import BriefViewerApp
from tests.tui.shell_support import DEMO_PASSPHRASE, screen_text, settle, unlock

RETITLE = "\x1b]0;pwned\x07"
CLEAR = "\x1b[2J"
CLIPBOARD = "\x1b]52;c;cHduZWQ=\x07"
C1_CLEAR = "\x9b2J"
HOSTILE = f"Visit{RETITLE} went{CLEAR} fine{CLIPBOARD} really{C1_CLEAR}"


def terminal_output(app: App[object]) -> str:
    """The bytes a full redraw of the current screen would send to the terminal."""
    update = app.screen._compositor.render_update(full=True)
    assert update is not None
    return update.render_segments(app.console)


def assert_nothing_obeyed(app: App[object], *, escaped_by_widgets: bool = True) -> None:
    """Nothing hostile in what goes to the terminal; with `escaped_by_widgets`, nothing in the
    screen's segments either (the widgets escaped it, before the last-line guard)."""
    output = terminal_output(app)
    for sequence in ("\x1b]0;", "\x1b]52;", "\x1b[2J", "\x9b", "\x07"):
        assert sequence not in output, repr(sequence)
    if not escaped_by_widgets:
        return
    for strip in app.screen._compositor.render_strips():
        for segment in strip:
            text = segment.text
            assert not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in text), repr(text)


def _add_hostile_note(path: Path) -> None:
    notebook = Notebook.open(path)
    notebook.unlock(DEMO_PASSPHRASE)
    try:
        obstacle = notebook.obstacles()[0]
        notebook.add_note(
            NoteDraft(
                mode="observe",
                occurred_at=datetime(2030, 1, 1, 9, 0),  # newest, so first and highlighted
                team=f"Team{RETITLE}",
                setting=f"Home{CLEAR}",
                participants=[f"worker{C1_CLEAR}"],
                description=f"Hostile {HOSTILE}",
                asides=HOSTILE,
                quotes=[Quote(HOSTILE, f"worker{RETITLE}")],
                follow_up=HOSTILE,
                consent=HOSTILE,
                obstacle_ids=[obstacle.id],
            )
        )
        notebook.rename_obstacle(obstacle.id, f"Name{RETITLE}")
    finally:
        notebook.close()


async def test_note_list_and_preview_show_controls_inertly(demo_path: Path) -> None:
    _add_hostile_note(demo_path)
    app = FieldnotesApp(demo_path)
    async with app.run_test(size=(160, 45)) as pilot:
        await unlock(pilot)
        screen = app.screen
        if not getattr(screen, "show_preview", True):
            await pilot.press("p")
            await settle(pilot)
        text = screen_text(app)
        assert "Hostile Visit\\x1b]0;pwned\\x07" in text
        assert "Home\\x1b[2J · with worker\\x9b2J" in text  # the preview
        assert "▸ Name\\x1b]0;pwned\\x07" in text
        assert_nothing_obeyed(app)


def _brief(demo_notebook: Notebook) -> str:
    obstacle = demo_notebook.obstacles()[0]
    request = BriefRequest((obstacle.id,), f"DCS{RETITLE}", f"Summary {HOSTILE}")
    metadata = new_metadata(request, [f"Obstacle{CLEAR}"], now=datetime(2026, 11, 2, 9, 30))
    return final_document(f"# Findings\n\nBody {HOSTILE}\n", [], metadata)


async def test_the_brief_viewer_shows_controls_inertly(demo_notebook: Notebook) -> None:
    app = BriefViewerApp(_brief(demo_notebook), source=f"brief{RETITLE}.age")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        text = screen_text(app)  # type: ignore[arg-type]
        assert "Body Visit\\x1b]0;pwned\\x07" in text
        assert "brief\\x1b]0;pwned\\x07.age" in text
        assert_nothing_obeyed(app)  # type: ignore[arg-type]


async def test_an_html_brief_shows_controls_inertly(demo_notebook: Notebook) -> None:
    app = BriefViewerApp(render_html(_brief(demo_notebook)), source="brief.age")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert_nothing_obeyed(app)  # type: ignore[arg-type]


async def test_the_write_up_editor_shows_controls_inertly(demo_path: Path) -> None:
    _add_hostile_note(demo_path)
    app = FieldnotesApp(demo_path)
    async with app.run_test(size=(160, 45)) as pilot:
        await unlock(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert "Hostile Visit" in screen_text(app)
        # The editor holds the note as stored; the guard keeps its controls off the terminal.
        assert_nothing_obeyed(app, escaped_by_widgets=False)


def test_the_guard_drops_controls_and_keeps_the_layout() -> None:
    from rich.console import Console
    from rich.segment import Segment
    from rich.style import Style
    from textual.strip import Strip

    from fieldnotes.tui.terminal_guard import visible_only

    hostile = Strip([Segment(f"a{RETITLE}b", Style(bold=True)), Segment(f"c{C1_CLEAR}")])
    clean = visible_only(hostile)
    assert clean.text == "a]0;pwnedbc2J" and clean.cell_length == hostile.cell_length
    rendered = hostile.render(Console())
    assert "\x1b]0;" not in rendered and "\x9b" not in rendered and "\x1b[1m" in rendered
