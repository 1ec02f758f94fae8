"""`fieldnotes retention`: notes due under the records policy, extensions, purges, the log."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import TYPE_CHECKING, Any

from fieldnotes.cli.inputs import ask, needs_yes, parse_date
from fieldnotes.cli.output import JSON_FORMAT_VERSION, say, say_json
from fieldnotes.cli.session import unlocked
from fieldnotes.domain.retention import SOON_DAYS, retention_label
from fieldnotes.errors import InvalidInput
from fieldnotes.terminal import printable_line

if TYPE_CHECKING:
    from fieldnotes.domain.model import Note
    from fieldnotes.domain.retention import (
        Extension,
        PurgedCounts,
        PurgeRecord,
        RetentionItem,
        RetentionView,
    )
    from fieldnotes.domain.synthesis import Synthesis
    from fieldnotes.notebook import Notebook

BACKUPS_WARNING = (
    "Backups made before the purge still hold these notes: a purge cannot reach them. "
    "Remove or replace older backups as your records policy says."
)
OFF_ADVICE = (
    "Retention is off for this notebook: notes are kept until you delete them (the default "
    "for a personal notebook). Set your records policy with "
    "`fieldnotes config set retention MONTHS`."
)


def cmd_retention(args: argparse.Namespace) -> int:
    action = args.retention_command or "list"
    if action == "purge":
        needs_yes(args, "`fieldnotes retention purge`")
    today = parse_date(getattr(args, "today", None), "--today") or date.today()
    with unlocked(args) as notebook:
        if action == "extend":
            return _extend(args, notebook, today)
        if action == "purge":
            return _purge(args, notebook, today)
        if action == "log":
            return _log(notebook, as_json=args.json)
        view = notebook.retention(today=today)
        if args.json:
            say_json(retention_json(view))
        else:
            _print_view(view)
    return 0


# ------------------------------------------------------------------ listing


def _extension_json(extension: Extension | None) -> dict[str, Any] | None:
    if extension is None:
        return None
    return {
        "until": extension.until.isoformat(),
        "months": extension.months,
        "reason": extension.reason,
        "at": extension.at.isoformat(timespec="seconds") + "Z",
    }


def item_json(item: RetentionItem) -> dict[str, Any]:
    return {
        "id": item.note_id,
        "occurred_at": item.occurred_at.isoformat(timespec="minutes"),
        "team": item.team,
        "keep_until": item.keep_until.isoformat(),
        "policy_until": item.policy_until.isoformat(),
        "days": item.days,
        "due": item.due,
        "trashed": item.trashed,
        "extension": _extension_json(item.extension),
    }


def retention_json(view: RetentionView) -> dict[str, Any]:
    """The documented `retention --json` shape (docs/cli.md)."""
    return {
        "format": JSON_FORMAT_VERSION,
        "retention_months": view.months,
        "today": view.today.isoformat(),
        "within_days": SOON_DAYS,
        "due": [item_json(item) for item in view.due],
        "soon": [item_json(item) for item in view.soon],
    }


def _row(item: RetentionItem) -> str:
    team = printable_line(item.team or "—")[:24]
    where = " (in the trash)" if item.trashed else ""
    line = (
        f"  {item.note_id[:8]}  {item.occurred_at:%Y-%m-%d}  {team:<24}  "
        f"keep until {item.keep_until}  {item.when}{where}"
    )
    if item.extension is not None:
        reason = printable_line(item.extension.reason)
        line += f"\n  {'':<8}  extended to {item.extension.until}: {reason}"
    return line


def _print_view(view: RetentionView) -> None:
    if view.months is None:
        say(OFF_ADVICE, file=sys.stderr)
        return
    say(
        f"Notes are kept {retention_label(view.months)} after the day they were written "
        f"about ({view.today}):"
    )
    if not view.items:
        say(f"No note is due, or falls due in the next {SOON_DAYS} days.")
        return
    if view.due:
        say(f"Due for purging ({len(view.due)}):")
        for item in view.due:
            say(_row(item))
    if view.soon:
        say(f"Falling due in the next {SOON_DAYS} days ({len(view.soon)}):")
        for item in view.soon:
            say(_row(item))
    if view.due:
        say("`fieldnotes retention purge` deletes the due notes for good (asks first);")
        say("`fieldnotes retention extend ID --months N --reason TEXT` keeps one longer.")


# ------------------------------------------------------------------ extending


def _one_note(notebook: Notebook, wanted: str) -> Note:
    prefix = wanted.strip().lower()
    notes = [*notebook.notes(), *notebook.trashed_notes()]
    matches = [note for note in notes if prefix and note.id.startswith(prefix)]
    if not matches:
        raise InvalidInput(f"no note with id {wanted!r}")
    if len(matches) > 1:
        raise InvalidInput(f"{wanted!r} matches {len(matches)} notes; give more of it")
    return matches[0]


def _extend(args: argparse.Namespace, notebook: Notebook, today: date) -> int:
    note = _one_note(notebook, args.note_id)
    extension = notebook.extend_retention(note.id, args.months, args.reason, today=today)
    if args.json:
        say_json(
            {"format": JSON_FORMAT_VERSION, "id": note.id, **(_extension_json(extension) or {})}
        )
    else:
        say(f"The note {note.id[:8]} is now kept until {extension.until} (reason sealed).")
    return 0


# -------------------------------------------------------------------- purging


def _purge(args: argparse.Namespace, notebook: Notebook, today: date) -> int:
    wanted = [_one_note(notebook, given).id for given in args.note_ids] or None
    if wanted is None and notebook.retention_months() is None:
        raise InvalidInput(OFF_ADVICE.replace("Set your", "Name the notes to purge, or set your"))
    chosen = notebook.notes_to_purge(wanted, today=today)
    if not chosen:
        if args.json:
            say_json({"format": JSON_FORMAT_VERSION, "purged": 0})
        else:
            say("No note is due for purging; nothing was purged.", file=sys.stderr)
        return 0
    if not args.yes:
        say(f"These {len(chosen)} note(s) will be deleted for good:", file=sys.stderr)
        for note in chosen:
            team = printable_line(note.team or "—")[:28]
            where = "  (in the trash)" if note.trashed_at is not None else ""
            say(f"  {note.id[:8]}  {note.occurred_at:%Y-%m-%d}  {team}{where}", file=sys.stderr)
        say(
            "Their links and unsaved drafts go with them; only counts per obstacle are kept "
            "for the synthesis, and the purge is logged.",
            file=sys.stderr,
        )
        say(BACKUPS_WARNING, file=sys.stderr)
        if not ask("Purge them? This cannot be undone."):
            say("Nothing was purged.", file=sys.stderr)
            return 0
    record = notebook.purge(wanted, today=today)
    if args.json:
        say_json(
            {"format": JSON_FORMAT_VERSION, "purged": record.count, "log": record_json(record)}
        )
    else:
        say(f"Purged {record.count} note(s) for good ({', '.join(record.months)}); logged.")
        say(BACKUPS_WARNING)
    return 0


# ------------------------------------------------------------------------ log


def record_json(record: PurgeRecord) -> dict[str, Any]:
    return {**record.to_json(), "at": record.at.isoformat(timespec="minutes") + "Z"}


def _log(notebook: Notebook, *, as_json: bool) -> int:
    records = notebook.purge_log()
    if as_json:
        say_json({"format": JSON_FORMAT_VERSION, "purges": [record_json(r) for r in records]})
        return 0
    if not records:
        say("Nothing has been purged from this notebook.", file=sys.stderr)
        return 0
    for record in records:
        trashed = f", {record.trashed} from the trash" if record.trashed else ""
        say(
            f"{record.at:%Y-%m-%d %H:%M} UTC  {record.count} note(s){trashed}  "
            f"{record.reason}  by {printable_line(record.by)}"
        )
        say(f"  written in {', '.join(record.months)}")
    return 0


# ------------------------------------------------------------ in the synthesis


def purged_for(notebook: Notebook, synthesis: Synthesis) -> dict[str, PurgedCounts]:
    """The counts purged notes left, for a synthesis of the whole notebook only: they keep
    no team and no day, so a period or a team cannot be told apart in them."""
    from fieldnotes.domain.retention import counts_for_synthesis
    from fieldnotes.errors import DamagedError

    try:
        kept = notebook.purged_counts()
    except DamagedError as error:
        # The live evidence is whole: say what is missing rather than refuse all of it.
        say(f"fieldnotes: {error}; the counts of purged notes are left out", file=sys.stderr)
        return {}
    return counts_for_synthesis(kept, synthesis)


def print_purged(notebook: Notebook, synthesis: Synthesis) -> None:
    from fieldnotes.domain.retention import purged_line

    purged = purged_for(notebook, synthesis)
    shown = [e for e in synthesis.evidence if e.obstacle.id in purged]
    if not shown:
        return
    say("")
    say("Purged under the retention policy, counts only (not in the evidence above):")
    for e in shown:
        name = printable_line(e.path).replace("/", " › ")
        say(f"  {name}: {purged_line(purged[e.obstacle.id])}")
