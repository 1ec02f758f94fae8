"""The argument parser of `fieldnotes`: every command, its options and their help.

One small function per command adds its subparser; `SUBCOMMANDS` lists them in the order
`fieldnotes --help` shows them. A new command is a function here, a handler in its family's
module named in `fieldnotes.cli.commands.COMMANDS`, and a row in docs/cli.md's table.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias, cast

from fieldnotes import __version__

if TYPE_CHECKING:
    Commands: TypeAlias = argparse._SubParsersAction[argparse.ArgumentParser]
    AddCommand: TypeAlias = Callable[[Commands, argparse.ArgumentParser], None]
    _SubParsers = argparse._SubParsersAction[argparse.ArgumentParser]
else:
    _SubParsers = argparse._SubParsersAction

PROG = "fieldnotes"

MODES = ["observe", "co-work", "question"]
STAGES = ["jotting", "write-up"]
IDENTIFIER_ACTIONS = ["stop", "redact", "confirm"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description=(
            "Encrypted field notes for principal social workers and practice leaders. "
            "Run without a command to open the notebook in the terminal app."
        ),
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    _add_common(common)
    # The same options work before or after the command.
    _add_common(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", action=LazyCommands)
    assert isinstance(commands, LazyCommands)
    for add_command in SUBCOMMANDS:
        commands.add_lazily(add_command, common)
    return parser


class LazyCommands(_SubParsers):
    """The commands, each one's parser built only once it is chosen.

    `fieldnotes --help` needs each command's name and one line of help, not the seventy
    parsers behind them (40 ms, most of the run, in `gettext` lookups argparse makes per
    parser); a command pays for its own parser only. `parser_for` builds one on demand
    (for a test, or a tool that lists every option).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pending: dict[str, tuple[AddCommand, argparse.ArgumentParser, object]] = {}

    def add_lazily(self, add_command: AddCommand, common: argparse.ArgumentParser) -> None:
        """List the command `add_command` adds (its name and help) without building it."""
        recorder = _NameRecorder()
        add_command(cast("Commands", recorder), common)
        if len(recorder.names) != 1:
            raise ValueError(f"{add_command.__name__} must add exactly one command")
        (name, help_text), *_ = recorder.names
        choice = self._ChoicesPseudoAction(name, (), help_text or "")
        self._choices_actions.append(choice)
        # A key in the map is what argparse checks a typed command against.
        self._name_parser_map[name] = cast("argparse.ArgumentParser", None)
        self._pending[name] = (add_command, common, choice)

    def parser_for(self, name: str) -> argparse.ArgumentParser:
        pending = self._pending.pop(name, None)
        if pending is not None:
            add_command, common, choice = pending
            del self._name_parser_map[name]
            position = self._choices_actions.index(cast("argparse.Action", choice))
            add_command(self, common)
            # Where the help listed it, not at the end (a nested parser lists its own).
            self._choices_actions.insert(position, self._choices_actions.pop())
            del self._choices_actions[position + 1]
        return self._name_parser_map[name]

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        if isinstance(values, Sequence) and values and values[0] in self._pending:
            self.parser_for(str(values[0]))
        super().__call__(parser, namespace, values, option_string)


class _NameRecorder:
    """Stands in for the commands (and for every parser, group and option under them) while
    a command's function runs only to say its name and help."""

    def __init__(self) -> None:
        self.names: list[tuple[str, str | None]] = []

    def add_parser(self, name: str, **kwargs: Any) -> _Absorbing:
        self.names.append((name, kwargs.get("help")))
        return _Absorbing()


class _Absorbing:
    """Takes any call and returns itself: a parser whose options nobody will read."""

    def __getattr__(self, _name: str) -> Callable[..., _Absorbing]:
        return lambda *_args, **_kwargs: self


# ------------------------------------------------------------------ notes


def _init(commands: Commands, common: argparse.ArgumentParser) -> None:
    init = commands.add_parser(
        "init", parents=[common], help="create a notebook (passphrase asked twice)"
    )
    init.add_argument(
        "--framework",
        metavar="FILE",
        type=Path,
        action="append",
        default=[],
        help="practice framework TOML file (repeatable; default: the four built-in frameworks)",
    )
    init.add_argument(
        "--codebook",
        metavar="FILE",
        type=Path,
        help="obstacle codebook TOML file (default: the built-in starter codebook)",
    )
    init.add_argument(
        "--empty-codebook", action="store_true", help="start with no obstacles at all"
    )


