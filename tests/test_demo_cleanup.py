"""`fieldnotes demo` leaves no temporary notebook behind, and removes ones left by a crash."""

from __future__ import annotations

import functools
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

import fieldnotes.cli.demo_notebook
import fieldnotes.tui.app
from fieldnotes.__main__ import main
from fieldnotes.cli.demo_notebook import DEMO_FILE_NAME, KEEP_MARKER, clean_stale_demo_dirs
from fieldnotes.crypto.kdf import FLOOR_KDF
from fieldnotes.storage.lockfile import ProcessLock

ROOT = Path(__file__).resolve().parent.parent


def _demo_dirs(parent: Path) -> list[Path]:
    return sorted(parent.glob("fieldnotes-demo-*"))


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    parent = tmp_path / "tmp"
    parent.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(parent))
    real = fieldnotes.cli.demo_notebook.build_demo_notebook
    monkeypatch.setattr(
        fieldnotes.cli.demo_notebook, "build_demo_notebook", functools.partial(real, kdf=FLOOR_KDF)
    )
    return parent


@pytest.mark.parametrize("ending", ["quit", "crash"])
def test_the_demo_notebook_is_removed_when_the_app_ends(
    private_tmp: Path, monkeypatch: pytest.MonkeyPatch, ending: str
) -> None:
    seen: list[Path] = []

    def fake_run_tui(path: Path, *, demo: bool = False, **_: object) -> int:
        assert demo and path.is_file()
        seen.append(path)
        if ending == "crash":
            raise RuntimeError("boom")
        return 0

    monkeypatch.setattr(fieldnotes.tui.app, "run_tui", fake_run_tui)
    assert main(["demo"]) == (0 if ending == "quit" else 2)
    assert seen and seen[0].parent.parent == private_tmp
    assert _demo_dirs(private_tmp) == []


def test_a_watchdog_exit_removes_the_demo_before_the_process_ends(
    private_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A lost terminal ends the app with os._exit, which skips every `finally`: the demo's
    folder must be gone before that, not left for the next run to find."""
    gone_before_exit: list[bool] = []

    def fake_run_tui(path: Path, *, demo: bool = False, **options: object) -> int:
        app = fieldnotes.tui.app.FieldnotesApp(path, demo=demo)
        app.before_hard_exit = options["before_hard_exit"]  # type: ignore[assignment]
        app._sealed.set()

        def hard_exit(code: int) -> None:
            gone_before_exit.append(not path.parent.exists())
            raise SystemExit(code)

        monkeypatch.setattr(fieldnotes.tui.app.time, "sleep", lambda _seconds: None)
        monkeypatch.setattr(fieldnotes.tui.app.os, "_exit", hard_exit)
        app._watchdog(129)
        return 0

    monkeypatch.setattr(fieldnotes.tui.app, "run_tui", fake_run_tui)
    with pytest.raises(SystemExit):
        main(["demo"])
    assert gone_before_exit == [True]


def test_no_open_keeps_the_notebook_it_names(
    private_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo", "--no-open"]) == 0
    (folder,) = _demo_dirs(private_tmp)
    assert str(folder / DEMO_FILE_NAME) in capsys.readouterr().out
    # A later demo's clean-up leaves it alone.
    assert clean_stale_demo_dirs(private_tmp) == 0
    assert _demo_dirs(private_tmp) == [folder]


def test_sigterm_while_the_demo_runs_removes_it(tmp_path: Path) -> None:
    parent = tmp_path / "tmp"
    parent.mkdir()
    script = (
        "import functools, sys, threading\n"
        "import fieldnotes.cli.demo_notebook as demo, fieldnotes.tui.app\n"
        "from fieldnotes.crypto.kdf import FLOOR_KDF\n"
        "demo.build_demo_notebook = functools.partial(demo.build_demo_notebook, kdf=FLOOR_KDF)\n"
        "def hold(path, *, demo=False, **_):\n"
        "    print('ready', flush=True)\n"
        "    threading.Event().wait()\n"
        "fieldnotes.tui.app.run_tui = hold\n"
        "from fieldnotes.__main__ import main\n"
        "sys.exit(main(['demo']))\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", script],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "TMPDIR": str(parent)},
    )
    try:
        assert process.stdout is not None
        for line in process.stdout:
            if line.strip() == "ready":
                break
        else:
            raise AssertionError(process.stderr.read() if process.stderr else "no output")
        assert len(_demo_dirs(parent)) == 1
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 128 + signal.SIGTERM
    assert _demo_dirs(parent) == []


def test_stale_demo_folders_of_our_own_are_removed(tmp_path: Path) -> None:
    def folder(name: str, *files: str) -> Path:
        path = tmp_path / f"fieldnotes-demo-{name}"
        path.mkdir()
        for file in files:
            (path / file).write_text("x")
        return path

    crashed = folder("crashed", DEMO_FILE_NAME, f"{DEMO_FILE_NAME}-wal", f"{DEMO_FILE_NAME}.lock")
    empty = folder("empty")
    kept = folder("kept", DEMO_FILE_NAME, KEEP_MARKER)
    foreign = folder("foreign", DEMO_FILE_NAME, "thesis.docx")
    running = folder("running", DEMO_FILE_NAME)
    unrelated = tmp_path / "something-else"
    unrelated.mkdir()
    holder = ProcessLock(running / DEMO_FILE_NAME)
    holder.acquire()
    try:
        assert clean_stale_demo_dirs(tmp_path) == 2
    finally:
        holder.release()
    assert not crashed.exists() and not empty.exists()
    assert kept.exists() and foreign.exists() and running.exists() and unrelated.exists()
