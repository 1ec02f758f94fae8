"""Bad input and faults: each gives a clear message and loses nothing."""

from __future__ import annotations

import logging
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from datetime import datetime
from pathlib import Path

import pytest

from fieldnotes.crypto.kdf import FLOOR_KDF
from fieldnotes.domain.model import Note, NoteDraft, Quote
from fieldnotes.errors import (
    FieldnotesError,
    NotANotebook,
    NotebookBusy,
    StorageFull,
    UnsafeParameters,
    WrongPassphrase,
)
from fieldnotes.notebook import Notebook, NoteFilter
from fieldnotes.storage.codec import NOTE_TEXT
from fieldnotes.storage.store import SCHEMA_VERSION

from .conftest import TEST_PASSPHRASE

CANARY = "CANARY-7f3a-Wexford-Lane"


def _add(notebook: Notebook, text: str = "A visit.", **extra: object) -> str:
    return notebook.add_note(
        NoteDraft(mode="observe", occurred_at=datetime(2026, 9, 1, 10), description=text, **extra)  # type: ignore[arg-type]
    ).id


def _raw(path: Path) -> sqlite3.Connection:
    """The file opened as anyone with a copy could: the triggers' function is a no-op away."""
    conn = sqlite3.connect(path)
    conn.create_function("fieldnotes_dirty", 2, lambda *_: None)
    return conn


def _three_notes(tmp_path: Path) -> tuple[Path, list[str]]:
    path = tmp_path / "n.fieldnotes"
    with Notebook.create(path, TEST_PASSPHRASE, kdf=FLOOR_KDF) as notebook:
        ids = [_add(notebook, f"note {i}") for i in range(3)]
    return path, ids


def _reopen(path: Path) -> Notebook:
    notebook = Notebook.open(path)
    notebook.unlock(TEST_PASSPHRASE)
    return notebook


def test_wrong_passphrase_is_one_generic_error(tmp_path: Path) -> None:
    path, _ = _three_notes(tmp_path)
    with Notebook.open(path) as notebook:
        with pytest.raises(WrongPassphrase) as error:
            notebook.unlock("not it")
        assert "passphrase" in str(error.value)
        assert not notebook.is_unlocked


@pytest.mark.parametrize("damage", ["flip", "truncate", "empty"])
def test_damaged_note_reports_that_note_only(tmp_path: Path, damage: str) -> None:
    path, ids = _three_notes(tmp_path)
    with _raw(path) as conn:
        blob = conn.execute("select content from note where id=?", (ids[1],)).fetchone()[0]
        if damage == "flip":
            blob = blob[:-3] + bytes([blob[-3] ^ 0x40]) + blob[-2:]
        elif damage == "truncate":
            blob = blob[: len(blob) // 2]
        else:
            blob = b""
        conn.execute("update note set content=? where id=?", (blob, ids[1]))
    with _reopen(path) as notebook:
        notes = {n.id: n for n in notebook.notes()}
        # A note's text is sealed as one: none of it is shown once any of it is damaged.
        assert notes[ids[1]].damaged_fields == NOTE_TEXT
        assert notes[ids[1]].description == "" and notes[ids[1]].team == ""
        assert notes[ids[0]].description == "note 0" and not notes[ids[0]].damaged
        assert notes[ids[2]].description == "note 2"


def test_blob_moved_to_another_row_fails(tmp_path: Path) -> None:
    path, ids = _three_notes(tmp_path)
    with _raw(path) as conn:
        blob = conn.execute("select content from note where id=?", (ids[0],)).fetchone()[0]
        conn.execute("update note set content=? where id=?", (blob, ids[2]))
    with _reopen(path) as notebook:
        assert notebook.note(ids[2]).damaged
        assert notebook.note(ids[0]).description == "note 0"


def test_old_revision_replayed_fails(tmp_path: Path) -> None:
    path, ids = _three_notes(tmp_path)
    with _raw(path) as conn:
        old = conn.execute("select content from note where id=?", (ids[0],)).fetchone()[0]
    with _reopen(path) as notebook:
        draft = notebook.note(ids[0]).draft()
        draft.description = "corrected"
        notebook.update_note(ids[0], draft)
    with _raw(path) as conn:
        conn.execute("update note set content=? where id=?", (old, ids[0]))
    with _reopen(path) as notebook:
        assert notebook.note(ids[0]).damaged


def test_second_process_is_told_and_nothing_breaks(tmp_path: Path) -> None:
    path, _ = _three_notes(tmp_path)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                f"""
                import sys, time
                from fieldnotes.notebook import Notebook
                nb = Notebook.open({str(path)!r})
                print("open", flush=True)
                sys.stdin.readline()
                nb.close()
                """
            ),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        with pytest.raises(NotebookBusy, match="another fieldnotes process"):
            Notebook.open(path)
    finally:
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.flush()
        holder.wait(timeout=30)
    with _reopen(path) as notebook:
        assert len(notebook.notes()) == 3
        assert notebook.integrity_ok()


