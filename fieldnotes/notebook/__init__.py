"""The notebook façade: the one way every caller (command line, TUI, synthesis) reaches data.

Above this line there is no ciphertext and no SQL: only the dataclasses of `domain.model`.

The names below load with their module on first use, as in `fieldnotes.crypto`: a read-only
command starts its key derivation from `fieldnotes.notebook.early_unlock`, and importing this
package must not make it wait for every part of `Notebook` to load first.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fieldnotes.domain.filters import NoteFilter, matches_query
    from fieldnotes.notebook.backups import (
        AUTOMATIC_BACKUP_NAME,
        OpenedBackup,
        automatic_backup,
        backup_payload,
        check_backup_notes,
        open_backup,
        restore_backup,
        write_backup,
    )
    from fieldnotes.notebook.codebook import merge_obstacle_fields
    from fieldnotes.notebook.early import (
        DEFAULT_KDF,
        EarlyDerivation,
        KdfParams,
        ProcessLock,
        early_unlock,
        peek_keyslot,
    )
    from fieldnotes.notebook.events import (
        CodebookChanged,
        ExportsChanged,
        LeadersChanged,
        MemosChanged,
        NotebookChange,
        NotesChanged,
        SettingsChanged,
    )
    from fieldnotes.notebook.exports import (
        EXPORT_FOLDER,
        write_encrypted_export,
        write_encrypted_file,
        write_plaintext_export,
        write_plaintext_file,
    )
    from fieldnotes.notebook.facade import Notebook, build_notebook
    from fieldnotes.notebook.leaders import DAMAGED_LEADER
    from fieldnotes.notebook.notes import ImportResult
    from fieldnotes.notebook.team import join_team

_HOME = {
    "AUTOMATIC_BACKUP_NAME": "fieldnotes.notebook.backups",
    "OpenedBackup": "fieldnotes.notebook.backups",
    "automatic_backup": "fieldnotes.notebook.backups",
    "backup_payload": "fieldnotes.notebook.backups",
    "check_backup_notes": "fieldnotes.notebook.backups",
    "open_backup": "fieldnotes.notebook.backups",
    "restore_backup": "fieldnotes.notebook.backups",
    "write_backup": "fieldnotes.notebook.backups",
    "merge_obstacle_fields": "fieldnotes.notebook.codebook",
    "DEFAULT_KDF": "fieldnotes.notebook.early",
    "EarlyDerivation": "fieldnotes.notebook.early",
    "KdfParams": "fieldnotes.notebook.early",
    "ProcessLock": "fieldnotes.notebook.early",
    "early_unlock": "fieldnotes.notebook.early",
    "peek_keyslot": "fieldnotes.notebook.early",
    "CodebookChanged": "fieldnotes.notebook.events",
    "ExportsChanged": "fieldnotes.notebook.events",
    "LeadersChanged": "fieldnotes.notebook.events",
    "MemosChanged": "fieldnotes.notebook.events",
    "NotebookChange": "fieldnotes.notebook.events",
    "NotesChanged": "fieldnotes.notebook.events",
    "SettingsChanged": "fieldnotes.notebook.events",
    "EXPORT_FOLDER": "fieldnotes.notebook.exports",
    "write_encrypted_export": "fieldnotes.notebook.exports",
    "write_encrypted_file": "fieldnotes.notebook.exports",
    "write_plaintext_export": "fieldnotes.notebook.exports",
    "write_plaintext_file": "fieldnotes.notebook.exports",
    "Notebook": "fieldnotes.notebook.facade",
    "build_notebook": "fieldnotes.notebook.facade",
    "DAMAGED_LEADER": "fieldnotes.notebook.leaders",
    "ImportResult": "fieldnotes.notebook.notes",
    "join_team": "fieldnotes.notebook.team",
    "NoteFilter": "fieldnotes.domain.filters",
    "matches_query": "fieldnotes.domain.filters",
}
"""Where each name is defined: the module imported the first time the name is read."""

__all__ = [
    "AUTOMATIC_BACKUP_NAME",
    "DAMAGED_LEADER",
    "DEFAULT_KDF",
    "EXPORT_FOLDER",
    "CodebookChanged",
    "EarlyDerivation",
    "ExportsChanged",
    "ImportResult",
    "KdfParams",
    "LeadersChanged",
    "MemosChanged",
    "NoteFilter",
    "Notebook",
    "NotebookChange",
    "NotesChanged",
    "OpenedBackup",
    "ProcessLock",
    "SettingsChanged",
    "automatic_backup",
    "backup_payload",
    "build_notebook",
    "check_backup_notes",
    "early_unlock",
    "join_team",
    "matches_query",
    "merge_obstacle_fields",
    "open_backup",
    "peek_keyslot",
    "restore_backup",
    "write_backup",
    "write_encrypted_export",
    "write_encrypted_file",
    "write_plaintext_export",
    "write_plaintext_file",
]


def __getattr__(name: str) -> object:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(home), name)
    globals()[name] = value
    return value
