"""Shared fixtures: isolated user dirs, and a demo notebook built once per session."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from fieldnotes.crypto.kdf import FLOOR_KDF
from fieldnotes.notebook import Notebook

# The same examples on every run, and no per-example deadline: a property test must not pass
# on a quiet machine and fail on a busy one, or pass today and fail on tomorrow's seed.
settings.register_profile("fieldnotes", derandomize=True, deadline=None, print_blob=True)
settings.load_profile("fieldnotes")

DEMO_PASSPHRASE = "demo"
TEST_PASSPHRASE = "correct horse battery staple"


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
