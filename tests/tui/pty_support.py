"""Run fieldnotes as a real process on a pseudo-terminal, as a person's terminal would."""

from __future__ import annotations

import fcntl
import os
import re
import select
import struct
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Sequence
from pathlib import Path

_ESCAPES = re.compile(rb"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[@-Z\\-_])")


class PtyChild:
    """A child process whose stdin, stdout and stderr are one pseudo-terminal."""

    def __init__(self, argv: Sequence[str], env: dict[str, str], size: tuple[int, int]) -> None:
        self.master, slave = os.openpty()
        rows, cols = size[1], size[0]
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.process = subprocess.Popen(
            list(argv),
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            start_new_session=True,
            close_fds=True,
        )
        os.close(slave)
        self.output = bytearray()
        self._master_open = True
        self._closing = threading.Event()
        # The child blocks if nobody reads what it draws; keep the terminal drained.
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()

    def _drain(self) -> None:
        # Never blocked in read for long: a descriptor being read stays open after close().
        while not self._closing.is_set():
            try:
                ready, _, _ = select.select([self.master], [], [], 0.05)
                if not ready:
                    continue
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            self.output.extend(chunk)

    def text(self) -> str:
        """What was drawn so far, without the terminal's control sequences."""
        return _ESCAPES.sub(b"", bytes(self.output)).decode("utf-8", "replace")

    def wait_for_text(self, wanted: str, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if wanted in self.text():
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        raise AssertionError(f"never saw {wanted!r}; the terminal showed:\n{self.text()[-3000:]}")

    def write(self, data: bytes) -> None:
        os.write(self.master, data)

    def close_terminal(self) -> None:
        """What closing the window or killing the tmux session does to the program."""
        if self._master_open:
            self._master_open = False
            self._closing.set()
            self._reader.join(timeout=10)
            os.close(self.master)

    def wait(self, timeout: float = 20.0) -> int:
        return self.process.wait(timeout=timeout)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        self.close_terminal()
        self._reader.join(timeout=5)


def child_env(**extra: str) -> dict[str, str]:
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "30", **extra}
    for name in ("TEXTUAL", "TEXTUAL_LOG", "TEXTUAL_DEBUG", "FIELDNOTES_UNSAFE_DEBUG"):
        if name not in extra:
            env.pop(name, None)
    return env


def start_fieldnotes(
    notebook: Path, *, script: Path | None = None, env: dict[str, str] | None = None
) -> PtyChild:
    """`python -m fieldnotes --notebook NOTEBOOK`, or a script that runs it after a fault."""
    argv = [sys.executable, *([str(script)] if script else ["-m", "fieldnotes"])]
    argv += ["--notebook", str(notebook)]
    return PtyChild(argv, env or child_env(), (100, 30))
