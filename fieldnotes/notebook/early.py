"""What the command line needs before a notebook is opened, light on purpose.

A read-only command starts deriving its key first thing and loads the rest while the
derivation runs (~0.5 s): nothing here may pull in SQLAlchemy, the field AEAD or the store.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from fieldnotes.crypto.kdf import DEFAULT_KDF, EarlyDerivation, KdfParams
from fieldnotes.storage.lockfile import ProcessLock
from fieldnotes.storage.peek import peek_keyslot

__all__ = [
    "DEFAULT_KDF",
    "EarlyDerivation",
    "KdfParams",
    "ProcessLock",
    "early_unlock",
    "peek_keyslot",
]


def early_unlock(
    path: Path, ask_passphrase: Callable[[], str]
) -> tuple[str, EarlyDerivation] | None:
    """Start deriving the key of the notebook at `path` now: (passphrase, derivation).

    Only for a file that already looks like a notebook, and only then is the passphrase
    asked for: anything else (None) is left for opening the notebook properly to report.
    Pass the pair's derivation to `Notebook.unlock(passphrase, early=...)`.
    """
    peeked = peek_keyslot(path)
    if peeked is None:
        return None
    phrase = ask_passphrase()
    return phrase, EarlyDerivation(phrase, *peeked)
