"""`fieldnotes sync` and `fieldnotes team create|join|status|conflicts|resolve|upgrade`.

The membership actions (`team invite|members|role|remove`) are in `team_members`.
"""

from __future__ import annotations

import argparse
import getpass
import importlib
import os
import sys
from pathlib import Path
from typing import Any, cast

from fieldnotes.cli.output import say, say_json
from fieldnotes.cli.passphrases import interactive, read_passphrase_file
from fieldnotes.cli.session import after_close, notebook_path, unlocked
from fieldnotes.domain.team import ConflictChoice, SyncConflict, SyncReport, SyncState
from fieldnotes.errors import InvalidInput, NotebookExists, NotFound
from fieldnotes.notebook import Notebook
from fieldnotes.terminal import printable_line

MAX_INVITATION_FILE_BYTES = 64 << 10
"""An invitation is one short age file; anything larger is refused unread."""
MEMBER_ACTIONS = frozenset({"invite", "members", "role", "remove"})


def cmd_sync(args: argparse.Namespace) -> int:
    with unlocked(args) as notebook:
        report = notebook.sync()
        state = notebook.sync_state()
        if getattr(args, "json", False):
            say_json(_report_json(report, state))
        else:
            _say_report(report, state)
    return 0 if report.online and not report.problem else 1


def cmd_team(args: argparse.Namespace) -> int:
    action = args.team_command
    if action in MEMBER_ACTIONS:
        members = importlib.import_module("fieldnotes.cli.team_members")
        return cast(int, getattr(members, f"cmd_team_{action}")(args))
    if action == "join":
        return _join(args)
    with unlocked(args) as notebook:
        if action == "create":
            report = notebook.team_create(args.url, args.label, name=args.name)
            team = notebook.team
            assert team is not None
            say(f"{notebook.path} is now the team notebook {team.schema} on {team.server}.")
            say(f"You are {printable_line(team.label)} (lead); your key fingerprint:")
            say(f"  {team.fingerprint}")
            say("Read it to each colleague you invite, so they can check it.")
            _say_report(report, notebook.sync_state())
            return 0 if report.online else 1
        if action == "status":
            return _status(notebook, as_json=getattr(args, "json", False))
        if action == "conflicts":
            return _conflicts(notebook, as_json=getattr(args, "json", False))
        if action == "resolve":
            return _resolve(notebook, args.conflict, args.choice)
        if action == "upgrade":
            found, now = notebook.team_upgrade(getattr(args, "url", None))
            if found == now:
                say(f"The team's server is at version {now} already: nothing to do.")
            else:
                say(f"The team's server was at version {found}; it is now at version {now}.")
            return 0
    raise InvalidInput(f"unknown team action {action!r}")


def _invitation_passphrase(args: argparse.Namespace) -> str:
    file = getattr(args, "invitation_passphrase_file", None)
    if file is not None:
        return read_passphrase_file(file)
    env = os.environ.get("FIELDNOTES_INVITATION_PASSPHRASE")
    if env:
        return env
    if not interactive():
        raise InvalidInput(
            "no invitation passphrase: use --invitation-passphrase-file FILE or set "
            "FIELDNOTES_INVITATION_PASSPHRASE"
        )
    return getpass.getpass("The invitation's passphrase (from the lead): ")


def _read_invitation(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_INVITATION_FILE_BYTES + 1)
    except OSError as error:
        raise InvalidInput(f"cannot read the invitation {path}: {error.strerror}") from None
    if len(raw) > MAX_INVITATION_FILE_BYTES:
        raise InvalidInput(f"{path} is too large to be an invitation")
    return raw


def _join(args: argparse.Namespace) -> int:
    from fieldnotes.cli.safety import INIT_KDF, _first_passphrase
    from fieldnotes.notebook import join_team

    path = notebook_path(args)
    if path.exists():
        raise NotebookExists(path, "joining makes a new notebook: give --notebook a new file")
    invitation = _read_invitation(args.invitation)
    invitation_passphrase = _invitation_passphrase(args)
    phrase = _first_passphrase(args)
    notebook = join_team(path, invitation, invitation_passphrase, phrase, kdf=INIT_KDF)
    try:
        team = notebook.team
        assert team is not None
        say(f"Joined as {printable_line(team.label)} ({team.role}); your key fingerprint:")
        say(f"  {team.fingerprint}")
        count, _jottings = notebook.note_counts()
        say(f"{path} holds the team's {count} note(s).")
        state = notebook.sync_state()
        if state.problem:
            say(f"fieldnotes: {printable_line(state.problem)}", file=sys.stderr)
    finally:
        notebook.close()
    after_close(args)
    return 0


