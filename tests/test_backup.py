"""Encrypted backups: backup → verify → restore, and every way a backup can be bad."""

from __future__ import annotations

import io
import os
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fieldnotes.__main__ import main
from fieldnotes.crypto.age import generate_identity, write_identity_file
from fieldnotes.domain.backup import BackupError, BackupHeader, unpack_backup
from fieldnotes.domain.model import NoteDraft
from fieldnotes.notebook import Notebook, open_backup
from fieldnotes.storage.snapshot import SQLITE_MAGIC

from .conftest import DEMO_PASSPHRASE, TEST_PASSPHRASE

AGE = shutil.which("age")
CANARY = "Canary-Zebedee-Quince-4471"


@pytest.fixture
def keys(tmp_path: Path) -> tuple[Path, str]:
    """An identity file and its recipient, as `fieldnotes keygen --output` makes them."""
    secret, public = generate_identity()
    identity = tmp_path / "keys" / "me.txt"
    identity.parent.mkdir()
    write_identity_file(identity, secret, public)
    return identity, public


@pytest.fixture
def phrase_file(tmp_path: Path) -> Path:
    path = tmp_path / "notebook-phrase"
    path.write_text(f"{DEMO_PASSPHRASE}\n")
    return path


def _with_canary(demo_path: Path) -> str:
    notebook = Notebook.open(demo_path)
    notebook.unlock(DEMO_PASSPHRASE)
    try:
        notebook.add_note(NoteDraft(mode="observe", description=f"A visit. {CANARY}"))
        return notebook.notebook_id.replace("-", "")
    finally:
        notebook.close()


def _backup(demo_path: Path, output: Path, public: str) -> None:
    argv = ["backup", "--notebook", str(demo_path), "--to", public, "--output", str(output)]
    assert main(argv) == 0


def _files_holding(folder: Path, needles: list[bytes]) -> list[str]:
    found = []
    for path in folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            found += [f"{path.name}: {needle!r}" for needle in needles if needle in data]
    return found


