"""A new write-up from a template, by keys at 80×24."""

from __future__ import annotations

from pathlib import Path

from fieldnotes.domain.templates import user_templates_dir
from fieldnotes.tui.app import FieldnotesApp
from fieldnotes.tui.dialogs.template_picker import TemplatePickerScreen
from fieldnotes.tui.screens.notes import NotesScreen
from fieldnotes.tui.screens.writeup.screen import WriteUpScreen
from tests.tui.palette_support import run_from_palette
from tests.tui.shell_support import screen_text, settle, unlock
from tests.tui.test_brief_flow import shown as toasts_shown


async def test_a_template_pre_fills_the_new_write_up(demo_path: Path) -> None:
    app = FieldnotesApp(demo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        notebook = app.notebook
        assert notebook is not None
        before = {n.id for n in notebook.notes()}
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, TemplatePickerScreen)
        assert "Child protection conference" in screen_text(app)
        await pilot.press("down", "down", "down")
        await settle(pilot)
        assert "co-work · Home visit" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, WriteUpScreen)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, NotesScreen)
        (new,) = [n for n in notebook.notes() if n.id not in before]
        assert (new.mode, new.setting) == ("co-work", "Home visit")
        assert new.participants == ["social worker", "parent", "child"]
        assert {p.principle_id for p in new.principles} == {
            "sos.child-voice",
            "sos.relationships",
            "pcf.values",
        }
        assert "What did the child show or say" in new.description


async def test_a_broken_template_of_ones_own_is_named_and_nothing_opens(
    demo_path: Path,
) -> None:
    own = user_templates_dir()
    own.mkdir(parents=True)
    (own / "mine.toml").write_text('id = "mine"\nname = "Mine"\nmode = "watch"\n')
    app = FieldnotesApp(demo_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await unlock(pilot)
        await run_from_palette(pilot, "from a template", "New write-up from a template")
        assert isinstance(app.screen, NotesScreen)
        shown = await toasts_shown(pilot)
        assert "A template has a problem" in shown
        assert "watch" in shown
