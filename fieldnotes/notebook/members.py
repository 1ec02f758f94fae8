"""A team notebook's members: who is in it, inviting, changing a role, removing.

The invitation passphrase and the invitation file are made here too, so the command line and
the team screen hand the same kind of passphrase over and write the file the same way.
"""

from __future__ import annotations

import base64
import secrets
from pathlib import Path

INVITATION_PASSPHRASE_BYTES = 15
"""120 bits: far beyond guessing, even offline against age's scrypt, and short to read out."""

REMOVED_KEEPS = (
    "They keep their replica as it was, and can still read everything written before their "
    "removal. From now on they cannot log in or write, and nothing written after the key "
    "change that follows opens for them."
)
"""What a removed member keeps, in the words the command line and the team screen both use."""


def new_invitation_passphrase() -> str:
    """A strong passphrase for one invitation, in groups of four to read out over the phone."""
    text = base64.b32encode(secrets.token_bytes(INVITATION_PASSPHRASE_BYTES)).decode("ascii")
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4)).lower()


def write_invitation(sealed: bytes, output: Path) -> Path:
    """The sealed invitation as a new file only its owner can read; never over another file."""
    from fieldnotes.crypto.age import write_private_file

    output = Path(output).expanduser()
    write_private_file(output, sealed, replace=False)
    return output
