"""The manifest's fine buckets (format 6): an upgrade that reports what it found, never
launders it, and writes that stay as guarded as before."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fieldnotes.__main__ import main
from fieldnotes.crypto.age import generate_identity, write_identity_file
from fieldnotes.crypto.integrity import keyed_mac, mac
from fieldnotes.crypto.kdf import FLOOR_KDF
from fieldnotes.domain.model import Note, NoteDraft
from fieldnotes.notebook import Notebook
from fieldnotes.storage.formats import SCHEMA_VERSION
from fieldnotes.storage.readstore import ReadStore

from .conftest import TEST_PASSPHRASE
from .raw_file import opened_raw

FORMAT_5 = Path(__file__).parent / "data" / "format-5.fieldnotes"
"""Five notes, two obstacles, a memo and the search index, written by the last fieldnotes of
format 5 (passphrase `format 5 passphrase`); two notes hold the word `interpreter`."""
PHRASE = "format 5 passphrase"


def _sql(path: Path, statement: str) -> None:
    with opened_raw(path) as conn, conn:
        conn.execute(statement)


def _format_5_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "format-5.fieldnotes"
    shutil.copy2(FORMAT_5, copy)
    return copy


def _format(path: Path) -> str:
    with opened_raw(path) as conn:
        found = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        return str(found[0])


def _rewritten(note: Note, description: str) -> NoteDraft:
    return NoteDraft(
        mode=note.mode,
        stage=note.stage,
        occurred_at=note.occurred_at,
        description=description,
        obstacle_ids=list(note.obstacle_ids),
    )


def _problems(path: Path, phrase: str = PHRASE) -> tuple[str, ...]:
    with Notebook.open(path) as notebook:
        notebook.unlock(phrase)
        return notebook.integrity_problems()


def test_a_format_5_notebook_is_upgraded_without_an_integrity_warning(tmp_path: Path) -> None:
    copy = _format_5_copy(tmp_path)
    assert _format(copy) == "5"
    with Notebook.open(copy) as notebook:
        notebook.unlock(PHRASE)
        assert notebook.integrity_problems() == ()
        found = {n.id for n in notebook.search("interpreter")}
        assert len(found) == 2
        note = notebook.notes()[0]
        notebook.update_note(note.id, _rewritten(note, "Edited."))
    assert _format(copy) == str(SCHEMA_VERSION)
    with Notebook.open(copy) as notebook:
        notebook.unlock(PHRASE)
        assert notebook.integrity_problems() == ()
        assert {n.id for n in notebook.search("interpreter")} <= found
        assert len(notebook.notes()) == 5


@pytest.mark.parametrize(
    ("damage", "named"),
    [
        ("UPDATE note SET mode = 'question' WHERE mode = 'co-work'", "notes — rows changed"),
        ("UPDATE obstacle SET status = 'fixed'", "obstacles — rows changed"),
        (
            "DELETE FROM note_obstacle WHERE rowid = (SELECT min(rowid) FROM note_obstacle)",
            "note–obstacle links — 1 row(s) missing",
        ),
        (
            "INSERT INTO memo_note (memo_id, note_id) SELECT memo.id, note.id FROM memo, note"
            " WHERE note.id NOT IN (SELECT note_id FROM memo_note) LIMIT 1",
            "memo–note links — 1 row(s) more than recorded",
        ),
    ],
)
def test_a_format_5_notebook_changed_outside_is_still_reported_after_the_upgrade(
    tmp_path: Path, damage: str, named: str
) -> None:
    copy = _format_5_copy(tmp_path)
    _sql(copy, damage)
    at_upgrade = _problems(copy)
    assert _format(copy) == str(SCHEMA_VERSION)
    assert any(named in problem for problem in at_upgrade), at_upgrade
    # Not taken as it is because the upgrade took its checksums again: the next unlock, and
    # one after a write of fieldnotes' own, say the same.
    assert _problems(copy) == at_upgrade
    with Notebook.open(copy) as notebook:
        notebook.unlock(PHRASE)
        notebook.accept_current_state()
    assert _problems(copy) == ()


def test_a_write_after_an_upgrade_that_found_a_change_does_not_clear_the_report(
    tmp_path: Path,
) -> None:
    copy = _format_5_copy(tmp_path)
    _sql(copy, "UPDATE note SET mode = 'question' WHERE mode = 'co-work'")
    at_upgrade = _problems(copy)
    assert at_upgrade
    with Notebook.open(copy) as notebook:
        notebook.unlock(PHRASE)
        for note in notebook.notes():
            if not note.damaged:
                notebook.update_note(note.id, _rewritten(note, "New."))
        notebook.add_note(
            NoteDraft(mode="observe", occurred_at=datetime(2026, 12, 1, 9), description="Late.")
        )
    assert _problems(copy) == at_upgrade


def test_a_format_5_notebook_whose_manifest_is_missing_still_says_so(tmp_path: Path) -> None:
    copy = _format_5_copy(tmp_path)
    _sql(copy, "DELETE FROM manifest")
    problems = _problems(copy)
    assert any("manifest is missing" in problem for problem in problems), problems
    assert _problems(copy)  # and something is still reported after the upgrade's write


def test_the_light_commands_hand_a_format_5_file_to_the_sealed_store(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    copy = _format_5_copy(tmp_path)
    assert ReadStore.open(copy) is None
    monkeypatch.setenv("FIELDNOTES_NOTEBOOK", str(copy))
    monkeypatch.setenv("FIELDNOTES_PASSPHRASE", PHRASE)
    assert main(["search", "interpreter"]) == 0
    found = capsys.readouterr().out
    assert found.count("\n") >= 2 and "interpreter" in found
    assert _format(copy) == str(SCHEMA_VERSION)
    assert isinstance(ReadStore.open(copy), ReadStore)
    assert main(["search", "interpreter"]) == 0
    assert capsys.readouterr().out == found


def _two_notes_sharing_a_coarse_bucket(notebook: Notebook) -> tuple[str, str]:
    """Two notes whose ids begin with the same two characters (format 5 bucketed them
    together) and differ within four (format 6 does not)."""
    seen: dict[str, str] = {}
    for i in range(2000):
        note = notebook.add_note(
            NoteDraft(mode="observe", occurred_at=datetime(2026, 9, 1, 10), description=f"N{i}")
        )
        other = seen.get(note.id[:2])
        if other is not None and other[:4] != note.id[:4]:
            return other, note.id
        seen[note.id[:2]] = note.id
    raise AssertionError("no two ids shared their first two characters")


def test_a_change_outside_beside_a_note_saved_in_the_same_session_is_still_reported(
    tmp_path: Path,
) -> None:
    """A change made to the file while it is open is laundered only when fieldnotes writes to
    the same bucket; with finer buckets, a note written beside it no longer does that."""
    path = tmp_path / "n.fieldnotes"
    with Notebook.create(path, TEST_PASSPHRASE, kdf=FLOOR_KDF) as notebook:
        changed, saved = _two_notes_sharing_a_coarse_bucket(notebook)
    with Notebook.open(path) as notebook:
        notebook.unlock(TEST_PASSPHRASE)
        assert notebook.integrity_problems() == ()
        _sql(path, f"UPDATE note SET stage = 'jotting' WHERE id = '{changed}'")
        note = notebook.note(saved)
        notebook.update_note(saved, _rewritten(note, "Saved again."))
    problems = _problems(path, TEST_PASSPHRASE)
    assert any("notes — rows changed" in problem for problem in problems), problems


@given(st.binary(min_size=32, max_size=32), st.text(), st.text(), st.text(max_size=2000))
def test_the_manifests_many_checksums_are_the_plain_mac(
    key: bytes, table: str, bucket: str, rows: str
) -> None:
    assert keyed_mac(key, table)(bucket, rows) == mac(key, table, bucket, rows)


@pytest.mark.parametrize(
    ("damage", "status"),
    [(None, 0), ("UPDATE note SET mode = 'question' WHERE mode = 'co-work'", 1)],
)
def test_a_backup_taken_at_format_5_is_checked_as_format_5_buckets_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], damage: str | None, status: int
) -> None:
    copy = _format_5_copy(tmp_path)
    if damage is not None:
        _sql(copy, damage)
    secret, public = generate_identity()
    identity = tmp_path / "keys" / "me.txt"
    identity.parent.mkdir()
    write_identity_file(identity, secret, public)
    backup = tmp_path / "nightly.age"
    assert main(["backup", "--notebook", str(copy), "--to", public, "--output", str(backup)]) == 0
    assert _format(copy) == "5"  # a backup reads the file as it is
    phrase = tmp_path / "phrase"
    phrase.write_text(f"{PHRASE}\n")
    capsys.readouterr()
    verify = ["backup", "verify", str(backup), "--identity", str(identity)]
    assert main([*verify, "--passphrase-file", str(phrase)]) == status
    out, err = capsys.readouterr()
    if damage is None:
        assert "all 5 notes open with the passphrase" in out
    else:
        assert "notes — rows changed" in err


def _recorded_and_found(path: Path, phrase: str) -> tuple[dict[object, object], ...]:
    with Notebook.open(path) as notebook:
        notebook.unlock(phrase)
        assert notebook.integrity_problems() == ()
        manifest = notebook._store.manifest
        with opened_raw(path) as conn:
            found = manifest._all_digests(conn)
            rows = conn.execute("SELECT tbl, bucket, rows, digest FROM manifest_bucket")
            recorded = {
                (table, bucket): (count, int.from_bytes(digest, "big"))
                for table, bucket, count, digest in rows
            }
    return recorded, found


@pytest.mark.parametrize("one_pass", [0, 10**9])
def test_large_and_small_writes_keep_every_bucket_as_its_rows_are(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, one_pass: int
) -> None:
    """An import batch of hundreds of notes is checksummed a table at a time or a bucket at
    a time (`ONE_PASS_BUCKETS`); either way every bucket row is what a fresh check finds."""
    from bench.generate import PASSPHRASE, generate
    from fieldnotes.storage import manifest

    monkeypatch.setattr(manifest, "ONE_PASS_BUCKETS", one_pass)
    path = generate(tmp_path / "batches.fieldnotes", 700, seed=3, kdf=FLOOR_KDF, batch=500)
    with Notebook.open(path) as notebook:
        notebook.unlock(PASSPHRASE)
        notes = notebook.notes()
        notebook.trash_note(notes[0].id)
        notebook.update_note(notes[1].id, _rewritten(notes[1], "Rewritten."))
    recorded, found = _recorded_and_found(path, PASSPHRASE)
    assert recorded == found
    assert len(found) > 700
