"""Textual's ways of copying the screen or the app's state into plain files are all shut."""

from __future__ import annotations

from pathlib import Path

import pytest

from fieldnotes.paths import seen_record
from fieldnotes.tui import app as app_module
from fieldnotes.tui.app import EXIT_UNSAFE_DEBUG, FieldnotesApp, run_tui
from fieldnotes.tui.safety import unsafe_debug_settings
from tests.tui.shell_support import unlock


def every_file(root: Path) -> list[Path]:
    """Every file under `root` but this machine's record of the notebook's newest state
    (a generation number and its MAC, written at unlock and lock: no copy of anything)."""
    seen = seen_record("any").parent
    return [path for path in root.rglob("*") if path.is_file() and path.parent != seen]


async def test_palette_offers_no_screenshot_and_screenshots_write_nothing(
    demo_path: Path, tmp_path: Path
) -> None:
    home = Path.home()
    before = every_file(home)
    app = FieldnotesApp(demo_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert titles, "the palette still offers the other system commands"
        assert not any("screenshot" in title.lower() for title in titles)
        app.action_screenshot()
        app.deliver_screenshot()
        app.deliver_screenshot(filename="shot.svg", path=str(tmp_path))
        await pilot.press("ctrl+p", *"screenshot", "enter")
        await pilot.pause()
        await pilot.pause()
        with pytest.raises(PermissionError):
            app.save_screenshot(path=str(tmp_path))
    assert every_file(home) == before
    assert not list(tmp_path.rglob("*.svg"))


@pytest.mark.parametrize(
    ("environ", "unsafe"),
    [
        ({}, False),
        ({"TEXTUAL_LOG": "/tmp/x.log"}, True),
        ({"TEXTUAL": "devtools"}, True),
        ({"TEXTUAL": "debug"}, True),
        ({"TEXTUAL": " Debug , headless"}, True),
        ({"TEXTUAL": "headless"}, False),
        ({"TEXTUAL_DEBUG": "1"}, True),
        ({"TEXTUAL_SCREENSHOT": "2"}, True),
        ({"TEXTUAL_LOG": ""}, False),
    ],
)
def test_unsafe_debug_settings(environ: dict[str, str], unsafe: bool) -> None:
    assert bool(unsafe_debug_settings(environ)) is unsafe


def test_run_tui_refuses_textual_log_unless_told(
    demo_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    started: list[FieldnotesApp] = []

    def run(self: FieldnotesApp) -> int:
        started.append(self)
        return 0

    monkeypatch.setattr(FieldnotesApp, "run", run)
    monkeypatch.setattr(app_module, "_one_line_excepthooks", lambda: None)
    monkeypatch.setenv("TEXTUAL_LOG", str(tmp_path / "textual.log"))
    assert run_tui(demo_path) == EXIT_UNSAFE_DEBUG
    assert started == []
    assert "TEXTUAL_LOG" in capsys.readouterr().err

    monkeypatch.setenv("FIELDNOTES_UNSAFE_DEBUG", "1")
    assert run_tui(demo_path) == 0
    assert len(started) == 1
