"""Each local row as the document a team row carries, and a pulled document written back.

`replica_rows` says which kinds there are and what each carries; this is the reading and the
writing. A pulled document is checked field by field before anything of it is written: one
that is not what its kind holds is `Unusable`, refused and named, and the rest still apply.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Connection

from fieldnotes.domain.history import TRACKED, FieldChange, ObstacleEvent
from fieldnotes.domain.model import (
    MEMO_KINDS,
    MODES,
    OBSTACLE_STATUSES,
    STAGES,
    STANCES,
    Framework,
    Note,
    NoteDraft,
    Passage,
    Principle,
    Quote,
)
from fieldnotes.domain.passages import (
    field_texts,
    passage_document,
    passage_from_document,
    placed,
    reanchor,
)
from fieldnotes.storage.codec import (
    NOTE_BOUND,
    OBSTACLE_SEALED,
    document_json,
    new_id,
    note_bound,
    note_content,
    utcnow,
)
from fieldnotes.storage.core import untyped_select
from fieldnotes.storage.engine import sqlite_driver
from fieldnotes.storage.scan import NOTE_COLUMNS, NoteCells
from fieldnotes.storage.tables import (
    DRAFT,
    EXPORT,
    FRAMEWORK,
    LEADER,
    MEMO,
    MEMO_NOTE,
    MEMO_OBSTACLE,
    NOTE,
    NOTE_OBSTACLE,
    NOTE_PRINCIPLE,
    OBSTACLE,
    PRINCIPLE,
)
from fieldnotes.storage.team.replica_rows import Key, chunks

if TYPE_CHECKING:
    from fieldnotes.storage.store import SealedStore


# ------------------------------------------------------------------ local -> documents


def _moment(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def note_document(note: Note) -> dict[str, Any]:
    document: dict[str, Any] = {
        "mode": note.mode,
        "stage": note.stage,
        "occurred_at": _moment(note.occurred_at),
        "created_at": _moment(note.created_at),
        "updated_at": _moment(note.updated_at),
        "trashed_at": _moment(note.trashed_at),
        "team": note.team,
        "setting": note.setting,
        "participants": list(note.participants),
        "description": note.description,
        "asides": note.asides,
        "quotes": [{"text": q.text, "speaker_role": q.speaker_role} for q in note.quotes],
        "consent": note.consent,
        "follow_up": note.follow_up,
    }
    return document


def _principles(note: Note) -> list[list[str]]:
    return sorted([link.principle_id, link.stance] for link in note.principles)


def link_document(note: Note) -> dict[str, Any]:
    """A note's codes, which a coder may change on any note: its obstacles, its principles
    and its coded passages (always named, even none: a link row of the older shape names
    no passages, and leaves those a replica holds as they are)."""
    return {
        "obstacles": sorted(note.obstacle_ids),
        "principles": _principles(note),
        "passages": [passage_document(p) for p in note.passages],
    }


def has_codes(document: Mapping[str, Any]) -> bool:
    """Whether a link document codes anything: one that does not needs no row."""
    return any(document.get(name) for name in ("obstacles", "principles", "passages"))


def _older_shapes(note: Note, found: Mapping[Key, dict[str, Any]]) -> dict[Key, list[Any]]:
    """Each of this note's rows in the shapes replicas wrote before: principles, and then
    passages, in the note's document; neither in the link row."""
    shapes: dict[Key, list[Any]] = {}
    if ("note", note.id) in found:
        passages = [passage_document(p) for p in note.passages]
        before = dict(found[("note", note.id)])
        if passages:
            before["passages"] = passages
        principles = [[p.principle_id, p.stance] for p in note.principles]
        shapes[("note", note.id)] = [
            before,
            {**before, "principles": principles},
            {**found[("note", note.id)], "principles": principles},
        ]
    if ("link", note.id) in found and not note.passages:
        link = found[("link", note.id)]
        older = [{"obstacles": link["obstacles"], "principles": link["principles"]}]
        if not note.principles:
            older.append({"obstacles": link["obstacles"]})
        shapes[("link", note.id)] = older
    return shapes