def _add(commands: Commands, common: argparse.ArgumentParser) -> None:
    add = commands.add_parser(
        "add",
        parents=[common],
        help="add a note; the body (Markdown) comes from --file or stdin",
        description=(
            "Add a note. The body is Markdown: the description, then optional "
            "'## Asides' and '## Follow-up' sections."
        ),
    )
    add.add_argument("--mode", required=True, choices=MODES)
    add.add_argument("--stage", choices=STAGES, default="write-up")
    add.add_argument("--when", metavar="DATETIME", help="when it happened, e.g. 2026-09-03T10:15")
    add.add_argument("--team", default="")
    add.add_argument("--setting", default="", help="setting or activity, e.g. 'home visit'")
    add.add_argument(
        "--participant", action="append", default=[], metavar="ROLE", help="by role, never by name"
    )
    add.add_argument(
        "--principle",
        action="append",
        default=[],
        metavar="ID[:at-risk]",
        help="principle id, e.g. sos.worried or kss-pl.2:at-risk (repeatable)",
    )
    add.add_argument(
        "--obstacle",
        action="append",
        default=[],
        metavar="NAME",
        help="obstacle name or Parent/Child path (repeatable)",
    )
    add.add_argument("--file", type=Path, help="read the body from FILE instead of stdin")


def _import(commands: Commands, common: argparse.ArgumentParser) -> None:
    imp = commands.add_parser(
        "import",
        parents=[common],
        help="import Markdown notes, or a REFI-QDA project or codebook (all or nothing)",
    )
    imp.add_argument(
        "paths",
        nargs="+",
        type=Path,
        metavar="FILE_OR_DIR",
        help="Markdown notes (files or folders), or one .qdpx, .qdpx.age or .qdc file",
    )
    imp.add_argument(
        "--identity", type=Path, metavar="FILE", help="age identity file, for a .qdpx.age"
    )
    imp.add_argument(
        "--project-passphrase-file",
        type=Path,
        metavar="FILE",
        help="the passphrase of a .qdpx.age (or of a protected identity file)",
    )
    imp.add_argument("--json", action="store_true", help="machine-readable report")


def _list(commands: Commands, common: argparse.ArgumentParser) -> None:
    listing = commands.add_parser("list", parents=[common], help="list notes, newest first")
    _filter_options(listing)
    _limit_option(listing)
    listing.add_argument("--json", action="store_true", help="machine-readable output")


def _search(commands: Commands, common: argparse.ArgumentParser) -> None:
    search = commands.add_parser("search", parents=[common], help="search every sealed field")
    search.add_argument("query", metavar="QUERY")
    _filter_options(search)
    _limit_option(search)
    search.add_argument("--json", action="store_true", help="machine-readable output")


def _limit_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--limit",
        type=_at_least_one,
        metavar="N",
        help="only the newest N; how many more match is said on stderr",
    )


