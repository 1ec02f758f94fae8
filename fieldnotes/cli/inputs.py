"""What a command reads from its options and from the person at the terminal: dates, teams,
principles, a note's body, a yes or no, the key or passphrase that opens an age file."""

from __future__ import annotations

import argparse
import getpass
import sys
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from fieldnotes.cli.output import say
from fieldnotes.cli.passphrases import interactive, read_passphrase_file
from fieldnotes.domain.model import PrincipleLink, Stance
from fieldnotes.errors import InvalidInput
from fieldnotes.terminal import printable_line

if TYPE_CHECKING:
    from fieldnotes.notebook import Notebook


def parse_when(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        try:
            return datetime.combine(date.fromisoformat(text), datetime.min.time()).replace(hour=9)
        except ValueError:
            raise InvalidInput(
                f"cannot read the date {text!r}; use YYYY-MM-DD or YYYY-MM-DDTHH:MM"
            ) from None


def parse_date(text: str | None, what: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"cannot read {what} {text!r}; use YYYY-MM-DD") from None


def parse_principle_option(text: str) -> PrincipleLink:
    principle_id, _, stance = text.partition(":")
    stance = stance or "honoured"
    if stance not in ("honoured", "at-risk"):
        raise InvalidInput(f"stance in {text!r} must be 'honoured' or 'at-risk'")
    stance_value: Stance = "at-risk" if stance == "at-risk" else "honoured"
    return PrincipleLink(principle_id.strip(), stance_value)


def read_body(args: argparse.Namespace) -> str:
    """The note's text, read no further than one byte past the most a note can hold."""
    from fieldnotes.domain.model import MAX_NOTE_BYTES, size_label

    source = f"in {args.file}" if args.file is not None else "on standard input"
    data: bytes
    if args.file is not None:
        try:
            with args.file.open("rb") as handle:
                data = handle.read(MAX_NOTE_BYTES + 1)
        except OSError as error:
            raise InvalidInput(f"cannot read {args.file}: {error.strerror or error}") from None
    else:
        if sys.stdin.isatty():
            say("Type the note, then Ctrl-D on a new line:", file=sys.stderr)
        data = sys.stdin.buffer.read(MAX_NOTE_BYTES + 1)
    if len(data) > MAX_NOTE_BYTES:
        raise InvalidInput(
            f"the note {source} is larger than {size_label(MAX_NOTE_BYTES)}, the most a note "
            "can hold: nothing was added"
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidInput(f"the note {source} is not UTF-8 text: nothing was added") from None


def named_team(notebook: Notebook, text: str | None) -> str | None:
    """The one team `--team` names: exactly (any case), else by a unique start, else by a
    unique part of the name. Several or none is an error, never a silently empty list."""
    if text is None or not text.strip():
        return None
    return match_team(notebook.teams(), text)


def match_team(teams: list[str], text: str) -> str:
    wanted = " ".join(text.split()).casefold()
    for rule in (
        lambda team: team.casefold() == wanted,
        lambda team: team.casefold().startswith(wanted),
        lambda team: wanted in team.casefold(),
    ):
        found = [team for team in teams if rule(team)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            shown = ", ".join(found[:6]) + (f" and {len(found) - 6} more" if len(found) > 6 else "")
            raise InvalidInput(f"--team {text!r} matches {len(found)} teams ({shown}); say more")
    raise InvalidInput(f"no team matches --team {text!r}; `fieldnotes list` shows the teams")


def needs_yes(args: argparse.Namespace, what: str) -> None:
    """Refuse, before anything is unlocked, a destructive command no one can be asked about."""
    if not args.yes and not interactive():
        raise InvalidInput(f"{what} asks first: pass --yes when there is no terminal")


def ask(question: str) -> bool:
    print(printable_line(f"{question} [y/N] "), end="", file=sys.stderr, flush=True)
    return sys.stdin.readline().strip().casefold() in ("y", "yes")


def age_secrets(
    data: bytes, *, what: str, identity: Path | None, phrase_file: Path | None, option: str
) -> tuple[list[str], str | None]:
    """The identities, or else the passphrase, that open the age file `data`: asked for at
    the terminal if need be.

    `phrase_file` (given as `option`) holds the file's own passphrase, or a protected
    identity file's.
    """
    from fieldnotes.errors import DecryptFailed, PassphraseRequired
    from fieldnotes.notebook.keys import needs_passphrase, read_identity_file

    try:
        by_passphrase = needs_passphrase(data)
    except DecryptFailed as error:
        raise type(error)(str(error).replace("brief", what)) from None
    phrase = read_passphrase_file(phrase_file) if phrase_file is not None else None
    if by_passphrase:
        if phrase is None:
            if not interactive():
                raise InvalidInput(f"this {what} needs its passphrase: use {option} FILE")
            phrase = getpass.getpass(f"{what.capitalize()} passphrase: ")
        return [], phrase
    if identity is None:
        raise InvalidInput(f"this {what} is encrypted to keys: give yours with --identity FILE")
    try:
        return read_identity_file(identity), None
    except PassphraseRequired:
        if phrase is None:
            if not interactive():
                raise InvalidInput(f"the identity file is protected: use {option} FILE") from None
            phrase = getpass.getpass("Identity passphrase: ")
        return read_identity_file(identity, phrase), None
