"""Nothing typed is lost: the editor's draft survives the process being killed outright.

A child Python process runs the editor on a real pseudo-terminal. The test types into it as
a person would (bytes on the terminal), waits until the draft has been sealed, then kills the
process with SIGKILL — no chance to clean up. The notebook is reopened here and the words
must be in the draft, and back in the editor when it is opened on that draft.
"""

from __future__ import annotations

import fcntl
import os
import signal
import struct
import subprocess
import sys
import termios
import textwrap
import threading
import time
from pathlib import Path

from textual.app import App
from textual.widgets import TextArea

from fieldnotes.notebook import Notebook
from fieldnotes.tui.screens.writeup.screen import WriteUpScreen

TYPED = "Mum said the ramp was promised last spring."

CHILD = textwrap.dedent(
    """
    import sys
    from datetime import datetime
    from pathlib import Path

    from textual.app import App

    from fieldnotes.domain.model import NoteDraft
    from fieldnotes.notebook import Notebook
    from fieldnotes.tui.screens.writeup.screen import WriteUpScreen

    path, passphrase, signals = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
    notebook = Notebook.open(path)
    notebook.unlock(passphrase)
    save_draft = notebook.save_draft


    def save_and_signal(draft_id, payload, note_id=None):
        # Test instrumentation only: tell the parent each time a draft is sealed.
        save_draft(draft_id, payload, note_id=note_id)
        (signals / "saved").write_text(str(len(payload["fields"]["description"])))


    notebook.save_draft = save_and_signal


    class Host(App):
        def on_mount(self):
            draft = NoteDraft(mode="observe", occurred_at=datetime(2026, 8, 5, 14, 40))
            self.push_screen(WriteUpScreen(notebook, initial=draft))
            self.set_timer(0.5, self.ready)

        def ready(self):
            self.screen.query_one("#description").focus()
            (signals / "ready").write_text("ready")


    Host().run()
    """
)


def wait_for(path: Path, deadline: float, output: bytearray, ok: object = None) -> str:
    while time.monotonic() < deadline:
        if path.exists():
            text = path.read_text()
            if ok is None or ok == text:
                return text
        time.sleep(0.05)
    tail = output[-2000:].decode("utf-8", "replace")
    raise AssertionError(f"timed out waiting for {path.name}; child printed:\n{tail}")


def test_draft_survives_sigkill_and_restores(demo_path: Path, tmp_path: Path) -> None:
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    signals = tmp_path / "signals"
    signals.mkdir()

    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24"}
    env.pop("TEXTUAL", None)
    child = subprocess.Popen(
        [sys.executable, str(script), str(demo_path), "demo", str(signals)],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        start_new_session=True,
        close_fds=True,
    )
    os.close(slave)

    # The child blocks if nobody reads what it draws; keep the terminal drained.
    output = bytearray()

    def drain() -> None:
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                return
            if not chunk:
                return
            output.extend(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + 30
        wait_for(signals / "ready", deadline, output)
        os.write(master, TYPED.encode())
        wait_for(signals / "saved", deadline, output, ok=str(len(TYPED)))
        assert child.poll() is None, "the child exited by itself"
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(timeout=10)
        os.close(master)
        reader.join(timeout=5)
    assert child.returncode == -signal.SIGKILL

    notebook = Notebook.open(demo_path)
    try:
        notebook.unlock("demo")
        drafts = notebook.drafts()
        assert len(drafts) == 1
        draft_id, note_id, _, payload = drafts[0]
        assert note_id is None
        assert payload["fields"]["description"] == TYPED
        assert payload["fields"]["when"] == "2026-08-05 14:40"
        restored_text = _open_on_draft(notebook, draft_id)
        assert restored_text == TYPED
    finally:
        notebook.close()


def _open_on_draft(notebook: Notebook, draft_id: str) -> str:
    import asyncio

    class Host(App[None]):
        def on_mount(self) -> None:
            self.push_screen(WriteUpScreen(notebook, draft_id=draft_id))

    async def run() -> str:
        app = Host()
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, WriteUpScreen)
            assert screen.draft_id == draft_id
            return screen.query_one("#description", TextArea).text

    return asyncio.run(run())