def documents(
    store: SealedStore, keys: Sequence[Key], legacy: dict[Key, list[Any]] | None = None
) -> dict[Key, dict[str, Any]]:
    """The documents of these local rows as they are now (opening only these). A row that is
    gone has none; a damaged one has none either (it is not sent: it would send blanks).

    `legacy`, if given, gets each note and link row's document in the shapes replicas wrote
    before a note's principles and then its passages moved to its link row, so that a row
    synced in such a shape is not sent again only for the move."""
    wanted: dict[str, set[str]] = {}
    for kind, row_id in keys:
        wanted.setdefault(kind, set()).add(row_id)
    found: dict[Key, dict[str, Any]] = {}
    if "note" in wanted or "link" in wanted:
        ids = wanted.get("note", set()) | wanted.get("link", set())
        for note in store.load_notes(sorted(ids), trashed=None):
            if note.damaged:
                continue
            if note.id in wanted.get("note", ()):
                found[("note", note.id)] = note_document(note)
            if note.id in wanted.get("link", ()):
                found[("link", note.id)] = link_document(note)
            if legacy is not None:
                legacy.update(_older_shapes(note, found))
    if "obstacle" in wanted or "obstacle_decision" in wanted:
        for obstacle in store.obstacles():
            if obstacle.damaged_fields:
                continue
            if obstacle.id in wanted.get("obstacle", ()):
                found[("obstacle", obstacle.id)] = {
                    "name": obstacle.name,
                    "description": obstacle.description,
                    "parent_id": obstacle.parent_id,
                    "position": obstacle.position,
                    # Not its last change: a decision taken on it changes that, and the
                    # obstacle row is not the decision's to send.
                    "created_at": _moment(obstacle.created_at),
                }
            if obstacle.id in wanted.get("obstacle_decision", ()):
                decided = {
                    "status": obstacle.status,
                    "ask": obstacle.ask,
                    "decision": obstacle.decision,
                    "reobserve_on": None
                    if obstacle.reobserve_on is None
                    else obstacle.reobserve_on.isoformat(),
                }
                key = ("obstacle_decision", obstacle.id)
                found[key] = {**decided, **_decision_step(store, obstacle.id, decided)}
                if legacy is not None and found[key] != decided:
                    # Sent before a decision carried its time and reason.
                    legacy[key] = [decided]
    if "memo" in wanted:
        for memo in store.memos():
            if memo.id in wanted["memo"] and not memo.damaged_fields:
                found[("memo", memo.id)] = {
                    "kind": memo.kind,
                    "title": memo.title,
                    "body": memo.body,
                    "note_ids": sorted(memo.note_ids),
                    "obstacle_ids": sorted(memo.obstacle_ids),
                    "created_at": _moment(memo.created_at),
                    "updated_at": _moment(memo.updated_at),
                }
    if "brief_log" in wanted:
        for entry in store.exports():
            if entry.id in wanted["brief_log"] and entry.payload is not None:
                found[("brief_log", entry.id)] = {
                    "created_at": _moment(entry.created_at),
                    "payload": entry.payload,
                }
    if "leader" in wanted:
        for leader in store.leaders():
            if leader.id in wanted["leader"] and leader.label is not None:
                found[("leader", leader.id)] = {
                    "label": leader.label,
                    "recipient": leader.recipient,
                }
    if "framework" in wanted:
        for framework in store.frameworks():
            if framework.id in wanted["framework"]:
                found[("framework", framework.id)] = {
                    "name": framework.name,
                    "short_name": framework.short_name,
                    "description": framework.description,
                    "source": framework.source,
                    "principles": [
                        {
                            "id": p.id,
                            "code": p.code,
                            "title": p.title,
                            "description": p.description,
                        }
                        for p in framework.principles
                    ],
                }
    return found


def _decision_step(
    store: SealedStore, obstacle_id: str, decided: Mapping[str, str | None]
) -> dict[str, str]:
    """When the decision as it stands was made here, and why: the obstacle's last step of
    its timeline, if that step is what made it so (none for a state this replica was
    given without one, as on joining). Sealed in the decision's row, so under its
    signature, and never a clear column."""
    steps = [
        event
        for event in store.obstacle_history(obstacle_id)
        if not event.damaged and any(change.field in TRACKED for change in event.changes)
    ]
    last = steps[-1] if steps else None
    if last is None or last.at is None:
        return {}
    now = {name: "" if value is None else str(value) for name, value in decided.items()}
    if any(now.get(change.field) != change.after for change in last.changes):
        return {}
    step = {"decided_at": last.at.isoformat()}
    if last.reason:
        step["reason"] = last.reason
    return step


