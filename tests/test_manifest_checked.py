"""A notebook this machine checked, and that nothing has written since, is not checksummed
again row by row at the next open; anything that could have changed it is."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable
from contextlib import closing
from datetime import datetime
from pathlib import Path

import pytest

from fieldnotes.__main__ import main
from fieldnotes.crypto.kdf import FLOOR_KDF
from fieldnotes.domain.model import NoteDraft
from fieldnotes.notebook import Notebook
from fieldnotes.storage import manifest

from .conftest import TEST_PASSPHRASE

Opener = Callable[[], tuple[tuple[str, ...], int]]


@pytest.fixture
def notebook_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    # The file was written a moment ago; on this file system its times are exact, so the
    # racy-clean margin would only make every test wait.
    monkeypatch.setattr(manifest, "RACY_NANOSECONDS", 0, raising=False)
    path = tmp_path / "n.fieldnotes"
    with Notebook.create(path, TEST_PASSPHRASE, kdf=FLOOR_KDF) as notebook:
        for day in (1, 2, 3):
            notebook.add_note(
                NoteDraft(
                    mode="observe",
                    occurred_at=datetime(2026, 9, day, 10),
                    team="Duty",
                    description=f"Visit number {day}.",
                )
            )
    return path


@pytest.fixture
def open_and_close(notebook_path: Path, monkeypatch: pytest.MonkeyPatch) -> Opener:
    """Open, unlock, ask for the problems, close: (problems, full checks made)."""
    full_checks: list[None] = []
    verify = manifest.Manifest.verify

    def counted(self: manifest.Manifest, driver: sqlite3.Connection) -> None:
        full_checks.append(None)
        verify(self, driver)

    monkeypatch.setattr(manifest.Manifest, "verify", counted)

    def run() -> tuple[tuple[str, ...], int]:
        before = len(full_checks)
        with Notebook.open(notebook_path) as notebook:
            notebook.unlock(TEST_PASSPHRASE)
            problems = notebook.integrity_problems()
        return problems, len(full_checks) - before

    return run


def _raw_update(path: Path, statement: str) -> None:
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.create_function("fieldnotes_dirty", 2, lambda *_: None)
        conn.execute(statement)


def test_an_unchanged_notebook_is_not_checksummed_again(open_and_close: Opener) -> None:
    assert open_and_close() == ((), 1)
    assert open_and_close() == ((), 0)
    assert open_and_close() == ((), 0)


def test_an_outside_change_after_the_check_is_reported_at_the_next_open(
    notebook_path: Path, open_and_close: Opener
) -> None:
    assert open_and_close() == ((), 1)
    before = os.stat(notebook_path)
    # Same length, same size, and the modification time put back: only the status-change
    # time tells that the file was written.
    _raw_update(notebook_path, "UPDATE note SET mode = 'obsxrve' WHERE mode = 'observe'")
    os.utime(notebook_path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert os.stat(notebook_path).st_size == before.st_size

    problems, full_checks = open_and_close()
    assert full_checks == 1
    assert any("do not match its manifest: notes" in problem for problem in problems)
    # Found once, said at every open until accepted: a report is never taken as checked.
    problems_again, full_checks_again = open_and_close()
    assert problems_again == problems and full_checks_again == 1


def test_a_write_since_the_check_means_a_full_check_next_time(
    notebook_path: Path, open_and_close: Opener
) -> None:
    assert open_and_close() == ((), 1)
    with Notebook.open(notebook_path) as notebook:
        notebook.unlock(TEST_PASSPHRASE)
        notebook.add_note(
            NoteDraft(mode="observe", occurred_at=datetime(2026, 9, 9, 10), description="More.")
        )
    assert open_and_close() == ((), 1)
    assert open_and_close() == ((), 0)


def test_a_copy_put_in_the_files_place_is_checked_in_full(
    notebook_path: Path, open_and_close: Opener
) -> None:
    copy = notebook_path.with_name("copy.fieldnotes")
    copy.write_bytes(notebook_path.read_bytes())
    assert open_and_close() == ((), 1)
    _raw_update(copy, "DELETE FROM note WHERE mode = 'observe'")
    os.replace(copy, notebook_path)
    problems, full_checks = open_and_close()
    assert full_checks == 1
    assert any("3 row(s) missing" in problem for problem in problems)


def test_a_forged_or_garbled_record_of_the_check_means_a_full_check(
    notebook_path: Path, open_and_close: Opener
) -> None:
    assert open_and_close() == ((), 1)
    (record,) = Path(os.environ["XDG_STATE_HOME"]).rglob("*.checked.json")
    data = json.loads(record.read_text())
    data["generation"] += 1
    record.write_text(json.dumps(data))
    assert open_and_close() == ((), 1)
    record.write_text("{not json")
    assert open_and_close() == ((), 1)
    assert open_and_close() == ((), 0)


def test_fieldnotes_check_always_checksums_every_row(
    notebook_path: Path,
    open_and_close: Opener,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert open_and_close() == ((), 1)
    assert open_and_close() == ((), 0)
    full_checks: list[None] = []
    verify = manifest.Manifest.verify

    def counted(self: manifest.Manifest, driver: sqlite3.Connection) -> None:
        full_checks.append(None)
        verify(self, driver)

    monkeypatch.setattr(manifest.Manifest, "verify", counted)
    monkeypatch.setenv("FIELDNOTES_PASSPHRASE", TEST_PASSPHRASE)
    assert main(["check", "--notebook", str(notebook_path)]) == 0
    assert "The notebook is intact" in capsys.readouterr().out
    assert len(full_checks) == 1


def test_a_file_written_moments_ago_is_not_recorded_as_checked(
    open_and_close: Opener, monkeypatch: pytest.MonkeyPatch
) -> None:
    # On a file system with coarse times a change within the same tick leaves them as they
    # were: a file this fresh is checked in full until it is older than the margin.
    monkeypatch.setattr(manifest, "RACY_NANOSECONDS", 3600 * 10**9)
    assert open_and_close() == ((), 1)
    assert open_and_close() == ((), 1)


def test_a_rollback_is_still_reported_when_the_rows_are_not_checksummed_again(
    notebook_path: Path, open_and_close: Opener
) -> None:
    from fieldnotes.paths import seen_record

    assert open_and_close() == ((), 1)
    # This machine saw a later state of the notebook than the file now holds (as after a
    # copy of it written elsewhere was thrown away and this older file kept), and the file
    # itself was not touched since its check.
    with Notebook.open(notebook_path) as notebook:
        notebook.unlock(TEST_PASSPHRASE)
        assert notebook.integrity_problems() == ()
        kept = notebook._store.manifest
        record = seen_record(notebook._store.notebook_id.hex())
        generation = kept.generation
        kept.generation = generation + 5
        kept.record_seen(record, force=True)
        kept.generation = generation
    problems, full_checks = open_and_close()
    assert full_checks == 0
    assert any("rolled back" in problem for problem in problems)