def _at_least_one(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("give 1 or more (leave --limit out for every note)")
    return value


def _show(commands: Commands, common: argparse.ArgumentParser) -> None:
    show = commands.add_parser("show", parents=[common], help="print one note in full")
    show.add_argument("note_id", metavar="ID", help="a note id or a unique prefix of one")
    show.add_argument("--json", action="store_true", help="machine-readable output")


def _passages(commands: Commands, common: argparse.ArgumentParser) -> None:
    passages = commands.add_parser(
        "passages",
        parents=[common],
        help="coded passages of notes; --orphaned or --uncoded: only those to look at again",
    )
    passages.add_argument(
        "--orphaned",
        action="store_true",
        help="only passages whose words are no longer in their note (to place again or remove)",
    )
    passages.add_argument(
        "--uncoded",
        action="store_true",
        help="only passages with no code at all (a deleted obstacle was their only one)",
    )
    passages.add_argument("--json", action="store_true", help="machine-readable output")


def _delete(commands: Commands, common: argparse.ArgumentParser) -> None:
    delete = commands.add_parser(
        "delete",
        parents=[common],
        help="move a note to the trash (restore it with `trash restore`)",
    )
    delete.add_argument("note_id", metavar="ID", help="a note id or a unique prefix of one")
    delete.add_argument(
        "--yes", action="store_true", help="do not ask (needed when there is no terminal)"
    )


def _trash(commands: Commands, common: argparse.ArgumentParser) -> None:
    trash = commands.add_parser(
        "trash", help="the notes in the trash: list them, restore one, or empty it for good"
    )
    trash_commands = trash.add_subparsers(dest="trash_command", metavar="ACTION")
    trash.set_defaults(trash_command="list", json=False)
    _add_common(trash)
    trash.add_argument("--json", action="store_true", help="machine-readable output")
    trash_list = trash_commands.add_parser("list", parents=[common], help="the notes in the trash")
    trash_list.add_argument("--json", action="store_true", help="machine-readable output")
    trash_restore = trash_commands.add_parser(
        "restore", parents=[common], help="take a note out of the trash"
    )
    trash_restore.add_argument("note_id", metavar="ID", help="a note id or a unique prefix")
    trash_restore.add_argument("--json", action="store_true", help="machine-readable output")
    trash_empty = trash_commands.add_parser(
        "empty", parents=[common], help="delete every note in the trash for good"
    )
    trash_empty.add_argument(
        "--yes", action="store_true", help="do not ask (needed when there is no terminal)"
    )
    trash_empty.add_argument("--json", action="store_true", help="machine-readable output")


# ------------------------------------------------------------------ retention


def _retention(commands: Commands, common: argparse.ArgumentParser) -> None:
    retention = commands.add_parser(
        "retention",
        help="notes due under the records policy (`config set retention`): list, extend "
        "one with a reason, purge for good, and the purge log",
    )
    actions = retention.add_subparsers(dest="retention_command", metavar="ACTION")
    retention.set_defaults(retention_command="list", json=False)
    _add_common(retention)
    _retention_list_options(retention)
    _retention_list_options(
        actions.add_parser("list", parents=[common], help="notes due, and due in 30 days")
    )
    extend = actions.add_parser(
        "extend", parents=[common], help="keep one note longer, with a reason (sealed)"
    )
    extend.add_argument("note_id", metavar="ID", help="a note id or a unique prefix")
    extend.add_argument(
        "--months", type=int, required=True, metavar="N", help="months more to keep it"
    )
    extend.add_argument("--reason", required=True, help="why it is kept (required; sealed)")
    _retention_list_options(extend)
    purge = actions.add_parser(
        "purge",
        parents=[common],
        help="delete notes for good: every due note, or the IDs given (asks first)",
    )
    purge.add_argument("note_ids", nargs="*", metavar="ID", help="note ids or unique prefixes")
    purge.add_argument(
        "--yes", action="store_true", help="do not ask (needed when there is no terminal)"
    )
    _retention_list_options(purge)
    log = actions.add_parser("log", parents=[common], help="every purge: when, how many, who")
    log.add_argument("--json", action="store_true", help="machine-readable output")


def _retention_list_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--today", metavar="DATE", help="count from DATE (YYYY-MM-DD), not today")
    parser.add_argument("--json", action="store_true", help="machine-readable output")


# --------------------------------------------------------- the notebook's safety


def _passwd(commands: Commands, common: argparse.ArgumentParser) -> None:
    passwd = commands.add_parser(
        "passwd", parents=[common], help="change the passphrase (the data is not re-encrypted)"
    )
    passwd.add_argument(
        "--new-passphrase-file",
        metavar="FILE",
        type=Path,
        help="read the new passphrase from FILE (or set $FIELDNOTES_NEW_PASSPHRASE)",
    )


def _protect(commands: Commands, common: argparse.ArgumentParser) -> None:
    protect = commands.add_parser(
        "protect", parents=[common], help="names the identifier check always flags in briefs"
    )
    protect.add_argument("names", nargs="*", metavar="NAME", help="names to add")
    protect.add_argument("--remove", action="append", default=[], metavar="NAME")
    protect.add_argument(
        "--replace",
        action="store_true",
        help="set the list to exactly these names (for instance when the kept list is damaged)",
    )


def _check(commands: Commands, common: argparse.ArgumentParser) -> None:
    check = commands.add_parser(
        "check",
        parents=[common],
        help="report anything changed outside fieldnotes (rows, links, a rollback)",
    )
    check.add_argument(
        "--accept",
        action="store_true",
        help="accept the notebook as it is now, once you are sure it is as it should be",
    )


# ------------------------------------------------------------ evidence and briefs


def _synthesis(commands: Commands, common: argparse.ArgumentParser) -> None:
    synthesis = commands.add_parser(
        "synthesis", parents=[common], help="evidence behind each obstacle, strongest first"
    )
    synthesis.add_argument("--since", metavar="DATE", help="YYYY-MM-DD")
    synthesis.add_argument("--until", metavar="DATE", help="YYYY-MM-DD")
    synthesis.add_argument("--team")
    synthesis.add_argument(
        "--all", action="store_true", help="include obstacles with no notes in the period"
    )
    synthesis.add_argument("--json", action="store_true", help="machine-readable output")


def _keygen(commands: Commands, common: argparse.ArgumentParser) -> None:
    keygen = commands.add_parser(
        "keygen", help="make a leader's age identity (give them it; keep the public key)"
    )
    keygen.add_argument("--output", type=Path, metavar="FILE", help="identity file (0600)")
    keygen.add_argument(
        "--protect", action="store_true", help="seal the identity file with a passphrase"
    )
    keygen.add_argument(
        "--protect-file", type=Path, metavar="FILE", help="read that passphrase from FILE"
    )


def _leader(commands: Commands, common: argparse.ArgumentParser) -> None:
    leader = commands.add_parser("leader", help="the address book of leaders who receive briefs")
    leader_commands = leader.add_subparsers(dest="leader_command", metavar="ACTION", required=True)
    leader_add = leader_commands.add_parser("add", parents=[common], help="add a leader")
    leader_add.add_argument(
        "label", help="a label, such as a role: 'Director of Children's Services'"
    )
    leader_add.add_argument("recipient", help="their age public key, age1…")
    leader_commands.add_parser("list", parents=[common], help="list leaders")
    leader_remove = leader_commands.add_parser("remove", parents=[common], help="remove a leader")
    leader_remove.add_argument("label")


def team_member_actions(team_commands: Commands, common: argparse.ArgumentParser) -> None:
    """`team invite|members|role|remove`: the members list and a lead's changes to it."""
    invite = team_commands.add_parser(
        "invite",
        parents=[common],
        help="invite someone (a lead): a one-time invitation file and its passphrase",
        description="Make a one-time invitation for LABEL with ROLE, sealed under a strong "
        "passphrase printed once (or read from --invitation-passphrase-file). Hand the file "
        "over one way and the passphrase another.",
    )
    invite.add_argument("label", metavar="LABEL", help="a label, not a name: 'PL 2', 'PSW 1'")
    invite.add_argument("--role", required=True, choices=["capture", "coder", "lead"])
    invite.add_argument(
        "--output", required=True, type=Path, metavar="FILE", help="the invitation file (new)"
    )
    invite.add_argument(
        "--invitation-passphrase-file",
        type=Path,
        metavar="FILE",
        help="seal the invitation under the passphrase in FILE instead of a generated one",
    )
    invite.add_argument(
        "--days", type=int, default=7, metavar="N", help="how long it works (default 7)"
    )
    members = team_commands.add_parser(
        "members",
        parents=[common],
        help="every member: label, role, key fingerprint, removed, you",
    )
    _json_option(members)
    role = team_commands.add_parser(
        "role", parents=[common], help="give a member another role (a lead)"
    )
    role.add_argument("label", metavar="LABEL")
    role.add_argument("role", metavar="ROLE", choices=["capture", "coder", "lead"])
    remove = team_commands.add_parser(
        "remove",
        parents=[common],
        help="remove a member and change the team's key (a lead; asks first)",
        description="Remove LABEL from the team, then change the team's key: every row is "
        "sealed again under a new key only the remaining members hold. They keep what they "
        "already had (docs/team.md).",
    )
    remove.add_argument("label", metavar="LABEL")
    remove.add_argument(
        "--yes", action="store_true", help="do not ask (needed when there is no terminal)"
    )


def _people(commands: Commands, common: argparse.ArgumentParser) -> None:
    people = commands.add_parser(
        "people",
        parents=[common],
        help="the people map: names written as a role or pseudonym in briefs",
        description="Without an action, list the map. Every brief writes each mapped name as "
        "its alias before the identifier check.",
    )
    _json_option(people)
    people_commands = people.add_subparsers(dest="people_command", metavar="ACTION")
    _json_option(people_commands.add_parser("list", parents=[common], help="the whole map"))
    people_add = people_commands.add_parser(
        "add", parents=[common], help="map a name to a role or pseudonym (or change its alias)"
    )
    people_add.add_argument("name", metavar="NAME", help="the person's name: 'Amelia Sandhu'")
    people_add.add_argument("alias", metavar="ALIAS", help="what briefs say: 'Child A'")
    people_add.add_argument(
        "--replace",
        action="store_true",
        help="start the map again with only this row (how a damaged map is set again)",
    )
    _json_option(people_add)
    people_remove = people_commands.add_parser(
        "remove", parents=[common], help="take a name out of the map"
    )
    people_remove.add_argument("name", metavar="NAME")
    _json_option(people_remove)


def _brief(commands: Commands, common: argparse.ArgumentParser) -> None:
    brief = commands.add_parser("brief", help="compose, export, open and decrypt briefs")
    brief_commands = brief.add_subparsers(dest="brief_command", metavar="ACTION", required=True)
    _brief_export(brief_commands, common)
    for name, text in (
        ("open", "decrypt a brief in memory and read it in the app"),
        ("decrypt", "decrypt a brief to stdout or a 0600 file"),
    ):
        action = brief_commands.add_parser(name, help=text)
        action.add_argument("file", type=Path, metavar="FILE")
        action.add_argument("--identity", type=Path, metavar="FILE", help="age identity file")
        action.add_argument(
            "--passphrase-file",
            dest="brief_passphrase_file",
            type=Path,
            metavar="FILE",
            help="passphrase for a passphrase brief or a protected identity file",
        )
        if name == "decrypt":
            action.add_argument("--output", type=Path, metavar="FILE")
    brief_commands.add_parser("log", parents=[common], help="the sealed log of exported briefs")


def _brief_export(brief_commands: Commands, common: argparse.ArgumentParser) -> None:
    export = brief_commands.add_parser(
        "export", parents=[common], help="compose a brief, check it and export it encrypted"
    )
    export.add_argument(
        "--obstacle",
        action="append",
        default=[],
        metavar="NAME",
        help="obstacle to include (repeatable; default: evidenced, raised and change agreed)",
    )
    export.add_argument("--since", metavar="DATE")
    export.add_argument("--until", metavar="DATE")
    export.add_argument("--audience", default="", help="who it is for")
    export.add_argument("--title", default="")
    export.add_argument("--summary", default="", help="the opening summary")
    export.add_argument("--summary-file", type=Path, metavar="FILE")
    export.add_argument(
        "--to", action="append", default=[], metavar="age1…", help="a recipient (repeatable)"
    )
    export.add_argument(
        "--leader", action="append", default=[], metavar="LABEL", help="from the address book"
    )
    export.add_argument(
        "--to-passphrase-file",
        type=Path,
        metavar="FILE",
        help="encrypt to the passphrase in FILE instead of to keys",
    )
    export.add_argument("--html", action="store_true", help="self-contained HTML, not Markdown")
    export.add_argument(
        "--identifiers",
        choices=IDENTIFIER_ACTIONS,
        default="stop",
        help="what to do with likely identifiers: stop and list them (default), "
        "redact them all, or confirm them all as not identifying",
    )
    export.add_argument(
        "--output", type=Path, required=True, metavar="FILE_OR_DIR", help="where to write it"
    )


# ------------------------------------------------------- backups and exports


def _backup(commands: Commands, common: argparse.ArgumentParser) -> None:
    backup = commands.add_parser(
        "backup",
        parents=[common],
        help="write an encrypted backup of the whole notebook (works while the app is open)",
        description="Without an action, write a backup: a consistent snapshot of the notebook "
        "file, encrypted with age to --to keys or to a passphrase (asked for, or "
        "--to-passphrase-file). No notebook passphrase is needed.",
    )
    backup.add_argument(
        "--output",
        type=Path,
        metavar="FILE_OR_DIR",
        help="where to write it (default: backup-YYYYMMDD-HHMMSS.age here); never overwrites",
    )
    _recipient_options(backup, "backup")
    backup_commands = backup.add_subparsers(dest="backup_command", metavar="ACTION")
    verify = backup_commands.add_parser(
        "verify",
        parents=[common],
        help="prove a backup opens and is complete (with --passphrase-file, that every note "
        "opens too)",
    )
    verify.add_argument("file", type=Path, metavar="FILE")
    _backup_key_options(verify)


def _restore(commands: Commands, common: argparse.ArgumentParser) -> None:
    restore = commands.add_parser(
        "restore",
        parents=[common],
        help="rebuild a notebook from a backup, as a new file (--notebook NEW)",
        description="Write the notebook held in a backup to --notebook NEW, which must not "
        "exist. It unlocks with the passphrase the notebook had when the backup was taken.",
    )
    restore.add_argument("file", type=Path, metavar="FILE")
    _backup_key_options(restore)


def _export(commands: Commands, common: argparse.ArgumentParser) -> None:
    exporting = commands.add_parser(
        "export", help="take every note out as files (age-encrypted unless --plaintext)"
    )
    export_formats = exporting.add_subparsers(
        dest="export_command", metavar="FORMAT", required=True
    )
    markdown = export_formats.add_parser(
        "markdown",
        parents=[common],
        help="every note as a Markdown file in the import format, and the codebook",
        description="Write every note as a Markdown file that `fieldnotes import` reads back, "
        "with the codebook as codebook.toml. Encrypted with age (one .tar.age) to --to keys or "
        "a passphrase, unless --plaintext.",
    )
    markdown.add_argument(
        "--output",
        type=Path,
        required=True,
        metavar="DIR_OR_FILE",
        help="encrypted: a file, or a folder to put notes-….tar.age in; --plaintext: a new folder",
    )
    _export_protection_options(markdown, "the folder")
    _export_qdpx(export_formats, common)


def _export_protection_options(parser: argparse.ArgumentParser, what: str) -> None:
    """Encrypted to keys or a passphrase, or in the clear after the identifier check."""
    _recipient_options(parser, "export")
    parser.add_argument(
        "--plaintext",
        action="store_true",
        help=f"write {what} in the clear, after the identifier check",
    )
    parser.add_argument(
        "--identifiers",
        choices=IDENTIFIER_ACTIONS,
        default="stop",
        help="with --plaintext, what to do with likely identifiers: stop and list them "
        "(default), redact them all, or confirm them all as not identifying",
    )


def _export_qdpx(export_formats: Commands, common: argparse.ArgumentParser) -> None:
    qdpx = export_formats.add_parser(
        "qdpx",
        parents=[common],
        help="the notebook as a REFI-QDA project for NVivo, ATLAS.ti, MAXQDA, QualCoder",
        description="Write the codebook, the framework's principles, every note with its "
        "links, the teams and the memos as a REFI-QDA project (.qdpx). Encrypted with age "
        "(a .qdpx.age) to --to keys or a passphrase, unless --plaintext.",
    )
    qdpx.add_argument(
        "--output",
        type=Path,
        required=True,
        metavar="FILE_OR_DIR",
        help="the file to write, or a folder to put notes-….qdpx(.age) in; never replaced",
    )
    _export_protection_options(qdpx, "the bare .qdpx")


# ----------------------------------------------------------------- settings


def _config(commands: Commands, common: argparse.ArgumentParser) -> None:
    config = commands.add_parser(
        "config",
        parents=[common],
        help="show or change settings (author, lock-after, theme)",
        description="Without an action, list every setting. Settings kept in the notebook "
        "(author, lock-after) need its passphrase; the theme does not.",
    )
    _json_option(config)
    config_commands = config.add_subparsers(dest="config_command", metavar="ACTION")
    _json_option(config_commands.add_parser("list", parents=[common], help="every setting"))
    config_get = config_commands.add_parser("get", parents=[common], help="one setting's value")
    config_get.add_argument("key", metavar="KEY")
    _json_option(config_get)
    config_set = config_commands.add_parser("set", parents=[common], help="change a setting")
    config_set.add_argument("key", metavar="KEY")
    config_set.add_argument("value", metavar="VALUE")


# ------------------------------------------------------------ closing the loop


def _due(commands: Commands, common: argparse.ArgumentParser) -> None:
    due = commands.add_parser(
        "due",
        parents=[common],
        help="obstacles due to re-observe, and follow-up questions still open",
    )
    due.add_argument(
        "--within",
        type=_within_days,
        default=14,
        metavar="DAYS",
        help="also list re-observe dates in the next DAYS days (default 14)",
    )
    due.add_argument("--today", metavar="DATE", help="count from DATE (YYYY-MM-DD), not today")
    due.add_argument("--json", action="store_true", help="machine-readable output")


def _obstacle(commands: Commands, common: argparse.ArgumentParser) -> None:
    from fieldnotes.domain.vocabulary import OBSTACLE_STATUSES

    obstacle = commands.add_parser(
        "obstacle",
        help="the codebook: list, add, rename, move, merge, delete; set an obstacle's status, "
        "ask, decision or re-observe date; its history",
    )
    actions = obstacle.add_subparsers(dest="obstacle_command", metavar="ACTION", required=True)
    change = actions.add_parser(
        "set", parents=[common], help="change the status, ask, decision or re-observe date"
    )
    change.add_argument("name", metavar="NAME", help="obstacle name or Parent/Child path")
    change.add_argument("--status", choices=OBSTACLE_STATUSES)
    change.add_argument("--ask", metavar="TEXT", help="what is asked of leadership")
    change.add_argument("--decision", metavar="TEXT", help="what leadership decided")
    change.add_argument(
        "--reobserve", metavar="DATE", help="when to look again (YYYY-MM-DD, or none to clear)"
    )
    change.add_argument(
        "--reason", metavar="TEXT", default="", help="why: kept in the obstacle's history"
    )
    history = actions.add_parser("history", parents=[common], help="every change, oldest first")
    history.add_argument("name", metavar="NAME", help="obstacle name or Parent/Child path")
    history.add_argument("--json", action="store_true", help="machine-readable output")
    obstacle_codebook_actions(actions, common)


def obstacle_codebook_actions(actions: Commands, common: argparse.ArgumentParser) -> None:
    """`obstacle list|add|rename|move|merge|delete`: editing the codebook."""
    path_help = "obstacle name or Parent/Child path"
    listing = actions.add_parser(
        "list", parents=[common], help="the codebook as a tree, with each obstacle's notes"
    )
    _json_option(listing)
    add = actions.add_parser("add", parents=[common], help="add an obstacle")
    add.add_argument("name", metavar="NAME")
    add.add_argument("--parent", metavar="PATH", help=f"under this obstacle ({path_help})")
    add.add_argument("--description", metavar="TEXT", default="")
    rename = actions.add_parser("rename", parents=[common], help="rename an obstacle")
    rename.add_argument("name", metavar="PATH", help=path_help)
    rename.add_argument("new_name", metavar="NEW")
    move = actions.add_parser("move", parents=[common], help="move an obstacle in the tree")
    move.add_argument("name", metavar="PATH", help=path_help)
    where = move.add_mutually_exclusive_group(required=True)
    where.add_argument("--parent", metavar="PATH", help=f"under this obstacle ({path_help})")
    where.add_argument("--top", action="store_true", help="to the top level")
    merge = actions.add_parser(
        "merge",
        parents=[common],
        help="fold SOURCE into INTO: its notes, memos and sub-obstacles move (asks first)",
    )
    merge.add_argument("name", metavar="SOURCE", help=path_help)
    merge.add_argument("into", metavar="INTO", help=path_help)
    merge.add_argument(
        "--yes", action="store_true", help="do not ask (needed when there is no terminal)"
    )
    delete = actions.add_parser(
        "delete",
        parents=[common],
        help="delete an obstacle: its notes lose the tag, its sub-obstacles move up a level",
    )
    delete.add_argument("name", metavar="PATH", help=path_help)
    delete.add_argument(
        "--yes",
        action="store_true",
        help="do not ask when notes are tagged with it (needed when there is no terminal)",
    )


def _tag(commands: Commands, common: argparse.ArgumentParser) -> None:
    from fieldnotes.domain.vocabulary import STANCES

    tag = commands.add_parser(
        "tag",
        parents=[common],
        help="tag notes with an obstacle or a principle (or take the tag off with --remove)",
    )
    tag.add_argument(
        "note_ids", nargs="+", metavar="NOTE_ID", help="note ids or unique prefixes of them"
    )
    what = tag.add_mutually_exclusive_group(required=True)
    what.add_argument(
        "--obstacle", metavar="NAME_OR_PATH", help="obstacle name or Parent/Child path"
    )
    what.add_argument("--principle", metavar="ID", help="principle id, e.g. sos.worried")
    tag.add_argument(
        "--stance", choices=STANCES, help="with --principle: honoured (the default) or at-risk"
    )
    tag.add_argument("--remove", action="store_true", help="take the tag off instead")
    _json_option(tag)


def _tracker(commands: Commands, common: argparse.ArgumentParser) -> None:
    tracker = commands.add_parser(
        "tracker",
        parents=[common],
        help="you said, we did: each raised obstacle, what was decided, changed and is open",
    )
    tracker.add_argument(
        "--today", metavar="DATE", help="compare up to DATE (YYYY-MM-DD), not today"
    )
    tracker.add_argument("--json", action="store_true", help="machine-readable output")


def _within_days(text: str) -> int:
    try:
        days = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of days") from None
    if not 0 <= days <= 366:
        raise argparse.ArgumentTypeError(f"--within takes 0 to 366 days, not {text}")
    return days


def _member_check(commands: Commands, common: argparse.ArgumentParser) -> None:
    check = commands.add_parser(
        "member-check",
        parents=[common],
        help="a summary for one observed team, checked for identifiers and exported; "
        "or record the team's reply",
        description="Compose a member check for --team: what was seen (strengths and "
        "obstacles), what leadership decided and what happens next, naming no practitioner. "
        "`member-check reply` records the team's answer as a note.",
    )
    check.add_argument(
        "--team",
        default=argparse.SUPPRESS,
        help="the team (any case, or a unique part); required",
    )
    check.add_argument(
        "--to", action="append", default=[], metavar="age1…", help="a recipient (repeatable)"
    )
    check.add_argument(
        "--to-passphrase-file",
        type=Path,
        metavar="FILE",
        help="encrypt to the passphrase in FILE instead of to keys",
    )
    check.add_argument(
        "--plaintext",
        action="store_true",
        help="write a printable, unencrypted file (only after the identifier check)",
    )
    check.add_argument("--format", choices=["md", "html"], default="md")
    check.add_argument(
        "--identifiers",
        choices=IDENTIFIER_ACTIONS,
        default="stop",
        help="likely identifiers: stop and list them (default), redact them all, or confirm them",
    )
    check.add_argument("--output", type=Path, metavar="FILE_OR_DIR", help="where to write it")
    actions = check.add_subparsers(dest="member_check_command", metavar="ACTION")
    reply = actions.add_parser(
        "reply",
        parents=[common],
        help="record the team's reply as a note (mode question) linked to the obstacles covered",
    )
    reply.add_argument("--team", required=True, help="the team that replied")
    reply.add_argument("--file", type=Path, help="the reply (Markdown); default: stdin")


def _template(commands: Commands, common: argparse.ArgumentParser) -> None:
    template = commands.add_parser(
        "template",
        help="templates for recurring settings; with an ID, a note file to fill in and import",
    )
    template.add_argument("template_id", nargs="?", metavar="ID", help="e.g. home-visit")
    template.add_argument("--team", default="", help="the team, written into the note file")
    template.add_argument("--json", action="store_true", help="machine-readable list")


# ------------------------------------------------------------------ team notebooks


def _sync(commands: Commands, common: argparse.ArgumentParser) -> None:
    _json_option(
        commands.add_parser(
            "sync",
            parents=[common],
            help="a team notebook: send the changes made here, fetch your colleagues'",
        )
    )


def _team(commands: Commands, common: argparse.ArgumentParser) -> None:
    team = commands.add_parser("team", help="a team notebook shared through PostgreSQL")
    actions = team.add_subparsers(dest="team_command", metavar="ACTION", required=True)
    for add_action in TEAM_ACTIONS:
        add_action(actions, common)


def _team_create(actions: Commands, common: argparse.ArgumentParser) -> None:
    create = actions.add_parser(
        "create",
        parents=[common],
        help="make this notebook a team notebook's first replica, with you as its lead",
    )
    create.add_argument(
        "url", help="the PostgreSQL address with your own login: postgresql://you:PASSWORD@host/db"
    )
    create.add_argument("--label", default="Lead 1", help="how the team knows you (not a name)")
    create.add_argument(
        "--name", help="the team notebook's name on the server (3-41 of a-z, 0-9, _)"
    )


def _team_join(actions: Commands, common: argparse.ArgumentParser) -> None:
    join = actions.add_parser(
        "join",
        parents=[common],
        help="make a new notebook (--notebook NEW) as your replica of a team, from an invitation",
    )
    join.add_argument("invitation", type=Path, help="the invitation file a lead gave you")
    join.add_argument(
        "--invitation-passphrase-file",
        type=Path,
        metavar="FILE",
        help="the invitation's passphrase (or $FIELDNOTES_INVITATION_PASSPHRASE; else asked)",
    )


def _team_status(actions: Commands, common: argparse.ArgumentParser) -> None:
    _json_option(
        actions.add_parser(
            "status", parents=[common], help="who you are in the team, and how sync stands"
        )
    )


def _team_conflicts(actions: Commands, common: argparse.ArgumentParser) -> None:
    _json_option(
        actions.add_parser(
            "conflicts", parents=[common], help="changes of yours that met a colleague's"
        )
    )


def _team_resolve(actions: Commands, common: argparse.ArgumentParser) -> None:
    resolve = actions.add_parser("resolve", parents=[common], help="settle one conflict")
    resolve.add_argument("conflict", metavar="ID", help="its id (a prefix is enough)")
    resolve.add_argument(
        "choice", choices=["mine", "theirs", "both"], help="both: a note only, kept as two"
    )


def _team_upgrade(actions: Commands, common: argparse.ArgumentParser) -> None:
    upgrade = actions.add_parser(
        "upgrade",
        parents=[common],
        help="bring the team's server up to this fieldnotes's schema (the lead who set it up, "
        "or the DBA)",
        description="Take the team's server schema up to the version this fieldnotes "
        "speaks, a step per version in one transaction; a server at it already is left "
        "as it is. Needs the login that set the team up (while it keeps what the DBA gave "
        "it), or the DBA with --url.",
    )
    upgrade.add_argument(
        "--url",
        help="connect with another login (the DBA's) to the team's database, not yours",
    )


TEAM_ACTIONS: list[Callable[[Commands, argparse.ArgumentParser], None]] = [
    _team_create,
    _team_join,
    _team_status,
    _team_conflicts,
    _team_resolve,
    _team_upgrade,
    team_member_actions,
]
"""`fieldnotes team` actions, in `--help` order; the membership commands add theirs."""


def _demo(commands: Commands, common: argparse.ArgumentParser) -> None:
    demo = commands.add_parser(
        "demo",
        parents=[common],
        help="build the demo notebook (passphrase: demo) and open it",
    )
    demo.add_argument("--no-open", action="store_true", help="only build it")


SUBCOMMANDS: tuple[Callable[[Commands, argparse.ArgumentParser], None], ...] = (
    _init,
    _add,
    _import,
    _list,
    _search,
    _show,
    _passages,
    _delete,
    _trash,
    _retention,
    _passwd,
    _synthesis,
    _keygen,
    _leader,
    _protect,
    _check,
    _people,
    _brief,
    _backup,
    _restore,
    _export,
    _config,
    _due,
    _obstacle,
    _tag,
    _tracker,
    _member_check,
    _template,
    _sync,
    _team,
    _demo,
)
"""In the order `fieldnotes --help` lists the commands."""


# ------------------------------------------------------------ shared options


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--notebook",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="notebook file (default: $FIELDNOTES_NOTEBOOK, else the user data directory)",
    )
    parser.add_argument(
        "--passphrase-file",
        metavar="FILE",
        type=Path,
        default=argparse.SUPPRESS,
        help="read the passphrase from the first line of FILE (or set $FIELDNOTES_PASSPHRASE)",
    )
    parser.add_argument(
        "--wait",
        metavar="SECONDS",
        type=_wait_seconds,
        default=argparse.SUPPRESS,
        help="if another fieldnotes process has the notebook open, wait up to SECONDS for it "
        "to close it (default: refuse at once)",
    )