def test_process_killed_mid_write_keeps_last_commit(tmp_path: Path) -> None:
    path, _ = _three_notes(tmp_path)
    writer = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                f"""
                from datetime import datetime
                from fieldnotes.domain.model import NoteDraft
                from fieldnotes.notebook import Notebook
                nb = Notebook.open({str(path)!r})
                nb.unlock({TEST_PASSPHRASE!r})
                i = 0
                while True:
                    nb.add_note(NoteDraft(mode="question", description="x" * 5000 + str(i)))
                    i += 1
                    print(i, flush=True)
                """
            ),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert writer.stdout is not None
    committed = 0
    deadline = time.monotonic() + 60
    while committed < 25 and time.monotonic() < deadline:
        committed = int(writer.stdout.readline())
    writer.send_signal(signal.SIGKILL)
    writer.wait(timeout=30)
    with _reopen(path) as notebook:
        assert notebook.integrity_ok()
        notes = notebook.notes()
        # Everything that reported committed is there and readable; at most one more.
        assert 3 + committed <= len(notes) <= 3 + committed + 1
        assert not any(n.damaged for n in notes)


def test_full_disk_saves_nothing_and_keeps_notebook(tmp_path: Path) -> None:
    path, _ = _three_notes(tmp_path)
    with _reopen(path) as notebook:
        engine = notebook._store.engine
        with engine.connect() as conn:
            pages = conn.exec_driver_sql("PRAGMA page_count").scalar()
            conn.exec_driver_sql(f"PRAGMA max_page_count={pages}")
        with pytest.raises(StorageFull, match="disk is full"):
            _add(notebook, "y" * 200_000)
        assert sorted(n.description for n in notebook.notes()) == ["note 0", "note 1", "note 2"]
    with _reopen(path) as notebook:
        assert len(notebook.notes()) == 3
        assert notebook.integrity_ok()


def test_not_a_notebook(tmp_path: Path) -> None:
    junk = tmp_path / "junk.fieldnotes"
    junk.write_bytes(os.urandom(4096))
    with pytest.raises(NotANotebook):
        Notebook.open(junk)
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("create table t(x)")
    with pytest.raises(NotANotebook):
        Notebook.open(other)


def test_hostile_keyslot_parameters_refused_before_kdf(tmp_path: Path) -> None:
    path, _ = _three_notes(tmp_path)
    with _raw(path) as conn:
        conn.execute("update keyslot set memory_kib=?, iterations=?", (64 * 1024 * 1024, 1000))
    with Notebook.open(path) as notebook, pytest.raises(UnsafeParameters, match="refusing"):
        notebook.unlock(TEST_PASSPHRASE)


def test_passphrase_change_rewraps_only(tmp_path: Path) -> None:
    path, _ = _three_notes(tmp_path)
    with _raw(path) as conn:
        before = conn.execute("select id, content from note order by id").fetchall()
    with _reopen(path) as notebook:
        notebook.change_passphrase(TEST_PASSPHRASE, "a new long phrase")
    with _raw(path) as conn:
        after = conn.execute("select id, content from note order by id").fetchall()
        assert conn.execute("select count(*) from keyslot").fetchone()[0] == 1
    assert before == after
    with Notebook.open(path) as notebook:
        with pytest.raises(WrongPassphrase):
            notebook.unlock(TEST_PASSPHRASE)
        notebook.unlock("a new long phrase")
        assert len(notebook.notes()) == 3


