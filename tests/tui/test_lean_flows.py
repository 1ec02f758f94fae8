"""The screens' own flows again, with every note held lean (as a large notebook holds them).

A lean note reads its description and asides from the store when something asks: a preview,
an editor, a save. These are the flows that ask, collected here a second time with the size
from which notes are kept lean lowered to nothing. (Not those that hold a note across its own
rewrite and read its old text afterwards: a lean note held that long reads the newest text,
tests/test_lean_notes.py.)
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import fieldnotes.notebook.facade as facade
from fieldnotes.index.lean import LeanNote
from fieldnotes.notebook import Notebook

from ..conftest import DEMO_PASSPHRASE
from .test_notes_screen import (  # noqa: F401 (collected again here)
    test_mark_and_tag_notes_with_an_obstacle_then_a_principle,
    test_preview_then_team_obstacle_principle_and_dates,
    test_search_narrows_the_list_as_you_type,
    test_the_preview_follows_the_cursor_in_one_layout_at_most,
)
from .test_writeup import (  # noqa: F401 (collected again here)
    quick_drafts,
    test_draft_kept_while_typing_and_restored,
    test_expanding_a_jotting_keeps_its_text,
    test_write_up_with_principles_and_obstacles,
)


@pytest.fixture(autouse=True)
def lean(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(facade, "LEAN_FROM_NOTES", 0)


@pytest.fixture
def demo_notebook(lean: None, demo_path: Path) -> Iterator[Notebook]:
    notebook = Notebook.open(demo_path)
    notebook.unlock(DEMO_PASSPHRASE)
    assert all(isinstance(note, LeanNote) for note in notebook.notes())
    yield notebook
    notebook.close()