def clear_of(kind: str, document: Mapping[str, Any]) -> dict[str, str | int | bool | None]:
    """The clear columns sent with a row: at most what the local table keeps clear."""
    if document.get("deleted") is True:
        # A purge says so in clear: the server lets a lead write one on a colleague's note.
        return {"deleted": True, "purged": True} if "purged" in document else {"deleted": True}
    names: tuple[str, ...] = {
        "note": ("mode", "stage", "occurred_at", "created_at", "updated_at", "trashed_at"),
        "obstacle": ("parent_id", "position"),
        "obstacle_decision": ("status", "reobserve_on"),
        "memo": ("kind", "created_at", "updated_at"),
        "brief_log": ("created_at",),
    }.get(kind, ())
    return {name: document.get(name) for name in names}


# ------------------------------------------------------------------ documents -> local


class Unusable(ValueError):
    """A document that is not what its kind holds: the row is refused, the rest applied."""


def _text(document: Mapping[str, Any], name: str) -> str:
    value = document.get(name, "")
    if not isinstance(value, str):
        raise Unusable(name)
    return value


def _when(document: Mapping[str, Any], name: str, *, optional: bool = False) -> datetime | None:
    value = document.get(name)
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise Unusable(name)
    try:
        return datetime.fromisoformat(value).replace(tzinfo=None)
    except ValueError:
        raise Unusable(name) from None


def _choice(document: Mapping[str, Any], name: str, allowed: tuple[str, ...]) -> str:
    value = document.get(name)
    if value not in allowed:
        raise Unusable(name)
    return cast(str, value)


def apply_document(
    store: SealedStore, conn: Connection, key: Key, document: dict[str, Any], *, by: str = ""
) -> None:
    """Write a colleague's version of one row into this notebook, in `conn`'s transaction.

    `by`, the label of the member who signed it, when a decision this replica had already
    taken changes: the obstacle's timeline here gains that step."""
    kind, row_id = key
    if document.get("deleted") is True:
        _delete(store, conn, kind, row_id)
        return
    if kind == "note":
        _apply_note(store, conn, row_id, document)
    elif kind == "link":
        _apply_link(store, conn, row_id, document)
    elif kind == "obstacle":
        _apply_obstacle(store, conn, row_id, document)
    elif kind == "obstacle_decision":
        _apply_decision(store, conn, row_id, document, by=by)
    elif kind == "memo":
        _apply_memo(store, conn, row_id, document)
    elif kind == "brief_log":
        payload = document.get("payload")
        if not isinstance(payload, dict):
            raise Unusable("payload")
        store._upsert_sealed(
            conn,
            EXPORT,
            row_id,
            {"payload": json.dumps(payload, ensure_ascii=False)},
            first_time={"created_at": _when(document, "created_at")},
        )
    elif kind == "leader":
        store._upsert_sealed(
            conn,
            LEADER,
            row_id,
            {"label": _text(document, "label"), "recipient": _text(document, "recipient")},
            first_time={"created_at": utcnow()},
        )
    elif kind == "framework":
        _apply_framework(store, conn, row_id, document)
    else:
        raise Unusable(kind)


def _existing(conn: Connection, table: Any, ids: Iterable[object]) -> list[str]:
    wanted = [str(i) for i in ids if isinstance(i, str)]
    if not wanted:
        return []
    found: set[object] = set(
        conn.execute(select(table.c.id).where(table.c.id.in_(wanted))).scalars()
    )
    return [i for i in dict.fromkeys(wanted) if i in found]


@dataclass(frozen=True, slots=True)
class _NoteRow:
    clear: dict[str, Any]
    sealed: dict[str, str]
    stances: dict[str, str] | None
    """None when the document names no principles: a note's principles travel in its link
    row now; only a note written in the older shape still carries them."""
    stored: list[object]
    """The clear cells as the file stores them (`NOTE_BOUND`'s order), for a write through
    the driver."""


