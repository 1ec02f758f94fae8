"""`fieldnotes list` and `search` print as they read: the newest page of notes is out before
the older ones are opened, in the same order and with the same notes as the whole answer."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from fieldnotes.__main__ import main
from fieldnotes.domain.filters import NoteFilter
from fieldnotes.domain.model import NoteDraft
from fieldnotes.notebook import Notebook
from fieldnotes.storage import reads, scan

from .conftest import DEMO_PASSPHRASE

PAGE = 4


@pytest.fixture
def small_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scan, "PAGE_ROWS", PAGE)
    monkeypatch.setattr(reads, "PAGE_ROWS", PAGE)


@pytest.fixture
def notebook_path(demo_path: Path) -> Path:
    """The demo with notes that share one moment (ties across pages) and one in the trash,
    its search index caught up."""
    with Notebook.open(demo_path) as notebook:
        notebook.unlock(DEMO_PASSPHRASE)
        same = datetime(2025, 3, 4, 10, 30)
        for number in range(7):
            notebook.add_note(
                NoteDraft(
                    mode="observe",
                    occurred_at=same,
                    team="Tied Team",
                    description=f"Tied note {number} about the zebra crossing.",
                )
            )
        notebook.trash_note(notebook.notes()[5].id)
        notebook.catch_up_search_index()  # as `fieldnotes search` leaves it
    Path(f"{demo_path}.lock").unlink(missing_ok=True)
    return demo_path


def _whole_and_pages(path: Path, where: NoteFilter | None) -> tuple[list[str], list[list[str]]]:
    with Notebook.open(path) as notebook:
        notebook.unlock(DEMO_PASSPHRASE)
        whole = notebook.find(where) if where and where.words else notebook.notes(where)
    with Notebook.open(path) as notebook:
        notebook.unlock(DEMO_PASSPHRASE)
        assert not notebook.notes_loaded
        pages = [[note.id for note in page] for page in notebook.note_pages(where)]
    return [note.id for note in whole], pages


@pytest.mark.usefixtures("small_pages")
@pytest.mark.parametrize(
    "where",
    [
        None,
        NoteFilter(team="Tied Team"),
        NoteFilter(query="zebra"),
        NoteFilter(query="the"),
        NoteFilter(mode="observe"),
    ],
    ids=["every note", "a team", "a rare word", "a word in most notes", "a mode"],
)
def test_pages_are_the_whole_answer_newest_first(
    notebook_path: Path, where: NoteFilter | None
) -> None:
    whole, pages = _whole_and_pages(notebook_path, where)
    assert whole
    assert [note_id for page in pages for note_id in page] == whole
    assert all(len(page) <= PAGE for page in pages)


def test_a_word_in_no_note_gives_no_page(notebook_path: Path) -> None:
    assert _whole_and_pages(notebook_path, NoteFilter(query="xylophone")) == ([], [])


@pytest.mark.usefixtures("small_pages")
@pytest.mark.parametrize("argv", [["list"], ["search", "zebra"], ["search", "the"]])
def test_the_newest_page_is_printed_before_the_older_ones_are_read(
    notebook_path: Path, monkeypatch: pytest.MonkeyPatch, argv: list[str]
) -> None:
    monkeypatch.setenv("FIELDNOTES_NOTEBOOK", str(notebook_path))
    monkeypatch.setenv("FIELDNOTES_PASSPHRASE", DEMO_PASSPHRASE)
    events: list[str] = []

    class Terminal(io.StringIO):
        def write(self, text: str) -> int:
            if text.strip():
                events.append("printed")
            return super().write(text)

    def spied(name: str) -> Any:
        real = getattr(scan.NoteScan, name)

        def read(self: scan.NoteScan, *args: Any) -> Any:
            events.append("read")
            return real(self, *args)

        return read

    for name in ("newest_before", "newest_numbered_before", "with_ids"):
        monkeypatch.setattr(scan.NoteScan, name, spied(name))
    terminal = Terminal()
    monkeypatch.setattr("sys.stdout", terminal)
    assert main(argv) == 0
    printed = terminal.getvalue().splitlines()
    assert len(printed) > PAGE
    assert events.count("read") > 1
    # Lines out before the last page was read: the person sees the newest while it reads on.
    assert events.index("printed") < len(events) - 1 - events[::-1].index("read")


def test_listing_prints_the_same_lines_as_the_whole_answer(
    notebook_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FIELDNOTES_NOTEBOOK", str(notebook_path))
    monkeypatch.setenv("FIELDNOTES_PASSPHRASE", DEMO_PASSPHRASE)
    assert main(["list"]) == 0
    whole = capsys.readouterr().out.splitlines()
    with monkeypatch.context() as patch:
        patch.setattr(scan, "PAGE_ROWS", PAGE)
        patch.setattr(reads, "PAGE_ROWS", PAGE)
        assert main(["list"]) == 0
    assert capsys.readouterr().out.splitlines() == whole
    with Notebook.open(notebook_path) as notebook:
        notebook.unlock(DEMO_PASSPHRASE)
        assert [line.split()[0] for line in whole] == [n.id[:8] for n in notebook.notes()]
