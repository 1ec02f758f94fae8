"""Command implementations. Output goes to stdout; errors are raised as FieldnotesError."""

from __future__ import annotations

import argparse
import contextlib
import getpass
import json
import os
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TextIO

from fieldnotes.cli.passphrases import (
    check_new_passphrase,
    interactive,
    new_passphrase,
    passphrase,
    quiet_terminal,
    read_passphrase_file,
)
from fieldnotes.crypto.kdf import DEFAULT_KDF
from fieldnotes.domain.model import Note, NoteDraft, PrincipleLink, Stance
from fieldnotes.domain.synthesis import Synthesis
from fieldnotes.errors import FieldnotesError, InvalidInput
from fieldnotes.notebook import Notebook, NoteFilter
from fieldnotes.paths import notebook_path_from_env
from fieldnotes.terminal import json_safe, printable, printable_line

JSON_FORMAT_VERSION = 1
INIT_KDF = DEFAULT_KDF


def run(args: argparse.Namespace) -> int:
    _INTEGRITY_WARNED.clear()
    command = args.command
    if command is None:
        return _open_tui(args)
    if command == "due":
        from fieldnotes.cli.due import cmd_due

        return cmd_due(args)
    if command == "template":
        from fieldnotes.cli.templates import cmd_template

        return cmd_template(args)
    if command == "member-check":
        from fieldnotes.cli.member_check import cmd_member_check

        return cmd_member_check(args)
    handler = {
        "init": cmd_init,
        "add": cmd_add,
        "import": cmd_import,
        "list": cmd_list,
        "search": cmd_search,
        "show": cmd_show,
        "delete": cmd_delete,
        "trash": cmd_trash,
        "passwd": cmd_passwd,
        "synthesis": cmd_synthesis,
        "keygen": cmd_keygen,
        "leader": cmd_leader,
        "protect": cmd_protect,
        "people": cmd_people,
        "brief": cmd_brief,
        "demo": cmd_demo,
        "config": cmd_config,
        "backup": cmd_backup,
        "restore": cmd_restore,
        "export": cmd_export,
        "check": cmd_check,
    }[command]
    code = handler(args)
    # Found changed outside fieldnotes: the command did its work, and still does not say "ok".
    return INTEGRITY_EXIT if code == 0 and _INTEGRITY_WARNED else code


INTEGRITY_EXIT = 3
_INTEGRITY_WARNED: list[str] = []


def _path(args: argparse.Namespace) -> Path:
    return notebook_path_from_env(getattr(args, "notebook", None))


@contextmanager
def unlocked(args: argparse.Namespace) -> Iterator[Notebook]:
    # A read-only command may have read the passphrase and started the key derivation
    # before this module loaded (`fieldnotes.__main__`).
    early_phrase, early = getattr(args, "early_unlock", (None, None))
    notebook = _open(args)
    try:
        phrase = early_phrase or passphrase(args)
        # After a prompt, what is typed during the derivation is not echoed or kept.
        with quiet_terminal() if _prompted(args) else contextlib.nullcontext():
            notebook.unlock(phrase, early=early)
        try:
            yield notebook
        finally:
            # Checked while the command ran; said once it is done, whether or not it worked.
            if args.command != "check":
                for problem in notebook.integrity_problems():
                    _INTEGRITY_WARNED.append(problem)
                    print(f"fieldnotes: warning: {problem}", file=sys.stderr)
    finally:
        notebook.close()
    # Only after a command that succeeded: a failed one changed nothing worth keeping.
    after_close(args)


WRITING_COMMANDS = frozenset(
    {
        "init",
        "add",
        "import",
        "delete",
        "trash",
        "passwd",
        "leader",
        "protect",
        "people",
        "brief",
        "config",
        "check",
    }
)
"""Commands that may change the notebook; an automatic backup follows them if set up (and
only when the file did change)."""


def after_close(args: argparse.Namespace) -> None:
    if args.command not in WRITING_COMMANDS:
        return
    from fieldnotes.settings import automatic_backup_after_close

    message = automatic_backup_after_close(_path(args))
    if message:
        say(message, file=sys.stderr)


def _prompted(args: argparse.Namespace) -> bool:
    """Whether the passphrase was (or will be) typed at a prompt, not read from a file or the
    environment."""
    return getattr(args, "passphrase_file", None) is None and not os.environ.get(
        "FIELDNOTES_PASSPHRASE"
    )


def _open(args: argparse.Namespace) -> Notebook:
    """Open the notebook, waiting for another process to close it if `--wait` says so."""
    from fieldnotes.cli.main import say_waiting

    path = _path(args)
    wait = getattr(args, "wait", 0.0)
    return Notebook.open(path, wait=wait, on_wait=lambda: say_waiting(path, wait))


