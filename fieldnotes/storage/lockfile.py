"""The process lock: light on purpose (standard library only), so the command line can check it
before it asks for a passphrase or loads the storage layer."""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable
from pathlib import Path

from fieldnotes.errors import NotebookBusy

PRIVATE_FILE_MODE = 0o600
WAIT_POLL_SECONDS = 0.05
"""How often a waiting process tries again: flock has no timeout of its own."""


class ProcessLock:
    """An advisory lock beside the notebook so a second process is told, not corrupted.

    It is keyed on the resolved file, so a symlink or a second spelling of the path (`./x`,
    `../dir/x`) reaches the same lock as the file itself.
    """

    def __init__(self, notebook_path: Path) -> None:
        self._notebook_path = Path(notebook_path)
        self.path = Path(f"{self._notebook_path.resolve()}.lock")
        self._fd: int | None = None

    def acquire(
        self,
        wait: float = 0.0,
        *,
        on_wait: Callable[[], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """Take the lock, trying again for up to `wait` seconds; `NotebookBusy` after that.

        `on_wait` is called once, when the first try finds the lock taken and waiting begins.
        """
        fd = os.open(self.path, os.O_CREAT | os.O_RDWR, PRIVATE_FILE_MODE)
        deadline = clock() + max(wait, 0.0)
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if clock() >= deadline:
                    os.close(fd)
                    raise NotebookBusy(self._notebook_path) from None
                if on_wait is not None and not told:
                    told = True
                    on_wait()
                time.sleep(WAIT_POLL_SECONDS)
            except BaseException:
                os.close(fd)
                raise
            else:
                break
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    @property
    def held(self) -> bool:
        return self._fd is not None
