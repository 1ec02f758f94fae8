"""`fieldnotes team invite|members|role|remove`: a team notebook's members, and a lead's changes.

Every change goes to the team's server at once (there is nothing to sync afterwards), and the
server refuses a member who is not a lead whatever their client says.
"""

from __future__ import annotations

import argparse
import sys

from fieldnotes.cli.inputs import ask, needs_yes
from fieldnotes.cli.output import JSON_FORMAT_VERSION, say, say_json
from fieldnotes.cli.passphrases import read_passphrase_file
from fieldnotes.cli.session import unlocked
from fieldnotes.domain.team import TEAM_ROLES, TeamRole
from fieldnotes.errors import InvalidInput
from fieldnotes.terminal import printable_line

MIN_INVITATION_PASSPHRASE_CHARS = 12


def _role(text: str) -> TeamRole:
    if text not in TEAM_ROLES:
        raise InvalidInput(f"a role is one of {', '.join(TEAM_ROLES)}")
    return text


def cmd_team_invite(args: argparse.Namespace) -> int:
    from fieldnotes.notebook.members import new_invitation_passphrase, write_invitation

    role = _role(args.role)
    output = args.output.expanduser()
    if output.exists():
        raise InvalidInput(f"{output} already exists; it was left as it is")
    if not output.parent.is_dir():
        raise InvalidInput(f"cannot write {output}: the folder {output.parent} does not exist")
    generated = args.invitation_passphrase_file is None
    if generated:
        passphrase = new_invitation_passphrase()
    else:
        passphrase = read_passphrase_file(args.invitation_passphrase_file)
        if len(passphrase) < MIN_INVITATION_PASSPHRASE_CHARS:
            raise InvalidInput(
                f"an invitation's passphrase is at least {MIN_INVITATION_PASSPHRASE_CHARS} "
                "characters: a strong one is made for you without --invitation-passphrase-file"
            )
    with unlocked(args) as notebook:
        sealed = notebook.invite(args.label, role, passphrase, expires_in_days=args.days)
        path = write_invitation(sealed, output)
    say(
        f"Invited {printable_line(args.label)} as {role}: the invitation is in {path} "
        f"(works once, for {args.days} day{'s' if args.days != 1 else ''})."
    )
    if generated:
        say(f"Its passphrase (shown only now): {passphrase}")
    say(
        "Hand the file over one way and the passphrase another (by phone or in person, never "
        "in the same message). They join with `fieldnotes --notebook NEW team join FILE`."
    )
    return 0


def cmd_team_members(args: argparse.Namespace) -> int:
    with unlocked(args) as notebook:
        members = notebook.team_members()
    if getattr(args, "json", False):
        say_json(
            {
                "format": JSON_FORMAT_VERSION,
                "members": [
                    {
                        "label": member.label,
                        "role": member.role,
                        "fingerprint": member.fingerprint,
                        "removed": member.removed,
                        "you": member.is_me,
                        "verified": member.verified,
                    }
                    for member in members
                ],
            }
        )
        return 0
    width = max((len(printable_line(m.label)) for m in members), default=5) + 6
    for member in members:
        label = printable_line(member.label) + (" (you)" if member.is_me else "")
        flags = [flag for flag, on in (("removed", member.removed),) if on]
        if not member.verified:
            flags.insert(0, "NOT VERIFIED: trusted for nothing")
        say(f"{label:<{width}} {member.role:<8} {member.fingerprint}  {', '.join(flags)}".rstrip())
    if any(not member.verified for member in members):
        say(
            "An entry marked NOT VERIFIED is not vouched for by a lead's signature: nothing "
            "it writes is accepted. Tell a lead.",
            file=sys.stderr,
        )
    return 0


def cmd_team_role(args: argparse.Namespace) -> int:
    role = _role(args.role)
    with unlocked(args) as notebook:
        notebook.set_member_role(args.label, role)
    say(f"{printable_line(args.label)} is now {role}.")
    return 0


def cmd_team_remove(args: argparse.Namespace) -> int:
    from fieldnotes.notebook.members import REMOVED_KEEPS

    needs_yes(args, "`team remove`")
    label = printable_line(args.label)
    with unlocked(args) as notebook:
        if not args.yes:
            say(f"Removing {label}. {REMOVED_KEEPS}", file=sys.stderr)
            if not ask(f"Remove {label} and change the team's key?"):
                say("Nothing was changed.", file=sys.stderr)
                return 1
        resealed = notebook.remove_member(args.label)
        kept = notebook.removed_login_kept(args.label)
    say(
        f"Removed {label}, and changed the team's key: {resealed} "
        f"row{'s' if resealed != 1 else ''} sealed again under the new key."
    )
    if kept:
        say(
            f"{label}'s database login was made by the council's DBA, and the team cannot "
            "close it: it has no team role any more, but ask the DBA to close it and to take "
            "back what it was given to set the team up (docs/team.md)."
        )
    say(REMOVED_KEEPS)
    return 0