# ------------------------------------------------------------------- commands


def cmd_init(args: argparse.Namespace) -> int:
    from fieldnotes.domain.frameworks import (
        builtin_codebook_path,
        builtin_framework_paths,
        load_codebook,
        load_frameworks,
    )

    path = _path(args)
    if path.exists():
        from fieldnotes.errors import NotebookExists

        raise NotebookExists(path)
    # Read and check every input file before asking for anything or writing anything.
    frameworks = load_frameworks(args.framework or builtin_framework_paths())
    codebook = (
        () if args.empty_codebook else load_codebook(args.codebook or builtin_codebook_path())
    )
    if getattr(args, "passphrase_file", None) is not None or os.environ.get(
        "FIELDNOTES_PASSPHRASE"
    ):
        source = (
            str(args.passphrase_file)
            if getattr(args, "passphrase_file", None) is not None
            else "$FIELDNOTES_PASSPHRASE"
        )
        phrase = check_new_passphrase(passphrase(args), source=source)
    else:
        phrase = new_passphrase(args, file=None, env_name="FIELDNOTES_PASSPHRASE")
    notebook = Notebook.create(path, phrase, kdf=INIT_KDF, frameworks=frameworks, codebook=codebook)
    notebook.close()
    say(
        f"Created {path} with {len(frameworks)} framework(s) and "
        f"{_count_entries(codebook)} obstacle(s) in the codebook."
    )
    after_close(args)
    return 0


def _count_entries(entries: Any) -> int:
    return sum(1 + _count_entries(e.children) for e in entries)


def _parse_when(text: str | None) -> datetime | None:
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


def _parse_date(text: str | None, what: str) -> date | None:
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


def _read_body(args: argparse.Namespace) -> str:
    """The note's text, read no further than one byte past the most a note can hold."""
    from fieldnotes.domain.model import MAX_NOTE_BYTES, size_label

    source = f"in {args.file}" if args.file is not None else "on standard input"
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


def cmd_add(args: argparse.Namespace) -> int:
    from fieldnotes.domain.importer import split_sections

    body = _read_body(args)
    description, asides, follow_up = split_sections(body, source=str(args.file or "<stdin>"))
    if not description.strip():
        raise InvalidInput("the note is empty: nothing was added")
    principles = [parse_principle_option(p) for p in args.principle]
    with unlocked(args) as notebook:
        obstacle_ids = [notebook.find_obstacle(name).id for name in args.obstacle]
        note = notebook.add_note(
            NoteDraft(
                mode=args.mode,
                stage=args.stage,
                occurred_at=_parse_when(args.when),
                team=args.team,
                setting=args.setting,
                participants=list(args.participant),
                description=description,
                asides=asides,
                follow_up=follow_up,
                principles=principles,
                obstacle_ids=obstacle_ids,
            )
        )
        say(note.id)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from fieldnotes.domain.importer import read_note_files

    # Every file is read and checked before the notebook is touched: all or nothing.
    imported = read_note_files(args.paths)
    with unlocked(args) as notebook:
        result = notebook.import_notes(imported)
    already = f", {len(result.already)} already in the notebook" if result.already else ""
    say(f"Imported {len(result.notes)} note(s){already}.")
    return 0


def _filter(args: argparse.Namespace, notebook: Notebook, query: str = "") -> NoteFilter:
    obstacle_id = notebook.find_obstacle(args.obstacle).id if args.obstacle else None
    if args.principle:
        notebook.principle(args.principle)
    return NoteFilter(
        mode=args.mode,
        stage=args.stage,
        team=_team(notebook, args.team),
        obstacle_id=obstacle_id,
        principle_id=args.principle,
        since=_parse_date(args.since, "--since"),
        until=_parse_date(args.until, "--until"),
        query=query,
    )


def _team(notebook: Notebook, text: str | None) -> str | None:
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


def cmd_list(args: argparse.Namespace) -> int:
    with unlocked(args) as notebook:
        notes = notebook.notes(_filter(args, notebook))
        _print_notes(notebook, notes, as_json=args.json)
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    if not args.query.strip():
        raise InvalidInput("give a word or phrase to search for")
    with unlocked(args) as notebook:
        notes = notebook.find(_filter(args, notebook, args.query))
        _print_notes(notebook, notes, as_json=args.json)
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    with unlocked(args) as notebook:
        note = notebook.note_by_prefix(args.note_id)
        if args.json:
            say_json(note_json(notebook, note))
        else:
            _print_full(notebook, note, sys.stdout)
    return 0


def note_label(note: Note) -> str:
    """A note named by when and where, never by its words (for questions and receipts)."""
    team = f", {note.team}" if note.team else ""
    return f"{note.occurred_at:%a %d %b %Y %H:%M} ({note.mode}{team})"


