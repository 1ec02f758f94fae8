"""Opening the app: unlock (right and wrong), first-run create, busy or foreign files, quit."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Static

from fieldnotes.notebook import Notebook
from fieldnotes.tui.app import EXIT_CANNOT_OPEN, FieldnotesApp
from fieldnotes.tui.dialogs.drafts import DraftsScreen
from fieldnotes.tui.screens.notes import NotesScreen
from fieldnotes.tui.screens.unlock import CreateScreen, OpenFailedScreen, UnlockScreen
from tests.tui.shell_support import screen_text, settle, unlock


async def test_wrong_passphrase_then_right(demo_path: Path) -> None:
    app = FieldnotesApp(demo_path, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, UnlockScreen)
        field = app.screen.query_one("#passphrase", Input)
        assert field.password is True
        assert "its passphrase is  demo" in screen_text(app)

        await unlock(pilot, "not the passphrase")
        assert isinstance(app.screen, UnlockScreen)
        assert app.notebook is not None and not app.notebook.is_unlocked
        error = str(app.screen.query_one("#error", Static).render())
        assert "Wrong passphrase" in error
        assert field.value == "" and not field.disabled and field.has_focus

        await unlock(pilot, "demo")
        assert isinstance(app.screen, NotesScreen)
        assert app.notebook.is_unlocked


async def test_empty_passphrase_is_not_tried_and_no_hint_without_demo(demo_path: Path) -> None:
    app = FieldnotesApp(demo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "passphrase is" not in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, UnlockScreen)
        assert "Type the passphrase" in str(app.screen.query_one("#error", Static).render())


async def test_busy_notebook_says_so_and_exits_non_zero(demo_path: Path) -> None:
    holder = Notebook.open(demo_path)
    try:
        app = FieldnotesApp(demo_path)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, OpenFailedScreen)
            # The wording, not the wrapping: the temporary path's length varies between runs.
            reason = str(app.screen.query_one("#reason", Static).render())
            assert "open in another fieldnotes process" in reason
            await pilot.press("enter")
            await pilot.pause()
        assert app.return_code == EXIT_CANNOT_OPEN
    finally:
        holder.close()


async def test_a_file_that_is_not_a_notebook(tmp_path: Path) -> None:
    path = tmp_path / "holiday.fieldnotes"
    path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    app = FieldnotesApp(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, OpenFailedScreen)
        text = screen_text(app)
        assert "Cannot open the notebook" in text
        assert "Traceback" not in text
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == EXIT_CANNOT_OPEN


async def test_first_run_creates_a_notebook(tmp_path: Path) -> None:
    path = tmp_path / "mine.fieldnotes"
    app = FieldnotesApp(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CreateScreen)
        assert "no way to recover a lost passphrase" in screen_text(app)
        first = app.screen.query_one("#passphrase", Input)
        second = app.screen.query_one("#confirm", Input)
        assert first.password and second.password

        await pilot.press(*"short", "enter", "enter")
        await settle(pilot)
        assert "at least 8 characters" in screen_text(app)
        assert not path.exists()

        first.value, second.value = "river otter lantern", "river otter lantren"
        second.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert "The two passphrases differ" in screen_text(app)
        assert "Good" in str(app.screen.query_one("#strength", Static).render())

        first.value = ""
        first.focus()
        await pilot.press(*"otter lantern", "enter", *"otter lantern", "enter")
        await settle(pilot)
        assert isinstance(app.screen, NotesScreen)
        assert "No notes yet" in screen_text(app)
        assert app.notebook is not None and app.notebook.is_unlocked
        # The built-in frameworks and starter codebook come with a new notebook.
        assert app.notebook.frameworks() and app.notebook.obstacles()
    assert path.exists()
    reopened = Notebook.open(path)
    try:
        reopened.unlock("otter lantern")
    finally:
        reopened.close()


async def test_quit_closes_and_releases_the_notebook(demo_path: Path) -> None:
    app = FieldnotesApp(demo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        notebook = app.notebook
        assert notebook is not None and notebook.is_unlocked
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0
    assert not notebook.is_unlocked
    # The process lock is gone: the notebook opens again.
    Notebook.open(demo_path).close()


@pytest.fixture
def path_with_drafts(demo_path: Path) -> Path:
    """Two drafts: an editor draft (restorable), then a newer one of unknown shape."""
    notebook = Notebook.open(demo_path)
    notebook.unlock("demo")
    editor_payload = {
        "kind": "fieldnotes.note-editor",
        "version": 1,
        "note_id": None,
        "fields": {"mode": "co-work", "team": "Alpha Team", "description": "Sat in on duty"},
    }
    notebook.save_draft("draft-editor", editor_payload)
    notebook.save_draft("draft-odd", {"description": "Half-written visit to the front door"})
    notebook.close()
    return demo_path


async def test_drafts_are_offered_after_unlock_kept_discarded_or_restored(
    path_with_drafts: Path,
) -> None:
    from fieldnotes.tui.screens.writeup.screen import WriteUpScreen

    app = FieldnotesApp(path_with_drafts)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        assert isinstance(app.screen, DraftsScreen)
        text = screen_text(app)
        assert "Half-written visit to the front door" in text
        assert "Sat in on duty" in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, NotesScreen)
        assert app.notebook is not None and len(app.notebook.drafts()) == 2

        # Offered again at the next unlock: discard the newest (after a confirmation) ...
        await pilot.press("ctrl+l")
        await unlock(pilot)
        assert isinstance(app.screen, DraftsScreen)
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert [draft[0] for draft in app.notebook.drafts()] == ["draft-editor"]

        # ... and restore the other into the write-up editor.
        assert isinstance(app.screen, DraftsScreen)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, WriteUpScreen)
        assert "Alpha Team" in screen_text(app)


@pytest.mark.parametrize(
    ("passphrase", "score"),
    [
        ("", 0),
        ("abc", 0),
        ("abcdefgh", 1),
        ("Abcdef12", 2),
        ("abcdefghijklm", 2),
        ("river otter lantern", 3),
        ("river otter lantern quietly", 4),
    ],
)
def test_passphrase_strength_rewards_length(passphrase: str, score: int) -> None:
    from fieldnotes.tui.format import passphrase_strength

    assert passphrase_strength(passphrase)[0] == score


async def test_a_notebook_from_format_1_is_upgraded_on_unlock_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "golden.fieldnotes"
    path.write_bytes((Path(__file__).parent.parent / "data" / "golden-v1.fieldnotes").read_bytes())
    said: list[str] = []
    original = UnlockScreen._set_busy

    def remember(screen: UnlockScreen, busy: bool, message: str = "") -> None:
        said.append(message)
        original(screen, busy, message)

    monkeypatch.setattr(UnlockScreen, "_set_busy", remember)
    app = FieldnotesApp(path)
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot, "golden passphrase")
        assert isinstance(app.screen, NotesScreen)
        assert "Golden note two" in screen_text(app)
        assert app.notebook is not None and not app.notebook.needs_upgrade
    assert "upgrading the notebook" in said[0]
