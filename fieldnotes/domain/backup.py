"""What an encrypted backup holds, and the checks that prove a backup is whole.

No I/O, no keys, no SQL. A backup is an age file (made and opened in `fieldnotes.crypto.age`)
whose plaintext is an uncompressed tar archive of two members:

- `fieldnotes-backup.json`: the header (format, notebook id, when it was taken, the version of
  fieldnotes that took it, row counts per table, size and SHA-256 of the image);
- `notebook.fieldnotes`: the notebook file's image, taken with SQLite's online backup.

A tar, rather than a layout of our own, so `age -d backup.age | tar x` gives a notebook file
that fieldnotes opens with the notebook's passphrase, even with no fieldnotes to restore it.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import tarfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from fieldnotes import __version__
from fieldnotes.errors import FieldnotesError

__all__ = [
    "BACKUP_FORMAT",
    "BACKUP_VERSION",
    "HEADER_NAME",
    "IMAGE_NAME",
    "BackupError",
    "BackupHeader",
    "check_image",
    "pack_backup",
    "tar_archive",
    "unpack_backup",
]

BACKUP_FORMAT = "fieldnotes-backup"
BACKUP_VERSION = 1
HEADER_NAME = "fieldnotes-backup.json"
IMAGE_NAME = "notebook.fieldnotes"
MAX_HEADER_BYTES = 64 << 10
"""The header is a few hundred bytes: a counts table and some ids."""
_TAR_MTIME = 0
"""Members carry no time of their own: `taken_at` in the header is the one that counts."""
_HEX_ID = re.compile(r"[0-9a-f]{32}")
_SHA256 = re.compile(r"[0-9a-f]{64}")


class BackupError(FieldnotesError):
    """A backup that opened (its age layer is intact) but is not a whole fieldnotes backup."""


@dataclass(frozen=True, slots=True)
class BackupHeader:
    notebook_id: str
    """The notebook's id as 32 hex digits, as its `meta` table keeps it."""
    taken_at: datetime
    """UTC, without tzinfo, to the second."""
    fieldnotes_version: str
    schema_version: int
    counts: dict[str, int]
    size: int
    sha256: str

    @property
    def notes(self) -> int:
        return self.counts.get("note", 0)

    def describe(self) -> str:
        """One line for a person: which notebook, when, how much."""
        short = self.notebook_id[:8]
        return (
            f"a backup of notebook {short}… taken {self.taken_at:%Y-%m-%d %H:%M} UTC, "
            f"{self.notes} note{'' if self.notes == 1 else 's'}"
        )

    def to_json(self) -> dict[str, object]:
        return {
            "format": BACKUP_FORMAT,
            "version": BACKUP_VERSION,
            "notebook_id": self.notebook_id,
            "taken_at": self.taken_at.isoformat(timespec="seconds") + "Z",
            "fieldnotes_version": self.fieldnotes_version,
            "schema_version": self.schema_version,
            "counts": dict(sorted(self.counts.items())),
            "bytes": self.size,
            "sha256": self.sha256,
        }


def new_header(
    image: bytes,
    notebook_id: str,
    schema_version: int,
    counts: Mapping[str, int],
    taken_at: datetime | None = None,
) -> BackupHeader:
    moment = (taken_at or datetime.now(UTC)).astimezone(UTC).replace(tzinfo=None, microsecond=0)
    return BackupHeader(
        notebook_id=notebook_id,
        taken_at=moment,
        fieldnotes_version=__version__,
        schema_version=schema_version,
        counts=dict(counts),
        size=len(image),
        sha256=hashlib.sha256(image).hexdigest(),
    )


def pack_backup(header: BackupHeader, image: bytes) -> bytes:
    """The backup's plaintext: a tar of the header and the image, built in memory."""
    header_bytes = (json.dumps(header.to_json(), indent=2) + "\n").encode("utf-8")
    return tar_archive([(HEADER_NAME, header_bytes), (IMAGE_NAME, image)])


