"""Backups: a snapshot of a notebook file, encrypted with age; checked, restored, rotated."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import re
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from fieldnotes.domain.rules import check_export_passphrase
from fieldnotes.errors import (
    InvalidInput,
    NotebookExists,
)

if TYPE_CHECKING:
    from fieldnotes.domain.backup import BackupHeader


@dataclasses.dataclass(frozen=True, slots=True)
class OpenedBackup:
    """A backup decrypted and checked in memory: header, digest, SQLite integrity, counts."""

    header: BackupHeader
    image: bytes
    """The notebook file's bytes (its fields still sealed). Never written except by restore."""


def backup_payload(path: Path) -> tuple[BackupHeader, bytes]:
    """A snapshot of the notebook at `path`, ready to encrypt: (header, plaintext).

    Needs no passphrase and no process lock: it reads the file through SQLite's online backup
    while the app may be using it, into memory only.
    """
    from fieldnotes.domain.backup import new_header, pack_backup
    from fieldnotes.storage.snapshot import image_facts, snapshot_file

    image = snapshot_file(Path(path))
    facts = image_facts(image)
    header = new_header(image, facts.notebook_id, facts.schema_version, facts.counts)
    return header, pack_backup(header, image)


def write_backup(
    path: Path,
    output: Path,
    *,
    recipients: Sequence[str] = (),
    passphrase: str | None = None,
) -> BackupHeader:
    """Snapshot the notebook at `path`, encrypt it with age and write it, 0600, to `output`.

    To `recipients` (age1… keys) or to `passphrase`, not both (age does not mix them). The
    snapshot exists only in memory until it is encrypted; `output` is written all at once and
    never replaces an existing file.
    """
    from fieldnotes.crypto.age import (
        encrypt_to_recipients,
        encrypt_with_passphrase,
        parse_recipient,
        write_private_file,
    )

    keys = [parse_recipient(r) for r in recipients]
    if passphrase is not None and keys:
        raise InvalidInput(
            "a backup goes either to keys or to a passphrase, not both (age does not mix them)"
        )
    if passphrase is None and not keys:
        raise InvalidInput("a backup needs a recipient (age1…) or a passphrase to protect it")
    if passphrase is not None:
        check_export_passphrase(passphrase, "backup")
    header, plaintext = backup_payload(path)
    sealed = (
        encrypt_with_passphrase(plaintext, passphrase)
        if passphrase is not None
        else encrypt_to_recipients(plaintext, keys)
    )
    del plaintext
    write_private_file(Path(output), sealed, replace=False)
    return header


def open_backup(
    data: bytes, *, identities: Sequence[str] = (), passphrase: str | None = None
) -> OpenedBackup:
    """Decrypt a backup in memory and prove it whole, without the notebook's passphrase.

    The age layer authenticates every byte; then the header's size and SHA-256 must match the
    image, SQLite's integrity check must pass on it (opened read-only, in memory), and its
    notebook id and row counts must be the ones recorded when it was taken.
    """
    from fieldnotes.crypto.age import MAX_BACKUP_FILE_BYTES, decrypt
    from fieldnotes.domain.backup import check_image, unpack_backup
    from fieldnotes.errors import NotANotebook
    from fieldnotes.storage.snapshot import image_facts

    plaintext = decrypt(
        data,
        identities=identities,
        passphrase=passphrase,
        what="backup",
        limit=MAX_BACKUP_FILE_BYTES,
    )
    header, image = unpack_backup(plaintext)
    del plaintext
    try:
        facts = image_facts(image)
    except NotANotebook as error:
        from fieldnotes.domain.backup import BackupError

        raise BackupError(str(error)) from None
    check_image(header, facts.notebook_id, facts.counts)
    return OpenedBackup(header, image)


def check_backup_notes(backup: OpenedBackup, passphrase: str) -> tuple[int, int, tuple[str, ...]]:
    """Unlock the backup's image in memory with the notebook's passphrase and open every note.

    Returns (notes opened, notes damaged, what its manifest found changed outside
    fieldnotes). A wrong passphrase is `WrongPassphrase`. This machine's memory of the
    newest state it saw of the notebook is left alone.
    """
    from fieldnotes.storage.snapshot import image_store

    with image_store(backup.image) as store:
        store.unlock(passphrase)
        notes = store.load_notes()
        problems = store.integrity_problems
    damaged = sum(1 for note in notes if note.damaged)
    return len(notes) - damaged, damaged, problems