def _needs_yes(args: argparse.Namespace, what: str) -> None:
    """Refuse, before anything is unlocked, a destructive command no one can be asked about."""
    if not args.yes and not interactive():
        raise InvalidInput(f"{what} asks first: pass --yes when there is no terminal")


def _ask(question: str) -> bool:
    print(printable_line(f"{question} [y/N] "), end="", file=sys.stderr, flush=True)
    return sys.stdin.readline().strip().casefold() in ("y", "yes")


def cmd_delete(args: argparse.Namespace) -> int:
    _needs_yes(args, "`fieldnotes delete`")
    with unlocked(args) as notebook:
        note = notebook.note_by_prefix(args.note_id)
        label = note_label(note)
        if not args.yes and not _ask(f"Move the note of {label} to the trash?"):
            say("Nothing was deleted.", file=sys.stderr)
            return 0
        notebook.trash_note(note.id)
    say(
        f"Moved the note of {label} to the trash; "
        f"`fieldnotes trash restore {note.id[:8]}` brings it back."
    )
    return 0


def cmd_trash(args: argparse.Namespace) -> int:
    action = args.trash_command
    if action == "empty":
        _needs_yes(args, "`fieldnotes trash empty`")
    with unlocked(args) as notebook:
        trashed = notebook.trashed_notes()
        if action == "restore":
            return _trash_restore(args, notebook, trashed)
        if action == "empty":
            return _trash_empty(args, notebook, len(trashed))
        if args.json:
            say_json(
                {
                    "format": JSON_FORMAT_VERSION,
                    "count": len(trashed),
                    "notes": [_trashed_json(notebook, note) for note in trashed],
                }
            )
            return 0
        if not trashed:
            say("The trash is empty.", file=sys.stderr)
            return 0
        for note in trashed:
            when = f"{note.trashed_at:%Y-%m-%d %H:%M}" if note.trashed_at else "?"
            team = printable_line(note.team or "—")[:28]
            say(
                f"{note.id[:8]}  {note.occurred_at:%Y-%m-%d %H:%M}  {MODE_MARKS[note.mode]}  "
                f"{team:<28}  trashed {when} UTC  {printable_line(note.first_line[:40])}"
            )
    return 0


def _trashed_json(notebook: Notebook, note: Note) -> dict[str, Any]:
    trashed_at = note.trashed_at.isoformat(timespec="seconds") + "Z" if note.trashed_at else None
    return {**note_json(notebook, note), "trashed_at": trashed_at}


def _trash_restore(args: argparse.Namespace, notebook: Notebook, trashed: list[Note]) -> int:
    wanted = args.note_id.strip().lower()
    matches = [note for note in trashed if wanted and note.id.startswith(wanted)]
    if not matches:
        raise InvalidInput(f"no note in the trash with id {args.note_id!r}")
    if len(matches) > 1:
        raise InvalidInput(f"{args.note_id!r} matches {len(matches)} notes; give more of it")
    note = notebook.restore_note(matches[0].id)
    if args.json:
        say_json(note_json(notebook, note))
    else:
        say(f"Restored the note of {note_label(note)} ({note.id[:8]}).")
    return 0


def _trash_empty(args: argparse.Namespace, notebook: Notebook, count: int) -> int:
    if count and not args.yes:
        question = (
            f"Delete the {count} note(s) in the trash for good? This cannot be undone: "
            "nothing can bring them back."
        )
        if not _ask(question):
            say("Nothing was deleted.", file=sys.stderr)
            return 0
    gone = notebook.empty_trash() if count else 0
    if args.json:
        say_json({"format": JSON_FORMAT_VERSION, "deleted": gone})
    elif gone:
        say(f"Deleted {gone} note(s) for good.")
    else:
        say("The trash is already empty.", file=sys.stderr)
    return 0


def synthesis_json(notebook: Notebook, synthesis: Synthesis) -> dict[str, Any]:
    """The documented `synthesis --json` shape (docs/cli.md)."""
    return {
        "format": JSON_FORMAT_VERSION,
        "since": synthesis.since.isoformat() if synthesis.since else None,
        "until": synthesis.until.isoformat() if synthesis.until else None,
        "team": synthesis.team,
        "weeks": [week.isoformat() for week in synthesis.weeks],
        "obstacles": [
            {
                "id": e.obstacle.id,
                "path": e.path,
                "status": e.obstacle.status,
                "strength": e.strength,
                "strength_reason": e.strength_reason,
                "notes": e.note_count,
                "note_ids": list(e.note_ids),
                "teams": list(e.teams),
                "days": e.days,
                "modes": dict(e.modes),
                "principles": [
                    {"id": p.principle_id, "at_risk": p.at_risk, "honoured": p.honoured}
                    for p in e.principles
                ],
                "first_seen": e.first_seen.isoformat() if e.first_seen else None,
                "last_seen": e.last_seen.isoformat() if e.last_seen else None,
                "weekly": list(e.weekly),
                "quotes": [
                    {
                        "text": q.quote.text,
                        "speaker_role": q.quote.speaker_role,
                        "note_id": q.note_id,
                    }
                    for q in e.quotes
                ],
                "memo_ids": list(e.memo_ids),
                "ask": e.obstacle.ask,
            }
            for e in synthesis.evidence
        ],
    }


