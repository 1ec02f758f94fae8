"""Two processes at one notebook: refused at once and clearly, or waited for with `--wait`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from fieldnotes.errors import NotebookBusy
from fieldnotes.notebook import Notebook

from .conftest import DEMO_PASSPHRASE


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "fieldnotes", *args]


@pytest.fixture
def phrase_file(tmp_path: Path) -> Path:
    path = tmp_path / "phrase"
    path.write_text(DEMO_PASSPHRASE + "\n")
    return path


def test_a_symlink_reaches_the_same_lock(demo_path: Path, tmp_path: Path) -> None:
    link = tmp_path / "elsewhere.fieldnotes"
    link.symlink_to(demo_path)
    with Notebook.open(demo_path), pytest.raises(NotebookBusy):
        Notebook.open(link)
    with Notebook.open(link), pytest.raises(NotebookBusy):
        Notebook.open(demo_path)


def test_a_symlink_is_refused_on_the_command_line(
    demo_path: Path, tmp_path: Path, phrase_file: Path
) -> None:
    link = tmp_path / "link.fieldnotes"
    link.symlink_to(demo_path)
    with Notebook.open(demo_path):
        result = subprocess.run(
            _cli(
                "add",
                "--notebook",
                str(link),
                "--passphrase-file",
                str(phrase_file),
                "--mode",
                "observe",
            ),
            input="A note that must not land while the notebook is open elsewhere.\n",
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert result.returncode == 1
    assert "open in another fieldnotes process" in result.stderr
    with Notebook.open(demo_path) as notebook:
        notebook.unlock(DEMO_PASSPHRASE)
        assert not [n for n in notebook.notes() if "must not land" in n.description]


def test_busy_is_said_before_the_passphrase_is_read(demo_path: Path, tmp_path: Path) -> None:
    """No one types a passphrase (or waits for a key derivation) only to be told it is busy."""
    missing = tmp_path / "no-such-phrase"
    for command in (["list"], ["show", "abc"], ["add", "--mode", "observe"], ["passwd"]):
        with Notebook.open(demo_path):
            result = subprocess.run(
                _cli(*command, "--notebook", str(demo_path), "--passphrase-file", str(missing)),
                input="text\n",
                capture_output=True,
                text=True,
                timeout=120,
            )
        assert result.returncode == 1, command
        assert "open in another fieldnotes process" in result.stderr, (command, result.stderr)


def test_wait_gives_up_with_the_same_refusal(demo_path: Path, phrase_file: Path) -> None:
    with Notebook.open(demo_path):
        result = subprocess.run(
            _cli(
                "list",
                "--notebook",
                str(demo_path),
                "--passphrase-file",
                str(phrase_file),
                "--wait",
                "0.2",
            ),
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert result.returncode == 1
    assert "waiting up to 0.2 s" in result.stderr
    assert result.stderr.strip().endswith("close it there first")


@pytest.mark.parametrize("command", ["list", "add"])
def test_wait_goes_ahead_once_the_other_process_closes(
    demo_path: Path, phrase_file: Path, command: str
) -> None:
    holder = Notebook.open(demo_path)
    extra = ["--mode", "observe"] if command == "add" else []
    process = subprocess.Popen(
        _cli(
            command,
            "--notebook",
            str(demo_path),
            "--passphrase-file",
            str(phrase_file),
            "--wait",
            "600",
            *extra,
        ),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert process.stdin is not None and process.stderr is not None
        process.stdin.write("Written once the app had closed the notebook.\n")
        process.stdin.close()
        # The waiting message is the signal that the other process is blocked on our lock.
        line = process.stderr.readline()
        assert "waiting up to 600 s" in line
        holder.close()
        assert process.stdout is not None
        process.wait(timeout=120)
        out, err = process.stdout.read(), process.stderr.read()
    finally:
        holder.close()
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, err
    assert out.strip()


def test_wait_must_be_a_sensible_number(demo_path: Path) -> None:
    for bad in ("soon", "-1"):
        result = subprocess.run(
            _cli("list", "--notebook", str(demo_path), "--wait", bad),
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 2
        assert "--wait" in result.stderr