def restore_backup(backup: OpenedBackup, target: Path) -> Path:
    """Write the backup's notebook to `target`, a new file (0600, all or nothing).

    Refuses when `target` exists, or when a `-wal` or `-shm` file of an earlier notebook is
    beside it (SQLite would replay that journal into the restored notebook).
    """
    from fieldnotes.crypto.age import write_private_file

    target = Path(target).expanduser()
    for suffix in ("", "-wal", "-shm"):
        candidate = Path(f"{target}{suffix}")
        if os.path.lexists(candidate):
            if suffix:
                raise InvalidInput(
                    f"{candidate} is left from an earlier notebook; move it away or choose "
                    "another name: nothing was restored"
                )
            raise NotebookExists(target)
    if not target.parent.is_dir():
        raise InvalidInput(f"the folder {target.parent} does not exist: nothing was restored")
    write_private_file(target, backup.image, replace=False)
    _forget_newest_seen(backup.header.notebook_id)
    return target


def _forget_newest_seen(notebook_id: str) -> None:
    """This machine's memory of the newest state it saw of the notebook, forgotten.

    A restore is an older state of the same notebook, and the person chose it: left alone,
    the memory would report it as rolled back (an attack) and open it read-only. Forgetting
    needs no key; the next unlock remembers the restored state. Should it fail, the restore
    is reported as rolled back, which `fieldnotes check --accept` settles: never the reverse.
    """
    from fieldnotes.paths import seen_record

    with contextlib.suppress(OSError):
        seen_record(notebook_id).unlink(missing_ok=True)


# -------------------------------------------------------------- note exports


AUTOMATIC_BACKUP_NAME = re.compile(r"fieldnotes-(?P<id>[0-9a-f]{8})-\d{8}-\d{6}-\d{6}\.age")
"""`fieldnotes-<first 8 of the notebook id>-YYYYMMDD-HHMMSS-<microseconds>.age` (UTC):
sorted by name is sorted by age."""


def automatic_backup(path: Path, folder: Path, recipient: str, keep: int) -> Path | None:
    """Back up the closed notebook at `path` into `folder`, keeping its newest `keep` backups.

    Nothing is written when the notebook has not changed since its newest backup there
    (returns None). Only files named as automatic backups of this notebook are ever removed.
    """
    path = Path(path)
    folder = Path(folder).expanduser()
    if not folder.is_dir():
        raise InvalidInput(f"the backup folder {folder} does not exist (is the drive there?)")
    from fieldnotes.storage.peek import peek_notebook_id

    notebook_id = peek_notebook_id(path)
    if notebook_id is None:
        raise InvalidInput(f"{path} is not a notebook that can be backed up")
    ours = _automatic_backups(folder, notebook_id[:8])
    changed = max(
        (
            info.st_mtime_ns
            for candidate in (path, Path(f"{path}-wal"))
            if (info := _stat_or_none(candidate)) is not None and info.st_size
        ),
        default=0,
    )
    # Equal times are taken as a change: an extra backup costs space, a missed one a day's work.
    if ours and ours[-1].stat().st_mtime_ns > changed:
        return None
    from datetime import UTC

    target = folder / f"fieldnotes-{notebook_id[:8]}-{datetime.now(UTC):%Y%m%d-%H%M%S-%f}.age"
    write_backup(path, target, recipients=[recipient])
    for old in _automatic_backups(folder, notebook_id[:8])[: -max(keep, 1)]:
        with contextlib.suppress(OSError):
            old.unlink()
    return target


def _automatic_backups(folder: Path, short_id: str) -> list[Path]:
    found = []
    for entry in os.scandir(folder):
        match = AUTOMATIC_BACKUP_NAME.fullmatch(entry.name)
        if (
            match
            and match["id"] == short_id
            and entry.is_file(follow_symlinks=False)
            and entry.stat(follow_symlinks=False).st_uid == os.getuid()
        ):
            found.append(Path(entry.path))
    return sorted(found, key=lambda p: p.name)


def _stat_or_none(path: Path) -> os.stat_result | None:
    try:
        return path.stat()
    except OSError:
        return None