def cmd_synthesis(args: argparse.Namespace) -> int:
    with unlocked(args) as notebook:
        synthesis = notebook.synthesis(
            since=_parse_date(args.since, "--since"),
            until=_parse_date(args.until, "--until"),
            team=_team(notebook, args.team),
        )
        if args.json:
            say_json(synthesis_json(notebook, synthesis))
            return 0
        changes = {c.obstacle_id: c for c in notebook.changes_since_last_brief(synthesis)}
        shown = [e for e in synthesis.evidence if args.all or e.note_count]
        if not shown:
            say("No coded notes in this period.", file=sys.stderr)
            return 0
        say(f"{'obstacle':<50} {'evidence':<10} {'notes':>5} {'teams':>5}  O C Q  weeks")
        for e in shown:
            marks = " ".join(
                "●" if e.modes.get(mode) else "·" for mode in ("observe", "co-work", "question")
            )
            name = printable_line(e.path).replace("/", " › ")
            if len(name) > 50:
                name = name[:49] + "…"
            say(
                f"{name:<50} {e.strength:<10} {e.note_count:>5} {e.team_count:>5}  {marks}  "
                f"{e.sparkline}"
            )
            if e.obstacle.id in changes:
                say(f"{'':<50} {changes[e.obstacle.id].summary}")
    return 0


def cmd_keygen(args: argparse.Namespace) -> int:
    from fieldnotes.crypto.age import generate_identity, write_identity_file

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


def cmd_people(args: argparse.Namespace) -> int:
    from fieldnotes.domain.pseudonyms import PersonAlias

    action = args.people_command or "list"
    with unlocked(args) as notebook:
        # --replace does not read the kept map: it is how a damaged one is set again.
        people = [] if getattr(args, "replace", False) else notebook.people_map()
        if action == "add":
            kept = [p for p in people if p.name.casefold() != args.name.strip().casefold()]
            people = notebook.set_people_map([*kept, PersonAlias(args.name, args.alias)])
        elif action == "remove":
            kept = [p for p in people if p.name.casefold() != args.name.strip().casefold()]
            if len(kept) == len(people):
                raise InvalidInput(f"{args.name!r} is not in the people map")
            people = notebook.set_people_map(kept)
    if getattr(args, "json", False):
        say_json({"people": [{"name": p.name, "alias": p.alias} for p in people]})
        return 0
    if action == "add":
        say(
            f"Briefs now write {printable_line(args.name.strip())} as "
            f"{printable_line(args.alias.strip())}."
        )
    elif action == "remove":
        say(f"Removed {printable_line(args.name.strip())} from the people map.")
    say(f"{len(people)} name(s) in the people map.")
    width = max((len(p.name) for p in people), default=0)
    for person in people:
        say(f"  {printable_line(person.name):<{width}}  → {printable_line(person.alias)}")
    return 0


def cmd_brief(args: argparse.Namespace) -> int:
    return {
        "export": _brief_export,
        "open": _brief_open,
        "decrypt": _brief_decrypt,
        "log": _brief_log,
    }[args.brief_command](args)


