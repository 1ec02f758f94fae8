"""Exports and decrypted briefs killed part-way: no plaintext left behind, no brief unlogged."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from fieldnotes.__main__ import main
from fieldnotes.crypto import age
from fieldnotes.crypto.age import generate_identity
from fieldnotes.domain.brief import BriefRequest
from fieldnotes.errors import ExportWriteError
from fieldnotes.notebook import Notebook

from .conftest import DEMO_PASSPHRASE

_KILLED_EXPORT = """
import os, signal, sys
from pathlib import Path
from fieldnotes.domain.brief import BriefRequest
from fieldnotes.crypto import age
from fieldnotes.crypto.age import generate_identity
from fieldnotes.notebook import Notebook
if sys.argv[3] == "named":
    age._write_unnamed = lambda path, payload: False
notebook = Notebook.open(Path(sys.argv[1]))
notebook.unlock("demo")
obstacle = notebook.obstacles()[0]
# Killed as the brief goes into place, and only then: the notebook's own small files
# (this machine's record of its newest state) are written the same way.
out = os.path.realpath(sys.argv[2])
def killed_there(real):
    def move(source, target, *args, **kwargs):
        folder = os.path.dirname(os.fspath(target))
        if "dst_dir_fd" in kwargs or os.path.realpath(folder) == out:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(source, target, *args, **kwargs)
    return move
os.replace = killed_there(os.replace)
os.link = killed_there(os.link)
notebook.export_brief(
    "Body", [], BriefRequest((obstacle.id,), "DCS", "Summary"), Path(sys.argv[2]),
    recipients=[age.generate_identity()[1]],
)
"""


@pytest.fixture(params=["unnamed", "named"])
def temp_kind(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """With O_TMPFILE, and with the named temp file used where there is none."""
    if request.param == "named":
        monkeypatch.setattr(age, "_write_unnamed", lambda path, payload: False)
    return str(request.param)


def _export(notebook: Notebook, output: Path) -> Path:
    obstacle = notebook.obstacles()[0]
    request = BriefRequest((obstacle.id,), "DCS", "Summary")
    # To a key, not a passphrase: scrypt's cost is chosen by timing the machine.
    recipient = generate_identity()[1]
    return notebook.export_brief("Body", [], request, output, recipients=[recipient])


def test_an_export_killed_before_its_rename_is_logged_and_leaves_nothing_next_time(
    demo_path: Path, tmp_path: Path, temp_kind: str
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    killed = subprocess.run(
        [sys.executable, "-c", _KILLED_EXPORT, str(demo_path), str(out), temp_kind],
        capture_output=True,
        timeout=120,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    Path(f"{demo_path}.lock").unlink(missing_ok=True)
    left = [p.name for p in out.iterdir()]
    if temp_kind == "unnamed":
        assert left == []
    else:
        assert len(left) == 1 and re.fullmatch(
            r"\.brief-[0-9a-f]{8}\.age\.[0-9a-f]{16}\.tmp", left[0]
        )
    notebook = Notebook.open(demo_path)
    notebook.unlock(DEMO_PASSPHRASE)
    try:
        [entry] = notebook.exports()
        assert entry.status == "attempted" and entry.file_name.startswith("brief-")
        written = _export(notebook, out)
        assert [p.name for p in out.iterdir()] == [written.name]
        newest = notebook.exports()[0]
        assert newest.status == "written" and newest.file_name == written.name
    finally:
        notebook.close()


def test_brief_log_marks_an_attempted_export(
    demo_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    killed = subprocess.run(
        [sys.executable, "-c", _KILLED_EXPORT, str(demo_path), str(out), "unnamed"],
        capture_output=True,
        timeout=120,
    )
    assert killed.returncode == -signal.SIGKILL
    Path(f"{demo_path}.lock").unlink(missing_ok=True)
    monkeypatch.setenv("FIELDNOTES_PASSPHRASE", DEMO_PASSPHRASE)
    assert main(["brief", "log", "--notebook", str(demo_path)]) == 0
    assert "(attempted: may not have been written)" in capsys.readouterr().out


def test_a_refused_write_leaves_no_file_and_no_log_entry(
    demo_notebook: Notebook, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused(path: Path, data: bytes) -> None:
        # The entry is already logged when the file is written.
        assert demo_notebook.exports()[0].status == "attempted"
        raise ExportWriteError(f"the disk is full: {path} was not written")

    monkeypatch.setattr(age, "write_private_file", refused)
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(ExportWriteError):
        _export(demo_notebook, out)
    assert demo_notebook.exports() == []
    assert list(out.iterdir()) == []


def test_brief_decrypt_output_removes_stale_plaintext_first(
    demo_notebook: Notebook, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    brief = _export(demo_notebook, tmp_path / "b.age")
    target = tmp_path / "plain.md"
    stale = tmp_path / ".plain.md.0123456789abcdef.tmp"
    stale.write_text("plaintext from a killed run")
    # Even a run that then fails (no identity given to open the brief) cleans up.
    assert main(["brief", "decrypt", str(brief), "--output", str(target)]) == 1
    assert not stale.exists() and not target.exists()
    capsys.readouterr()
