"""Snapshots of the people map screen and of the names found when a write-up is saved,
narrow and wide (cursor blink off, nothing timed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from fieldnotes.domain.model import NoteDraft, Quote
from fieldnotes.domain.pseudonyms import PersonAlias
from fieldnotes.notebook import Notebook
from fieldnotes.tui.screens.writeup.screen import WriteUpScreen
from tests.tui.shell_support import DEMO_PASSPHRASE, SteadyFieldnotesApp
from tests.tui.test_snapshots_editor import WHEN, Host
from tests.tui.test_snapshots_editor import steps as editor_steps
from tests.tui.test_snapshots_shell import SIZES, SnapCompare, steps

FAMILY = [
    PersonAlias("Amelia Sandhu", "Child A"),
    PersonAlias("Monika Sandhu", "Mother of Child A"),
]


@pytest.fixture(autouse=True)
def drafts_wait_for_no_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """No draft is sealed while a picture is set up (see test_snapshots_editor.py)."""
    monkeypatch.setattr(WriteUpScreen, "DRAFT_DELAY", 3600.0)
    monkeypatch.setattr(WriteUpScreen, "DRAFT_MAX_WAIT", 3600.0)


@SIZES
def test_people_map(snap_compare: SnapCompare, demo_path: Path, size: tuple[int, int]) -> None:
    app = SteadyFieldnotesApp(demo_path)
    rows = [*"Amelia Sandhu", "enter", *"Child A", "enter"]
    rows += [*"Monika Sandhu", "enter", *"Mother of Child A", "enter", "shift+tab"]
    assert snap_compare(app, terminal_size=size, run_before=steps("f7", *rows))


@SIZES
def test_names_found_on_save(
    snap_compare: SnapCompare, demo_path: Path, size: tuple[int, int]
) -> None:
    notebook = Notebook.open(demo_path)
    notebook.unlock(DEMO_PASSPHRASE)
    notebook.set_people_map(FAMILY)
    draft = NoteDraft(
        mode="observe",
        occurred_at=WHEN,
        team="Riverside Locality Team",
        description="Amelia Sandhu was at home when we arrived. Mum (Monika) said Amelia's "
        "school had rung twice about her attendance.",
        quotes=[Quote("Amelia is doing better since the move", "class teacher")],
    )
    app = Host(lambda: WriteUpScreen(notebook, initial=draft))
    try:
        assert snap_compare(app, terminal_size=size, run_before=editor_steps("ctrl+s", "enter"))
    finally:
        notebook.close()
