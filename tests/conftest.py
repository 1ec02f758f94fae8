"""Shared fixtures: isolated user dirs, and a demo notebook built once per session."""

from __future__ import annotations

import functools
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from fieldnotes.crypto import kdf
from fieldnotes.crypto.kdf import FLOOR_KDF
from fieldnotes.notebook import Notebook

# The same examples on every run, and no per-example deadline: a property test must not pass
# on a quiet machine and fail on a busy one, or pass today and fail on tomorrow's seed.
settings.register_profile("fieldnotes", derandomize=True, deadline=None, print_blob=True)
settings.load_profile("fieldnotes")

DEMO_PASSPHRASE = "demo"
TEST_PASSPHRASE = "correct horse battery staple"


@pytest.fixture(scope="session", autouse=True)
def each_key_derived_once() -> Iterator[None]:
    """Argon2id is a pure function of its inputs, and the suite unlocks the same few notebooks
    (the demo's copies share one salt) hundreds of times: each derivation is made once per
    worker. A wrong passphrase or another salt is a different input, derived for real; the
    known-answer tests check the function itself."""
    derive = kdf.argon2id

    @functools.lru_cache(maxsize=4096)
    def derived(password: bytes, salt: bytes, options: tuple[tuple[str, Any], ...]) -> bytes:
        return derive(password, salt, **dict(options))

    def argon2id(password: bytes, salt: bytes, **options: Any) -> bytes:
        return derived(bytes(password), bytes(salt), tuple(sorted(options.items())))

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(kdf, "argon2id", argon2id)
        yield


@pytest.fixture(autouse=True)
def cheap_passphrase_files(request: pytest.FixtureRequest) -> Iterator[None]:
    """Passphrase files at a cost of 2^10 (see tests/cheap_scrypt.py), unless the test is
    about rage's own writer (`real_scrypt`)."""
    if request.node.get_closest_marker("real_scrypt"):
        yield
        return
    import pyrage.passphrase

    from tests import cheap_scrypt

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pyrage.passphrase, "encrypt", cheap_scrypt.encrypt)
        yield


@pytest.fixture(autouse=True)
def isolated_user_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tests never read or write a real person's notebook or settings."""
    home = tmp_path_factory.mktemp("home")
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(name, str(home / name.lower()))
    monkeypatch.setenv("HOME", str(home))
    for name in ("FIELDNOTES_NOTEBOOK", "FIELDNOTES_PASSPHRASE"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo notebook (cheapest accepted key derivation), built once and copied per test."""
    from fieldnotes.cli.demo_notebook import build_demo_notebook

    path = tmp_path_factory.mktemp("demo-template") / "demo.fieldnotes"
    notebook = build_demo_notebook(path, kdf=FLOOR_KDF)
    notebook.close()
    Path(f"{path}.lock").unlink(missing_ok=True)
    return path


@pytest.fixture
def demo_path(demo_template: Path, tmp_path: Path) -> Path:
    """A private copy of the demo notebook; passphrase `demo`."""
    target = tmp_path / "demo.fieldnotes"
    shutil.copy2(demo_template, target)
    return target


@pytest.fixture
def demo_notebook(demo_path: Path) -> Iterator[Notebook]:
    notebook = Notebook.open(demo_path)
    notebook.unlock(DEMO_PASSPHRASE)
    yield notebook
    notebook.close()


@pytest.fixture
def empty_notebook(tmp_path: Path) -> Iterator[Notebook]:
    from fieldnotes.domain.frameworks import builtin_framework_paths, load_frameworks

    notebook = Notebook.create(
        tmp_path / "empty.fieldnotes",
        TEST_PASSPHRASE,
        kdf=FLOOR_KDF,
        frameworks=load_frameworks(builtin_framework_paths()),
    )
    yield notebook
    notebook.close()
