"""Snapshots of the people map screen, narrow and wide (cursor blink off, nothing timed)."""

from __future__ import annotations

from pathlib import Path

from tests.tui.shell_support import SteadyFieldnotesApp
from tests.tui.test_snapshots_shell import SIZES, SnapCompare, steps


@SIZES
def test_people_map(snap_compare: SnapCompare, demo_path: Path, size: tuple[int, int]) -> None:
    app = SteadyFieldnotesApp(demo_path)
    rows = [*"Amelia Sandhu", "enter", *"Child A", "enter"]
    rows += [*"Monika Sandhu", "enter", *"Mother of Child A", "enter", "shift+tab"]
    assert snap_compare(app, terminal_size=size, run_before=steps("f7", *rows))
