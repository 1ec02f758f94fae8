"""Age files for people outside a notebook: leaders' identities, briefs, backups as files.

The command line reaches `fieldnotes.crypto` only through here (and the notebook façade):
small functions on paths, bytes and strings. Identities are `AGE-SECRET-KEY-1…` strings and
recipients `age1…` strings; every failure is a `FieldnotesError` from `fieldnotes.errors`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from fieldnotes.crypto import age

__all__ = [
    "decrypt",
    "generate_identity",
    "needs_passphrase",
    "parse_recipient",
    "read_age_file",
    "read_backup_file",
    "read_identity_file",
    "remove_stale_plaintext",
    "write_identity_file",
    "write_private_file",
]


def generate_identity() -> tuple[str, str]:
    """A new X25519 identity: (`AGE-SECRET-KEY-1…`, `age1…`)."""
    return age.generate_identity()


def write_identity_file(
    path: Path, secret: str, public: str, *, passphrase: str | None = None
) -> None:
    """An identity file in age-keygen's layout, 0600; sealed with `passphrase` if given."""
    age.write_identity_file(path, secret, public, passphrase=passphrase)


def read_identity_file(path: Path, passphrase: str | None = None) -> list[str]:
    """The secret keys in an identity file; a protected one raises `PassphraseRequired`
    until its passphrase is given."""
    return age.read_identity_file(path, passphrase)


def parse_recipient(text: str) -> str:
    """`text` checked as an age X25519 recipient, in its canonical (lowercase) form."""
    return age.parse_recipient(text)


def read_age_file(path: Path) -> bytes:
    """A brief (or other age file) of at most the size a brief can be, read from `path`."""
    return age.read_age_file(path)


def read_backup_file(path: Path) -> bytes:
    """A backup file, read up to the larger cap a whole notebook needs."""
    return age.read_age_file(path, limit=age.MAX_BACKUP_FILE_BYTES, what="backup")


def needs_passphrase(data: bytes) -> bool:
    """Whether an age file opens with a passphrase (else with identities); its header is
    checked, with its bounds, before anything else reads it."""
    return age.inspect_header(data).needs_passphrase


def decrypt(data: bytes, *, identities: Sequence[str] = (), passphrase: str | None = None) -> bytes:
    """A brief decrypted in memory: all of it, or an error and nothing."""
    return age.decrypt(data, identities=identities, passphrase=passphrase)


def write_private_file(path: Path, data: bytes) -> None:
    """`data` written to `path` atomically, 0600: all of it or nothing, even if killed."""
    age.write_private_file(path, data)


def remove_stale_plaintext(target: Path) -> int:
    """Remove the temp files a killed earlier write of `target` left beside it; how many."""
    return age.remove_stale_temp_files(target.parent, re.escape(target.name))
