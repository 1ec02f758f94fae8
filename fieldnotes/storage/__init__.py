"""SQLite storage through SQLModel; the only layer that sees ciphertext."""

from fieldnotes.storage.engine import ProcessLock, create_private_file
from fieldnotes.storage.store import SealedStore, new_id

__all__ = ["ProcessLock", "SealedStore", "create_private_file", "new_id"]
