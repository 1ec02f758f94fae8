"""Every screen's own commands are in the palette, and running one does what its key does."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from textual.widgets import TabbedContent, TextArea

from fieldnotes.domain.brief import BriefRequest, default_obstacle_ids, find_identifiers
from fieldnotes.domain.model import NoteDraft
from fieldnotes.notebook import Notebook
from fieldnotes.tui.dialogs.codebook import ObstaclePickDialog
from fieldnotes.tui.dialogs.memo import MemoEditorScreen
from fieldnotes.tui.screens.briefs.composer import BriefComposerScreen
from fieldnotes.tui.screens.briefs.identifier_check import IdentifierCheckScreen
from fieldnotes.tui.screens.codebook.screen import CodebookScreen
from fieldnotes.tui.screens.writeup.screen import QuoteRow, WriteUpScreen
from tests.tui.palette_support import run_from_palette
from tests.tui.test_codebook import Host as CodebookHost
from tests.tui.test_codebook import select
from tests.tui.test_synthesis_screens import Host, settle
from tests.tui.test_writeup import Host as WriteUpHost
from tests.tui.test_writeup import type_text


async def test_write_up_quote_and_save_from_the_palette(demo_notebook: Notebook) -> None:
    nb = demo_notebook
    before = len(nb.notes())
    draft = NoteDraft(mode="observe", occurred_at=datetime(2026, 8, 5, 14, 40))
    app = WriteUpHost(lambda: WriteUpScreen(nb, initial=draft))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WriteUpScreen)
        screen.query_one("#description", TextArea).focus()
        await type_text(pilot, "The duty desk had no laptop all morning.")
        rows = len(screen.query(QuoteRow))
        await run_from_palette(pilot, "quote", "Add a quote")
        assert app.screen is screen
        assert len(screen.query(QuoteRow)) == rows + 1
        await run_from_palette(pilot, "save", "Save the note")
        assert len(app.results) == 1 and app.results[0] is not None
    assert len(nb.notes()) == before + 1
    assert nb.note(app.results[0]).description == "The duty desk had no laptop all morning."


async def test_codebook_merge_and_memo_from_the_palette(demo_notebook: Notebook) -> None:
    nb = demo_notebook
    app = CodebookHost(nb)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await select(pilot, nb, "Duplicate data entry")
        await run_from_palette(pilot, "merge", "Merge into another obstacle")
        assert isinstance(app.screen, ObstaclePickDialog)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, CodebookScreen)
        await run_from_palette(pilot, "memo", "Write a memo")
        assert isinstance(app.screen, MemoEditorScreen)


async def test_composer_preview_and_save_from_the_palette(
    demo_notebook: Notebook, tmp_path: Path
) -> None:
    app = Host(lambda: BriefComposerScreen(demo_notebook, output_dir=tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BriefComposerScreen)
        await run_from_palette(pilot, "preview", "Preview the brief")
        assert screen.query_one(TabbedContent).active == "tab-preview"
        # Saving runs the identifier check first, exactly as ctrl+s does.
        await pilot.press("f3", "space")  # a passphrase instead of keys
        await settle(pilot)
        await pilot.press("tab", *"hazel otter", "tab", *"hazel otter")
        await run_from_palette(pilot, "save", "Check and save the brief")
        assert isinstance(app.screen, IdentifierCheckScreen)


async def test_identifier_check_redact_and_save_from_the_palette(
    demo_notebook: Notebook,
) -> None:
    synthesis = demo_notebook.synthesis()
    body = demo_notebook.compose_brief(
        BriefRequest(default_obstacle_ids(synthesis), "SLT", ""), synthesis
    )
    findings = find_identifiers(body, [])
    assert len(findings) >= 2
    results: list[object] = []
    app = Host(lambda: IdentifierCheckScreen(body, findings))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        check = app.screen
        assert isinstance(check, IdentifierCheckScreen)
        check.dismiss = results.append  # type: ignore[method-assign]
        await run_from_palette(pilot, "redact", "Redact the finding")
        assert check.resolutions[findings[0].id].action == "redact"
        await run_from_palette(pilot, "every", "Redact every remaining finding")
        assert not check.unresolved
        await run_from_palette(pilot, "save", "Save: export the checked brief")
    assert len(results) == 1
