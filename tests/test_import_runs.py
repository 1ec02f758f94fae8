"""Import runs: a second import of the same files adds nothing, and every problem is named."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from fieldnotes.__main__ import main
from fieldnotes.domain.importer import read_note_files
from fieldnotes.errors import FileFormatError, ImportProblems
from fieldnotes.notebook import Notebook

from .conftest import DEMO_PASSPHRASE

NOTE = '+++\nmode = "observe"\nwhen = 2026-09-0{day}T10:00:00\n{extra}+++\n{text}\n'


def write_note(folder: Path, name: str, day: int, text: str, extra: str = "") -> Path:
    path = folder / name
    path.write_text(NOTE.format(day=day, extra=extra, text=text))
    return path


def count(demo_path: Path, capsys: pytest.CaptureFixture[str]) -> int:
    assert main(["list", "--notebook", str(demo_path), "--json"]) == 0
    return int(json.loads(capsys.readouterr().out)["count"])


@pytest.fixture
def phrase(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FIELDNOTES_PASSPHRASE", DEMO_PASSPHRASE)


@pytest.mark.usefixtures("phrase")
def test_reimporting_a_folder_skips_every_note_already_imported(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "visits"
    folder.mkdir()
    for day in (1, 2, 3):
        write_note(folder, f"{day}.md", day, f"Visit number {day}.")
    before = count(demo_path, capsys)
    assert main(["import", "--notebook", str(demo_path), str(folder)]) == 0
    assert "Imported 3 note(s)." in capsys.readouterr().out

    # The same folder again, one file re-saved with other line endings, and one new note.
    first = folder / "1.md"
    first.write_bytes(first.read_bytes().replace(b"\n", b"\r\n") + b"\r\n\r\n")
    write_note(folder, "4.md", 4, "Visit number 4.")
    assert main(["import", "--notebook", str(demo_path), str(folder)]) == 0
    assert "Imported 1 note(s), 3 already in the notebook." in capsys.readouterr().out
    assert count(demo_path, capsys) == before + 4


def test_an_edited_imported_note_is_still_skipped(demo_path: Path, tmp_path: Path) -> None:
    path = write_note(tmp_path, "visit.md", 1, "Before the edit.")
    with Notebook.open(demo_path) as notebook:
        notebook.unlock(DEMO_PASSPHRASE)
        (note,) = notebook.import_notes(read_note_files([path])).notes
        draft = note.draft()
        draft.description = "After the edit."
        notebook.update_note(note.id, draft)
        again = notebook.import_notes(read_note_files([path]))
        assert again.notes == [] and again.already == (str(path),)
        assert notebook.note(note.id).description == "After the edit."


def test_two_copies_of_one_file_in_a_run_import_once(demo_path: Path, tmp_path: Path) -> None:
    write_note(tmp_path, "a.md", 1, "The same visit.")
    write_note(tmp_path, "b.md", 1, "The same visit.")
    with Notebook.open(demo_path) as notebook:
        notebook.unlock(DEMO_PASSPHRASE)
        result = notebook.import_notes(read_note_files([tmp_path]))
    assert len(result.notes) == 1
    assert result.already == (str(tmp_path / "b.md"),)


def test_the_source_digest_is_kept_only_inside_the_sealed_note(
    demo_path: Path, tmp_path: Path
) -> None:
    path = write_note(tmp_path, "visit.md", 1, "Sealed all the way.")
    (item,) = read_note_files([path])
    with Notebook.open(demo_path) as notebook:
        notebook.unlock(DEMO_PASSPHRASE)
        (note,) = notebook.import_notes([item]).notes
        keyed = note.source_digest
    assert keyed and keyed != item.fingerprint
    connection = sqlite3.connect(demo_path)
    try:
        dump = "\n".join(connection.iterdump())
    finally:
        connection.close()
    assert keyed not in dump and item.fingerprint not in dump


@pytest.mark.usefixtures("phrase")
def test_an_import_reports_every_problem_with_file_and_line(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_note(tmp_path, "a-good.md", 1, "Fine.")
    write_note(tmp_path, "b-bad-when.md", 2, "x").write_text(
        '+++\nmode = "observe"\nwhen = "yesterday"\n+++\nText\n'
    )
    write_note(tmp_path, "c-bad-mode.md", 3, "x").write_text(
        '+++\nmode = "watch"\nwhen = 2026-09-03\n+++\nText\n'
    )
    write_note(tmp_path, "d-unknown.md", 4, "Hm.", extra='obstacles = ["Weather"]\n')
    write_note(tmp_path, "e-principle.md", 5, "Hm.", extra='principles = ["sos.nope"]\n')
    before = count(demo_path, capsys)
    assert main(["import", "--notebook", str(demo_path), str(tmp_path)]) == 1
    error = capsys.readouterr().err.splitlines()
    # The files are read first: those that do not parse are all named in one run, a line each.
    assert error[0] == "fieldnotes: 2 problems in 2 files; nothing was imported:"
    assert error[1].startswith(f"  {tmp_path / 'b-bad-when.md'}:3: ")
    assert error[2].startswith(f"  {tmp_path / 'c-bad-mode.md'}:2: ")
    assert count(demo_path, capsys) == before

    (tmp_path / "b-bad-when.md").unlink()
    (tmp_path / "c-bad-mode.md").unlink()
    assert main(["import", "--notebook", str(demo_path), str(tmp_path)]) == 1
    error = capsys.readouterr().err
    assert "2 problems in 2 files; nothing was imported" in error
    assert "d-unknown.md:4: no obstacle called 'Weather'" in error
    assert "e-principle.md:4: unknown principle 'sos.nope'" in error
    assert count(demo_path, capsys) == before


def test_one_problem_is_a_plain_file_format_error(tmp_path: Path) -> None:
    write_note(tmp_path, "bad.md", 1, "x").write_text('+++\nmode = "x"\nwhen = 2026-09-01\n+++\n')
    with pytest.raises(FileFormatError) as caught:
        read_note_files([tmp_path])
    assert not isinstance(caught.value, ImportProblems)
    assert str(caught.value).startswith(f"{tmp_path / 'bad.md'}:2:")


def test_a_long_list_of_problems_is_cut_short() -> None:
    problems = [FileFormatError(f"{index}.md", 1, "bad") for index in range(60)]
    message = str(ImportProblems(problems))
    assert message.startswith("60 problems in 60 files; nothing was imported:")
    assert "49.md:1: bad" in message and "50.md:1" not in message
    assert message.endswith("… and 10 more")


def test_the_digest_is_keyed_per_notebook(
    demo_notebook: Notebook, empty_notebook: Notebook, tmp_path: Path
) -> None:
    path = write_note(tmp_path, "visit.md", 1, "One visit, two notebooks.")
    (ours,) = demo_notebook.import_notes(read_note_files([path])).notes
    (theirs,) = empty_notebook.import_notes(read_note_files([path])).notes
    assert ours.source_digest and theirs.source_digest
    assert ours.source_digest != theirs.source_digest
