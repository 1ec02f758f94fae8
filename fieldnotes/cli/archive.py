"""Everything that leaves as a file: `fieldnotes backup` (and `backup verify`), `restore`,
and `export markdown`."""

from __future__ import annotations

import argparse
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from fieldnotes.cli.identifiers import EXPORT_ADVICE, resolution_action, stopped
from fieldnotes.cli.inputs import age_secrets
from fieldnotes.cli.output import say
from fieldnotes.cli.passphrases import (
    check_new_passphrase,
    interactive,
    new_passphrase,
    passphrase,
    quiet_terminal,
    read_passphrase_file,
)
from fieldnotes.cli.session import notebook_path, unlocked
from fieldnotes.errors import IdentifiersFound, InvalidInput

if TYPE_CHECKING:
    from fieldnotes.notebook import OpenedBackup


def cmd_backup(args: argparse.Namespace) -> int:
    if getattr(args, "backup_command", None) == "verify":
        return _backup_verify(args)
    from fieldnotes.notebook import write_backup

    path = notebook_path(args)
    if not path.is_file():
        from fieldnotes.errors import NotebookNotFound

        raise NotebookNotFound(path)
    recipients, backup_phrase = _export_protection(args, "backup")
    output = _backup_output(args.output)
    header = write_backup(path, output, recipients=recipients, passphrase=backup_phrase)
    say(f"Wrote {header.describe()} to {output} (readable by you only).")
    return 0


def _export_protection(args: argparse.Namespace, what: str) -> tuple[list[str], str | None]:
    """The recipients or the passphrase an export is encrypted to, asked for if need be."""
    from fieldnotes.notebook.keys import parse_recipient

    recipients = [parse_recipient(r) for r in args.to]
    if args.to_passphrase_file is not None:
        if recipients:
            raise InvalidInput(
                f"a {what} goes either to --to keys or to a passphrase, not both "
                "(the age format does not mix them)"
            )
        phrase = check_new_passphrase(
            read_passphrase_file(args.to_passphrase_file), source=str(args.to_passphrase_file)
        )
        return [], phrase
    if recipients:
        return recipients, None
    if not interactive() and not os.environ.get(EXPORT_PASSPHRASE_ENV):
        raise InvalidInput(
            f"protect the {what} with --to age1… (a key from `fieldnotes keygen`) or "
            f"--to-passphrase-file FILE (or set ${EXPORT_PASSPHRASE_ENV})"
        )
    if interactive() and not os.environ.get(EXPORT_PASSPHRASE_ENV):
        say(f"Choose a passphrase for this {what} (it can differ from the notebook's).")
    return [], new_passphrase(args, file=None, env_name=EXPORT_PASSPHRASE_ENV)


EXPORT_PASSPHRASE_ENV = "FIELDNOTES_EXPORT_PASSPHRASE"
"""A new passphrase for a backup or an export, for scripts (as --to-passphrase-file)."""


def _backup_output(given: Path | None) -> Path:
    name = f"backup-{datetime.now(UTC):%Y%m%d-%H%M%S}.age"
    if given is None:
        return Path.cwd() / name
    output = Path(given).expanduser()
    return output / name if output.is_dir() else output


def _opened_backup(args: argparse.Namespace) -> OpenedBackup:
    from fieldnotes.notebook import open_backup
    from fieldnotes.notebook.keys import read_backup_file

    data = read_backup_file(args.file)
    identities, phrase = age_secrets(
        data,
        what="backup",
        identity=args.identity,
        phrase_file=args.backup_passphrase_file,
        option="--backup-passphrase-file",
    )
    return open_backup(data, identities=identities, passphrase=phrase)


def _backup_verify(args: argparse.Namespace) -> int:
    from fieldnotes.notebook import check_backup_notes

    backup = _opened_backup(args)
    header = backup.header
    if getattr(args, "passphrase_file", None) is None and not os.environ.get(
        "FIELDNOTES_PASSPHRASE"
    ):
        say(f"OK: {header.describe()}, complete.")
        return 0
    with quiet_terminal():
        opened, damaged, problems = check_backup_notes(backup, passphrase(args))
    if problems:
        raise InvalidInput(f"{header.describe()}: {problems[0]}")
    if damaged:
        raise InvalidInput(
            f"{header.describe()}: {damaged} note(s) fail to open (damaged before the backup "
            "was taken)"
        )
    say(f"OK: {header.describe()}, complete; all {opened} notes open with the passphrase.")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from fieldnotes.errors import NotebookExists
    from fieldnotes.notebook import restore_backup

    target = notebook_path(args)
    # Refused before the backup is read or any passphrase asked for.
    if os.path.lexists(target):
        raise NotebookExists(target, "restore never replaces a file: choose a new --notebook")
    backup = _opened_backup(args)
    restore_backup(backup, target)
    say(
        f"Restored {backup.header.describe()} to {target}. It opens with the passphrase the "
        "notebook had when the backup was taken."
    )
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    return {"markdown": _export_markdown, "qdpx": _export_qdpx}[args.export_command](args)