def _brief_export(args: argparse.Namespace) -> int:
    from fieldnotes.domain.brief import (
        DEFAULT_TITLE,
        BriefRequest,
        Resolution,
        apply_resolutions,
        decisions_made,
        default_obstacle_ids,
        find_identifiers,
        recall_decisions,
    )

    summary = args.summary
    if args.summary_file is not None:
        try:
            summary = args.summary_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise InvalidInput(f"cannot read {args.summary_file}: {error}") from None
    brief_passphrase = (
        read_passphrase_file(args.to_passphrase_file) if args.to_passphrase_file else None
    )
    since = _parse_date(args.since, "--since")
    until = _parse_date(args.until, "--until")
    with unlocked(args) as notebook:
        synthesis = notebook.synthesis(since=since, until=until)
        if args.obstacle:
            obstacle_ids = tuple(notebook.find_obstacle(name).id for name in args.obstacle)
        else:
            obstacle_ids = default_obstacle_ids(synthesis)
            if not obstacle_ids:
                raise InvalidInput(
                    "no obstacle is evidenced or further along with notes in this period; "
                    "name obstacles with --obstacle"
                )
        leaders = {x.label.casefold(): x for x in notebook.leaders() if not x.damaged}
        leader_ids = []
        for label in args.leader:
            if label.casefold() not in leaders:
                raise InvalidInput(f"no leader labelled {label!r} in the address book")
            leader_ids.append(leaders[label.casefold()].id)
        request = BriefRequest(
            obstacle_ids=obstacle_ids,
            audience=args.audience,
            summary=summary,
            since=since,
            until=until,
            title=args.title or DEFAULT_TITLE,
            author=notebook.author_label(),
        )
        body, mapped = notebook.compose_brief_logged(request, synthesis)
        findings = find_identifiers(body, notebook.check_names())
        recalled = recall_decisions(findings, notebook.kept_decisions(request))
        open_findings = [f for f in findings if f.id not in recalled]
        if open_findings and args.identifiers == "stop":
            lines = "; ".join(f"line {f.line}: {f.kind}" for f in open_findings[:8])
            more = f" and {len(open_findings) - 8} more" if len(open_findings) > 8 else ""
            raise InvalidInput(
                f"{len(open_findings)} possible identifier(s) — {lines}{more}. Resolve them in "
                "the app, or pass --identifiers redact (or confirm); nothing was exported"
            )
        action = "confirm" if args.identifiers == "confirm" else "redact"
        resolutions = {f.id: Resolution(action) for f in open_findings}  # type: ignore[arg-type]
        resolutions.update(recalled)
        checked, log = apply_resolutions(body, findings, resolutions, kept=recalled.keys())
        log = mapped + log
        written = notebook.export_brief(
            checked,
            log,
            request,
            args.output,
            leader_ids=leader_ids,
            recipients=args.to,
            passphrase=brief_passphrase,
            html=args.html,
        )
        notebook.keep_decisions(request, decisions_made(findings, resolutions))
    say(f"Wrote the encrypted brief to {written}")
    if mapped:
        say(f"{len(mapped)} name(s) were written as their alias from the people map.")
    if recalled:
        say(f"{len(recalled)} possible identifier(s) were resolved as at the last export.")
    if open_findings:
        say(
            f"{len(open_findings)} possible identifier(s) were {action}ed; the log is in the brief."
        )
    return 0


def _decrypted_brief(args: argparse.Namespace) -> bytes:
    from fieldnotes.crypto.age import decrypt, inspect_header, read_age_file, read_identity_file

    data = read_age_file(args.file)
    header = inspect_header(data)
    phrase = (
        read_passphrase_file(args.brief_passphrase_file)
        if args.brief_passphrase_file is not None
        else None
    )
    if header.needs_passphrase:
        if phrase is None:
            if not interactive():
                raise InvalidInput("this brief needs its passphrase: use --passphrase-file FILE")
            phrase = getpass.getpass("Brief passphrase: ")
        return decrypt(data, passphrase=phrase)
    if args.identity is None:
        raise InvalidInput("this brief is encrypted to keys: give yours with --identity FILE")
    try:
        identities = read_identity_file(args.identity)
    except FieldnotesError as error:
        from fieldnotes.errors import PassphraseRequired

        if not isinstance(error, PassphraseRequired):
            raise
        if phrase is None:
            if not interactive():
                raise InvalidInput(
                    "the identity file is protected: use --passphrase-file FILE"
                ) from None
            phrase = getpass.getpass("Identity passphrase: ")
        identities = read_identity_file(args.identity, phrase)
    return decrypt(data, identities=identities)


def _brief_decrypt(args: argparse.Namespace) -> int:
    if args.output is not None:
        import re

        from fieldnotes.crypto.age import remove_stale_temp_files

        # Plaintext a killed earlier run left beside the target goes first, whatever happens next.
        target = Path(args.output)
        remove_stale_temp_files(target.parent, re.escape(target.name))
    plaintext = _decrypted_brief(args)
    if args.output is None:
        # Shown, not obeyed: a hostile brief could otherwise retitle or clear the terminal.
        # `--output` writes the exact bytes.
        sys.stdout.write(printable(plaintext.decode("utf-8", "surrogateescape")))
        sys.stdout.flush()
        return 0
    from fieldnotes.crypto.age import write_private_file

    write_private_file(args.output, plaintext)
    say(f"Wrote the decrypted brief to {args.output} (readable by you only).", file=sys.stderr)
    return 0