def merge_link(
    store: SealedStore,
    conn: Connection,
    note_id: str,
    mine: Mapping[str, Any],
    theirs: dict[str, Any],
    *,
    coded_here: bool = True,
) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """A colleague's codes of a note that meet codes changed here: what goes into the
    notebook, and my version to keep beside it as a conflict (None when nothing clashes).

    Passages are a set, by id: theirs, each put on the words this replica holds, and those
    here that theirs lacks (coded here, or coded before a colleague's edit moved them) — both
    survive. A passage both sides hold differently keeps theirs in the notebook and mine
    in the conflict, as do obstacles and principles that differ, unless they were not changed
    here (`coded_here` False: theirs are simply newer)."""
    here = _note_here(store, conn, note_id)
    if "passages" not in theirs or here is None:
        return theirs, None if dict(mine) == theirs else dict(mine)
    texts = here.texts
    ours = {p.id: p for p in here.passages}
    arrived = [placed(p, texts.get(p.field, "")) for p in _passages(theirs)]
    seen = {p.id for p in arrived}
    only_here = [p for p in here.passages if p.id not in seen]
    clash = any(p.id in ours and ours[p.id] != p for p in arrived)
    clash = clash or (
        coded_here
        and any(mine.get(name) != theirs.get(name) for name in ("obstacles", "principles"))
    )
    merged = {**theirs, "passages": [passage_document(p) for p in [*arrived, *only_here]]}
    if not clash:
        return merged, None
    kept = [*here.passages, *(p for p in arrived if p.id not in ours)]
    return merged, {**mine, "passages": [passage_document(p) for p in kept]}


def _passages(document: Mapping[str, Any]) -> list[Passage]:
    passages = document.get("passages", [])
    if not isinstance(passages, list):
        raise Unusable("passages")
    try:
        return [passage_from_document(p) for p in passages]
    except (ValueError, KeyError, TypeError):
        raise Unusable("passages") from None


def _note_row(document: Mapping[str, Any], here: _Here | None = None) -> _NoteRow:
    """A pulled note's cells and links, every field checked before anything is written.

    Its passages are the ones this replica holds (`here`), carried through the change of
    its words as an edit here would carry them; a note of the older shape brings its own."""
    quotes = document.get("quotes", [])
    participants = document.get("participants", [])
    if not isinstance(quotes, list) or not isinstance(participants, list):
        raise Unusable("lists")
    stances = _stances(document)
    draft = NoteDraft(
        mode=cast(Any, _choice(document, "mode", MODES)),
        stage=cast(Any, _choice(document, "stage", STAGES)),
        occurred_at=_when(document, "occurred_at"),
        team=_text(document, "team"),
        setting=_text(document, "setting"),
        participants=[str(p) for p in participants],
        description=_text(document, "description"),
        asides=_text(document, "asides"),
        quotes=[
            Quote(str(q.get("text", "")), str(q.get("speaker_role", "")))
            for q in quotes
            if isinstance(q, dict)
        ],
        consent=_text(document, "consent"),
        follow_up=_text(document, "follow_up"),
    )
    if "passages" in document:
        draft = replace(draft, passages=_passages(document))
    elif here is not None:
        draft = replace(draft, passages=reanchor(here.passages, here.texts, field_texts(draft)))
    created = _when(document, "created_at")
    updated = _when(document, "updated_at")
    trashed = _when(document, "trashed_at", optional=True)
    assert draft.occurred_at is not None and created is not None and updated is not None
    bound = note_bound(draft.mode, draft.stage, draft.occurred_at, created, updated, trashed)
    assert len(bound) == len(NOTE_BOUND)
    clear = {
        "mode": draft.mode,
        "stage": draft.stage,
        "occurred_at": draft.occurred_at,
        "created_at": created,
        "updated_at": updated,
        "trashed_at": trashed,
    }
    return _NoteRow(clear, note_content(draft, bound), stances, bound)


def _stances(document: Mapping[str, Any]) -> dict[str, str] | None:
    """A document's principles (id: stance), None if it names none. A stance this version
    does not know is left out, as an unknown principle or obstacle is."""
    links = document.get("principles")
    if links is None:
        return None
    if not isinstance(links, list):
        raise Unusable("principles")
    return {
        str(link[0]): str(link[1])
        for link in links
        if isinstance(link, list) and len(link) == 2 and link[1] in STANCES
    }


def _set_stances(conn: Connection, note_id: str, stances: Mapping[str, str]) -> None:
    conn.execute(delete(NOTE_PRINCIPLE).where(NOTE_PRINCIPLE.c.note_id == note_id))
    known = set(_existing(conn, PRINCIPLE, stances))
    if known:
        conn.execute(
            insert(NOTE_PRINCIPLE),
            [
                {"note_id": note_id, "principle_id": pid, "stance": stance}
                for pid, stance in stances.items()
                if pid in known
            ],
        )