def test_crash_mid_passphrase_change_leaves_one_working_slot(tmp_path: Path) -> None:
    path, _ = _three_notes(tmp_path)

    class Crash(Exception):
        pass

    def crash(point: str) -> None:
        if point == "passphrase:after-delete":
            raise Crash

    with _reopen(path) as notebook:
        notebook._store.fault_hook = crash
        with pytest.raises(Crash):
            notebook.change_passphrase(TEST_PASSPHRASE, "never written")
    with _raw(path) as conn:
        assert conn.execute("select count(*) from keyslot").fetchone()[0] == 1
    with _reopen(path) as notebook:
        assert len(notebook.notes()) == 3


def _files_contain(directory: Path, needle: str) -> list[str]:
    forms = [needle.encode(e) for e in ("utf-8", "utf-16-le", "utf-16-be")]
    hits = []
    for file in directory.rglob("*"):
        if file.is_file():
            data = file.read_bytes()
            if any(form in data for form in forms):
                hits.append(file.name)
    return hits


def test_canary_never_on_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))
    path = tmp_path / "n.fieldnotes"
    notebook = Notebook.create(path, TEST_PASSPHRASE, kdf=FLOOR_KDF)
    note_id = _add(
        notebook,
        f"Seen at {CANARY}",
        team=CANARY,
        asides=CANARY,
        quotes=[Quote(CANARY, CANARY)],
        participants=[CANARY],
    )
    obstacle = notebook.add_obstacle(f"Obstacle {CANARY}", description=CANARY)
    notebook.update_obstacle(obstacle.id, ask=CANARY)
    notebook.add_memo("code", CANARY, CANARY, note_ids=[note_id])
    notebook.save_draft("d", {"text": CANARY})
    assert _files_contain(tmp_path, CANARY) == []
    draft = notebook.note(note_id).draft()
    draft.description = f"Edited {CANARY} again"
    notebook.update_note(note_id, draft)
    assert _files_contain(tmp_path, CANARY) == []
    notebook.delete_note(note_id)
    assert _files_contain(tmp_path, CANARY) == []
    notebook.lock()
    assert _files_contain(tmp_path, CANARY) == []
    notebook.close()
    assert _files_contain(tmp_path, CANARY) == []
    assert all(oct(p.stat().st_mode & 0o777) == "0o600" for p in tmp_path.glob("n.fieldnotes*"))


