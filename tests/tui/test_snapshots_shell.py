"""Snapshots of the shell: unlock, create, notes, jotting, tag and help, narrow and wide.

Nothing time-dependent is on screen: the demo notes have fixed dates, no jotting is saved, and
cursor blink is off. Regenerate with `pytest tests/tui --snapshot-update` and look at them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.tui.shell_support import SteadyFieldnotesApp, unlock

NARROW = (80, 24)
WIDE = (140, 40)
SIZES = pytest.mark.parametrize("size", [NARROW, WIDE], ids=["80x24", "140x40"])

SnapCompare = Callable[..., bool]
RunBefore = Callable[[Pilot[Any]], Awaitable[None]]


def steps(*keys: str, unlocked: bool = True) -> RunBefore:
    async def run_before(pilot: Pilot[Any]) -> None:
        if unlocked:
            await unlock(pilot)
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        await pilot.pause()

    return run_before


class TestUnlock:
    @SIZES
    def test_unlock_demo(
        self, snap_compare: SnapCompare, demo_path: Path, size: tuple[int, int]
    ) -> None:
        app = SteadyFieldnotesApp(demo_path, demo=True)
        assert snap_compare(app, terminal_size=size, run_before=steps(unlocked=False))

    @SIZES
    def test_create(
        self,
        snap_compare: SnapCompare,
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
        size: tuple[int, int],
    ) -> None:
        # A relative path keeps the temporary directory's name off the screen.
        monkeypatch.chdir(tmp_path)
        app = SteadyFieldnotesApp(Path("new.fieldnotes"))
        before = steps(*"river otter", unlocked=False)
        assert snap_compare(app, terminal_size=size, run_before=before)


class TestNotes:
    @SIZES
    def test_notes(self, snap_compare: SnapCompare, demo_path: Path, size: tuple[int, int]) -> None:
        app = SteadyFieldnotesApp(demo_path)
        assert snap_compare(app, terminal_size=size, run_before=steps("down", "space", "space"))

    def test_notes_with_filters_at_80x24(self, snap_compare: SnapCompare, demo_path: Path) -> None:
        app = SteadyFieldnotesApp(demo_path)
        assert snap_compare(app, terminal_size=(80, 24), run_before=steps("f"))


class TestDialogs:
    @SIZES
    def test_jotting(
        self, snap_compare: SnapCompare, demo_path: Path, size: tuple[int, int]
    ) -> None:
        app = SteadyFieldnotesApp(demo_path)
        assert snap_compare(app, terminal_size=size, run_before=steps("j", "alt+c"))

    @SIZES
    def test_tag(self, snap_compare: SnapCompare, demo_path: Path, size: tuple[int, int]) -> None:
        app = SteadyFieldnotesApp(demo_path)
        assert snap_compare(
            app, terminal_size=size, run_before=steps("space", "space", "t", *"fam")
        )

    @SIZES
    def test_help(self, snap_compare: SnapCompare, demo_path: Path, size: tuple[int, int]) -> None:
        app = SteadyFieldnotesApp(demo_path)
        assert snap_compare(app, terminal_size=size, run_before=steps("question_mark"))
