"""A key pressed the moment a screen opens reaches that screen, instead of being lost."""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual import events
from textual.widgets import Input

from fieldnotes.tui.app import FieldnotesApp
from fieldnotes.tui.screens.writeup.screen import WriteUpScreen
from tests.tui.shell_support import settle, unlock


async def test_typing_as_the_editor_opens_lands_in_its_first_field(demo_path: Path) -> None:
    app = FieldnotesApp(demo_path, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        app.open_writeup(None)
        for character in "Duty":
            app.post_message(events.Key(character.lower(), character))
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, WriteUpScreen)
        assert screen.query_one("#team", Input).value == "Duty"


async def test_f4_pressed_as_the_composer_opens_shows_the_rendered_preview(
    demo_path: Path,
) -> None:
    """The brief's preview is drawn from the first F4, with no ctrl+r needed.

    The preview parses its Markdown on a thread of its own, not a Textual worker, so the test
    waits for the message the Markdown widget posts when its document is in place: the one
    whose contents hold the brief's title, not the one for the empty document it mounts with.
    """
    from textual.message import Message
    from textual.widgets import Markdown

    from fieldnotes.domain.brief import DEFAULT_TITLE as TITLE
    from fieldnotes.tui.screens.briefs.composer import BriefComposerScreen, BriefPreview
    from tests.tui.shell_support import screen_text

    rendered = asyncio.Event()

    def watch(message: Message) -> None:
        if (
            isinstance(message, Markdown.TableOfContentsUpdated)
            and isinstance(message.markdown, BriefPreview)
            and any(label == TITLE for _, label, _ in message.table_of_contents)
        ):
            rendered.set()

    app = FieldnotesApp(demo_path, demo=True)
    async with app.run_test(size=(80, 24), message_hook=watch) as pilot:
        await unlock(pilot)
        await pilot.press("s")
        await settle(pilot)
        rendered.clear()  # only a preview drawn after F4 counts
        app.post_message(events.Key("b", "b"))
        app.post_message(events.Key("f4", None))
        # The bound only keeps a preview that never comes from hanging the suite.
        await asyncio.wait_for(rendered.wait(), timeout=120)
        await settle(pilot)
        assert isinstance(app.screen, BriefComposerScreen)
        assert TITLE in screen_text(app)


async def test_a_down_arrow_pressed_as_the_codebook_opens_moves_on_from_the_first_obstacle(
    demo_path: Path,
) -> None:
    from textual.widgets import Tree

    from fieldnotes.tui.screens.codebook.screen import CodebookScreen

    app = FieldnotesApp(demo_path, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        app.action_codebook()
        app.post_message(events.Key("down", None))
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CodebookScreen)
        tree: Tree[str] = screen.query_one("#obstacle-tree", Tree)
        second = tree.get_node_at_line(1)
        assert second is not None
        assert screen.selected_obstacle_id == second.data