def test_debug_logging_and_sql_echo_leak_nothing(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    logging.getLogger("sqlalchemy.engine").setLevel(logging.DEBUG)
    try:
        path = tmp_path / "n.fieldnotes"
        with Notebook.create(path, TEST_PASSPHRASE, kdf=FLOOR_KDF) as notebook:
            _add(notebook, CANARY, team=CANARY)
            notebook.search(CANARY)
        with Notebook.open(path) as notebook:
            notebook.unlock(TEST_PASSPHRASE)
            notebook.notes()
    finally:
        logging.getLogger("sqlalchemy.engine").setLevel(logging.WARNING)
    assert "INSERT INTO note" in caplog.text  # the echo really was on
    assert CANARY not in caplog.text
    assert TEST_PASSPHRASE not in caplog.text


GOLDEN = Path(__file__).parent / "data" / "golden-v1.fieldnotes"


def test_golden_notebook_from_format_1_opens(tmp_path: Path) -> None:
    """A notebook written by the first released format must open in every later version."""
    copy = tmp_path / GOLDEN.name
    copy.write_bytes(GOLDEN.read_bytes())
    with Notebook.open(copy) as notebook:
        notebook.unlock("golden passphrase")
        notes = notebook.notes()
        assert [n.description for n in notes] == [
            "Golden note two: the duty worker rang back within the hour.",
            "Golden note one: group supervision began with the family's own words.",
        ]
        assert notes[1].quotes == [Quote("What would the family say?", "team manager")]
        assert [notebook.obstacle_path(o) for o in notes[1].obstacle_ids] == [
            "IT system/Duplicate entry"
        ]
        assert notes[1].principles[0].principle_id == "sos.worried"
        assert notebook.memos()[0].title == "Golden memo"


def _golden_copy(tmp_path: Path) -> Path:
    copy = tmp_path / GOLDEN.name
    copy.write_bytes(GOLDEN.read_bytes())
    return copy


def _note_columns(path: Path) -> set[str]:
    with _raw(path) as conn:
        return {row[1] for row in conn.execute("pragma table_info(note)")}


def _schema_version(path: Path) -> str:
    with _raw(path) as conn:
        return conn.execute("select value from meta where key='schema_version'").fetchone()[0]


def _everything_in(notebook: Notebook) -> list[Note]:
    return notebook.notes()


def test_format_1_is_upgraded_at_unlock_and_reads_the_same(tmp_path: Path) -> None:
    copy = _golden_copy(tmp_path)
    assert "description" in _note_columns(copy) and _schema_version(copy) == "1"
    with Notebook.open(copy) as notebook:
        notebook.unlock("golden passphrase")
        upgraded = _everything_in(notebook)
    columns = _note_columns(copy)
    assert "content" in columns and not columns & set(NOTE_TEXT)
    assert _schema_version(copy) == str(SCHEMA_VERSION)
    with Notebook.open(copy) as notebook:
        notebook.unlock("golden passphrase")
        assert _everything_in(notebook) == upgraded
        assert [n.description for n in notebook.find(NoteFilter(query="duty RANG"))] == [
            "Golden note two: the duty worker rang back within the hour."
        ]
        _add(notebook, "A third note, after the upgrade.")
        assert len(notebook.notes()) == 3


def test_an_interrupted_upgrade_leaves_format_1_to_upgrade_next_time(tmp_path: Path) -> None:
    copy = _golden_copy(tmp_path)

    class Crash(Exception):
        pass

    def crash(point: str) -> None:
        if point == "upgrade:page":
            raise Crash

    with Notebook.open(copy) as notebook:
        notebook._store.fault_hook = crash
        with pytest.raises(Crash):
            notebook.unlock("golden passphrase")
        assert not notebook.is_unlocked
    assert "description" in _note_columns(copy) and _schema_version(copy) == "1"
    with Notebook.open(copy) as notebook:
        notebook.unlock("golden passphrase")
        assert len(notebook.notes()) == 2 and not any(n.damaged for n in notebook.notes())
    assert _schema_version(copy) == str(SCHEMA_VERSION)


def test_a_format_1_field_that_did_not_open_stays_damaged_after_the_upgrade(
    tmp_path: Path,
) -> None:
    copy = _golden_copy(tmp_path)
    with _raw(copy) as conn:
        note_id, blob = conn.execute(
            "select id, asides from note where description is not null order by occurred_at"
        ).fetchone()
        conn.execute(
            "update note set asides=? where id=?", (blob[:-1] + bytes([blob[-1] ^ 1]), note_id)
        )
    with Notebook.open(copy) as notebook:
        notebook.unlock("golden passphrase")
        notes = {n.id: n for n in notebook.notes()}
    damaged = notes.pop(note_id)
    assert damaged.damaged_fields == ("asides",) and damaged.asides == ""
    assert damaged.description.startswith("Golden note one")
    assert not any(n.damaged for n in notes.values())


def test_an_upgrade_that_this_sqlite_cannot_do_says_so_and_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = _golden_copy(tmp_path)
    monkeypatch.setattr(sqlite3, "sqlite_version_info", (3, 31, 1))
    monkeypatch.setattr(sqlite3, "sqlite_version", "3.31.1")
    with Notebook.open(copy) as notebook:
        with pytest.raises(FieldnotesError, match=r"needs SQLite 3\.35 or later.*3\.31\.1"):
            notebook.unlock("golden passphrase")
        assert not notebook.is_unlocked
    assert "description" in _note_columns(copy) and _schema_version(copy) == "1"