MAX_WAIT_SECONDS = 86_400.0


def _wait_seconds(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not 0 <= seconds <= MAX_WAIT_SECONDS:
        raise argparse.ArgumentTypeError(
            f"--wait takes 0 to {MAX_WAIT_SECONDS:g} seconds, not {text}"
        )
    return seconds


def _recipient_options(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "--to",
        action="append",
        default=[],
        metavar="age1…",
        help=f"encrypt the {what} to this age recipient (repeatable)",
    )
    parser.add_argument(
        "--to-passphrase-file",
        type=Path,
        metavar="FILE",
        help=f"encrypt the {what} to the passphrase in FILE (default: asked for)",
    )


def _backup_key_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--identity", type=Path, metavar="FILE", help="age identity file")
    parser.add_argument(
        "--backup-passphrase-file",
        type=Path,
        metavar="FILE",
        help="the backup's own passphrase (or a protected identity file's)",
    )


def _json_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--json", action="store_true", default=argparse.SUPPRESS, help="machine-readable output"
    )


def _filter_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--mode", choices=MODES)
    parser.add_argument("--stage", choices=STAGES)
    parser.add_argument("--team")
    parser.add_argument("--obstacle", metavar="NAME", help="includes its sub-obstacles")
    parser.add_argument("--principle", metavar="ID")
    parser.add_argument("--since", metavar="DATE", help="YYYY-MM-DD")
    parser.add_argument("--until", metavar="DATE", help="YYYY-MM-DD")
