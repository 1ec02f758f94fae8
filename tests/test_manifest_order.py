"""The manifest's quick sort of text keys checksums exactly what its general sort does."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from fieldnotes.notebook import Notebook
from fieldnotes.storage.manifest import Coverage, Manifest

TRICKY_KEYS = ["Z", "a", "é", "e\u0301", "\U0001f600", "\uffff", "ß", "ss", "10", "9", " "]
"""Keys whose order differs between code points, bytes as Latin-1, case and Unicode rules."""


def _manifest() -> Manifest:
    return Manifest(b"r" * 32, b"m" * 32, b"s" * 32, b"n" * 16)


def test_text_keys_are_checksummed_the_same_by_either_sort(
    demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Notebook.open(demo_path).close()
    db = sqlite3.connect(demo_path)
    db.create_function("fieldnotes_dirty", 2, lambda *_: None)
    with db:
        db.executemany("INSERT INTO meta (key, value) VALUES (?, 'x')", [(k,) for k in TRICKY_KEYS])
    in_sqlite_order = [row[0] for row in db.execute("SELECT key FROM meta ORDER BY key")]
    assert in_sqlite_order == sorted(in_sqlite_order)
    quick = _manifest()._all_digests(db)
    monkeypatch.setattr(Coverage, "all_text_keys", lambda self, driver: False)
    general = _manifest()._all_digests(db)
    db.close()
    assert quick == general
    assert any(table == "meta" for table, _bucket in quick)
    assert any(table == "note" for table, _bucket in quick)


def test_a_key_of_another_kind_takes_the_general_sort(demo_path: Path) -> None:
    Notebook.open(demo_path).close()
    db = sqlite3.connect(demo_path)
    db.create_function("fieldnotes_dirty", 2, lambda *_: None)
    with db:
        db.execute("INSERT INTO meta (key, value) VALUES (X'0102', 'garbled')")
    meta = next(c for c in _manifest()._coverage.values() if c.table == "meta")
    assert not meta.all_text_keys(db)
    db.close()
