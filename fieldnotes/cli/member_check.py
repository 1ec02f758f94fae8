"""`fieldnotes member-check`: a summary for one team, checked, exported; and the team's reply."""

from __future__ import annotations

import argparse
from datetime import date

from fieldnotes.cli.identifiers import resolution_action, resolve_every_finding
from fieldnotes.cli.inputs import match_team, read_body
from fieldnotes.cli.output import say
from fieldnotes.cli.passphrases import read_passphrase_file
from fieldnotes.cli.session import unlocked
from fieldnotes.errors import InvalidInput


def cmd_member_check(args: argparse.Namespace) -> int:
    if args.member_check_command == "reply":
        return _reply(args)
    return _export(args)


def _export(args: argparse.Namespace) -> int:
    from fieldnotes.domain.brief import apply_resolutions, find_identifiers

    if not getattr(args, "team", None):
        raise InvalidInput("name the team with --team T")
    if args.output is None:
        raise InvalidInput("say where to write the member check with --output FILE")
    if args.plaintext and (args.to or args.to_passphrase_file):
        raise InvalidInput("--plaintext writes a printable file: leave out --to and passphrases")
    if not args.plaintext and not args.to and not args.to_passphrase_file:
        raise InvalidInput(
            "choose --to age1… or --to-passphrase-file F (or --plaintext to print it)"
        )
    team_passphrase = (
        read_passphrase_file(args.to_passphrase_file) if args.to_passphrase_file else None
    )
    with unlocked(args) as notebook:
        team = match_team(notebook.teams(), args.team)
        check = notebook.compose_member_check(team, today=date.today())
        findings = find_identifiers(check.body, notebook.protected_names())
        resolutions = resolve_every_finding(
            findings, args.identifiers, nothing="nothing was written"
        )
        checked, log = apply_resolutions(check.body, findings, resolutions)
        log = [*check.map_log, *log]
        written = notebook.export_member_check(
            check,
            checked,
            log,
            args.output,
            recipients=args.to,
            passphrase=team_passphrase,
            html=args.format == "html",
            plaintext=args.plaintext,
        )
    kind = "printable (unencrypted)" if args.plaintext else "encrypted"
    say(f"Wrote the {kind} member check for {check.team} to {written}")
    say(f"It covers {len(check.obstacle_ids)} obstacle(s) from {check.note_count} note(s).")
    if check.quotes_left_out:
        say(f"{check.quotes_left_out} quote(s) could identify someone and were left out.")
    if findings:
        action = resolution_action(args.identifiers)
        say(f"{len(findings)} possible identifier(s) were {action}ed; the log is inside.")
    return 0


def _reply(args: argparse.Namespace) -> int:
    from fieldnotes.domain.importer import split_sections
    from fieldnotes.domain.member_check import covered_obstacle_ids, reply_draft, team_notes

    body = read_body(args)
    description, asides, follow_up = split_sections(body, source=str(args.file or "<stdin>"))
    if not description.strip():
        raise InvalidInput("the reply is empty: nothing was added")
    with unlocked(args) as notebook:
        team = match_team(notebook.teams(), args.team)
        obstacle_ids = list(covered_obstacle_ids(team_notes(notebook.notes(), team)))
        draft = reply_draft(team, obstacle_ids, description)
        draft.asides, draft.follow_up = asides, follow_up
        note = notebook.add_note(draft)
    say(note.id)
    say(f"Recorded {team}'s reply, linked to {len(obstacle_ids)} obstacle(s).")
    return 0