@dataclass(frozen=True, slots=True)
class _Here:
    """A note as this replica holds it, opened in the pull's transaction."""

    revision: int
    content: dict[str, Any]
    texts: dict[str, str]
    passages: list[Passage]


def _note_here(store: SealedStore, conn: Connection, note_id: str) -> _Here | None:
    """The note here, None if it is not here or does not open (its passages, if any, are
    beyond reach then: the note is shown damaged)."""
    found = store._note_cells(conn, note_id, *NOTE_COLUMNS)
    if found is None:
        return None
    row = NoteCells(**found)
    content = store._open_note_document(row)
    if content is None:
        return None
    try:
        passages = [passage_from_document(p) for p in content.get("passages", [])]
    except (ValueError, KeyError, TypeError):
        return None
    texts = {name: str(content.get(name, "")) for name in ("description", "asides")}
    return _Here(int(row.revision), content, texts, passages)


def _set_passages(
    store: SealedStore, conn: Connection, note_id: str, passages: Sequence[Passage]
) -> None:
    """Seal the note here again with these passages (its words as they are), each put on
    its words (`placed`): one whose words are not in the note is kept, orphaned."""
    here = _note_here(store, conn, note_id)
    if here is None:
        return
    kept = [passage_document(placed(p, here.texts.get(p.field, ""))) for p in passages]
    if kept == here.content.get("passages", []):
        return
    content = {name: value for name, value in here.content.items() if name != "passages"}
    if kept:
        content["passages"] = kept
    store._upsert_sealed(
        conn, NOTE, note_id, {"content": document_json(content)}, current=here.revision
    )


def _apply_note(
    store: SealedStore, conn: Connection, note_id: str, document: dict[str, Any]
) -> None:
    row = _note_row(document, _note_here(store, conn, note_id))
    store._upsert_sealed(conn, NOTE, note_id, row.sealed, row.clear)
    if row.stances is not None:
        _set_stances(conn, note_id, row.stances)


def add_notes(
    store: SealedStore, conn: Connection, items: Sequence[tuple[str, dict[str, Any]]]
) -> list[str]:
    """Notes this replica does not have yet, written a page at a time (a replica joining a
    large team takes most of its time here). Returns the ids of those unusable, unwritten.

    Through the driver, with each clear cell as SQLAlchemy would store it (`note_bound`, the
    values a note's sealed document is bound to), so the rows are those `_apply_note` makes.
    """
    principles: set[object] = set(conn.execute(select(PRINCIPLE.c.id)).scalars())
    rows: list[tuple[object, ...]] = []
    links: list[tuple[str, str, str]] = []
    unusable: list[str] = []
    for note_id, document in items:
        try:
            row = _note_row(document)
        except Unusable:
            unusable.append(note_id)
            continue
        mode, stage, occurred, created, updated, trashed = row.stored
        sealed = store._seal_all("note", note_id, 1, row.sealed)
        rows.append((note_id, mode, stage, occurred, created, updated, trashed, sealed["content"]))
        links += [
            (note_id, pid, stance)
            for pid, stance in (row.stances or {}).items()
            if pid in principles
        ]
    driver = sqlite_driver(conn)
    if rows:
        driver.executemany(
            "INSERT INTO note (id, mode, stage, occurred_at, created_at, updated_at, "
            "trashed_at, revision, content) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?)",
            rows,
        )
    if links:
        driver.executemany(
            "INSERT INTO note_principle (note_id, principle_id, stance) VALUES (?, ?, ?)", links
        )
    return unusable


