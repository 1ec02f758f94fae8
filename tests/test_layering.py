"""The two walls: the library never imports Textual; the app never touches crypto or SQL."""

from __future__ import annotations

import ast
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
