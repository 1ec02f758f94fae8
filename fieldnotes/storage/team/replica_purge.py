"""A retention purge on a team replica: it goes up, and every colleague's replica takes it.

- **Who**: a lead purges any note (the records policy is the team's, and someone has to be
  able to carry it out for every note); any other member purges only the notes they wrote.
  The replica refuses anything else before it deletes a word, and the server refuses the
  purge revision of a colleague's note from anyone but a lead, whatever the client.
- **Up**: each purged note the server holds goes up as its next revision, a tombstone that
  carries no text: `{"deleted": true, "purged": {…}}`, with the purge's id, date, reason, how
  many notes it took and the anonymous counts it kept (docs/retention.md), and the clear
  columns `{"deleted": true, "purged": true}`. Its link row (its codes) goes up the same way
  when the server has one. Until they are sent the purges wait in a sealed setting
  (`team_purges`), as any write waits in the dirty set: a purge made offline goes up at the
  next sync.
- **Down**: a colleague's replica that pulls a purge deletes the note for good (not to the
  trash) with its drafts, its codes, any conflicted copy of it or its codes in
  `team_conflict`, and the search index (rebuilt from the notes left); it adds the purge's
  counts to its own and logs it once (by the label of the member who signed it), so every
  replica's synthesis says the same.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete
from sqlalchemy.engine import Connection

from fieldnotes.domain.brief import dump_decisions
from fieldnotes.domain.retention import (
    COUNTS_SETTING,
    DECISIONS_SETTING,
    EXTENSIONS_SETTING,
    LOG_SETTING,
    PurgedCounts,
    PurgeRecord,
    dump_counts,
    dump_extensions,
    dump_log,
    load_counts,
    load_extensions,
    load_log,
    merge_counts,
)
from fieldnotes.errors import DamagedData
from fieldnotes.storage.retention import drop_search_index
from fieldnotes.storage.tables import SETTING, TEAM_CONFLICT
from fieldnotes.storage.team.replica_rows import DELETED, Key, states_for, synced_for
from fieldnotes.storage.team.rows import SignedRow

if TYPE_CHECKING:
    from fieldnotes.storage.store import SealedStore

PENDING_SETTING = "team_purges"
"""Note id → the purge entry its tombstone carries, until the server has taken it."""


def is_purge(document: Mapping[str, Any]) -> bool:
    return document.get("deleted") is True and isinstance(document.get("purged"), dict)


def _sealed(store: SealedStore, key: str, what: str) -> str | None:
    """A sealed record and the count beside it, read as the retention part reads them."""
    raw = store.setting(key)
    if raw is None:
        return None
    try:
        found = json.loads(raw)
    except ValueError:
        raise DamagedData(f"{what} is damaged; see `fieldnotes check`") from None
    if not isinstance(found, (list, dict)) or str(len(found)) != store.setting(f"{key}.count"):
        raise DamagedData(f"{what} is damaged; see `fieldnotes check`")
    return raw


# ------------------------------------------------------------------ purging here


def purgeable(store: SealedStore, note_ids: Sequence[str]) -> list[str]:
    """Those of these notes this member may purge: all of them for a lead (or a personal
    notebook), else the ones they wrote (or that never reached the server)."""
    link = store.team_link()
    if link is None or link.role == "lead":
        return list(note_ids)
    with store._read() as conn:
        synced = synced_for(conn, [("note", note_id) for note_id in note_ids])
    colleagues = {
        note_id
        for (_kind, note_id), known in synced.items()
        if known.revision > 0 and known.author != link.member_id
    }
    return [note_id for note_id in note_ids if note_id not in colleagues]


def purge_refusal(store: SealedStore, note_ids: Sequence[str]) -> str | None:
    """Why this member may not purge these notes (None: they may)."""
    allowed = set(purgeable(store, note_ids))
    for note_id in note_ids:
        if note_id not in allowed:
            return (
                f"note {note_id} is a colleague's: only a lead purges a colleague's note, "
                "so the team's records policy is carried out by someone it names; "
                "nothing was purged"
            )
    return None


def pending_purges(store: SealedStore) -> dict[str, dict[str, Any]]:
    raw = _sealed(store, PENDING_SETTING, "the purges waiting to be sent")
    if raw is None:
        return {}
    found = json.loads(raw)
    if not isinstance(found, dict) or not all(isinstance(v, dict) for v in found.values()):
        raise DamagedData("the purges waiting to be sent are damaged; see `fieldnotes check`")
    return {str(key): value for key, value in found.items()}


def _pending_values(pending: Mapping[str, Mapping[str, Any]]) -> dict[str, str]:
    return {
        PENDING_SETTING: json.dumps(dict(sorted(pending.items())), ensure_ascii=False),
        f"{PENDING_SETTING}.count": str(len(pending)),
    }


def pending_settings(
    store: SealedStore,
    note_ids: Sequence[str],
    record: PurgeRecord,
    counts: Mapping[str, PurgedCounts],
) -> dict[str, str]:
    """The settings that make these notes' purge wait to be sent, written with the purge
    itself; nothing for a personal notebook or for notes the server never had."""
    link = store.team_link()
    if link is None:
        return {}
    with store._read() as conn:
        synced = synced_for(conn, [("note", note_id) for note_id in note_ids])
    on_server = [note_id for (_kind, note_id), known in synced.items() if known.revision > 0]
    pending = pending_purges(store)
    if not on_server and not pending:
        return {}
    entry = {
        "id": record.purge_id,
        "by": link.member_id,
        "at": record.at.isoformat(timespec="minutes"),
        "reason": record.reason,
        "count": record.count,
        "months": list(record.months),
        "trashed": record.trashed,
        "counts": {key: counts[key].to_json() for key in sorted(counts)},
    }
    pending.update({note_id: entry for note_id in on_server})
    return _pending_values(pending)


def conflicts_of(store: SealedStore, note_ids: Sequence[str]) -> list[str]:
    """The ids of the conflicted copies kept of these notes or their codes."""
    from fieldnotes.storage.team.replica_sync import conflicts

    wanted = set(note_ids)
    return [
        found.conflict_id
        for found in conflicts(store)
        if found.kind in ("note", "link") and found.row_id in wanted
    ]


# ------------------------------------------------------------------ sending


def purge_documents(
    pending: Mapping[str, Mapping[str, Any]], keys: Sequence[Key], local: Mapping[Key, str]
) -> dict[Key, dict[str, Any]]:
    """The tombstone each waiting purge sends, for the rows of `keys` deleted here."""
    documents: dict[Key, dict[str, Any]] = {}
    for key in keys:
        kind, row_id = key
        entry = pending.get(row_id)
        if entry is None or kind not in ("note", "link") or key in local:
            continue
        purged = dict(entry) if kind == "note" else {"id": entry.get("id", "")}
        documents[key] = {"deleted": True, "purged": purged}
    return documents


def links_to_purge(
    conn: Connection, pending: Mapping[str, Mapping[str, Any]], keys: Sequence[Key]
) -> list[Key]:
    """The link rows the server holds for notes purged here and not yet sent purged: they
    go up purged too (a deleted note's codes do not otherwise travel: they go with it)."""
    wanted = [("link", row_id) for row_id in sorted(pending) if ("link", row_id) not in keys]
    known = synced_for(conn, wanted)
    return [
        key
        for key in wanted
        if key in known and known[key].revision > 0 and known[key].state != DELETED
    ]


def forget_sent(
    store: SealedStore, conn: Connection, pending: Mapping[str, Mapping[str, Any]]
) -> dict[str, dict[str, Any]]:
    """Take out of the waiting purges each note whose purge the server has taken, with its
    codes' (as this transaction has recorded them); returns the purges still waiting."""
    keys = [(kind, row_id) for row_id in pending for kind in ("note", "link")]
    known = synced_for(conn, keys)

    def sent(row_id: str) -> bool:
        note, codes = known.get(("note", row_id)), known.get(("link", row_id))
        return (
            note is not None
            and note.state == DELETED
            and (codes is None or codes.revision == 0 or codes.state == DELETED)
        )

    left = {key: dict(value) for key, value in pending.items() if not sent(key)}
    if len(left) != len(pending):
        for key, value in _pending_values(left).items():
            store._upsert_sealed(conn, SETTING, key, {"value": value})
    return left


# ------------------------------------------------------------------ taking a colleague's


@dataclass
class TakenPurges:
    """What a pulled page's purges write here, worked out before its transaction."""

    note_ids: list[str] = field(default_factory=list)
    conflict_ids: list[str] = field(default_factory=list)
    settings: dict[str, str] = field(default_factory=dict)
    drop_index: bool = False
    """Whether any of the notes is here (a replica that never had them has no words of
    theirs in its search index)."""


def checked_purges(
    opened: Sequence[tuple[SignedRow, dict[str, Any], str]],
) -> tuple[list[tuple[SignedRow, dict[str, Any], str]], list[str]]:
    """The page's rows with any purge that is not one taken out, and why each was: a row
    whose clear columns say purged must carry a purge, and a note's purge a whole entry (its
    id, date, count, months, reason and counts)."""
    kept: list[tuple[SignedRow, dict[str, Any], str]] = []
    refused: list[str] = []
    for item in opened:
        row, document, _digest = item
        says = row.clear.get("purged") is True
        if row.kind in ("note", "link") and (says or "purged" in document):
            entry = document.get("purged")
            if not (
                says
                and is_purge(document)
                and isinstance(entry, dict)
                and isinstance(entry.get("id"), str)
            ):
                refused.append(f"{row.kind} {row.row_id} claims to be a purge and is not one")
                continue
            if row.kind == "note":
                try:
                    _record(entry, "")
                except DamagedData:
                    # Refused and named, never a page that cannot be applied for good.
                    refused.append(f"note {row.row_id} carries a purge that is damaged")
                    continue
        kept.append(item)
    return kept, refused


def _record(entry: Mapping[str, Any], by: str) -> tuple[PurgeRecord, dict[str, PurgedCounts]]:
    try:
        record = PurgeRecord.from_json(
            {
                "at": entry["at"],
                "count": entry["count"],
                "months": entry["months"],
                "by": by,
                "reason": entry["reason"],
                "trashed": entry.get("trashed", 0),
                "purge_id": entry["id"],
            }
        )
        counts = entry.get("counts", {})
        if not isinstance(counts, dict):
            raise ValueError("counts")
        return record, {str(k): PurgedCounts.from_json(v) for k, v in counts.items()}
    except (KeyError, ValueError, TypeError, AttributeError):
        raise DamagedData(f"purge {entry.get('id')!r} from the team is damaged") from None


def _purged_by(row: SignedRow, entry: Mapping[str, Any], roles: Mapping[str, str]) -> str:
    """Who purged: the signer, or the member the purge names when a lead signed it (a key
    rotation re-signs every row, and a newcomer should still log who purged)."""
    named = entry.get("by")
    if isinstance(named, str) and named and roles.get(row.signed_by) == "lead":
        return named
    return row.signed_by


def prepare_purges(
    store: SealedStore,
    opened: Sequence[tuple[SignedRow, dict[str, Any], str]],
    labels: Mapping[str, str],
    roles: Mapping[str, str],
) -> TakenPurges | None:
    """Read, before the page's transaction, what taking its purges changes here: a damaged
    record stops the page (nothing applied, retried at the next sync), never reads as empty."""
    notes = [(row, document) for row, document, _ in opened if row.kind == "note"]
    purges = [(row, document) for row, document in notes if is_purge(document)]
    if not purges:
        return None
    keys = [("note", row.row_id) for row, _ in purges]
    with store._read() as conn:
        known = synced_for(conn, keys)
        here = {key for key, state in states_for(conn, keys).items() if state != DELETED}

    def taken_already(row: SignedRow) -> bool:
        # This replica's own purge, or one it took before (a key rotation re-seals it).
        found = known.get(("note", row.row_id))
        return found is not None and (found.revision >= row.revision or found.state == DELETED)

    fresh = [(row, document) for row, document in purges if not taken_already(row)]
    if not fresh:
        return None
    taken = TakenPurges(note_ids=[row.row_id for row, _ in fresh])
    taken.drop_index = any(("note", row.row_id) in here for row, _ in fresh)
    taken.conflict_ids = conflicts_of(store, taken.note_ids)
    raw_log = _sealed(store, LOG_SETTING, "the purge log")
    log = [] if raw_log is None else load_log(raw_log)
    raw_counts = _sealed(store, COUNTS_SETTING, "the counts of purged notes")
    counts = {} if raw_counts is None else load_counts(raw_counts)
    raw_extensions = _sealed(store, EXTENSIONS_SETTING, "the retention extensions")
    extensions = {} if raw_extensions is None else load_extensions(raw_extensions)
    seen = {record.purge_id for record in log if record.purge_id}
    for row, document in fresh:
        entry = document["purged"]
        if entry["id"] in seen:
            continue
        seen.add(entry["id"])
        record, added = _record(entry, labels.get(_purged_by(row, entry, roles), "a colleague"))
        log.insert(0, record)
        counts = merge_counts(counts, added)
    gone = set(taken.note_ids)
    extensions = {key: value for key, value in extensions.items() if key not in gone}
    taken.settings = {
        COUNTS_SETTING: dump_counts(counts),
        f"{COUNTS_SETTING}.count": str(len(counts)),
        EXTENSIONS_SETTING: dump_extensions(extensions),
        f"{EXTENSIONS_SETTING}.count": str(len(extensions)),
        LOG_SETTING: dump_log(sorted(log, key=lambda record: record.at, reverse=True)),
        f"{LOG_SETTING}.count": str(len(log)),
    }
    if store.setting(DECISIONS_SETTING) is not None:
        # They hold flagged text word for word, some of it perhaps from these notes.
        taken.settings[DECISIONS_SETTING] = dump_decisions({})
        taken.settings[f"{DECISIONS_SETTING}.count"] = "0"
    return taken


def take_purges(store: SealedStore, conn: Connection, taken: TakenPurges) -> None:
    """Write what `prepare_purges` worked out, in the page's transaction (the notes
    themselves are deleted as any pulled deletion is)."""
    if taken.conflict_ids:
        conn.execute(delete(TEAM_CONFLICT).where(TEAM_CONFLICT.c.id.in_(taken.conflict_ids)))
    if taken.drop_index and store.on_file:
        drop_search_index(conn)
    for key, value in taken.settings.items():
        store._upsert_sealed(conn, SETTING, key, {"value": value})
