"""Ending safely: a signal, a lost terminal or an internal error seals drafts and drops the key."""

from __future__ import annotations

import contextlib
import os
import select
import signal
import sys
import threading
import time
from types import FrameType

from rich.console import RenderableType
from rich.text import Text
from textual.worker import WorkerFailed

from fieldnotes.errors import FieldnotesError
from fieldnotes.tui.app_parts.base import AppPart
from fieldnotes.tui.safety import crash_message

EXIT_OK = 0
EXIT_CANNOT_OPEN = 1
EXIT_INTERNAL_ERROR = 70
"""An unhandled exception inside the app (EX_SOFTWARE)."""
EXIT_UNSAFE_DEBUG = 78
"""Refused to start because Textual's debugging would leak plaintext (EX_CONFIG)."""

STOP_SEAL_SECONDS = 0.4
"""After a signal or a lost terminal: how long the orderly path may take to seal the drafts
and close the notebook before a watchdog drops the key and ends the process."""
STOP_EXIT_SECONDS = 0.5
"""Then how long the app may take to restore the terminal and exit, before it is ended."""


class StoppingPart(AppPart):
    """Signals, the terminal watcher, the watchdog and the one handler of internal errors."""

    def _install_signal_handlers(self) -> None:
        # A plain handler rather than the loop's: it runs even while the loop is stuck in a
        # long call, and all it does is ask for the stop and start the watchdog.
        for signum in (signal.SIGTERM, signal.SIGHUP):
            with contextlib.suppress(ValueError, OSError):
                signal.signal(signum, self._on_signal)

    def _on_signal(self, signum: int, _frame: FrameType | None) -> None:
        self.request_stop(128 + signum)

    def _watch_terminal(self) -> None:
        """Stop when the terminal goes away (window closed, tmux session killed).

        The kernel may send SIGHUP, or may not (no controlling terminal); either way the
        terminal's file reports a hang-up, and Textual's reader would otherwise spin on it.
        """
        try:
            fd = sys.__stdin__.fileno() if sys.__stdin__ is not None else -1
        except (OSError, ValueError):
            return
        if fd < 0 or not os.isatty(fd):
            return
        poller = select.poll()
        poller.register(fd, select.POLLHUP | select.POLLERR)
        gone = select.POLLHUP | select.POLLERR | select.POLLNVAL

        def watch() -> None:
            while self._stop_code is None and not self._exit:
                try:
                    events_ = poller.poll(250)
                except OSError:
                    events_ = [(fd, select.POLLERR)]
                if any(mask & gone for _fd, mask in events_):
                    self.request_stop(128 + signal.SIGHUP)
                    return

        threading.Thread(target=watch, name="fieldnotes-terminal-watch", daemon=True).start()

    def request_stop(self, code: int) -> None:
        """Lock and exit soon; safe to call from a signal handler or any thread.

        The orderly path runs on the event loop. A watchdog ends the process if that path
        has not sealed the drafts and closed the notebook, or the app has not gone, in time:
        a busy worker or a dead terminal must not keep a notebook unlocked.
        """
        if self._stop_code is not None:
            return
        self._stop_code = code
        threading.Thread(
            target=self._watchdog, args=(code,), name="fieldnotes-stop-watchdog", daemon=True
        ).start()
        loop = self._loop
        if loop is not None:
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(self._terminate)

    def _watchdog(self, code: int) -> None:
        if self._sealed.wait(STOP_SEAL_SECONDS):
            # Everything is locked; only the app's own shutdown is left to wait for.
            time.sleep(STOP_EXIT_SECONDS)
        else:
            self._drop_key_from_any_thread()
        if self.before_hard_exit is not None:
            with contextlib.suppress(Exception):
                self.before_hard_exit()
        os._exit(code)

    def _drop_key_from_any_thread(self) -> None:
        """Forget the key although the event loop is busy; the process ends right after."""
        notebook = self.notebook
        if notebook is None:
            return

        def lock() -> None:
            with contextlib.suppress(Exception):
                notebook.lock()

        # Locking forgets the key first and then checkpoints; never wait long for the disk.
        locker = threading.Thread(target=lock, daemon=True)
        locker.start()
        locker.join(STOP_SEAL_SECONDS / 2)

    def _terminate(self) -> None:
        """SIGTERM, SIGHUP or a lost terminal: seal drafts and lock before anything else."""
        self._seal_and_close()
        self.exit(self._stop_code, return_code=self._stop_code or EXIT_OK)

    def _seal_and_close(self) -> bool:
        """On the way out: seal every draft and close the notebook, whatever fails.

        Returns whether everything was sealed. Whatever broke may break these too, so each
        screen and the close are tried on their own and no exception escapes (its text could
        quote a note).
        """
        sealed = True
        for holder in list(self._draft_holders):
            try:
                holder.flush_draft()
            except Exception:
                sealed = False
        try:
            self._close_notebook()
        except Exception:
            sealed = False
        self._sealed.set()
        return sealed

    def _close_notebook(self) -> None:
        if self.notebook is not None and not self._closed:
            self._closed = True
            try:
                self.notebook.close()
            except FieldnotesError as error:
                self.log.error(f"closing the notebook failed: {error}")

    # ----------------------------------------------------------- internal errors

    def _handle_exception(self, error: Exception) -> None:
        """Every unhandled exception ends here (handlers, timers, workers, rendering).

        Textual would print a traceback with local variables, which hold note text and the
        key. Instead: seal drafts, close the notebook, say one line and exit non-zero.
        """
        if isinstance(error, WorkerFailed):
            error = error.error if isinstance(error.error, Exception) else error
        if self._exception is None:
            # Pilot re-raises this at the end of a test; nothing is printed from it.
            self._exception = error
            self._exception_event.set()
        self._stop_after_internal_error(error)

    def panic(self, *renderables: RenderableType) -> None:
        # Textual panics with a traceback when its input thread dies (a lost terminal).
        self._stop_after_internal_error(RuntimeError("the terminal stopped answering"))

    def _stop_after_internal_error(self, error: BaseException) -> None:
        self._return_code = EXIT_INTERNAL_ERROR
        if self._crashed:
            return
        self._crashed = True
        sealed = self._seal_and_close()
        self._exit_renderables.clear()
        self._exit_renderables.append(Text(crash_message(error, sealed=sealed)))
        self._exit = True
        self._return_value = None
        self._close_messages_no_wait()
