"""Running `fieldnotes`: parse, refuse a busy notebook, start the key derivation early, run.

Heavy imports wait until a command needs them: a read-only command reads its passphrase and
starts deriving the key before the notebook layers load, so the two overlap.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from fieldnotes.cli.parser import PROG, build_parser

LOCKING_COMMANDS = frozenset(
    {
        "add",
        "import",
        "list",
        "search",
        "show",
        "passages",
        "passwd",
        "synthesis",
        "leader",
        "protect",
        "due",
        "tracker",
        "obstacle",
        "tag",
        "member-check",
        "people",
    }
)
"""Commands that open an existing notebook for their whole run (so do `brief export` and
`brief log`): a notebook another process holds is reported before any passphrase is asked for,
any note is typed or any key derived."""

EARLY_UNLOCK_COMMANDS = frozenset(
    {"list", "search", "show", "passages", "synthesis", "due", "tracker"}
)
"""Read-only commands whose key derivation starts before the storage layer loads."""


def _start_early_unlock(args: argparse.Namespace) -> None:
    """Read the passphrase and start deriving the key now, while the rest loads (~0.5 s).

    Only for a file that already looks like a notebook: anything else is left for opening
    the notebook properly to report, before any passphrase is asked for.
    """
    from fieldnotes.cli.passphrases import passphrase
    from fieldnotes.notebook import early_unlock
    from fieldnotes.paths import notebook_path_from_env

    path = notebook_path_from_env(getattr(args, "notebook", None))
    started = early_unlock(path, lambda: passphrase(args))
    if started is not None:
        args.early_unlock = started


def _locks_notebook(args: argparse.Namespace) -> bool:
    if args.command == "brief":
        return args.brief_command in {"export", "log"}
    if args.command == "export":
        return True
    return args.command in LOCKING_COMMANDS


def _check_not_busy(args: argparse.Namespace) -> None:
    """Refuse at once (or wait, with `--wait`) if another process has the notebook open.

    Opening the notebook takes the lock again for the command's run; this only makes sure
    nobody is asked for anything first.
    """
    from fieldnotes.notebook import ProcessLock
    from fieldnotes.paths import notebook_path_from_env

    path = notebook_path_from_env(getattr(args, "notebook", None))
    if not path.is_file():
        return
    lock = ProcessLock(path)
    lock.acquire(getattr(args, "wait", 0.0), on_wait=lambda: say_waiting(path, args.wait))
    lock.release()


def say_waiting(path: Path, seconds: float) -> None:
    from fieldnotes.terminal import printable_line

    print(
        f"{PROG}: {printable_line(str(path))} is open in another fieldnotes process; "
        f"waiting up to {seconds:g} s",
        file=sys.stderr,
        flush=True,
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    from fieldnotes.errors import FieldnotesError

    try:
        if _locks_notebook(args):
            _check_not_busy(args)
        if args.command in EARLY_UNLOCK_COMMANDS:
            _start_early_unlock(args)
        from fieldnotes.cli.commands import run

        return run(args)
    except FieldnotesError as error:
        from fieldnotes.errors import ImportProblems
        from fieldnotes.terminal import printable_line

        # Messages name files and quote input: shown, never obeyed by the terminal. A message
        # of several lines (every problem of an import) is escaped a line at a time.
        first, *rest = error.lines() if isinstance(error, ImportProblems) else [str(error)]
        print(f"{PROG}: {printable_line(first)}", file=sys.stderr)
        for line in rest:
            print(f"  {printable_line(line)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted; nothing uncommitted was saved", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # Output piped into `head` and the like: not an error worth a message.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as error:
        # Never a traceback: it could carry note text. The type is enough to report a bug.
        print(
            f"{PROG}: unexpected {type(error).__name__}; the notebook keeps its last saved state",
            file=sys.stderr,
        )
        return 2