def set_links(
    store: SealedStore,
    conn: Connection,
    items: Sequence[tuple[str, dict[str, Any]]],
    bare: set[str] | None = None,
) -> list[str]:
    """Many notes' codes (obstacles, principles, passages) at once; returns the ids of those
    unusable, unwritten. An obstacle or principle this replica does not know is left out.

    `bare` notes are known to hold no passages (just written here without any): codes with
    none leave them unopened, which on joining a large team is most of them. A note given
    passages here leaves the set."""
    bare = set() if bare is None else bare
    obstacles: set[object] = set(conn.execute(select(OBSTACLE.c.id)).scalars())
    principles: set[object] = set(conn.execute(select(PRINCIPLE.c.id)).scalars())
    usable: dict[str, list[str]] = {}
    coded: dict[str, dict[str, str]] = {}
    passages: dict[str, list[Passage]] = {}
    unusable: list[str] = []
    for note_id, document in items:
        found = document.get("obstacles")
        try:
            stances = _stances(document)
            if "passages" in document:
                # A link row of the older shape names none: the note carried them.
                passages[note_id] = _passages(document)
        except Unusable:
            stances, found = None, None
        if not isinstance(found, list):
            unusable.append(note_id)
            continue
        usable[note_id] = [str(o) for o in dict.fromkeys(found) if o in obstacles]
        if stances is not None:
            # A link row in the older shape names no principles: the note carried them.
            coded[note_id] = {p: s for p, s in stances.items() if p in principles}
    ids = sorted(usable)
    present: set[str] = set()
    for chunk in chunks(ids):
        present |= set(conn.execute(select(NOTE.c.id).where(NOTE.c.id.in_(chunk))).scalars())
        conn.execute(delete(NOTE_OBSTACLE).where(NOTE_OBSTACLE.c.note_id.in_(chunk)))
        recoded = [note_id for note_id in chunk if note_id in coded]
        if recoded:
            conn.execute(delete(NOTE_PRINCIPLE).where(NOTE_PRINCIPLE.c.note_id.in_(recoded)))
    # A note deleted meanwhile took its links with it.
    rows = [
        {"note_id": note_id, "obstacle_id": oid}
        for note_id in ids
        if note_id in present
        for oid in usable[note_id]
    ]
    if rows:
        conn.execute(insert(NOTE_OBSTACLE), rows)
    stance_rows = [
        {"note_id": note_id, "principle_id": pid, "stance": stance}
        for note_id in ids
        if note_id in present
        for pid, stance in coded.get(note_id, {}).items()
    ]
    if stance_rows:
        conn.execute(insert(NOTE_PRINCIPLE), stance_rows)
    for note_id in ids:
        # Only notes that may hold passages are opened: on joining, most hold none.
        if (
            note_id in present
            and note_id in passages
            and (passages[note_id] or note_id not in bare)
        ):
            _set_passages(store, conn, note_id, passages[note_id])
            bare.discard(note_id)
    return unusable


def _apply_link(
    store: SealedStore, conn: Connection, note_id: str, document: dict[str, Any]
) -> None:
    obstacles = document.get("obstacles")
    if not isinstance(obstacles, list):
        raise Unusable("obstacles")
    stances = _stances(document)
    passages = _passages(document) if "passages" in document else None
    if conn.execute(select(NOTE.c.id).where(NOTE.c.id == note_id)).scalar() is None:
        return  # the note was deleted meanwhile: its links went with it
    if passages is not None:
        # A link row in the older shape names no passages: the note carried them.
        _set_passages(store, conn, note_id, passages)
    if stances is not None:
        # A link row in the older shape names no principles: the note carried them.
        _set_stances(conn, note_id, stances)
    conn.execute(delete(NOTE_OBSTACLE).where(NOTE_OBSTACLE.c.note_id == note_id))
    ids = _existing(conn, OBSTACLE, obstacles)
    if ids:
        conn.execute(
            insert(NOTE_OBSTACLE), [{"note_id": note_id, "obstacle_id": oid} for oid in ids]
        )


def _obstacle_now(store: SealedStore, conn: Connection, obstacle_id: str) -> dict[str, str] | None:
    """An obstacle's sealed fields, read in `conn`'s transaction (a second connection would
    end it: a notebook file has one)."""
    row = (
        conn.execute(
            untyped_select(OBSTACLE, ("id", "revision", *OBSTACLE_SEALED)).where(
                OBSTACLE.c.id == obstacle_id
            )
        )
        .mappings()
        .first()
    )
    if row is None:
        return None
    opened, damaged = store._open_all("obstacle", row, OBSTACLE_SEALED)
    if damaged:
        raise Unusable("the obstacle here is damaged")
    return opened


