"""The two walls: the library never imports Textual; the app never touches crypto or SQL."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "fieldnotes"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_only_the_tui_imports_textual() -> None:
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if "tui" not in path.relative_to(PACKAGE).parts and {"textual", "rich"} & _imports(path)
    ]
    assert offenders == []


def test_the_tui_never_imports_crypto_or_sql() -> None:
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in (PACKAGE / "tui").rglob("*.py")
        if {"cryptography", "sqlmodel", "sqlalchemy", "pyrage", "sqlite3"} & _imports(path)
    ]
    assert offenders == []


def test_only_storage_and_crypto_touch_ciphertext() -> None:
    allowed = {"storage", "crypto"}
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if path.relative_to(PACKAGE).parts[0] not in allowed
        and {"cryptography", "sqlmodel", "sqlalchemy", "pyrage"} & _imports(path)
    ]
    assert offenders == []


def test_the_key_derivation_loads_without_the_rest_of_the_crypto_package() -> None:
    """A read-only command starts deriving its key from `fieldnotes.crypto.kdf` first thing;
    the AEAD and keyslot modules load later, while the derivation runs."""
    loaded = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, fieldnotes.crypto.kdf; print(sorted(m for m in sys.modules"
            " if m.startswith('fieldnotes.crypto')))",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "fieldnotes.crypto.fields" not in loaded and "fieldnotes.crypto.keyslot" not in loaded
    assert "'fieldnotes.crypto.kdf'" in loaded
