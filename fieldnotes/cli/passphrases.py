"""Reading passphrases: from a file, the environment, or a hidden prompt.

Light on purpose: the command line reads the passphrase before loading the storage layer, so
the key derivation can run while the rest of the program loads.
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from fieldnotes.errors import InvalidInput

MIN_NEW_PASSPHRASE_CHARS = 8
"""For a passphrase being chosen. An existing notebook opens with whatever it was made with
(the demo's is `demo`), so the rule is never applied to unlocking."""

SHORT_PASSPHRASE = "choose a passphrase of at least 8 characters (a few words is best)"


def check_new_passphrase(phrase: str, *, source: str = "") -> str:
    """The rule for a new passphrase, from a prompt, a file or the environment alike."""
    if len(phrase) < MIN_NEW_PASSPHRASE_CHARS:
        where = (
            f"{source} holds fewer than {MIN_NEW_PASSPHRASE_CHARS} characters: " if source else ""
        )
        raise InvalidInput(f"{where}{SHORT_PASSPHRASE}")
    return phrase


MAX_PASSPHRASE_FILE_BYTES = 64 << 10
"""Only the first line is used; a file past this is a wrong pick (or `/dev/zero`), refused
before it can fill the memory. A pipe (`--passphrase-file <(pass show x)`) still works."""


def read_passphrase_file(path: Path) -> str:
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_PASSPHRASE_FILE_BYTES + 1)
    except OSError as error:
        raise InvalidInput(f"cannot read passphrase file {path}: {error.strerror}") from None
    if len(raw) > MAX_PASSPHRASE_FILE_BYTES:
        raise InvalidInput(f"passphrase file {path} is too large to be a passphrase file")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidInput(f"passphrase file {path} is not UTF-8 text") from None
    lines = text.splitlines()
    phrase = lines[0] if lines else ""
    if not phrase:
        raise InvalidInput(f"passphrase file {path} is empty")
    return phrase


def interactive() -> bool:
    return sys.stdin.isatty()


def passphrase(args: argparse.Namespace, *, prompt: str = "Passphrase: ") -> str:
    """From --passphrase-file, then $FIELDNOTES_PASSPHRASE, then a hidden prompt on a terminal."""
    file = getattr(args, "passphrase_file", None)
    if file is not None:
        return read_passphrase_file(file)
    env = os.environ.get("FIELDNOTES_PASSPHRASE")
    if env:
        return env
    if not interactive():
        raise InvalidInput("no passphrase: use --passphrase-file FILE or set FIELDNOTES_PASSPHRASE")
    return getpass.getpass(prompt)


def new_passphrase(args: argparse.Namespace, *, file: Path | None, env_name: str) -> str:
    if file is not None:
        return check_new_passphrase(read_passphrase_file(file), source=str(file))
    env = os.environ.get(env_name)
    if env:
        return check_new_passphrase(env, source=f"${env_name}")
    if not interactive():
        raise InvalidInput(f"no new passphrase: use a passphrase file or set {env_name}")
    print(
        "A lost passphrase cannot be recovered: nobody, including us, can open the notebook "
        "without it.",
        file=sys.stderr,
    )
    first = getpass.getpass("New passphrase: ")
    if len(first) < MIN_NEW_PASSPHRASE_CHARS:
        raise InvalidInput(SHORT_PASSPHRASE)
    second = getpass.getpass("Same passphrase again: ")
    if first != second:
        raise InvalidInput("the two passphrases differ; nothing was changed")
    return first


@contextlib.contextmanager
def quiet_terminal(fd: int | None = None) -> Iterator[None]:
    """No echo while a key is derived after a prompt, and nothing typed ahead left behind.

    Someone who types the next passphrase before its prompt appears would otherwise see it
    echoed, and whatever is left unread would reach the shell once the command ends.
    """
    if fd is None:
        fd = sys.stdin.fileno() if sys.stdin is not None and sys.stdin.isatty() else -1
    try:
        import termios
    except ImportError:  # pragma: no cover - not a POSIX terminal
        yield
        return
    try:
        saved = termios.tcgetattr(fd)
    except (termios.error, OSError, ValueError):
        yield
        return
    quiet = termios.tcgetattr(fd)
    quiet[3] &= ~(termios.ECHO | termios.ECHONL)
    try:
        termios.tcsetattr(fd, termios.TCSADRAIN, quiet)
        yield
    finally:
        with contextlib.suppress(termios.error, OSError):
            termios.tcflush(fd, termios.TCIFLUSH)
            termios.tcsetattr(fd, termios.TCSADRAIN, saved)
