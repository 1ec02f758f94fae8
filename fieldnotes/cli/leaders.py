"""`fieldnotes keygen` and `fieldnotes leader`: leaders' age identities and the address book."""

from __future__ import annotations

import argparse
import sys

from fieldnotes.cli.output import say
from fieldnotes.cli.passphrases import check_new_passphrase, new_passphrase, read_passphrase_file
from fieldnotes.cli.session import unlocked
from fieldnotes.errors import InvalidInput
from fieldnotes.terminal import printable_line


def cmd_keygen(args: argparse.Namespace) -> int:
    from fieldnotes.notebook.keys import generate_identity, write_identity_file

    secret, public = generate_identity()
    protect: str | None = None
    if args.protect_file is not None:
        protect = check_new_passphrase(
            read_passphrase_file(args.protect_file), source=str(args.protect_file)
        )
    elif args.protect:
        protect = new_passphrase(args, file=None, env_name="FIELDNOTES_IDENTITY_PASSPHRASE")
    if args.output is None:
        if protect is not None:
            raise InvalidInput("--protect needs --output: a sealed identity is written to a file")
        if sys.stdout.isatty():
            say("# Keep this secret key private; give the public key to the brief's author.")
        say(f"# public key: {public}")
        say(secret)
        return 0
    if args.output.exists():
        raise InvalidInput(f"{args.output} already exists; not overwriting an identity")
    write_identity_file(args.output, secret, public, passphrase=protect)
    say(f"Wrote the identity to {args.output} (readable by you only).", file=sys.stderr)
    say(public)
    return 0


def cmd_leader(args: argparse.Namespace) -> int:
    with unlocked(args) as notebook:
        if args.leader_command == "add":
            leader = notebook.add_leader(args.label, args.recipient)
            say(f"Added {leader.label} ({leader.recipient[:16]}…).")
        elif args.leader_command == "remove":
            matches = [
                leader
                for leader in notebook.leaders()
                if leader.label.casefold() == args.label.casefold()
            ]
            if not matches:
                raise InvalidInput(f"no leader labelled {args.label!r}")
            notebook.remove_leader(matches[0].id)
            say(f"Removed {matches[0].label}.")
        else:
            leaders = notebook.leaders()
            if not leaders:
                say("No leaders yet: add one with `fieldnotes leader add LABEL age1…`.")
            for leader in leaders:
                say(f"{printable_line(leader.label):<40} {printable_line(leader.recipient)}")
    return 0
