"""The notebook and its safeguards: `fieldnotes init`, `passwd`, `check` and `protect`."""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence
from typing import TYPE_CHECKING

from fieldnotes.cli.output import say
from fieldnotes.cli.passphrases import (
    check_new_passphrase,
    new_passphrase,
    passphrase,
    quiet_terminal,
)
from fieldnotes.cli.session import (
    INTEGRITY_EXIT,
    after_close,
    notebook_path,
    open_notebook,
    unlocked,
)
from fieldnotes.notebook import DEFAULT_KDF, Notebook
from fieldnotes.terminal import printable_line

if TYPE_CHECKING:
    from fieldnotes.domain.model import CodebookEntry

INIT_KDF = DEFAULT_KDF


def cmd_init(args: argparse.Namespace) -> int:
    from fieldnotes.domain.frameworks import (
        builtin_codebook_path,
        builtin_framework_paths,
        load_codebook,
        load_frameworks,
    )

    path = notebook_path(args)
    if path.exists():
        from fieldnotes.errors import NotebookExists

        raise NotebookExists(path)
    # Read and check every input file before asking for anything or writing anything.
    frameworks = load_frameworks(args.framework or builtin_framework_paths())
    codebook = (
        () if args.empty_codebook else load_codebook(args.codebook or builtin_codebook_path())
    )
    phrase = _first_passphrase(args)
    notebook = Notebook.create(path, phrase, kdf=INIT_KDF, frameworks=frameworks, codebook=codebook)
    notebook.close()
    say(
        f"Created {path} with {len(frameworks)} framework(s) and "
        f"{_count_entries(codebook)} obstacle(s) in the codebook."
    )
    after_close(args)
    return 0


def _first_passphrase(args: argparse.Namespace) -> str:
    """A new notebook's passphrase: from --passphrase-file or the environment, held to the
    rule for new passphrases; else asked for twice."""
    if getattr(args, "passphrase_file", None) is not None:
        return check_new_passphrase(passphrase(args), source=str(args.passphrase_file))
    if os.environ.get("FIELDNOTES_PASSPHRASE"):
        return check_new_passphrase(passphrase(args), source="$FIELDNOTES_PASSPHRASE")
    return new_passphrase(args, file=None, env_name="FIELDNOTES_PASSPHRASE")


def _count_entries(entries: Sequence[CodebookEntry]) -> int:
    return sum(1 + _count_entries(e.children) for e in entries)


def cmd_passwd(args: argparse.Namespace) -> int:
    notebook = open_notebook(args)
    try:
        # Every prompt comes first: the two key derivations run after the last one, with the
        # terminal quiet, so nothing typed ahead is echoed while they run.
        old = passphrase(args, prompt="Current passphrase: ")
        new = new_passphrase(
            args, file=args.new_passphrase_file, env_name="FIELDNOTES_NEW_PASSPHRASE"
        )
        with quiet_terminal():
            notebook.unlock(old)
            notebook.change_passphrase(old, new)
    finally:
        notebook.close()
    say("Passphrase changed. The old one no longer opens this notebook.")
    after_close(args)
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    """Say what the notebook was found changed outside fieldnotes, and accept it if asked."""
    with unlocked(args) as notebook:
        problems = notebook.integrity_problems()
        damaged = sum(1 for note in notebook.notes() if note.damaged)
        damaged += sum(1 for note in notebook.trashed_notes() if note.damaged)
        if not problems and not damaged:
            print("The notebook is intact: nothing was changed outside fieldnotes.")
            return 0
        for problem in problems:
            print(f"- {problem}")
        if damaged:
            print(f"- {damaged} note(s) are damaged and shown without their text")
        if args.accept:
            notebook.accept_current_state()
            print(
                "Accepted: the notebook is checked from its present state on. Damaged notes "
                "stay damaged; put them in the trash if they are of no use."
            )
            return 0
        print("Run `fieldnotes check --accept` once you are sure the notebook is as it should be.")
    return INTEGRITY_EXIT


def cmd_protect(args: argparse.Namespace) -> int:
    with unlocked(args) as notebook:
        if args.replace:
            notebook.set_protected_names(args.names)
        names = notebook.protected_names()
        if not args.replace and (args.names or args.remove):
            removing = {n.casefold() for n in args.remove}
            names = [n for n in names if n.casefold() not in removing] + list(args.names)
            notebook.set_protected_names(names)
            names = notebook.protected_names()
        say(f"{len(names)} protected name(s).")
        for name in names:
            say(f"  {printable_line(name)}")
    return 0
