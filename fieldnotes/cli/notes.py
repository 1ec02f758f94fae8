"""`fieldnotes add`, `import`, `list`, `search`, `show` and `delete`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Sequence
from typing import TypeAlias, cast

from fieldnotes.cli.inputs import (
    ask,
    named_team,
    needs_yes,
    parse_date,
    parse_principle_option,
    parse_when,
    read_body,
)
from fieldnotes.cli.output import (
    note_json,
    note_label,
    print_full,
    print_note_lines,
    print_note_pages,
    say,
    say_json,
)
from fieldnotes.cli.session import unlocked
from fieldnotes.domain.model import Note, NoteDraft, NoteLine
from fieldnotes.errors import InvalidInput
from fieldnotes.notebook import Notebook, NoteFilter

_Listed: TypeAlias = "Note | NoteLine"

CATCH_UP_AFTER_SEARCH = 200
"""Notes written since the search index last caught up that a command takes in before it
exits. Fewer are opened by each search as they are, which costs less than rewriting buckets."""


def cmd_add(args: argparse.Namespace) -> int:
    from fieldnotes.domain.importer import split_sections

    body = read_body(args)
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
                occurred_at=parse_when(args.when),
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
    from fieldnotes.notebook.exchange import is_exchange_file

    if any(is_exchange_file(path) for path in args.paths):
        return _import_exchange(args)
    if args.identity is not None or args.project_passphrase_file is not None:
        raise InvalidInput("--identity and --project-passphrase-file are for a .qdpx.age")
    # Every file is read and checked before the notebook is touched: all or nothing.
    imported = read_note_files(args.paths)
    with unlocked(args) as notebook:
        result = notebook.import_notes(imported)
        notebook.catch_up_search_index(waiting_at_least=CATCH_UP_AFTER_SEARCH)
    if args.json:
        say_json({"notes": [note.id for note in result.notes], "already": list(result.already)})
        return 0
    already = f", {len(result.already)} already in the notebook" if result.already else ""
    say(f"Imported {len(result.notes)} note(s){already}.")
    return 0


def _import_exchange(args: argparse.Namespace) -> int:
    """A REFI-QDA project or codebook from another tool: read, checked and planned before
    the notebook is unlocked, then written in one transaction (docs/exchange.md)."""
    from fieldnotes.cli.inputs import age_secrets
    from fieldnotes.notebook.exchange import decrypt_exchange, read_exchange, read_exchange_file

    if len(args.paths) != 1:
        raise InvalidInput(
            "import a project or codebook on its own: one .qdpx, .qdpx.age or .qdc file, "
            "without Markdown notes beside it"
        )
    (path,) = args.paths
    data = read_exchange_file(path)
    if path.name.lower().endswith(".age"):
        identities, phrase = age_secrets(
            data,
            what="project",
            identity=args.identity,
            phrase_file=args.project_passphrase_file,
            option="--project-passphrase-file",
        )
        data = decrypt_exchange(data, identities=identities, passphrase=phrase)
    project = read_exchange(data, path.name)
    del data
    with unlocked(args) as notebook:
        result = notebook.import_exchange(project)
        notebook.catch_up_search_index(waiting_at_least=CATCH_UP_AFTER_SEARCH)
    if args.json:
        say_json(result.as_json())
    else:
        for line in result.lines():
            say(line)
    return 0


def _filter(args: argparse.Namespace, notebook: Notebook, query: str = "") -> NoteFilter:
    obstacle_id = notebook.find_obstacle(args.obstacle).id if args.obstacle else None
    if args.principle:
        notebook.principle(args.principle)
    return NoteFilter(
        mode=args.mode,
        stage=args.stage,
        team=named_team(notebook, args.team),
        obstacle_id=obstacle_id,
        principle_id=args.principle,
        since=parse_date(args.since, "--since"),
        until=parse_date(args.until, "--until"),
        query=query,
    )


def cmd_list(args: argparse.Namespace) -> int:
    with unlocked(args) as notebook:
        _print_listing(args, notebook, _filter(args, notebook))
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    if not args.query.strip():
        raise InvalidInput("give a word or phrase to search for")
    with unlocked(args) as notebook:
        behind = _print_listing(args, notebook, _filter(args, notebook, args.query))
        sys.stdout.flush()
        # After the answer is out: the next search need not open what was written since.
        notebook.catch_up_search_index(waiting_at_least=CATCH_UP_AFTER_SEARCH, seen_behind=behind)
    return 0


def _print_listing(args: argparse.Namespace, notebook: Notebook, where: NoteFilter) -> int | None:
    """The lines (or the JSON) of `list` and `search`: the newest `--limit` only, if given,
    then on stderr how many more match, so a pipe reading stdout gets only notes, as it does
    with "No notes match." and the damage count there. Returns how many notes the search
    index was found behind by, when it was asked."""
    # The JSON is every field of every note, so it reads whole notes; a line needs less.
    limit: int | None = args.limit
    # The lines ask the search index once, and keep how many notes it named for the count.
    lines = None if args.json and limit is None else notebook.note_line_pages(where, newest=limit)
    behind = None if lines is None else lines.unanswered
    pages: Iterator[Sequence[Note | NoteLine]]
    pages = notebook.note_pages(where) if args.json or lines is None else lines
    newest = _Newest(pages, limit)
    if args.json:
        print_note_pages(notebook, cast("Iterator[list[Note]]", iter(newest)), as_json=True)
    else:
        print_note_lines(newest)
    if limit is None or lines is None or newest.shown < limit:
        return behind
    sys.stdout.flush()
    bound = notebook.match_bound(where, lines)
    if bound is None:
        # Nothing cheaper can say it: the rest is read (as lines), counted and not printed.
        more, exact = newest.rest(), True
    else:
        total, exact = bound
        more = max(total - newest.shown, 0)
    if not more:
        return behind
    if exact:
        say(
            f"{more:,} more note(s) match; the newest {newest.shown:,} are shown (--limit).",
            file=sys.stderr,
        )
    else:
        say(
            f"Up to {more:,} more note(s) may match (the search index's count, not checked);"
            f" the newest {newest.shown:,} are shown (--limit).",
            file=sys.stderr,
        )
    return behind


class _Newest:
    """The first `limit` notes of some pages (all when None), and what was left unread."""

    def __init__(self, pages: Iterator[Sequence[_Listed]], limit: int | None) -> None:
        self._pages = pages
        self._limit = limit
        self._left = 0
        self.shown = 0

    def __iter__(self) -> Iterator[Sequence[_Listed]]:
        for page in self._pages:
            if self._limit is not None and self.shown + len(page) >= self._limit:
                taken = self._limit - self.shown
                self._left = len(page) - taken
                self.shown += taken
                if taken:
                    yield page[:taken]
                return
            self.shown += len(page)
            yield page

    def rest(self) -> int:
        """How many notes the pages hold beyond those shown (reading the rest to count)."""
        return self._left + sum(len(page) for page in self._pages)


def cmd_show(args: argparse.Namespace) -> int:
    with unlocked(args) as notebook:
        note = notebook.note_by_prefix(args.note_id)
        if args.json:
            say_json(note_json(notebook, note))
        else:
            print_full(notebook, note, sys.stdout)
    return 0


def cmd_delete(args: argparse.Namespace) -> int:
    needs_yes(args, "`fieldnotes delete`")
    with unlocked(args) as notebook:
        note = notebook.note_by_prefix(args.note_id)
        label = note_label(note)
        if not args.yes and not ask(f"Move the note of {label} to the trash?"):
            say("Nothing was deleted.", file=sys.stderr)
            return 0
        notebook.trash_note(note.id)
    say(
        f"Moved the note of {label} to the trash; "
        f"`fieldnotes trash restore {note.id[:8]}` brings it back."
    )
    return 0
