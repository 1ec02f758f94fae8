"""The real program on a real terminal: how it ends when it is told to, or when things break.

Each test starts `python -m fieldnotes` on a pseudo-terminal, unlocks the demo notebook by
typing its passphrase, and then ends it the way a person's system would. Afterwards the
notebook must open again in this process: its lock was released and nothing was left open.
Waits are generous deadlines, never measurements.
"""

from __future__ import annotations

import signal
import textwrap
from datetime import datetime
from pathlib import Path

import pytest

from fieldnotes.domain.model import NoteDraft
from fieldnotes.notebook import Notebook
from fieldnotes.tui.app import EXIT_INTERNAL_ERROR, EXIT_UNSAFE_DEBUG
from tests.tui.pty_support import PtyChild, child_env, start_fieldnotes

CANARY = "Canary-Q7 the nan keeps every letter in a carrier bag"
NOTES_SHOWN = "Search all notes"


def notebook_opens_again(path: Path) -> bool:
    notebook = Notebook.open(path)
    notebook.close()
    return True


def unlock_in(child: PtyChild, path: Path) -> None:
    child.wait_for_text(path.name)
    child.write(b"demo\r")
    child.wait_for_text(NOTES_SHOWN)


BUSY_WORKER = textwrap.dedent(
    """
    import sys
    import threading

    from fieldnotes.tui.screens.notes import NotesScreen

    shown = NotesScreen.on_mount


    def on_mount(self):
        shown(self)

        def busy():
            # A worker stuck in pure Python: holds the interpreter as often as it can.
            while True:
                sum(range(10_000))

        threading.Thread(target=busy, daemon=True).start()


    NotesScreen.on_mount = on_mount

    from fieldnotes.__main__ import main

    sys.exit(main(sys.argv[1:]))
    """
)


@pytest.mark.parametrize("busy", [False, True], ids=["idle", "busy-worker"])
@pytest.mark.parametrize("how", ["SIGTERM", "SIGHUP", "terminal-closed"])
def test_signal_or_lost_terminal_locks_and_exits(
    demo_path: Path, tmp_path: Path, how: str, busy: bool
) -> None:
    script = None
    if busy:
        script = tmp_path / "busy.py"
        script.write_text(BUSY_WORKER)
    child = start_fieldnotes(demo_path, script=script)
    try:
        unlock_in(child, demo_path)
        if how == "terminal-closed":
            child.close_terminal()
        else:
            child.process.send_signal(getattr(signal, how))
        code = child.wait(timeout=20)
    finally:
        child.stop()
    assert code != 0
    assert notebook_opens_again(demo_path)


CRASHING = textwrap.dedent(
    """
    import sys

    from fieldnotes.tui.screens.notes import NotesScreen


    def broken_preview(self):
        # A bug whose exception and whose locals both hold decrypted note text.
        notes = self.app.notebook.notes()
        raise KeyError(" ".join(note.asides for note in notes))


    NotesScreen.action_toggle_preview = broken_preview

    from fieldnotes.__main__ import main

    sys.exit(main(sys.argv[1:]))
    """
)


def test_a_crash_prints_no_note_text_and_exits_non_zero(demo_path: Path, tmp_path: Path) -> None:
    notebook = Notebook.open(demo_path)
    notebook.unlock("demo")
    notebook.add_note(
        NoteDraft(
            mode="observe",
            occurred_at=datetime(2026, 11, 30, 9, 0),
            description="Home visit about the ramp.",
            asides=CANARY,
        )
    )
    notebook.close()
    script = tmp_path / "crashing.py"
    script.write_text(CRASHING)
    child = start_fieldnotes(demo_path, script=script)
    try:
        unlock_in(child, demo_path)
        child.write(b"p")
        code = child.wait(timeout=20)
        child.close_terminal()
    finally:
        child.stop()
    assert code == EXIT_INTERNAL_ERROR
    shown = child.text()
    assert "Canary-Q7" not in shown
    assert "Traceback" not in shown
    assert "stopped after an internal error (KeyError)" in shown
    assert notebook_opens_again(demo_path)


@pytest.mark.parametrize(
    "setting", [{"TEXTUAL_LOG": "LOG"}, {"TEXTUAL": "devtools"}, {"TEXTUAL": "debug,foo"}]
)
def test_refuses_to_start_with_textual_debugging_on(
    demo_path: Path, tmp_path: Path, setting: dict[str, str]
) -> None:
    log = tmp_path / "textual.log"
    setting = {name: str(log) if value == "LOG" else value for name, value in setting.items()}
    child = PtyChild(
        [__import__("sys").executable, "-m", "fieldnotes", "--notebook", str(demo_path)],
        child_env(**setting),
        (100, 30),
    )
    try:
        code = child.wait(timeout=20)
        child.close_terminal()
    finally:
        child.stop()
    assert code == EXIT_UNSAFE_DEBUG
    text = " ".join(child.text().split())
    assert "will not open the app while Textual's debugging is on" in text
    assert "FIELDNOTES_UNSAFE_DEBUG=1" in text
    assert not log.exists()