def _brief_open(args: argparse.Namespace) -> int:
    plaintext = _decrypted_brief(args)
    try:
        text = plaintext.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidInput("the decrypted brief is not text") from None
    if not sys.stdout.isatty():
        raise InvalidInput("reading a brief needs a terminal; use `brief decrypt` in scripts")
    from fieldnotes.tui.brief_viewer import run_brief_viewer

    return run_brief_viewer(text, source=args.file.name)


def _brief_log(args: argparse.Namespace) -> int:
    with unlocked(args) as notebook:
        records = notebook.exports()
    if not records:
        say("No briefs exported yet.")
    for record in records:
        if record.damaged:
            say(f"{record.created_at:%Y-%m-%d %H:%M}  (damaged log entry)")
            continue
        recipients = ", ".join(printable_line(r) for r in record.recipients)
        attempted = "" if record.status == "written" else "  (attempted: may not have been written)"
        say(
            f"{record.created_at:%Y-%m-%d %H:%M} UTC  {printable_line(record.file_name)}  "
            f"{record.format}  to {recipients}{attempted}"
        )
        for name in record.obstacles:
            say(f"    {printable_line(name)}")
    return 0


def cmd_passwd(args: argparse.Namespace) -> int:
    notebook = _open(args)
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


def cmd_backup(args: argparse.Namespace) -> int:
    if getattr(args, "backup_command", None) == "verify":
        return _backup_verify(args)
    from fieldnotes.notebook import write_backup

    path = _path(args)
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
    from fieldnotes.crypto.age import parse_recipient

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


def _opened_backup(args: argparse.Namespace) -> Any:
    from fieldnotes.crypto.age import MAX_BACKUP_FILE_BYTES, read_age_file
    from fieldnotes.notebook import open_backup

    data = read_age_file(args.file, limit=MAX_BACKUP_FILE_BYTES, what="backup")
    secrets = _age_secrets(args, data, "backup")
    return open_backup(data, **secrets)


def _age_secrets(args: argparse.Namespace, data: bytes, what: str) -> dict[str, Any]:
    """The identities or the passphrase that open an age file, asked for if need be."""
    from fieldnotes.crypto.age import inspect_header, read_identity_file
    from fieldnotes.errors import DecryptFailed, PassphraseRequired

    try:
        header = inspect_header(data)
    except DecryptFailed as error:
        raise type(error)(str(error).replace("brief", what)) from None
    phrase = (
        read_passphrase_file(args.backup_passphrase_file)
        if args.backup_passphrase_file is not None
        else None
    )
    if header.needs_passphrase:
        if phrase is None:
            if not interactive():
                raise InvalidInput(
                    f"this {what} needs its passphrase: use --backup-passphrase-file FILE"
                )
            phrase = getpass.getpass(f"{what.capitalize()} passphrase: ")
        return {"passphrase": phrase}
    if args.identity is None:
        raise InvalidInput(f"this {what} is encrypted to keys: give yours with --identity FILE")
    try:
        identities = read_identity_file(args.identity)
    except PassphraseRequired:
        if phrase is None:
            if not interactive():
                raise InvalidInput(
                    "the identity file is protected: use --backup-passphrase-file FILE"
                ) from None
            phrase = getpass.getpass("Identity passphrase: ")
        identities = read_identity_file(args.identity, phrase)
    return {"identities": identities}


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

    target = _path(args)
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
    return {"markdown": _export_markdown}[args.export_command](args)


def _export_markdown(args: argparse.Namespace) -> int:
    from fieldnotes.notebook import write_encrypted_export, write_plaintext_export

    recipients: list[str] = []
    export_phrase: str | None = None
    if args.plaintext:
        if args.to or args.to_passphrase_file is not None:
            raise InvalidInput("--plaintext writes the notes in the clear: drop --to and --to-…")
    else:
        # Asked before the notebook's own passphrase is, so nothing is derived in vain.
        recipients, export_phrase = _export_protection(args, "export")
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
        where = "; ".join(f"{name}:{f.line}: {f.kind}" for name, f in flagged[:8])
        more = f" and {len(flagged) - 8} more" if len(flagged) > 8 else ""
        raise InvalidInput(
            f"{len(flagged)} possible identifier(s) — {where}{more}. Pass --identifiers redact "
            "(or confirm), or export encrypted; nothing was exported"
        )
    action = "confirm" if mode == "confirm" else "redact"
    checked: list[tuple[str, str]] = []
    for name, text, findings in found:
        if findings:
            resolutions = {f.id: Resolution(action) for f in findings}  # type: ignore[arg-type]
            text, _log = apply_resolutions(text, findings, resolutions)
            # A redaction must leave a file the importer still reads.
            if name.endswith(".md"):
                parse_note_text(text, name)
            else:
                parse_toml(text, name)
        checked.append((name, text))
    return checked, len(flagged)


