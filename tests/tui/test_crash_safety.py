"""An internal error never prints notes: one line, drafts sealed, notebook locked, non-zero exit.

Also: the editor's draft is kept during steady typing, and two quick f4 presses work.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from textual import events
from textual.app import App
from textual.screen import Screen
from textual.widgets import Input, TextArea

from fieldnotes.domain.model import NoteDraft
from fieldnotes.notebook import Notebook
from fieldnotes.tui.app import EXIT_INTERNAL_ERROR, FieldnotesApp
from fieldnotes.tui.screens.writeup.screen import QuoteRow, WriteUpScreen
from tests.tui.shell_support import DEMO_PASSPHRASE, FakeClock, unlock
from tests.tui.test_writeup import type_text

CANARY = "Canary-7Q: Jayden's nan keeps the letters in a carrier bag"
WHEN = datetime(2026, 8, 5, 14, 40)


class Host(App[None]):
    def __init__(self, make_screen: Callable[[], Screen[str | None]]) -> None:
        super().__init__()
        self._make_screen = make_screen

    def on_mount(self) -> None:
        self.push_screen(self._make_screen())


def drafts_text(path: Path) -> str:
    notebook = Notebook.open(path)
    try:
        notebook.unlock(DEMO_PASSPHRASE)
        return " ".join(str(payload) for _id, _note, _when, payload in notebook.drafts())
    finally:
        notebook.close()


async def test_crash_in_a_handler_seals_drafts_and_prints_one_line(
    demo_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    # Only the crash can seal the draft: the typing delay never runs out in this test.
    monkeypatch.setattr(WriteUpScreen, "DRAFT_DELAY", 3600.0)
    monkeypatch.setattr(WriteUpScreen, "DRAFT_MAX_WAIT", 3600.0, raising=False)

    def broken_preview(self: WriteUpScreen) -> None:
        text = self.query_one("#description", TextArea).text
        raise KeyError(text)

    monkeypatch.setattr(WriteUpScreen, "action_toggle_preview", broken_preview)
    app = FieldnotesApp(demo_path)
    with pytest.raises(KeyError):
        async with app.run_test(size=(100, 30)) as pilot:
            await unlock(pilot)
            app.open_writeup(None)
            await pilot.pause()
            app.screen.query_one("#description", TextArea).focus()
            await pilot.pause()
            await type_text(pilot, CANARY)
            await pilot.press("f2")
            await pilot.pause()
    assert app.return_code == EXIT_INTERNAL_ERROR
    assert app.notebook is not None and not app.notebook.is_unlocked
    out, err = capfd.readouterr()
    assert "Canary-7Q" not in out + err
    assert "Traceback" not in out + err
    assert "stopped after an internal error (KeyError)" in err
    assert CANARY in drafts_text(demo_path)


async def test_two_quick_f4_presses_add_two_quote_rows(demo_notebook: Notebook) -> None:
    app = Host(
        lambda: WriteUpScreen(demo_notebook, initial=NoteDraft(mode="observe", occurred_at=WHEN))
    )
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        before = len(app.screen.query(QuoteRow))
        # Both keys queued at once, as a quick double press arrives.
        app.post_message(events.Key("f4", None))
        app.post_message(events.Key("f4", None))
        await pilot.pause()
        await pilot.pause()
        rows = list(app.screen.query(QuoteRow))
        assert len(rows) == before + 2
        assert app.focused is rows[-1].query_one(".quote-text", Input)


async def test_steady_typing_is_kept_before_it_pauses(demo_notebook: Notebook) -> None:
    clock = FakeClock()
    app = Host(
        lambda: WriteUpScreen(
            demo_notebook, initial=NoteDraft(mode="observe", occurred_at=WHEN), clock=clock
        )
    )
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WriteUpScreen)
        # The pause-after-typing delay never runs out here: only the maximum wait can save.
        screen.DRAFT_DELAY = 3600.0  # type: ignore[misc]
        screen.query_one("#description", TextArea).focus()
        await pilot.pause()
        for word in ("Eight ", "seconds ", "of "):
            await type_text(pilot, word)
            clock.advance(1.0)
            assert demo_notebook.drafts() == []
        # Three seconds after the first unsaved key, the next key seals the draft.
        await type_text(pilot, "steady typing")
        drafts = demo_notebook.drafts()
        assert len(drafts) == 1
        assert drafts[0][3]["fields"]["description"].startswith("Eight seconds of s")
        # Kept again after the next stretch of typing, not only once.
        clock.advance(3.0)
        await type_text(pilot, " then a crash")
        assert demo_notebook.drafts()[0][3]["fields"]["description"].endswith("then a crash")
