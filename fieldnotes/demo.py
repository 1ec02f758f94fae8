"""The built-in demo notebook: sample frameworks, codebook and notes, passphrase `demo`."""

from __future__ import annotations

from pathlib import Path

from fieldnotes.crypto import DEFAULT_KDF, KdfParams
from fieldnotes.notebook import Notebook

DEMO_PASSPHRASE = "demo"


def build_demo_notebook(
    path: Path, *, kdf: KdfParams = DEFAULT_KDF, passphrase: str = DEMO_PASSPHRASE
) -> Notebook:
    """Create the demo notebook at `path` and return it unlocked.

    Every sample file is read and checked before the notebook is created, so a damaged sample
    file leaves nothing behind.
    """
    from fieldnotes.frameworks import (
        builtin_codebook_path,
        builtin_framework_paths,
        load_codebook,
        load_frameworks,
    )
    from fieldnotes.importer import read_note_files

    sample = builtin_codebook_path().parent
    frameworks = load_frameworks(builtin_framework_paths())
    codebook = load_codebook(builtin_codebook_path())
    imported = read_note_files([sample / "notes"])
    notebook = Notebook.create(path, passphrase, kdf=kdf, frameworks=frameworks, codebook=codebook)
    try:
        notebook.import_notes(imported)
    except BaseException:
        notebook.close()
        for suffix in ("", "-wal", "-shm", ".lock"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        raise
    return notebook
