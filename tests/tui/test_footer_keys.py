"""The footer's keys: built once as a screen opens, and still following what the keys can do."""

from __future__ import annotations

from textual import events
from textual.app import App
from textual.message import Message
from textual.widgets._footer import FooterKey

from fieldnotes.notebook import Notebook
from fieldnotes.tui.screens.codebook.screen import CodebookScreen


class Host(App[None]):
    def __init__(self, notebook: Notebook) -> None:
        super().__init__()
        self._notebook = notebook

    def on_mount(self) -> None:
        self.push_screen(CodebookScreen(self._notebook))


def footer_keys(app: App[None]) -> dict[str, FooterKey]:
    return {key.key: key for key in app.screen.query(FooterKey)}


async def test_opening_the_codebook_builds_its_footer_keys_once(demo_notebook: Notebook) -> None:
    """Every rebuild of the footer makes, styles and lays out two dozen widgets anew; a
    screen that sent the footer eight signals while opening paid that eight times."""
    mounted: list[FooterKey] = []

    def hook(message: Message) -> None:
        if isinstance(message, events.Mount) and isinstance(message._sender, FooterKey):
            mounted.append(message._sender)

    app = Host(demo_notebook)
    async with app.run_test(size=(120, 40), message_hook=hook) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()
        shown = footer_keys(app)
        assert "r" in shown and "escape" in shown
        assert len(mounted) == len(shown)


async def test_the_footer_still_shows_which_keys_can_act(demo_notebook: Notebook) -> None:
    """On the principles tab the obstacle keys cannot act, and the footer stops offering them."""
    app = Host(demo_notebook)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not footer_keys(app)["r"].disabled
        await pilot.press("2")
        await pilot.pause()
        await pilot.pause()
        assert "r" not in footer_keys(app)
        await pilot.press("1")
        await pilot.pause()
        await pilot.pause()
        assert not footer_keys(app)["r"].disabled