def cmd_config(args: argparse.Namespace) -> int:
    from fieldnotes.settings import SETTINGS, spec

    action = args.config_command or "list"
    as_json = getattr(args, "json", False)
    if action == "set":
        found = spec(args.key)
        # The value is checked before anything is opened or asked for.
        value = found.parse(args.value)
        if found.home == "config":
            from fieldnotes.settings import config_path, write_config_value

            write_config_value(found.key, value)
            say(f"{found.key} = {value}  (saved in {config_path()})")
            return 0
        from fieldnotes.settings import write_notebook_setting

        with unlocked(args) as notebook:
            write_notebook_setting(notebook, found.key, value)
        say(f"{found.key} = {value}  (sealed in the notebook)")
        return 0
    specs = [spec(args.key)] if action == "get" else list(SETTINGS)
    values = _setting_values(args, specs)
    rows = [_setting_json(s, values[s.key]) for s in specs]
    if as_json:
        payload: dict[str, Any] = (
            rows[0] if action == "get" else {"format": JSON_FORMAT_VERSION, "settings": rows}
        )
        say_json(payload)
        return 0
    if action == "get":
        say(values[specs[0].key])
        return 0
    shown = {row["key"]: row["value"] if row["value"] != "" else "(not set)" for row in rows}
    width = max(len(value) for value in shown.values())
    for row in rows:
        where = "sealed in the notebook" if row["home"] == "notebook" else row["file"]
        say(f"{row['key']:<12} {shown[row['key']]:<{width}}  {where}")
        if row.get("overridden_by"):
            say(f"{'':<12} overridden by ${row['overridden_by']} while it is set")
    return 0


def _setting_values(args: argparse.Namespace, specs: list[Any]) -> dict[str, str]:
    from fieldnotes.settings import config_value, read_notebook_setting

    values = {s.key: config_value(s.key) for s in specs if s.home == "config"}
    sealed = [s for s in specs if s.home == "notebook"]
    if sealed and len(specs) > 1 and not _path(args).exists():
        # Before `fieldnotes init` the list still shows what it can.
        print(
            f"No notebook at {_path(args)} yet: its own settings are shown once it exists.",
            file=sys.stderr,
        )
        return {**values, **{s.key: s.default for s in sealed}}
    if sealed:
        with unlocked(args) as notebook:
            for s in sealed:
                values[s.key] = read_notebook_setting(notebook, s.key)
    return values


def _setting_json(found: Any, value: str) -> dict[str, Any]:
    from fieldnotes.settings import config_path

    row: dict[str, Any] = {
        "key": found.key,
        "value": value,
        "default": found.default,
        "home": found.home,
        "help": found.help,
    }
    if found.home == "config":
        row["file"] = str(config_path())
    from fieldnotes.settings import IDLE_LOCK_ENV

    if found.key == "lock-after" and os.environ.get(IDLE_LOCK_ENV, "").strip():
        row["overridden_by"] = IDLE_LOCK_ENV
    return row


