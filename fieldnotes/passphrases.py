"""Reading passphrases: from a file, the environment, or a hidden prompt.

Light on purpose: the command line reads the passphrase before loading the storage layer, so
the key derivation can run while the rest of the program loads.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from fieldnotes.errors import InvalidInput


def read_passphrase_file(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise InvalidInput(f"cannot read passphrase file {path}: {error.strerror}") from None
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
        return read_passphrase_file(file)
    env = os.environ.get(env_name)
    if env:
        return env
    if not interactive():
        raise InvalidInput(f"no new passphrase: use a passphrase file or set {env_name}")
    print(
        "A lost passphrase cannot be recovered: nobody, including us, can open the notebook "
        "without it.",
        file=sys.stderr,
    )
    first = getpass.getpass("New passphrase: ")
    if len(first) < 8:
        raise InvalidInput("choose a passphrase of at least 8 characters (a few words is best)")
    second = getpass.getpass("Same passphrase again: ")
    if first != second:
        raise InvalidInput("the two passphrases differ; nothing was changed")
    return first