def _apply_obstacle(
    store: SealedStore, conn: Connection, obstacle_id: str, document: dict[str, Any]
) -> None:
    parent = document.get("parent_id")
    parents = _existing(conn, OBSTACLE, [parent]) if isinstance(parent, str) else []
    position = document.get("position")
    if type(position) is not int:
        raise Unusable("position")
    current = _obstacle_now(store, conn, obstacle_id) or {"ask": "", "decision": ""}
    store._upsert_sealed(
        conn,
        OBSTACLE,
        obstacle_id,
        {
            "name": _text(document, "name"),
            "description": _text(document, "description"),
            "ask": current["ask"],
            "decision": current["decision"],
        },
        {
            "parent_id": parents[0] if parents and parents[0] != obstacle_id else None,
            "position": position,
            "updated_at": utcnow(),
        },
        first_time={
            "status": "emerging",
            "reobserve_on": None,
            "created_at": _when(document, "created_at"),
        },
    )


def _apply_decision(
    store: SealedStore,
    conn: Connection,
    obstacle_id: str,
    document: dict[str, Any],
    *,
    by: str = "",
) -> None:
    current = _obstacle_now(store, conn, obstacle_id)
    if current is None:
        return  # the obstacle is gone: nothing to decide about
    day = document.get("reobserve_on")
    try:
        reobserve = None if day is None else date.fromisoformat(str(day))
    except ValueError:
        raise Unusable("reobserve_on") from None
    status = _choice(document, "status", OBSTACLE_STATUSES)
    ask, decision = _text(document, "ask"), _text(document, "decision")
    decided_at = _when(document, "decided_at", optional=True)
    reason = _text(document, "reason")
    if by:
        _record_pulled_step(
            store,
            conn,
            obstacle_id,
            ObstacleEvent(
                "",
                obstacle_id,
                # A decision made on a clock ahead of this one is dated when it arrived,
                # never after; a row from before decisions carried a time, likewise.
                utcnow() if decided_at is None else min(decided_at, utcnow()),
                by=by,
                reason=reason,
            ),
            {
                "status": status,
                "ask": ask,
                "decision": decision,
                "reobserve_on": "" if reobserve is None else reobserve.isoformat(),
            },
            current,
        )
    store._upsert_sealed(
        conn,
        OBSTACLE,
        obstacle_id,
        {
            "name": current["name"],
            "description": current["description"],
            "ask": ask,
            "decision": decision,
        },
        {"status": status, "reobserve_on": reobserve},
    )


def _record_pulled_step(
    store: SealedStore,
    conn: Connection,
    obstacle_id: str,
    step: ObstacleEvent,
    after: Mapping[str, str],
    sealed_now: Mapping[str, str],
) -> None:
    """A colleague's decision as a step of the obstacle's timeline here (`step`: named by
    its signer's label, dated when the lead made it and with their reason, or, for a row
    from before decisions carried them, dated when it arrived)."""
    if not store._history_kept(conn):
        return
    clear = (
        conn.execute(
            untyped_select(OBSTACLE, ("status", "reobserve_on")).where(OBSTACLE.c.id == obstacle_id)
        )
        .mappings()
        .one()
    )
    day = clear["reobserve_on"]
    before = {
        "status": str(clear["status"]),
        "ask": sealed_now["ask"],
        "decision": sealed_now["decision"],
        "reobserve_on": "" if day is None else str(day)[:10],
    }
    changes = tuple(
        FieldChange(name, before[name], after[name])
        for name in TRACKED
        if before[name] != after[name]
    )
    if changes:
        store._insert_event(conn, replace(step, changes=changes))


def _apply_memo(
    store: SealedStore, conn: Connection, memo_id: str, document: dict[str, Any]
) -> None:
    notes = document.get("note_ids", [])
    obstacles = document.get("obstacle_ids", [])
    if not isinstance(notes, list) or not isinstance(obstacles, list):
        raise Unusable("links")
    store._upsert_sealed(
        conn,
        MEMO,
        memo_id,
        {"title": _text(document, "title"), "body": _text(document, "body")},
        {
            "kind": _choice(document, "kind", MEMO_KINDS),
            "updated_at": _when(document, "updated_at"),
        },
        first_time={"created_at": _when(document, "created_at")},
    )
    conn.execute(delete(MEMO_NOTE).where(MEMO_NOTE.c.memo_id == memo_id))
    conn.execute(delete(MEMO_OBSTACLE).where(MEMO_OBSTACLE.c.memo_id == memo_id))
    note_ids = _existing(conn, NOTE, notes)
    obstacle_ids = _existing(conn, OBSTACLE, obstacles)
    if note_ids:
        conn.execute(insert(MEMO_NOTE), [{"memo_id": memo_id, "note_id": n} for n in note_ids])
    if obstacle_ids:
        conn.execute(
            insert(MEMO_OBSTACLE), [{"memo_id": memo_id, "obstacle_id": o} for o in obstacle_ids]
        )


