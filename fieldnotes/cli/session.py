"""Opening the notebook for a command: the lock, the passphrase, the integrity warnings,
and the automatic backup after a command that may have changed the file."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fieldnotes.cli.main import say_waiting
from fieldnotes.cli.output import say
from fieldnotes.cli.passphrases import passphrase, quiet_terminal
from fieldnotes.notebook import Notebook
from fieldnotes.paths import notebook_path_from_env

INTEGRITY_EXIT = 3
"""The exit status of a command that did its work on a notebook found changed outside
fieldnotes: not 0, so a script notices."""

INTEGRITY_WARNED: list[str] = []
"""What this run has warned about so far; `fieldnotes.cli.commands.run` empties it first."""


def notebook_path(args: argparse.Namespace) -> Path:
    return notebook_path_from_env(getattr(args, "notebook", None))


@contextmanager
def unlocked(args: argparse.Namespace) -> Iterator[Notebook]:
    # A read-only command may have read the passphrase and started the key derivation
    # before this module loaded (`fieldnotes.cli.main`).
    early_phrase, early = getattr(args, "early_unlock", (None, None))
    notebook = open_notebook(args)
    if args.command == "check":
        notebook.check_every_row()
    try:
        phrase = early_phrase or passphrase(args)
        # After a prompt, what is typed during the derivation is not echoed or kept.
        with quiet_terminal() if prompted(args) else contextlib.nullcontext():
            notebook.unlock(phrase, early=early)
        try:
            yield notebook
        finally:
            # Checked while the command ran; said once it is done, whether or not it worked.
            if args.command != "check":
                for problem in notebook.integrity_problems():
                    INTEGRITY_WARNED.append(problem)
                    print(f"fieldnotes: warning: {problem}", file=sys.stderr)
    finally:
        notebook.close()
    # Only after a command that succeeded: a failed one changed nothing worth keeping.
    after_close(args)


WRITING_COMMANDS = frozenset(
    {
        "init",
        "add",
        "import",
        "delete",
        "trash",
        "passwd",
        "leader",
        "protect",
        "people",
        "brief",
        "config",
        "check",
        "sync",
        "team",
        "obstacle",
        "tag",
    }
)
"""Commands that may change the notebook; an automatic backup follows them if set up (and
only when the file did change)."""


def after_close(args: argparse.Namespace) -> None:
    if args.command not in WRITING_COMMANDS:
        return
    from fieldnotes.notebook.config import automatic_backup_after_close

    message = automatic_backup_after_close(notebook_path(args))
    if message:
        say(message, file=sys.stderr)


def prompted(args: argparse.Namespace) -> bool:
    """Whether the passphrase was (or will be) typed at a prompt, not read from a file or the
    environment."""
    return getattr(args, "passphrase_file", None) is None and not os.environ.get(
        "FIELDNOTES_PASSPHRASE"
    )


READING_COMMANDS = frozenset({"list", "search", "show"})
"""Commands that only read notes and the codebook: opened without loading SQLAlchemy when the
file allows it (`Notebook.open_for_reading`)."""


def open_notebook(args: argparse.Namespace) -> Notebook:
    """Open the notebook, waiting for another process to close it if `--wait` says so."""
    path = notebook_path(args)
    wait = getattr(args, "wait", 0.0)
    opening = Notebook.open_for_reading if args.command in READING_COMMANDS else Notebook.open
    return opening(path, wait=wait, on_wait=lambda: say_waiting(path, wait))