def tar_archive(members: Sequence[tuple[str, bytes]], folder: str = "") -> bytes:
    """An uncompressed tar of `members` (name, bytes), built in memory; files 0600, and the
    `folder` they sit in (if any) 0700, so `tar x` makes nothing others can read."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as archive:
        if folder:
            info = tarfile.TarInfo(folder)
            info.type = tarfile.DIRTYPE
            info.mode = 0o700
            info.mtime = _TAR_MTIME
            archive.addfile(info)
        for name, data in members:
            info = tarfile.TarInfo(f"{folder}/{name}" if folder else name)
            info.size = len(data)
            info.mode = 0o600
            info.mtime = _TAR_MTIME
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def unpack_backup(plaintext: bytes) -> tuple[BackupHeader, bytes]:
    """The header and image of a decrypted backup, checked against each other.

    Refuses anything but exactly the two members, in order, as regular files; the image must
    have the size and SHA-256 the header names. Every failure is a `BackupError`.
    """
    try:
        with tarfile.open(fileobj=io.BytesIO(plaintext), mode="r:") as archive:
            members = archive.getmembers()
            if [m.name for m in members] != [HEADER_NAME, IMAGE_NAME] or not all(
                m.isreg() for m in members
            ):
                raise BackupError("this is not a fieldnotes backup (its contents are unexpected)")
            if members[0].size > MAX_HEADER_BYTES:
                raise BackupError("the backup's header is too large to be one")
            header_bytes = _member(archive, members[0])
            image = _member(archive, members[1])
    except (tarfile.TarError, EOFError, OSError):
        raise BackupError("this is not a fieldnotes backup, or it is incomplete") from None
    header = _parse_header(header_bytes)
    if len(image) != header.size:
        raise BackupError(
            f"the backup is incomplete: its notebook holds {len(image)} of {header.size} bytes"
        )
    if hashlib.sha256(image).hexdigest() != header.sha256:
        raise BackupError("the backup's notebook does not match its checksum: it is damaged")
    return header, image


def check_image(header: BackupHeader, notebook_id: str, counts: Mapping[str, int]) -> None:
    """The image's own notebook id and row counts must be the ones the header recorded."""
    if notebook_id != header.notebook_id:
        raise BackupError("the notebook inside the backup is not the one its header names")
    if dict(counts) != header.counts:
        differ = sorted(
            name
            for name in set(counts) | set(header.counts)
            if counts.get(name) != header.counts.get(name)
        )
        raise BackupError(
            f"the backup is incomplete: its row counts differ from its header ({', '.join(differ)})"
        )


def _member(archive: tarfile.TarFile, member: tarfile.TarInfo) -> bytes:
    handle = archive.extractfile(member)
    if handle is None:
        raise BackupError("this is not a fieldnotes backup (a member cannot be read)")
    data = handle.read()
    if len(data) != member.size:
        raise BackupError("the backup is incomplete: it ends part-way through")
    return data


def _parse_header(raw: bytes) -> BackupHeader:
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise BackupError("the backup's header is damaged") from None
    if not isinstance(data, dict) or data.get("format") != BACKUP_FORMAT:
        raise BackupError("this is not a fieldnotes backup")
    version = data.get("version")
    if not isinstance(version, int) or version > BACKUP_VERSION or version < 1:
        raise BackupError(
            f"this backup was made by a newer fieldnotes (format {version}); upgrade to open it"
        )
    try:
        notebook_id = data["notebook_id"]
        taken = data["taken_at"]
        counts = data["counts"]
        size = data["bytes"]
        digest = data["sha256"]
        schema = data["schema_version"]
        made_by = data.get("fieldnotes_version", "")
        if not (
            isinstance(notebook_id, str)
            and _HEX_ID.fullmatch(notebook_id)
            and isinstance(taken, str)
            and isinstance(digest, str)
            and _SHA256.fullmatch(digest)
            and isinstance(size, int)
            and size >= 0
            and isinstance(schema, int)
            and isinstance(made_by, str)
            and isinstance(counts, dict)
            and all(isinstance(k, str) and isinstance(v, int) for k, v in counts.items())
        ):
            raise ValueError
        taken_at = datetime.fromisoformat(taken.removesuffix("Z"))
    except (KeyError, ValueError, TypeError):
        raise BackupError("the backup's header is damaged") from None
    return BackupHeader(
        notebook_id=notebook_id,
        taken_at=taken_at.replace(tzinfo=None),
        fieldnotes_version=made_by,
        schema_version=schema,
        counts=dict(counts),
        size=size,
        sha256=digest,
    )
