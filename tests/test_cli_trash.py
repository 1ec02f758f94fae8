"""`fieldnotes delete` and `fieldnotes trash`: confirmed, restorable, final only when emptied."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from fieldnotes.__main__ import main
from fieldnotes.notebook import Notebook

from .conftest import DEMO_PASSPHRASE


@pytest.fixture(autouse=True)
def phrase(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FIELDNOTES_PASSPHRASE", DEMO_PASSPHRASE)


def ids(demo_path: Path, capsys: pytest.CaptureFixture[str], *command: str) -> list[str]:
    assert main([*command, "--notebook", str(demo_path), "--json"]) == 0
    return [note["id"] for note in json.loads(capsys.readouterr().out)["notes"]]


class Terminal(io.StringIO):
    """Answers typed at a terminal (no real one: nothing to switch echo off on)."""

    def isatty(self) -> bool:
        return True

    def fileno(self) -> int:
        return -1


def test_delete_without_a_terminal_needs_yes(
    demo_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = ids(demo_path, capsys, "list")[0]
    assert main(["delete", first[:8], "--notebook", str(demo_path)]) == 1
    assert "asks first: pass --yes when there is no terminal" in capsys.readouterr().err
    assert first in ids(demo_path, capsys, "list")


def test_delete_restore_and_empty_the_trash(
    demo_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = ids(demo_path, capsys, "list")
    first, second = notes[0], notes[1]
    assert main(["delete", first[:8], "--yes", "--notebook", str(demo_path)]) == 0
    out = capsys.readouterr().out
    assert "to the trash" in out and f"fieldnotes trash restore {first[:8]}" in out
    assert main(["delete", second, "--yes", "--notebook", str(demo_path)]) == 0
    capsys.readouterr()
    assert first not in ids(demo_path, capsys, "list")
    assert main(["search", "--notebook", str(demo_path), "--json", "the"]) == 0
    assert first not in capsys.readouterr().out

    assert main(["trash", "--notebook", str(demo_path)]) == 0
    listing = capsys.readouterr().out
    assert first[:8] in listing and "trashed" in listing
    assert set(ids(demo_path, capsys, "trash")) == {first, second}

    assert main(["trash", "restore", first[:8], "--notebook", str(demo_path)]) == 0
    assert "Restored the note of" in capsys.readouterr().out
    assert first in ids(demo_path, capsys, "list")

    assert main(["trash", "empty", "--notebook", str(demo_path)]) == 1
    assert "pass --yes" in capsys.readouterr().err
    assert main(["trash", "empty", "--yes", "--json", "--notebook", str(demo_path)]) == 0
    assert json.loads(capsys.readouterr().out) == {"format": 1, "deleted": 1}
    assert ids(demo_path, capsys, "trash") == []
    assert second not in ids(demo_path, capsys, "list")
    assert len(ids(demo_path, capsys, "list")) == len(notes) - 1


def test_delete_on_a_terminal_asks_and_names_the_note_by_date_and_team(
    demo_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with Notebook.open(demo_path) as notebook:
        notebook.unlock(DEMO_PASSPHRASE)
        note = notebook.notes()[0]
    first = note.id
    monkeypatch.setattr("sys.stdin", Terminal("n\n"))
    assert main(["delete", first[:8], "--notebook", str(demo_path)]) == 0
    err = capsys.readouterr().err
    assert f"Move the note of {note.occurred_at:%a %d %b %Y %H:%M}" in err
    assert note.team in err and note.first_line[:20] not in err
    assert "Nothing was deleted." in err
    assert first in ids(demo_path, capsys, "list")

    monkeypatch.setattr("sys.stdin", Terminal("y\n"))
    assert main(["delete", first[:8], "--notebook", str(demo_path)]) == 0
    capsys.readouterr()
    assert first not in ids(demo_path, capsys, "list")

    monkeypatch.setattr("sys.stdin", Terminal("yes\n"))
    assert main(["trash", "empty", "--notebook", str(demo_path)]) == 0
    captured = capsys.readouterr()
    assert "for good? This cannot be undone" in captured.err
    assert "Deleted 1 note(s) for good." in captured.out


def test_restore_of_a_note_not_in_the_trash_is_refused(
    demo_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = ids(demo_path, capsys, "list")[0]
    assert main(["trash", "restore", first[:8], "--notebook", str(demo_path)]) == 1
    assert "no note in the trash with id" in capsys.readouterr().err


def test_add_with_empty_stdin_is_refused(
    demo_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    before = len(ids(demo_path, capsys, "list"))

    class Empty(io.StringIO):
        buffer = io.BytesIO(b"  \n\n")

    monkeypatch.setattr("sys.stdin", Empty())
    assert main(["add", "--mode", "observe", "--notebook", str(demo_path)]) == 1
    assert "the note is empty: nothing was added" in capsys.readouterr().err
    assert len(ids(demo_path, capsys, "list")) == before


def test_a_trashed_imported_note_is_not_imported_again(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    note = tmp_path / "visit.md"
    note.write_text(
        '+++\nmode = "observe"\nwhen = 2026-09-01T10:00:00\n+++\nZebracrossing-once-only.\n'
    )
    assert main(["import", str(note), "--notebook", str(demo_path)]) == 0
    capsys.readouterr()
    assert main(["search", "Zebracrossing-once-only", "--notebook", str(demo_path), "--json"]) == 0
    (found,) = json.loads(capsys.readouterr().out)["notes"]
    assert main(["delete", found["id"], "--yes", "--notebook", str(demo_path)]) == 0
    assert main(["import", str(note), "--notebook", str(demo_path)]) == 0
    assert "Imported 0 note(s), 1 already in the notebook." in capsys.readouterr().out