def _say_report(report: SyncReport, state: SyncState) -> None:
    if not report.online:
        say(f"Offline: {printable_line(report.problem)}", file=sys.stderr)
    elif report.problem:
        say(f"fieldnotes: {printable_line(report.problem)}", file=sys.stderr)
    say(
        f"Sent {report.pushed}, received {report.pulled}; {state.waiting} waiting, "
        f"{state.conflicts} conflict(s)."
    )
    for conflict in report.conflicts:
        say(f"  conflict {conflict.conflict_id[:8]}: {_conflict_line(conflict)}")
    for line in report.refused:
        say(f"  refused: {printable_line(line)}", file=sys.stderr)


def _report_json(report: SyncReport, state: SyncState) -> dict[str, Any]:
    return {
        "online": report.online,
        "pushed": report.pushed,
        "pulled": report.pulled,
        "waiting": state.waiting,
        "conflicts": [c.conflict_id for c in report.conflicts],
        "refused": list(report.refused),
        "problem": report.problem,
    }


def _status(notebook: Notebook, *, as_json: bool) -> int:
    team = notebook.team
    if team is None:
        raise InvalidInput("this is a personal notebook, not a team notebook")
    state = notebook.sync_state()
    if as_json:
        say_json(
            {
                "server": team.server,
                "name": team.schema,
                "member_id": team.member_id,
                "label": team.label,
                "role": team.role,
                "fingerprint": team.fingerprint,
                "online": state.online,
                "waiting": state.waiting,
                "conflicts": state.conflicts,
                "refused": state.refused,
                "last_synced": None if state.last_synced is None else state.last_synced.isoformat(),
                "problem": state.problem,
            }
        )
        return 0
    say(f"Team notebook {team.schema} on {team.server}")
    say(f"You: {printable_line(team.label)} ({team.role}), fingerprint {team.fingerprint}")
    when = "never" if state.last_synced is None else state.last_synced.strftime("%Y-%m-%d %H:%M")
    say(
        f"{'Online' if state.online else 'Offline'}; last synced {when} UTC; "
        f"{state.waiting} change(s) waiting; {state.conflicts} conflict(s); "
        f"{state.refused} row(s) refused"
    )
    if state.problem:
        say(f"Last problem: {printable_line(state.problem)}")
    return 0


def _conflict_line(conflict: SyncConflict) -> str:
    title = printable_line(conflict.title) or conflict.row_id[:8]
    return f"{conflict.kind} {title} — theirs by {printable_line(conflict.theirs_by)}"


def _conflicts(notebook: Notebook, *, as_json: bool) -> int:
    found = notebook.conflicts()
    if as_json:
        say_json(
            [
                {
                    "id": c.conflict_id,
                    "kind": c.kind,
                    "row_id": c.row_id,
                    "title": c.title,
                    "theirs_by": c.theirs_by,
                    "found_at": c.found_at.isoformat(),
                    "mine": c.mine,
                    "theirs": c.theirs,
                }
                for c in found
            ]
        )
        return 0
    if not found:
        say("No conflicts.")
    for conflict in found:
        say(f"{conflict.conflict_id[:8]}  {_conflict_line(conflict)}")
    if found:
        say("Settle one with `fieldnotes team resolve ID mine|theirs|both`.")
    return 0


def _resolve(notebook: Notebook, prefix: str, choice: str) -> int:
    wanted = prefix.strip().lower()
    matches = [c for c in notebook.conflicts() if wanted and c.conflict_id.startswith(wanted)]
    if not matches:
        raise NotFound(f"no conflict with id {prefix!r}")
    if len(matches) > 1:
        raise InvalidInput(f"{prefix!r} matches {len(matches)} conflicts; give more of it")
    notebook.resolve_conflict(matches[0].conflict_id, cast(ConflictChoice, choice))
    kept = {"mine": "yours kept", "theirs": "theirs kept", "both": "both kept"}[choice]
    say(f"Resolved {matches[0].conflict_id[:8]}: {kept}.")
    return 0
