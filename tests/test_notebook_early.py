"""What callers outside the notebook get from `fieldnotes.notebook` before a notebook opens."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from fieldnotes.crypto.kdf import FLOOR_KDF
from fieldnotes.notebook import Notebook, early_unlock

from .conftest import TEST_PASSPHRASE

PACKAGE = Path(__file__).resolve().parent.parent / "fieldnotes"


def test_importing_the_facade_leaves_the_storage_layer_unloaded() -> None:
    """A read-only command imports `fieldnotes.notebook` to start its key derivation: the
    store, SQLAlchemy and the field AEAD load afterwards, while the derivation runs."""
    loaded = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, fieldnotes.notebook; print(sorted(sys.modules))",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for heavy in ("sqlalchemy", "sqlmodel", "fieldnotes.storage.store", "fieldnotes.crypto.fields"):
        assert f"'{heavy}'" not in loaded


def test_starting_the_early_derivation_loads_none_of_the_notebook_parts() -> None:
    """`from fieldnotes.notebook import early_unlock` is what a read-only command runs first:
    the parts of `Notebook` (notes, briefs, the index, the domain model) load after the
    derivation has started, not before it."""
    loaded = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys\nfrom fieldnotes.notebook import early_unlock, ProcessLock\n"
            "print(sorted(sys.modules))",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for part in (
        "fieldnotes.notebook.facade",
        "fieldnotes.notebook.notes",
        "fieldnotes.notebook.briefs",
        "fieldnotes.notebook.codebook",
        "fieldnotes.index.notes",
        "fieldnotes.domain.model",
    ):
        assert f"'{part}'" not in loaded
    assert "'fieldnotes.crypto.kdf'" in loaded


def test_early_unlock_derives_the_key_the_notebook_then_takes(tmp_path: Path) -> None:
    path = tmp_path / "n.fieldnotes"
    Notebook.create(path, TEST_PASSPHRASE, kdf=FLOOR_KDF).close()
    asked: list[str] = []

    def ask() -> str:
        asked.append("asked")
        return TEST_PASSPHRASE

    started = early_unlock(path, ask)
    assert started is not None and asked == ["asked"]
    phrase, derivation = started
    with Notebook.open(path) as notebook:
        notebook.unlock(phrase, early=derivation)
        assert notebook.is_unlocked


def test_early_unlock_asks_nothing_for_a_file_that_is_not_a_notebook(tmp_path: Path) -> None:
    stray = tmp_path / "notes.txt"
    stray.write_text("not a notebook")

    def ask() -> str:
        raise AssertionError("the passphrase was asked for")

    assert early_unlock(stray, ask) is None
    assert early_unlock(tmp_path / "missing", ask) is None


def _imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_the_demo_reaches_keys_and_locks_only_through_the_facade() -> None:
    leaks = {
        name
        for name in _imported_modules(PACKAGE / "cli" / "demo_notebook.py")
        if name.startswith(("fieldnotes.crypto", "fieldnotes.storage"))
    }
    assert leaks == set()