def test_backup_verify_restore_round_trip(
    demo_path: Path,
    tmp_path: Path,
    keys: tuple[Path, str],
    phrase_file: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    identity, public = keys
    before = Notebook.open(demo_path)
    before.unlock(DEMO_PASSPHRASE)
    notes_before = {(n.occurred_at, n.description, tuple(n.obstacle_ids)) for n in before.notes()}
    notebook_id = before.notebook_id
    before.close()
    backup = tmp_path / "out" / "nightly.age"
    backup.parent.mkdir()
    _backup(demo_path, backup, public)
    assert oct(backup.stat().st_mode & 0o777) == "0o600"
    out = capsys.readouterr().out
    assert f"notebook {notebook_id.replace('-', '')[:8]}" in out and "68 notes" in out

    assert main(["backup", "verify", str(backup), "--identity", str(identity)]) == 0
    assert "68 notes, complete" in capsys.readouterr().out
    verify = ["backup", "verify", str(backup), "--identity", str(identity)]
    assert main([*verify, "--passphrase-file", str(phrase_file)]) == 0
    assert "all 68 notes open with the passphrase" in capsys.readouterr().out

    # The notebook's passphrase changes after the backup: the restore opens with the old one.
    assert (
        main(
            [
                "passwd",
                "--notebook",
                str(demo_path),
                "--passphrase-file",
                str(phrase_file),
                "--new-passphrase-file",
                str(_write(tmp_path / "new", "a newer passphrase")),
            ]
        )
        == 0
    )
    restored = tmp_path / "restored" / "again.fieldnotes"
    restored.parent.mkdir()
    argv = ["restore", str(backup), "--notebook", str(restored), "--identity", str(identity)]
    assert main(argv) == 0
    assert oct(restored.stat().st_mode & 0o777) == "0o600"
    after = Notebook.open(restored)
    after.unlock(DEMO_PASSPHRASE)
    try:
        assert after.notebook_id == notebook_id
        assert {(n.occurred_at, n.description, tuple(n.obstacle_ids)) for n in after.notes()} == (
            notes_before
        )
        assert after.integrity_ok()
    finally:
        after.close()


def _write(path: Path, text: str) -> Path:
    path.write_text(text + "\n")
    return path


@pytest.mark.real_scrypt
def test_a_passphrase_backup_opens_with_its_own_passphrase(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    backup_phrase = _write(tmp_path / "backup-phrase", "kept apart from the notebook")
    backup = tmp_path / "b.age"
    argv = ["backup", "--notebook", str(demo_path), "--to-passphrase-file", str(backup_phrase)]
    assert main([*argv, "--output", str(backup)]) == 0
    assert (
        main(["backup", "verify", str(backup), "--backup-passphrase-file", str(backup_phrase)]) == 0
    )
    assert "complete" in capsys.readouterr().out
    wrong = _write(tmp_path / "wrong", "not the backup's passphrase")
    assert main(["backup", "verify", str(backup), "--backup-passphrase-file", str(wrong)]) == 1
    assert "wrong passphrase for this backup" in capsys.readouterr().err


def test_a_backup_needs_keys_or_a_passphrase_and_never_overwrites(
    demo_path: Path, tmp_path: Path, keys: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["backup", "--notebook", str(demo_path), "--output", str(tmp_path / "x.age")]) == 1
    assert "--to age1" in capsys.readouterr().err
    assert not (tmp_path / "x.age").exists()
    existing = tmp_path / "old.age"
    existing.write_bytes(b"an older backup")
    argv = ["backup", "--notebook", str(demo_path), "--to", keys[1], "--output", str(existing)]
    assert main(argv) == 1
    assert "already exists" in capsys.readouterr().err
    assert existing.read_bytes() == b"an older backup"


def test_no_plaintext_database_bytes_reach_the_disk_during_a_backup(
    demo_path: Path, tmp_path: Path, keys: tuple[Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    clear_id = _with_canary(demo_path).encode()
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setattr("tempfile.tempdir", None)
    out = tmp_path / "out"
    out.mkdir()
    _backup(demo_path, out, keys[1])
    needles = [SQLITE_MAGIC, clear_id, CANARY.encode(), CANARY.encode("utf-16-le")]
    assert [p.suffix for p in out.iterdir()] == [".age"]
    assert _files_holding(out, needles) == []
    assert _files_holding(temp, needles) == []
    # And the notebook's own file does hold the clear id: the needle would have been found.
    assert clear_id in demo_path.read_bytes()


def test_a_backup_is_taken_while_the_app_has_the_notebook_open(
    demo_path: Path, tmp_path: Path, keys: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    app = Notebook.open(demo_path)
    app.unlock(DEMO_PASSPHRASE)
    writer = sqlite3.connect(demo_path)
    try:
        app.add_note(NoteDraft(mode="question", description="Written while the app is open."))
        # Another connection is part-way through a write: the snapshot must not include it.
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("CREATE TABLE half_written (x)")
        backup = tmp_path / "open.age"
        _backup(demo_path, backup, keys[1])
    finally:
        writer.rollback()
        writer.close()
        app.close()
    assert "69 notes" in capsys.readouterr().out
    identity = keys[0]
    assert main(["backup", "verify", str(backup), "--identity", str(identity)]) == 0
    opened = open_backup(backup.read_bytes(), identities=[_secret(identity)])
    assert "half_written" not in opened.header.counts
    assert opened.header.notes == 69


def _secret(identity: Path) -> str:
    return next(line for line in identity.read_text().splitlines() if line.startswith("AGE-"))


@pytest.mark.parametrize("damage", ["truncated", "byte-flipped", "wrong key", "not age"])
def test_a_bad_backup_is_refused_and_nothing_is_written(
    damage: str,
    demo_path: Path,
    tmp_path: Path,
    keys: tuple[Path, str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    identity, public = keys
    good = tmp_path / "good.age"
    _backup(demo_path, good, public)
    data = good.read_bytes()
    if damage == "truncated":
        data = data[: len(data) // 2]
    elif damage == "byte-flipped":
        middle = len(data) // 2
        data = data[:middle] + bytes([data[middle] ^ 0x01]) + data[middle + 1 :]
    elif damage == "wrong key":
        other_secret, other_public = generate_identity()
        identity = tmp_path / "other.txt"
        write_identity_file(identity, other_secret, other_public)
    else:
        data = demo_path.read_bytes()
    bad = tmp_path / "bad.age"
    bad.write_bytes(data)
    capsys.readouterr()
    assert main(["backup", "verify", str(bad), "--identity", str(identity)]) == 1
    message = capsys.readouterr().err
    expected = {
        "truncated": "damaged or incomplete",
        "byte-flipped": "damaged",
        "wrong key": "not encrypted to any of your identities",
        "not age": "not an age-encrypted file",
    }[damage]
    assert expected in message and len(message.strip().splitlines()) == 1
    target_dir = tmp_path / "restore-here"
    target_dir.mkdir()
    target = target_dir / "new.fieldnotes"
    argv = ["restore", str(bad), "--notebook", str(target), "--identity", str(identity)]
    assert main(argv) == 1
    assert expected in capsys.readouterr().err
    assert list(target_dir.iterdir()) == []


def test_restore_never_overwrites_a_notebook(
    demo_path: Path, tmp_path: Path, keys: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    identity, public = keys
    backup = tmp_path / "b.age"
    _backup(demo_path, backup, public)
    other = tmp_path / "other.fieldnotes"
    other.write_bytes(b"someone's notebook")
    argv = ["restore", str(backup), "--notebook", str(other), "--identity", str(identity)]
    assert main(argv) == 1
    assert "already exists" in capsys.readouterr().err
    assert other.read_bytes() == b"someone's notebook"
    # A journal left beside the new name would be replayed into the restored notebook.
    fresh = tmp_path / "fresh.fieldnotes"
    Path(f"{fresh}-wal").write_bytes(b"stale journal")
    argv = ["restore", str(backup), "--notebook", str(fresh), "--identity", str(identity)]
    assert main(argv) == 1
    assert "earlier notebook" in capsys.readouterr().err
    assert not fresh.exists()


@pytest.mark.skipif(AGE is None, reason="the `age` tool (Debian package `age`) is not installed")
def test_the_age_tool_and_tar_open_a_backup(
    demo_path: Path, tmp_path: Path, keys: tuple[Path, str]
) -> None:
    identity, public = keys
    backup = tmp_path / "b.age"
    _backup(demo_path, backup, public)
    assert AGE is not None
    result = subprocess.run(
        [AGE, "-d", "-i", str(identity), str(backup)], capture_output=True, timeout=60, check=True
    )
    with tarfile.open(fileobj=io.BytesIO(result.stdout)) as archive:
        assert archive.getnames() == ["fieldnotes-backup.json", "notebook.fieldnotes"]
        member = archive.extractfile("notebook.fieldnotes")
        assert member is not None
        image = member.read()
    copy = tmp_path / "from-age.fieldnotes"
    copy.write_bytes(image)
    os.chmod(copy, 0o600)
    notebook = Notebook.open(copy)
    notebook.unlock(DEMO_PASSPHRASE)
    try:
        assert len(notebook.notes()) == 68
    finally:
        notebook.close()


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=4096))
def test_a_decrypted_payload_that_is_not_a_backup_is_a_typed_error(data: bytes) -> None:
    with pytest.raises(BackupError):
        unpack_backup(data)


@pytest.mark.parametrize("temp_kind", ["unnamed", "named"])
def test_a_new_file_write_never_replaces_one_that_exists(
    temp_kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fieldnotes.crypto import age
    from fieldnotes.errors import ExportWriteError

    if temp_kind == "named":
        monkeypatch.setattr(age, "_write_unnamed", lambda *_args, **_kw: False)
    target = tmp_path / "restored.fieldnotes"
    age.write_private_file(target, b"first", replace=False)
    assert target.read_bytes() == b"first"
    # The name is taken between the check and the write (another process): still refused.
    monkeypatch.setattr(age.os.path, "lexists", lambda _path: False)
    with pytest.raises(ExportWriteError, match="already exists"):
        age.write_private_file(target, b"second", replace=False)
    assert target.read_bytes() == b"first"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["restored.fieldnotes"]


# --- automatic backups ---------------------------------------------------------------------


def _age_back(folder: Path) -> None:
    """Make every backup in `folder` look a day old: the next change is then surely newer."""
    for path in folder.iterdir():
        info = path.stat()
        os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns - 86_400 * 10**9))


def _configure(folder: Path, public: str, keep: int) -> None:
    for key, value in (("backup-dir", str(folder)), ("backup-to", public)):
        assert main(["config", "set", key, value]) == 0
    assert main(["config", "set", "backup-keep", str(keep)]) == 0


def _add(demo_path: Path, phrase_file: Path, text: str) -> int:
    argv = ["add", "--notebook", str(demo_path), "--passphrase-file", str(phrase_file)]
    body = Path(f"{phrase_file}.body")
    body.write_text(text)
    return main([*argv, "--mode", "observe", "--file", str(body)])


def test_automatic_backups_follow_changes_and_keep_the_newest(
    demo_path: Path,
    tmp_path: Path,
    keys: tuple[Path, str],
    phrase_file: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    identity, public = keys
    folder = tmp_path / "backups"
    folder.mkdir()
    other = folder / "fieldnotes-00000000-20260101-000000-000000.age"
    other.write_bytes(b"another notebook's backup")
    (folder / "notes.txt").write_text("not a backup")
    _configure(folder, public, keep=2)
    made = []
    for n in range(3):
        _age_back(folder)
        assert _add(demo_path, phrase_file, f"Visit {n}.") == 0
        assert "Backed up to" in capsys.readouterr().err
        made.append(sorted(p.name for p in folder.glob("fieldnotes-*.age") if p != other))
    kept = [p for p in folder.glob("fieldnotes-*.age") if p != other]
    assert sorted(p.name for p in kept) == made[-1] and len(kept) == 2
    assert made[-1][0] == made[1][-1]  # the oldest went first
    assert other.read_bytes() == b"another notebook's backup"
    assert (folder / "notes.txt").read_text() == "not a backup"
    newest = max(kept, key=lambda p: p.name)
    opened = open_backup(newest.read_bytes(), identities=[_secret(identity)])
    assert opened.header.notes == 71
    # A read-only command makes no backup; nor does a command that changed nothing (the
    # notebook is dated back so that no clock tick can make it look newer than its backup).
    for path in (demo_path, Path(f"{demo_path}-wal")):
        if path.exists():
            os.utime(path, ns=(0, newest.stat().st_mtime_ns - 10**9))
    before = sorted(p.name for p in folder.iterdir())
    base = ["--notebook", str(demo_path), "--passphrase-file", str(phrase_file)]
    assert main(["list", *base]) == 0
    assert main(["leader", "list", *base]) == 0
    assert sorted(p.name for p in folder.iterdir()) == before


def test_an_automatic_backup_that_fails_does_not_fail_the_command(
    demo_path: Path,
    tmp_path: Path,
    keys: tuple[Path, str],
    phrase_file: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _configure(tmp_path / "unplugged-drive", keys[1], keep=3)
    assert _add(demo_path, phrase_file, "Saved whatever the backup does.") == 0
    assert "automatic backup failed: the backup folder" in capsys.readouterr().err
    notebook = Notebook.open(demo_path)
    notebook.unlock(DEMO_PASSPHRASE)
    try:
        assert len(notebook.notes()) == 69
    finally:
        notebook.close()


def test_the_app_backs_up_when_it_quits(
    demo_path: Path,
    tmp_path: Path,
    keys: tuple[Path, str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from fieldnotes.tui import app as tui_app

    folder = tmp_path / "backups"
    folder.mkdir()
    _configure(folder, keys[1], keep=3)
    monkeypatch.setattr(tui_app.FieldnotesApp, "run", lambda self, **_kw: None)
    assert tui_app.run_tui(demo_path, demo=True) == 0
    assert list(folder.iterdir()) == []  # never for the demo
    assert tui_app.run_tui(demo_path) == 0
    assert len(list(folder.glob("fieldnotes-*.age"))) == 1
    assert "Backed up to" in capsys.readouterr().err


def test_backup_settings_are_checked_before_they_are_saved(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["config", "set", "backup-to", "AGE-SECRET-KEY-1QQQ"]) == 1
    assert "secret key" in capsys.readouterr().err
    assert main(["config", "set", "backup-keep", "0"]) == 1
    assert main(["config", "get", "backup-keep"]) == 0
    assert capsys.readouterr().out.strip() == "10"


def test_an_oversized_backup_is_refused_before_it_is_read(
    tmp_path: Path, keys: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    from fieldnotes.crypto.age import MAX_BACKUP_FILE_BYTES

    huge = tmp_path / "huge.age"
    with huge.open("wb") as handle:
        handle.truncate(MAX_BACKUP_FILE_BYTES + 1)  # sparse: nothing is stored
    target = tmp_path / "new.fieldnotes"
    argv = ["restore", str(huge), "--notebook", str(target), "--identity", str(keys[0])]
    assert main(argv) == 1
    assert "this backup is larger than 1024 MiB" in capsys.readouterr().err
    assert not target.exists()


def test_scripts_give_a_backup_passphrase_in_the_environment(
    demo_path: Path,
    tmp_path: Path,
    phrase_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("FIELDNOTES_EXPORT_PASSPHRASE", "short")
    backup = tmp_path / "b.age"
    assert main(["backup", "--notebook", str(demo_path), "--output", str(backup)]) == 1
    assert "at least 8 characters" in capsys.readouterr().err and not backup.exists()
    monkeypatch.setenv("FIELDNOTES_EXPORT_PASSPHRASE", "a long enough backup phrase")
    assert main(["backup", "--notebook", str(demo_path), "--output", str(backup)]) == 0
    given = _write(tmp_path / "bp", "a long enough backup phrase")
    verify = ["backup", "verify", str(backup), "--backup-passphrase-file", str(given)]
    wrong_notebook_phrase = _write(tmp_path / "np", "not the notebook's passphrase")
    assert main([*verify, "--passphrase-file", str(wrong_notebook_phrase)]) == 1
    assert "wrong passphrase" in capsys.readouterr().err
    assert main([*verify, "--passphrase-file", str(phrase_file)]) == 0


def test_backing_up_a_missing_notebook_says_so(
    tmp_path: Path, keys: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "gone.fieldnotes"
    argv = ["backup", "--notebook", str(missing), "--to", keys[1], "--output", str(tmp_path)]
    assert main(argv) == 1
    assert "no notebook at" in capsys.readouterr().err
    assert list(tmp_path.glob("*.age")) == []


def _payload(demo_path: Path) -> tuple[BackupHeader, bytes]:
    from fieldnotes.notebook import backup_payload

    _header, plaintext = backup_payload(demo_path)
    return unpack_backup(plaintext)


@pytest.mark.parametrize("where", [0.0, 0.01, 0.25, 0.5, 0.75, 0.99, 1.0])
def test_a_flipped_byte_anywhere_is_a_typed_error(
    where: float, demo_path: Path, tmp_path: Path, keys: tuple[Path, str]
) -> None:
    from fieldnotes.errors import FieldnotesError

    backup = tmp_path / "b.age"
    _backup(demo_path, backup, keys[1])
    data = bytearray(backup.read_bytes())
    index = min(int(len(data) * where), len(data) - 1)
    data[index] ^= 0x80
    with pytest.raises(FieldnotesError) as caught:
        open_backup(bytes(data), identities=[_secret(keys[0])])
    assert str(caught.value) and "\n" not in str(caught.value)


def test_a_backup_forged_to_the_public_key_is_caught_inside(
    demo_path: Path, keys: tuple[Path, str]
) -> None:
    """age has no sender authentication: anyone with the recipient can make a file that opens.
    What is inside must still agree with itself, and with its header."""
    import dataclasses

    from fieldnotes.crypto.age import encrypt_to_recipients
    from fieldnotes.domain.backup import new_header, pack_backup

    header, image = _payload(demo_path)
    secret = _secret(keys[0])
    altered = image[:-100] + bytes(100)
    forged = encrypt_to_recipients(pack_backup(header, altered), [keys[1]])
    with pytest.raises(BackupError, match="does not match its checksum"):
        open_backup(forged, identities=[secret])
    fewer = dataclasses.replace(header, counts={**header.counts, "note": 67})
    forged = encrypt_to_recipients(pack_backup(fewer, image), [keys[1]])
    with pytest.raises(BackupError, match=r"row counts differ from its header \(note\)"):
        open_backup(forged, identities=[secret])
    other = new_header(image, "0" * 32, header.schema_version, header.counts)
    forged = encrypt_to_recipients(pack_backup(other, image), [keys[1]])
    with pytest.raises(BackupError, match="not the one its header names"):
        open_backup(forged, identities=[secret])


def test_an_empty_notebook_backs_up_and_restores(
    empty_notebook: Notebook, tmp_path: Path, keys: tuple[Path, str]
) -> None:
    from fieldnotes.notebook import restore_backup, write_backup

    header = write_backup(empty_notebook.path, tmp_path / "e.age", recipients=[keys[1]])
    assert header.notes == 0 and "0 notes" in header.describe()
    opened = open_backup((tmp_path / "e.age").read_bytes(), identities=[_secret(keys[0])])
    restored = restore_backup(opened, tmp_path / "restored.fieldnotes")
    with Notebook.open(restored) as again:
        again.unlock(TEST_PASSPHRASE)
        assert again.notes() == [] and len(again.frameworks()) == 4


def test_a_restored_backup_is_not_reported_as_rolled_back(
    demo_path: Path, tmp_path: Path, keys: tuple[Path, str]
) -> None:
    """A restore is an older state of the same notebook, chosen by the person: this machine's
    memory of the newest state it saw must not call it an attack."""
    identity, public = keys
    with Notebook.open(demo_path) as notebook:
        notebook.unlock(DEMO_PASSPHRASE)
    backup = tmp_path / "b.age"
    _backup(demo_path, backup, public)
    with Notebook.open(demo_path) as notebook:
        notebook.unlock(DEMO_PASSPHRASE)
        notebook.add_note(NoteDraft(mode="observe", description="After the backup."))
    # The same older file put back by hand is what rollback detection is for.
    by_hand = tmp_path / "by-hand.fieldnotes"
    opened = open_backup(backup.read_bytes(), identities=[_secret(identity)])
    by_hand.write_bytes(opened.image)
    os.chmod(by_hand, 0o600)
    with Notebook.open(by_hand) as notebook:
        notebook.unlock(DEMO_PASSPHRASE)
        assert any("rolled back" in problem for problem in notebook.integrity_problems())
    restored = tmp_path / "restored.fieldnotes"
    argv = ["restore", str(backup), "--notebook", str(restored), "--identity", str(identity)]
    assert main(argv) == 0
    with Notebook.open(restored) as notebook:
        notebook.unlock(DEMO_PASSPHRASE)
        assert notebook.integrity_problems() == ()
        assert len(notebook.notes()) == 68
        notebook.add_note(NoteDraft(mode="observe", description="Carrying on from the restore."))
    with Notebook.open(restored) as notebook:
        notebook.unlock(DEMO_PASSPHRASE)
        assert notebook.integrity_problems() == ()


def test_verifying_with_the_passphrase_checks_the_rows_and_leaves_this_machine_alone(
    demo_path: Path,
    tmp_path: Path,
    keys: tuple[Path, str],
    phrase_file: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from fieldnotes.crypto.age import encrypt_to_recipients
    from fieldnotes.domain.backup import new_header, pack_backup
    from fieldnotes.paths import seen_record

    identity, public = keys
    with Notebook.open(demo_path) as notebook:
        notebook.unlock(DEMO_PASSPHRASE)
        record = seen_record(notebook.notebook_id.replace("-", ""))
    remembered = record.read_bytes()
    header, image = _payload(demo_path)
    # A clear column edited inside an otherwise consistent backup (forged to the public key).
    edited = sqlite3.connect(":memory:")
    edited.deserialize(image)
    edited.create_function("fieldnotes_dirty", 2, lambda *_args: None)
    edited.execute("UPDATE note SET mode = 'question' WHERE mode = 'observe'")
    edited.commit()
    altered = edited.serialize()
    edited.close()
    fake = new_header(altered, header.notebook_id, header.schema_version, header.counts)
    forged = tmp_path / "forged.age"
    forged.write_bytes(encrypt_to_recipients(pack_backup(fake, altered), [public]))
    verify = ["backup", "verify", str(forged), "--identity", str(identity)]
    assert main(verify) == 0  # whole and self-consistent, as far as it can tell without a key
    capsys.readouterr()
    assert main([*verify, "--passphrase-file", str(phrase_file)]) == 1
    assert "do not match its manifest" in capsys.readouterr().err
    good = tmp_path / "good.age"
    _backup(demo_path, good, public)
    verify = ["backup", "verify", str(good), "--identity", str(identity)]
    assert main([*verify, "--passphrase-file", str(phrase_file)]) == 0
    assert record.read_bytes() == remembered
