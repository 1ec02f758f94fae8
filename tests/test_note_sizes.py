"""One limit on the size of a note, wherever a note comes in."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from fieldnotes.__main__ import main
from fieldnotes.domain.importer import parse_note_text
from fieldnotes.domain.model import MAX_LABEL_CHARS, MAX_NOTE_BYTES, Note, NoteDraft, Quote
from fieldnotes.errors import FileFormatError, InvalidInput
from fieldnotes.notebook import Notebook

from .conftest import DEMO_PASSPHRASE

WHEN = datetime(2026, 9, 1, 10, 0)


def count(demo_path: Path, capsys: pytest.CaptureFixture[str]) -> int:
    assert main(["list", "--notebook", str(demo_path), "--json"]) == 0
    return int(json.loads(capsys.readouterr().out)["count"])


def test_add_from_stdin_over_the_limit_is_refused_and_nothing_written(
    demo_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FIELDNOTES_PASSPHRASE", DEMO_PASSPHRASE)
    before = count(demo_path, capsys)
    added = subprocess.run(
        [
            sys.executable,
            "-m",
            "fieldnotes",
            "add",
            "--notebook",
            str(demo_path),
            "--mode",
            "observe",
        ],
        input=b"x" * (MAX_NOTE_BYTES + 1),
        capture_output=True,
        timeout=120,
    )
    assert added.returncode == 1
    error = added.stderr.decode()
    assert "the note on standard input is larger than 1 MiB, the most a note can hold" in error
    assert "nothing was added" in error
    assert count(demo_path, capsys) == before


def test_add_from_a_file_over_the_limit_is_refused(
    demo_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FIELDNOTES_PASSPHRASE", DEMO_PASSPHRASE)
    big = tmp_path / "visit.md"
    big.write_bytes(b"Words. " * (MAX_NOTE_BYTES // 7 + 1))
    before = count(demo_path, capsys)
    argv = ["add", "--notebook", str(demo_path), "--mode", "observe", "--file", str(big)]
    assert main(argv) == 1
    assert f"the note in {big} is larger than 1 MiB" in capsys.readouterr().err
    assert count(demo_path, capsys) == before


def test_add_at_the_limit_is_kept(
    demo_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FIELDNOTES_PASSPHRASE", DEMO_PASSPHRASE)
    exact = tmp_path / "visit.md"
    exact.write_bytes(b"a" * MAX_NOTE_BYTES)
    argv = ["add", "--notebook", str(demo_path), "--mode", "observe", "--file", str(exact)]
    assert main(argv) == 0


@pytest.mark.parametrize(
    ("draft", "problem"),
    [
        (NoteDraft("observe", description="é" * (MAX_NOTE_BYTES // 2 + 1)), "at most 1 MiB"),
        (
            NoteDraft("observe", description="x" * MAX_NOTE_BYTES, asides="y"),
            "the note holds 1 MiB of text",
        ),
        (NoteDraft("observe", description="x", team="t" * (MAX_LABEL_CHARS + 1)), "team is 201"),
        (NoteDraft("observe", description="x", participants=["r" * 999]), "participant's role"),
        (
            NoteDraft("observe", description="x", quotes=[Quote("q", "s" * 500)]),
            "speaker role",
        ),
    ],
)
def test_the_notebook_refuses_notes_over_any_limit(
    demo_notebook: Notebook, draft: NoteDraft, problem: str
) -> None:
    before = len(demo_notebook.notes())
    with pytest.raises(InvalidInput, match=problem):
        demo_notebook.add_note(draft)
    assert len(demo_notebook.notes()) == before


def test_import_names_the_same_limit() -> None:
    with pytest.raises(FileFormatError, match="larger than 1 MiB, the most a note can hold"):
        parse_note_text("x" * (MAX_NOTE_BYTES + 1))


def test_first_line_of_a_huge_one_line_note_is_bounded() -> None:
    note = Note(
        id="n",
        mode="observe",
        stage="write-up",
        occurred_at=WHEN,
        created_at=WHEN,
        updated_at=WHEN,
        revision=1,
        description="\n\n# " + "word " * 200_000,
    )
    assert note.first_line.startswith("word word")
    assert len(note.first_line) == 240
