"""Damage is found, named and contained: never read as empty, never a lock-out, never silent."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import datetime
from pathlib import Path

import pytest

from fieldnotes.__main__ import main
from fieldnotes.crypto.kdf import FLOOR_KDF
from fieldnotes.errors import DamagedError, DamagedKeyslot, NotANotebook
from fieldnotes.model import NoteDraft
from fieldnotes.notebook import Notebook

from .conftest import DEMO_PASSPHRASE, TEST_PASSPHRASE


def _sql(path: Path, statement: str, params: tuple[object, ...] = ()) -> None:
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute(statement, params)


def _flip_last_byte(path: Path, table: str, column: str, row_id: str) -> None:
    with closing(sqlite3.connect(path)) as conn, conn:
        (blob,) = conn.execute(f"select {column} from {table} where id = ?", (row_id,)).fetchone()
        conn.execute(
            f"update {table} set {column} = ? where id = ?",
            (blob[:-1] + bytes([blob[-1] ^ 1]), row_id),
        )


def _notebook_with_notes(tmp_path: Path, count: int = 3) -> tuple[Path, list[str]]:
    path = tmp_path / "n.fieldnotes"
    with Notebook.create(path, TEST_PASSPHRASE, kdf=FLOOR_KDF) as notebook:
        ids = [
            notebook.add_note(
                NoteDraft(
                    mode="observe",
                    occurred_at=datetime(2026, 9, 1 + i, 10),
                    description=f"Visit number {i}.",
                )
            ).id
            for i in range(count)
        ]
    return path, ids


# ------------------------------------------------- damaged settings stop, never fail open


def test_a_damaged_protected_names_list_is_not_an_empty_one(
    demo_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from fieldnotes.crypto.age import generate_identity

    with Notebook.open(demo_path) as notebook:
        notebook.unlock(DEMO_PASSPHRASE)
        notebook.set_protected_names(["Amelia Hart"])
    _flip_last_byte(demo_path, "sealed_setting", "value", "protected_names")

    with Notebook.open(demo_path) as notebook:
        notebook.unlock(DEMO_PASSPHRASE)
        with pytest.raises(DamagedError, match="the protected names list is damaged"):
            notebook.protected_names()

    monkeypatch.setenv("FIELDNOTES_PASSPHRASE", DEMO_PASSPHRASE)
    _secret, public = generate_identity()
    out = demo_path.parent / "out"
    out.mkdir()
    export = ["brief", "export", "--notebook", str(demo_path), "--to", public]
    code = main([*export, "--output", str(out), "--identifiers", "confirm"])
    assert code == 1
    assert "the protected names list is damaged" in capsys.readouterr().err
    assert list(out.iterdir()) == []

    # It can be set again as a whole, and then it is trusted again.
    assert main(["protect", "--notebook", str(demo_path), "--replace", "Amelia Hart"]) == 0
    assert "1 protected name(s)." in capsys.readouterr().out


def test_a_damaged_leader_is_listed_as_damaged_and_can_be_removed(
    demo_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from fieldnotes.crypto.age import generate_identity

    with Notebook.open(demo_path) as notebook:
        notebook.unlock(DEMO_PASSPHRASE)
        kept = notebook.add_leader("DCS", generate_identity()[1])
        broken = notebook.add_leader("Head of service", generate_identity()[1])
    _flip_last_byte(demo_path, "leader", "recipient", broken.id)
    with Notebook.open(demo_path) as notebook:
        notebook.unlock(DEMO_PASSPHRASE)
        leaders = {leader.id: leader for leader in notebook.leaders()}
        assert leaders[kept.id].label == "DCS" and not leaders[kept.id].damaged
        assert leaders[broken.id].damaged and leaders[broken.id].recipient == ""
    monkeypatch.setenv("FIELDNOTES_PASSPHRASE", DEMO_PASSPHRASE)
    assert main(["leader", "list", "--notebook", str(demo_path)]) == 0
    assert "(damaged leader)" in capsys.readouterr().out
    assert main(["leader", "remove", "--notebook", str(demo_path), "(damaged leader)"]) == 0
    with Notebook.open(demo_path) as notebook:
        notebook.unlock(DEMO_PASSPHRASE)
        assert [leader.id for leader in notebook.leaders()] == [kept.id]


@pytest.mark.parametrize("how", ["flip", "delete-half"])
def test_a_damaged_author_identity_is_not_silently_replaced(demo_path: Path, how: str) -> None:
    with Notebook.open(demo_path) as notebook:
        notebook.unlock(DEMO_PASSPHRASE)
        public = notebook.author_recipient()
    if how == "flip":
        _flip_last_byte(demo_path, "sealed_setting", "value", "author_identity")
    else:
        _sql(demo_path, "delete from sealed_setting where id = 'author_identity'")
    with Notebook.open(demo_path) as notebook:
        notebook.unlock(DEMO_PASSPHRASE)
        with pytest.raises(DamagedError, match="the author's own identity is damaged"):
            notebook.author_recipient()
    with closing(sqlite3.connect(demo_path)) as conn:
        (still,) = conn.execute(
            "select count(*) from sealed_setting where id = 'author_recipient'"
        ).fetchone()
    assert still == 1 and public.startswith("age1")


# ------------------------------------------ one bad clear cell damages one row, no more


NOTE_GARBAGE = [
    ("mode", "sideways"),
    ("mode", 7),
    ("stage", "finished"),
    ("occurred_at", "not a date"),
    ("occurred_at", 12),
    ("occurred_at", b"\x00\x01"),
    ("created_at", "2026-13-45"),
    ("updated_at", ""),
    ("revision", "one"),
    ("revision", 9),
    ("revision", 1.5),
    ("trashed_at", "soon"),
    ("content", b"short"),
    ("content", "text, not a blob"),
]


@pytest.mark.parametrize(("column", "value"), NOTE_GARBAGE)
def test_garbage_in_a_clear_cell_damages_that_note_and_only_that_note(
    tmp_path: Path,
    column: str,
    value: object,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path, ids = _notebook_with_notes(tmp_path)
    victim = ids[1]
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute(f"update note set {column} = ? where id = ?", (value, victim))

    with Notebook.open(path) as notebook:
        notebook.unlock(TEST_PASSPHRASE)
        notes = {note.id: note for note in notebook.notes()}
        if column == "trashed_at":
            # A garbled trash date still puts the note out of sight: it is listed as damaged
            # in the trash, never silently gone.
            assert victim not in notes
            [trashed] = notebook.trashed_notes()
            assert trashed.id == victim and trashed.damaged
        else:
            assert notes[victim].damaged and notes[victim].description == ""
            assert notebook.note(victim).damaged
        for other in (ids[0], ids[2]):
            assert not notes[other].damaged and notes[other].description.startswith("Visit")
        assert notebook.synthesis() is not None

    monkeypatch.setenv("FIELDNOTES_PASSPHRASE", TEST_PASSPHRASE)
    code = main(["list", "--notebook", str(path)])
    shown = capsys.readouterr()
    assert "unexpected" not in shown.err
    assert shown.out.count("Visit number") == 2
    if column != "trashed_at":
        assert code != 2 and "DAMAGED" in shown.out


@pytest.mark.parametrize(
    ("column", "value", "named"),
    [
        ("memory_kib", "lots", "memory_kib is not a whole number"),
        ("iterations", 2.5, "iterations is not a whole number"),
        ("lanes", b"\x01", "lanes is not a whole number"),
        ("salt", "salty", "salt is not binary data"),
        ("wrapped", 12, "wrapped is not binary data"),
        ("key_id", "id", "key_id is not binary data"),
    ],
)
def test_garbage_in_the_keyslot_says_the_keyslot_is_damaged(
    tmp_path: Path,
    column: str,
    value: object,
    named: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path, _ids = _notebook_with_notes(tmp_path, 1)
    _sql(path, f"update keyslot set {column} = ?", (value,))
    with Notebook.open(path) as notebook:
        with pytest.raises(DamagedKeyslot, match=f"the notebook's keyslot is damaged: {named}"):
            notebook.unlock(TEST_PASSPHRASE)
        assert not notebook.is_unlocked
    monkeypatch.setenv("FIELDNOTES_PASSPHRASE", TEST_PASSPHRASE)
    assert main(["list", "--notebook", str(path)]) == 1
    assert "the notebook's keyslot is damaged" in capsys.readouterr().err


@pytest.mark.parametrize("value", ["two", "", None, "2.5", "-1"])
def test_garbage_in_the_format_number_says_so(
    tmp_path: Path,
    value: object,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path, _ids = _notebook_with_notes(tmp_path, 1)
    if value is None:
        _sql(path, "delete from meta where key = 'schema_version'")
    else:
        _sql(path, "update meta set value = ? where key = 'schema_version'", (value,))
    with pytest.raises(NotANotebook, match="format number is missing or damaged"):
        Notebook.open(path)
    monkeypatch.setenv("FIELDNOTES_PASSPHRASE", TEST_PASSPHRASE)
    assert main(["list", "--notebook", str(path)]) == 1
    assert "format number is missing or damaged" in capsys.readouterr().err


def test_a_failure_after_the_key_is_in_leaves_the_notebook_locked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, _ids = _notebook_with_notes(tmp_path, 1)

    class Boom(Exception):
        pass

    def fail() -> None:
        raise Boom

    with Notebook.open(path) as notebook:
        monkeypatch.setattr(notebook, "_after_unlock", fail)
        with pytest.raises(Boom):
            notebook.unlock(TEST_PASSPHRASE)
        assert not notebook.is_unlocked