def cmd_demo(args: argparse.Namespace) -> int:
    from fieldnotes.demo import (
        DEMO_FILE_NAME,
        clean_stale_demo_dirs,
        make_demo_dir,
        remove_demo_dir,
    )

    explicit = getattr(args, "notebook", None)
    if explicit:
        return _build_and_open_demo(Path(explicit).expanduser(), no_open=args.no_open)
    clean_stale_demo_dirs()
    if args.no_open:
        # Kept: its path is printed for the person to use.
        folder = make_demo_dir(keep=True)
        return _build_and_open_demo(folder / DEMO_FILE_NAME, no_open=True)
    # A temporary demo lasts as long as the app: removed when the app ends, however it ends
    # short of a kill (the next `fieldnotes demo` removes what a kill left behind).
    folder = make_demo_dir()
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGTERM, signal.SIGHUP)}
    for sig in previous:
        signal.signal(sig, _exit_on_signal)
    try:
        return _build_and_open_demo(
            folder / DEMO_FILE_NAME, no_open=False, before_hard_exit=lambda: remove_demo_dir(folder)
        )
    finally:
        remove_demo_dir(folder)
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _exit_on_signal(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


def _build_and_open_demo(
    path: Path, *, no_open: bool, before_hard_exit: Callable[[], None] | None = None
) -> int:
    from fieldnotes.demo import DEMO_PASSPHRASE, build_demo_notebook

    notebook = build_demo_notebook(path)
    count = len(notebook.notes())
    notebook.close()
    say(f"Demo notebook with {count} notes: {path}")
    say(f"Its passphrase is: {DEMO_PASSPHRASE}")
    if no_open:
        return 0
    from fieldnotes.tui.app import run_tui

    return run_tui(path, demo=True, before_hard_exit=before_hard_exit)


def _open_tui(args: argparse.Namespace) -> int:
    if not sys.stdout.isatty():
        raise InvalidInput("the app needs a terminal; see `fieldnotes --help` for commands")
    from fieldnotes.tui.app import run_tui

    return run_tui(_path(args))


# -------------------------------------------------------------------- output


def say(*parts: object, file: TextIO | None = None) -> None:
    """Print a line of output; every control character in it is shown, never obeyed."""
    print(printable(" ".join(str(part) for part in parts)), file=file or sys.stdout)


def say_json(document: object) -> None:
    print(json_safe(json.dumps(document, ensure_ascii=False, indent=2)))


def note_json(notebook: Notebook, note: Note) -> dict[str, Any]:
    """The documented `--json` shape for one note (docs/cli.md)."""
    principles = notebook.principles()
    return {
        "id": note.id,
        "mode": note.mode,
        "stage": note.stage,
        "occurred_at": note.occurred_at.isoformat(timespec="minutes"),
        "created_at": note.created_at.isoformat(timespec="seconds") + "Z",
        "updated_at": note.updated_at.isoformat(timespec="seconds") + "Z",
        "revision": note.revision,
        "team": note.team,
        "setting": note.setting,
        "participants": list(note.participants),
        "description": note.description,
        "asides": note.asides,
        "quotes": [{"text": q.text, "speaker_role": q.speaker_role} for q in note.quotes],
        "consent": note.consent,
        "follow_up": note.follow_up,
        "principles": [
            {
                "id": link.principle_id,
                "title": principles[link.principle_id].title
                if link.principle_id in principles
                else "",
                "stance": link.stance,
            }
            for link in note.principles
        ],
        "obstacles": [
            {"id": oid, "path": notebook.obstacle_path(oid)} for oid in note.obstacle_ids
        ],
        "damaged_fields": list(note.damaged_fields),
    }


MODE_MARKS = {"observe": "observe ", "co-work": "co-work ", "question": "question"}


def _print_notes(notebook: Notebook, notes: list[Note], *, as_json: bool) -> None:
    if as_json:
        say_json(
            {
                "format": JSON_FORMAT_VERSION,
                "count": len(notes),
                "notes": [note_json(notebook, note) for note in notes],
            }
        )
        return
    if not notes:
        say("No notes match.", file=sys.stderr)
        return
    for note in notes:
        flag = " DAMAGED" if note.damaged else ""
        stage = "jotting " if note.stage == "jotting" else "write-up"
        team = printable_line(note.team or "—")[:28]
        say(
            f"{note.id[:8]}  {note.occurred_at:%Y-%m-%d %H:%M}  {MODE_MARKS[note.mode]}  "
            f"{stage}  {team:<28}  {printable_line(note.first_line)[:60]}{flag}"
        )
    damaged = sum(1 for n in notes if n.damaged)
    if damaged:
        say(
            f"{damaged} note(s) are damaged (tampered or corrupted) and shown without their text.",
            file=sys.stderr,
        )


def _print_full(notebook: Notebook, note: Note, out: TextIO) -> None:
    principles = notebook.principles()
    say(f"# {note.occurred_at:%A %d %B %Y, %H:%M} — {note.mode}, {note.stage}", file=out)
    say(f"id: {note.id}", file=out)
    if note.damaged:
        say(f"DAMAGED fields: {', '.join(note.damaged_fields)}", file=out)
    for label, value in (
        ("Team", note.team),
        ("Setting", note.setting),
        ("Participants", ", ".join(note.participants)),
        ("Role explained / consent", note.consent),
    ):
        if value:
            say(f"{label}: {printable_line(value)}", file=out)
    say(file=out)
    say(note.description, file=out)
    if note.asides:
        say("\n## Asides\n", file=out)
        say(note.asides, file=out)
    if note.quotes:
        say("\n## Quotes\n", file=out)
        for quote in note.quotes:
            say(f"> {quote.text} — {quote.speaker_role or 'unattributed'}", file=out)
    if note.follow_up:
        say("\n## Follow-up\n", file=out)
        say(note.follow_up, file=out)
    if note.principles:
        say("\n## Principles\n", file=out)
        for link in note.principles:
            title = principles[link.principle_id].title if link.principle_id in principles else ""
            say(f"- {link.principle_id} ({link.stance}): {title}", file=out)
    if note.obstacle_ids:
        say("\n## Obstacles\n", file=out)
        for obstacle_id in note.obstacle_ids:
            say(f"- {notebook.obstacle_path(obstacle_id)}", file=out)


__all__ = ["FieldnotesError", "note_json", "parse_principle_option", "run"]
