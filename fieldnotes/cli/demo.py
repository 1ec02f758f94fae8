"""`fieldnotes demo`, and the terminal app when no command is given."""

from __future__ import annotations

import argparse
import signal
import sys
from collections.abc import Callable
from pathlib import Path

from fieldnotes.cli.output import say
from fieldnotes.cli.session import notebook_path
from fieldnotes.errors import InvalidInput


def cmd_demo(args: argparse.Namespace) -> int:
    from fieldnotes.cli.demo_notebook import (
        DEMO_FILE_NAME,
        clean_stale_demo_dirs,
        make_demo_dir,
        remove_demo_dir,
    )

    explicit = getattr(args, "notebook", None)
    if explicit:
        return _build_and_open_demo(Path(explicit).expanduser(), no_open=args.no_open)
    clean_stale_demo_dirs()
    if args.no_open:
        # Kept: its path is printed for the person to use.
        folder = make_demo_dir(keep=True)
        return _build_and_open_demo(folder / DEMO_FILE_NAME, no_open=True)
    # A temporary demo lasts as long as the app: removed when the app ends, however it ends
    # short of a kill (the next `fieldnotes demo` removes what a kill left behind).
    folder = make_demo_dir()
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGTERM, signal.SIGHUP)}
    for sig in previous:
        signal.signal(sig, _exit_on_signal)
    try:
        return _build_and_open_demo(
            folder / DEMO_FILE_NAME, no_open=False, before_hard_exit=lambda: remove_demo_dir(folder)
        )
    finally:
        remove_demo_dir(folder)
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _exit_on_signal(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


def _build_and_open_demo(
    path: Path, *, no_open: bool, before_hard_exit: Callable[[], None] | None = None
) -> int:
    from fieldnotes.cli.demo_notebook import DEMO_PASSPHRASE, build_demo_notebook

    notebook = build_demo_notebook(path)
    count = len(notebook.notes())
    notebook.close()
    say(f"Demo notebook with {count} notes: {path}")
    say(f"Its passphrase is: {DEMO_PASSPHRASE}")
    if no_open:
        return 0
    from fieldnotes.tui.app import run_tui

    return run_tui(path, demo=True, before_hard_exit=before_hard_exit)


def open_tui(args: argparse.Namespace) -> int:
    if not sys.stdout.isatty():
        raise InvalidInput("the app needs a terminal; see `fieldnotes --help` for commands")
    from fieldnotes.tui.app import run_tui

    return run_tui(notebook_path(args))