def _clear_or_protected(args: argparse.Namespace, what: str) -> tuple[list[str], str | None]:
    """The keys or passphrase an export goes to; none with --plaintext, which takes neither."""
    if args.plaintext:
        if args.to or args.to_passphrase_file is not None:
            raise InvalidInput(f"--plaintext writes {what} in the clear: drop --to and --to-…")
        return [], None
    # Asked before the notebook's own passphrase is, so nothing is derived in vain.
    return _export_protection(args, "export")


def _export_markdown(args: argparse.Namespace) -> int:
    from fieldnotes.notebook import write_encrypted_export, write_plaintext_export

    recipients, export_phrase = _clear_or_protected(args, "the notes")
    with unlocked(args) as notebook:
        files = notebook.markdown_files()
        # Only what leaves in the clear is checked (and a damaged list stops it there).
        protected = notebook.protected_names() if args.plaintext else []
    notes = sum(1 for name, _ in files if name.endswith(".md"))
    if not args.plaintext:
        written = write_encrypted_export(
            files, args.output, recipients=recipients, passphrase=export_phrase
        )
        say(f"Wrote {notes} note(s), encrypted, to {written} (readable by you only).")
        return 0
    checked, resolved = _identifier_checked(files, protected, args.identifiers)
    folder = write_plaintext_export(checked, args.output)
    say(f"Wrote {notes} note(s) in the clear to {folder} (readable by you only).")
    if resolved:
        action = "confirm" if args.identifiers == "confirm" else "redact"
        say(f"{resolved} possible identifier(s) were {action}ed.")
    return 0


def _export_qdpx(args: argparse.Namespace) -> int:
    from fieldnotes.notebook import write_encrypted_file, write_plaintext_file

    recipients, export_phrase = _clear_or_protected(args, "the project")
    with unlocked(args) as notebook:
        try:
            project = notebook.qdpx_project(args.identifiers if args.plaintext else None)
        except IdentifiersFound as found:
            raise stopped(found.places, EXPORT_ADVICE) from None
    notes = len(project.sources)  # one source per note
    if not args.plaintext:
        written = write_encrypted_file(
            project.archive(),
            args.output,
            "notes-{:%Y%m%d-%H%M%S}.qdpx.age",
            recipients,
            export_phrase,
        )
        say(f"Wrote {notes} note(s) as a REFI-QDA project, encrypted, to {written}.")
        return 0
    written = write_plaintext_file(project.archive(), args.output, "notes-{:%Y%m%d-%H%M%S}.qdpx")
    say(f"Wrote {notes} note(s) as a REFI-QDA project, in the clear, to {written}.")
    return 0


def _identifier_checked(
    files: list[tuple[str, str]], protected: list[str], mode: str
) -> tuple[list[tuple[str, str]], int]:
    """Every file through the identifier check, as briefs are; stop refuses if any remain."""
    from fieldnotes.domain.brief import Resolution, apply_resolutions, find_identifiers
    from fieldnotes.domain.frameworks import parse_toml
    from fieldnotes.domain.importer import parse_note_text

    found = [(name, text, find_identifiers(text, protected)) for name, text in files]
    flagged = [(name, f) for name, _, findings in found for f in findings]
    if flagged and mode == "stop":
        raise stopped([f"{name}:{f.line}: {f.kind}" for name, f in flagged], EXPORT_ADVICE)
    action = resolution_action(mode)
    checked: list[tuple[str, str]] = []
    for name, text, findings in found:
        if findings:
            resolutions = {f.id: Resolution(action) for f in findings}
            text, _log = apply_resolutions(text, findings, resolutions)
            # A redaction must leave a file the importer still reads.
            if name.endswith(".md"):
                parse_note_text(text, name)
            else:
                parse_toml(text, name)
        checked.append((name, text))
    return checked, len(flagged)