def _apply_framework(
    store: SealedStore, conn: Connection, framework_id: str, document: dict[str, Any]
) -> None:
    principles = document.get("principles")
    if not isinstance(principles, list):
        raise Unusable("principles")
    framework = Framework(
        id=framework_id,
        name=_text(document, "name"),
        short_name=_text(document, "short_name"),
        description=_text(document, "description"),
        source=_text(document, "source"),
        principles=tuple(
            Principle(
                id=_text(p, "id"),
                framework_id=framework_id,
                code=_text(p, "code"),
                title=_text(p, "title"),
                description=_text(p, "description"),
            )
            for p in principles
            if isinstance(p, dict)
        ),
    )
    store._save_framework(conn, framework)


def _delete(store: SealedStore, conn: Connection, kind: str, row_id: str) -> None:
    if kind == "note":
        conn.execute(delete(DRAFT).where(DRAFT.c.note_id == row_id))
        conn.execute(delete(NOTE).where(NOTE.c.id == row_id))
    elif kind == "obstacle":
        parent = conn.execute(select(OBSTACLE.c.parent_id).where(OBSTACLE.c.id == row_id)).scalar()
        conn.execute(
            update(OBSTACLE).where(OBSTACLE.c.parent_id == row_id).values(parent_id=parent)
        )
        conn.execute(delete(OBSTACLE).where(OBSTACLE.c.id == row_id))
    elif kind == "memo":
        conn.execute(delete(MEMO).where(MEMO.c.id == row_id))
    elif kind == "brief_log":
        conn.execute(delete(EXPORT).where(EXPORT.c.id == row_id))
    elif kind == "leader":
        conn.execute(delete(LEADER).where(LEADER.c.id == row_id))
    elif kind == "framework":
        conn.execute(delete(FRAMEWORK).where(FRAMEWORK.c.id == row_id))
    # A link or a decision is never deleted on its own: it goes with its note or obstacle.


def note_codes(store: SealedStore, conn: Connection, note_id: str) -> dict[str, Any]:
    """A local note's codes as a link row carries them (`link_document`): its obstacles, its
    principles and its coded passages (sealed in the note here), read in `conn`'s
    transaction."""
    obstacles: list[object] = list(
        conn.execute(
            select(NOTE_OBSTACLE.c.obstacle_id).where(NOTE_OBSTACLE.c.note_id == note_id)
        ).scalars()
    )
    principles = conn.execute(
        select(NOTE_PRINCIPLE.c.principle_id, NOTE_PRINCIPLE.c.stance).where(
            NOTE_PRINCIPLE.c.note_id == note_id
        )
    )
    here = _note_here(store, conn, note_id)
    return {
        "obstacles": sorted(str(o) for o in obstacles),
        "principles": sorted([str(pid), str(stance)] for pid, stance in principles),
        "passages": [] if here is None else [passage_document(p) for p in here.passages],
    }


def add_as_new_note(
    store: SealedStore,
    conn: Connection,
    document: dict[str, Any],
    codes: dict[str, Any] | None = None,
) -> str:
    """Keep a conflicted version of a note as a note of its own (a new id): "keep both".

    `codes` (a link row's document: the codes that version had, its passages among them) go
    with it, each passage put on the copy's words; an obstacle or principle this replica no
    longer has is left out, as a pulled link row's is. The copy goes up as any new note
    does, its passages in its link row."""
    note_id = new_id()
    fresh = {**document, "created_at": utcnow().isoformat(), "updated_at": utcnow().isoformat()}
    _apply_note(store, conn, note_id, fresh)
    if codes is not None:
        if "passages" in codes:
            # The copy's passages are its own: a passage id names one passage in the whole
            # notebook (an exchange file says so too), so the original's are not reused.
            codes = {**codes, "passages": _fresh_ids(codes["passages"])}
        set_links(store, conn, [(note_id, codes)])
    return note_id


def _fresh_ids(passages: object) -> object:
    if not isinstance(passages, list):
        return passages  # refused as unusable by `set_links`, as a pulled one would be
    return [{**p, "id": new_id()} if isinstance(p, dict) else p for p in passages]
