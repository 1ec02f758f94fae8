"""A replica's sync with its team's server: push what changed here, pull what changed there.

- **Push**: the rows changed since they were last synced (`replica_rows.changed_rows`), sealed
  and signed, a few hundred per server transaction. Each batch the server takes is recorded
  locally in one transaction; one it does not take (the server went away) is not, so its
  rows stay waiting for the next sync. A row a colleague changed first comes back as a
  conflict: theirs is applied here, mine is kept sealed in `team_conflict`.
- **Pull**: the rows after this replica's position, a page at a time; each page is applied,
  and the position saved, in one local transaction. A row whose signature, seal, writer's
  role or document does not check out is refused and named, never applied; the rest are.
  A pulled row that meets a local change not yet sent is a conflict as well.
- **A note's codes** meeting a colleague's are merged first (`replica_docs.merge_link`): both
  sets of passages go into the notebook and the merge goes up as the next revision; only
  what both sides changed differently is kept as a conflict.
"""

from __future__ import annotations

import json
import secrets
import threading
from collections.abc import Generator, Iterator, Mapping, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from psycopg.conninfo import conninfo_to_dict, make_conninfo
from sqlalchemy import delete, select
from sqlalchemy.engine import Connection

from fieldnotes.crypto.team import Invitation, MemberPublic, Role, open_invitation
from fieldnotes.errors import DamagedData, InvalidInput, NotFound
from fieldnotes.storage.codec import new_id, utcnow
from fieldnotes.storage.tables import TEAM_CONFLICT, TEAM_ROW
from fieldnotes.storage.team import checking
from fieldnotes.storage.team import schema as team_schema
from fieldnotes.storage.team.errors import (
    InvitationUsed,
    NotPermitted,
    ServerUnavailable,
    TeamServerError,
)
from fieldnotes.storage.team.members import signers, verified_members
from fieldnotes.storage.team.replica import (
    TeamLink,
    open_team_row,
    open_team_text,
    seal_team_row,
)
from fieldnotes.storage.team.replica_dirty import dirty_keys, make_complete
from fieldnotes.storage.team.replica_docs import (
    Unusable,
    add_as_new_note,
    add_notes,
    apply_document,
    clear_of,
    documents,
    has_codes,
    merge_link,
    note_codes,
    set_links,
)
from fieldnotes.storage.team.replica_purge import (
    checked_purges,
    forget_sent,
    is_purge,
    links_to_purge,
    pending_purges,
    prepare_purges,
    purge_documents,
    take_purges,
)
from fieldnotes.storage.team.replica_rows import (
    DELETED,
    MERGED,
    ORDER,
    TOMBSTONE,
    UNDECIDED,
    Key,
    Outgoing,
    Synced,
    changed_rows,
    codes_of,
    document_digest,
    link_needed,
    local_states,
    pulled_digest,
    record_many,
    record_synced,
    state_of,
    states_for,
    synced_for,
    synced_states,
    without_passages,
)
from fieldnotes.storage.team.rows import SignedRow, check_signature
from fieldnotes.storage.team.server import (
    Conflict,
    Fetched,
    PullResult,
    TeamServer,
    connect,
    judged,
)

if TYPE_CHECKING:
    from fieldnotes.storage.store import SealedStore

PUSH_BATCH = 2000
"""Rows per push transaction: a first push of a large notebook goes up in steps, each kept;
a few MB each. Each step's local record checksums again the manifest buckets it touched
(a table in one pass once a step touches many of its buckets: `manifest.Manifest.flush`)."""
PULL_ROWS = 50_000
"""Rows asked for per pulled page; the server's byte bound (`server.PULL_BYTES`) usually ends
a page of notes first."""

KINDS_OF: dict[str, tuple[str, ...]] = {
    "capture": team_schema.CAPTURE_KINDS,
    "coder": team_schema.CODER_KINDS,
    "lead": team_schema.LEAD_KINDS,
}


@dataclass
class SyncOutcome:
    """What one sync did, for the façade to report and to tell its watchers."""

    pushed: int = 0
    pulled: int = 0
    conflicts: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    unsent: list[str] = field(default_factory=list)
    """Local changes this member's role or authorship cannot send (they stay waiting)."""
    online: bool = True
    problem: str = ""
    applied: dict[str, set[str]] = field(default_factory=dict)
    """What a pull (or a conflict) wrote here, by kind."""
    merged: list[Key] = field(default_factory=list)
    """Codes merged here with a colleague's, waiting to go up on top of theirs."""

    def note_applied(self, kind: str, row_id: str) -> None:
        self.applied.setdefault(kind, set()).add(row_id)


@dataclass(frozen=True, slots=True)
class Team:
    """The members list as this replica verified it at the start of a sync."""

    keys: Mapping[str, tuple[MemberPublic, int | None]]
    roles: Mapping[str, Role]
    labels: Mapping[str, str]


def shown_address(conninfo: str) -> str:
    """host:port/database, never the password."""
    try:
        parts = conninfo_to_dict(conninfo)
    except Exception:
        return "(the team's server)"
    host = str(parts.get("host") or "localhost")
    port = str(parts.get("port") or "5432")
    return f"{host}:{port}/{parts.get('dbname') or parts.get('user') or ''}"


# ------------------------------------------------------------------ setting up


def create_team(store: SealedStore, url: str, label: str, schema_name: str) -> TeamLink:
    """Install the team on the server with this notebook as its first replica (a lead).

    The rows go up with the first sync. The link is saved as soon as the server has the
    team, so a sync cut off halfway is only resumed, never repeated.
    """
    from fieldnotes.crypto.team import MemberKeys, new_data_key
    from fieldnotes.storage.team.admin import install

    if store.team_link() is not None:
        raise InvalidInput("this notebook is a team notebook already")
    team_schema.TeamNames(schema_name)
    label = label.strip()
    if not label or len(label) > 80:
        raise InvalidInput("a label is 1 to 80 characters, such as 'PSW 1' (never a name)")
    keys = MemberKeys.generate()
    data_key = new_data_key()
    conn = connect(url)
    try:
        member_id = install(
            conn,
            schema_name,
            notebook_id=store.notebook_id,
            founder=keys,
            founder_label=label,
            data_key=data_key,
        )
    finally:
        conn.close()
    link = TeamLink(
        conninfo=url,
        server=shown_address(url),
        schema=schema_name,
        member_id=member_id,
        label=label,
        role="lead",
        keys=keys,
        data_keys={1: data_key},
        generation=1,
        position=0,
        notebook_id=store.notebook_id,
        anchor=keys.public,
    )
    store.save_team_link(link)
    return link


def schema_of(database_role: str) -> str:
    """The team's schema, from the database role an invitation is for (`<team>_m…`)."""
    schema_name, _, rest = database_role.rpartition("_m")
    if not schema_name or not rest:
        raise InvalidInput("the invitation names no team on its server")
    return team_schema.TeamNames(schema_name).schema


class OpeningInvitation:
    """An invitation being opened in a thread, while the new notebook's own key derivation
    runs: age's scrypt holds the interpreter (pyrage does not release it) and Argon2id in
    `cryptography` releases it, so on a machine with a second core the two overlap.

    `result()` waits for it and raises what opening raised (a wrong passphrase, a damaged
    or expired invitation). Only the sealed file and its passphrase cross to the thread."""

    def __init__(self, sealed: bytes, passphrase: str) -> None:
        self._opened: Invitation | None = None
        self._failed: BaseException | None = None
        self._thread = threading.Thread(
            target=self._open, args=(sealed, passphrase), name="invitation", daemon=True
        )
        self._thread.start()

    def _open(self, sealed: bytes, passphrase: str) -> None:
        try:
            self._opened = open_invitation(sealed, passphrase, now=datetime.now(UTC))
        except BaseException as exc:  # handed to the caller by result(), never lost
            self._failed = exc

    def result(self) -> Invitation:
        self._thread.join()
        if self._failed is not None:
            raise self._failed
        assert self._opened is not None  # the thread either opened it or failed
        return self._opened


def join_team(store: SealedStore, opening: OpeningInvitation) -> TeamLink:
    """Redeem an invitation into this (new, empty) notebook file; the first sync pulls.

    The member's own keys and database password are made here and saved, sealed, before the
    server is asked: once the invitation is redeemed the one-time password is gone, and the
    new one must already be safe on disk.
    """
    from fieldnotes.crypto.team import MemberKeys
    from fieldnotes.storage.team.admin import redeem

    invitation = opening.result()
    schema_name = schema_of(invitation.database_role)
    keys = MemberKeys.generate()
    password = secrets.token_urlsafe(24)
    first = make_conninfo(
        invitation.server,
        user=invitation.database_role,
        password=invitation.database_password,
    )
    mine = make_conninfo(invitation.server, user=invitation.database_role, password=password)
    try:
        checked = TeamServer.open(first, schema_name)
    except NotPermitted:
        raise InvitationUsed() from None  # its one-time password no longer logs in
    with checked as server:
        if server.notebook_id != invitation.notebook_id:
            raise InvalidInput("the invitation's server holds another team notebook")
    link = TeamLink(
        conninfo=mine,
        server=shown_address(mine),
        schema=schema_name,
        member_id="",
        label=invitation.grant.label,
        role=invitation.grant.role,
        keys=keys,
        data_keys={invitation.generation: invitation.data_key},
        generation=invitation.generation,
        position=0,
        notebook_id=invitation.notebook_id,
        anchor=invitation.lead,
    )
    store.save_team_link(link)
    with redeem(first, schema_name, invitation, keys, password) as server:
        me = server.me()
    link = replace(link, member_id=me.member_id, label=me.label, role=me.role)
    store.save_team_link(link)
    return link


# ------------------------------------------------------------------ sync


@contextmanager
def _status(store: SealedStore, outcome: SyncOutcome) -> Iterator[None]:
    """Whatever happens, the replica records how this attempt went."""
    try:
        yield
    except ServerUnavailable as exc:
        outcome.online, outcome.problem = False, str(exc)
    except (NotPermitted, TeamServerError, DamagedData) as exc:
        outcome.problem = str(exc)
    finally:
        before = store.team_status()
        store.save_team_status(
            replace(
                before,
                online=outcome.online,
                last_synced=utcnow() if not outcome.problem else before.last_synced,
                problem=outcome.problem,
                refused=tuple(outcome.refused) if outcome.online else before.refused,
            )
        )


def sync(store: SealedStore) -> SyncOutcome:
    """Push, then pull. Never raises for a server that is away or refuses: it says so."""
    link = store.team_link()
    if link is None:
        raise InvalidInput("this notebook is not a team notebook")
    outcome = SyncOutcome()
    with _status(store, outcome), TeamServer.open(link.conninfo, link.schema) as server:
        if server.notebook_id != link.notebook_id:
            raise TeamServerError("this server holds another team notebook than this one")
        team = _team(server, link)
        link = _refresh(store, server, link, team)
        _push(store, server, link, team, outcome)
        link = store.team_link() or link
        _pull(store, server, link, team, outcome)
        if outcome.merged:
            # Passages coded here and a colleague's both went into the notebook: the
            # merge goes up now rather than at the next write.
            link = store.team_link() or link
            _push(store, server, link, team, outcome)
    return outcome


def _team(server: TeamServer, link: TeamLink) -> Team:
    anchor = link.anchor or link.keys.public
    verified, _problems = verified_members(server.members(), link.notebook_id, anchor)
    return Team(
        keys=signers(verified),
        roles={m.member_id: m.role for m in verified},
        labels={m.member_id: m.label for m in verified},
    )


def _refresh(store: SealedStore, server: TeamServer, link: TeamLink, team: Team) -> TeamLink:
    """Take up a new key generation, and this member's role and label as the team has them."""
    changed = link
    current = server.current_generation()
    if current not in link.data_keys:
        key = link.keys.unwrap(server.wrapped_key(current))
        changed = replace(changed, data_keys={**link.data_keys, current: key})
    if current != link.generation:
        changed = replace(changed, generation=current)
    role = team.roles.get(link.member_id)
    if role is not None and role != link.role:
        changed = replace(changed, role=role)
    label = team.labels.get(link.member_id)
    if label is not None and label != link.label:
        changed = replace(changed, label=label)
    status = store.team_status()
    if dict(status.labels) != dict(team.labels):
        store.save_team_status(replace(status, labels=dict(team.labels)))
    if changed != link:
        store.save_team_link(changed)
    return changed


def waiting(store: SealedStore) -> list[Key]:
    """The local changes not yet on the server, found from clear cells alone."""
    with store._read() as conn:
        return _changed_here(conn)[0]


def _changed_here(conn: Connection) -> tuple[list[Key], dict[Key, str], bool]:
    """The rows changed here since they were last synced (in `ORDER`), the local state of
    each that is still here, and whether it took the full scan (the dirty set was not
    complete yet)."""
    dirty = dirty_keys(conn)
    if dirty is None:
        local = local_states(conn)
        return changed_rows(local, synced_states(conn)), local, True
    states = states_for(conn, dirty)
    local = {key: state for key, state in states.items() if state != DELETED}
    synced = {key: known.state for key, known in synced_for(conn, dirty).items()}
    return changed_rows(local, synced), local, False


def _with_codes(conn: Connection, keys: list[Key], local: dict[Key, str]) -> list[Key]:
    """`keys`, and the link row of each note among them that has none on the team yet: its
    passages are sealed in the note here, so a note changed may have passages to send (a
    passage coded on a colleague's note moves only the note's revision)."""
    have = set(keys)
    notes = [
        ("link", row_id) for kind, row_id in keys if kind == "note" and ("link", row_id) not in have
    ]
    if not notes:
        return keys
    synced = synced_for(conn, notes)
    states = states_for(conn, [key for key in notes if key not in synced])
    new = [key for key, state in states.items() if state != DELETED]
    local.update({key: states[key] for key in new})
    rank: dict[str, int] = {kind: at for at, kind in enumerate(ORDER)}
    return sorted([*keys, *new], key=lambda key: rank.get(key[0], len(ORDER)))


def _outgoing(
    store: SealedStore, link: TeamLink, outcome: SyncOutcome
) -> tuple[list[Outgoing], list[tuple[Key, str, str]]]:
    """What to send, and the rows whose change the team would not see (recorded quietly)."""
    pending = pending_purges(store)
    with store._read() as conn:
        found, local, scanned = _changed_here(conn)
        if pending:
            found = [*found, *links_to_purge(conn, pending, found)]
        keys = _with_codes(conn, found, local)
        synced = synced_for(conn, keys)
        synced_notes = synced_for(
            conn, [("note", row_id) for kind, row_id in keys if kind == "link"]
        )
    if scanned:
        # Every write since the link was made is in the set already; what the scan found
        # joins it, and from now on no sync scans.
        with store._write() as conn:
            make_complete(conn, found)
    legacy: dict[Key, list[Any]] = {}
    docs = documents(store, [key for key in keys if key in local], legacy)
    purges = purge_documents(pending, keys, local)
    digest_key = store.sealer.subkey("team/rows")
    allowed = KINDS_OF[link.role]
    sending: list[Outgoing] = []
    quiet: list[tuple[Key, str, str]] = []
    mine_sent: set[str] = set()
    for key in keys:
        kind, row_id = key
        known = synced.get(key)
        state = local.get(key, DELETED)
        document = purges.get(key) or (TOMBSTONE if state == DELETED else docs.get(key))
        if document is None:
            outcome.unsent.append(f"{kind} {row_id} is damaged here and is not sent")
            continue
        if known is None and kind == "link" and not has_codes(document):
            # Opened because its note changed (`_with_codes`); with nothing coded it needs
            # no row.
            continue
        digest = document_digest(digest_key, kind, document)
        if (
            (known is not None and digest == known.digest)
            or (known is None and kind == "obstacle_decision" and _undecided(document))
            or (
                known is not None
                and any(
                    document_digest(digest_key, kind, older) == known.digest
                    for older in legacy.get(key, ())
                )
            )
        ):
            # The last is the same row synced in a shape used before a note's principles
            # and passages moved to its link row: what the team holds of it has not changed.
            quiet.append((key, state, digest))
            continue
        # Revision 0 was never on the server (a colleague's obstacle's decision, recorded
        # undecided on a pull): whoever sends it first is its author, as the server insists.
        author = known.author if known is not None and known.revision > 0 else link.member_id
        if kind not in allowed and not (
            kind == "link" and (row_id in mine_sent or _own_note(synced_notes, key, link))
        ):
            outcome.unsent.append(f"{kind} {row_id}: your role ({link.role}) cannot send it")
            continue
        if (
            kind == "note"
            and author != link.member_id
            and not (key in purges and link.role == "lead")
        ):
            outcome.unsent.append(f"note {row_id} is a colleague's: only they can change it")
            continue
        if kind == "note":
            # Notes go before links: a new note's codes go up right behind it.
            mine_sent.add(row_id)
        sending.append(
            Outgoing(
                kind=kind,  # type: ignore[arg-type]  # kinds come from replica_rows.ORDER
                row_id=row_id,
                revision=(known.revision if known is not None else 0) + 1,
                author=author,
                document=document,
                clear=clear_of(kind, document),
                state=state,
                digest=digest,
            )
        )
    return _parents_first(sending), quiet


def _parents_first(sending: list[Outgoing]) -> list[Outgoing]:
    """Each new or moved obstacle after its parent: a colleague's pull applies rows in the
    order they were written, and a child that arrives before its parent loses its place
    under it. The dirty set names rows in no particular order."""
    obstacles = {o.row_id: o for o in sending if o.kind == "obstacle"}
    if len(obstacles) < 2:
        return sending
    ordered: list[Outgoing] = []
    placed: set[str] = set()

    def place(outgoing: Outgoing) -> None:
        placed.add(outgoing.row_id)
        parent = obstacles.get(str(outgoing.document.get("parent_id")))
        if parent is not None and parent.row_id not in placed:
            place(parent)
        ordered.append(outgoing)

    for outgoing in obstacles.values():
        if outgoing.row_id not in placed:
            place(outgoing)
    others = [o for o in sending if o.kind != "obstacle"]
    at = next((i for i, o in enumerate(sending) if o.kind == "obstacle"), len(others))
    return [*others[:at], *ordered, *others[at:]]


def _push(
    store: SealedStore, server: TeamServer, link: TeamLink, team: Team, outcome: SyncOutcome
) -> None:
    sending, quiet = _outgoing(store, link, outcome)
    pending = pending_purges(store) if sending else {}
    if quiet:
        with store._write() as conn:
            for key, state, digest in quiet:
                known = _synced(conn, key) or Synced(0, "", 0, link.member_id, digest)
                record_synced(
                    conn,
                    key,
                    revision=known.revision,
                    state=state,
                    seq=known.seq,
                    author=known.author,
                    digest=digest,
                )
    for start in range(0, len(sending), PUSH_BATCH):
        batch = sending[start : start + PUSH_BATCH]
        signed = [
            seal_team_row(link, o.kind, o.row_id, o.revision, o.author, o.document, o.clear)
            for o in batch
        ]
        store._fault("team:before-push")
        result = server.push(signed, since=link.position)
        by_key = {(o.kind, o.row_id): o for o in batch}
        digest_key = store.sealer.subkey("team/rows")
        with store._write() as conn:
            record_many(
                conn,
                {
                    (row.kind, row.row_id): Synced(
                        row.revision,
                        by_key[(row.kind, row.row_id)].state,
                        row.seq,
                        by_key[(row.kind, row.row_id)].author,
                        by_key[(row.kind, row.row_id)].digest,
                    )
                    for row in result.accepted
                },
            )
            for conflict in result.conflicts:
                mine = by_key[(conflict.mine.kind, conflict.mine.row_id)]
                _pushed_conflict(store, conn, link, team, conflict, mine, digest_key, outcome)
            if pending:
                pending = forget_sent(store, conn, pending)
            if result.position is not None and result.position > link.position:
                # The rows right after this replica's position are all its own (the server
                # counted them), so a pull has nothing there to bring: it starts after them,
                # rather than fetching and verifying what this replica just signed.
                link = replace(link, position=result.position)
                store.save_team_link(link, conn=conn)
        outcome.pushed += len(result.accepted)


def _purge_meets_newer(
    conn: Connection, link: TeamLink, team: Team, conflict: Conflict, digest_key: bytes
) -> bool:
    """A purge sent on top of a revision a colleague replaced meanwhile: their words are
    not taken in here (the note stays purged) and no copy is kept; the row is recorded at
    their revision, so the next sync sends the purge on top of it. Whether it was handled."""
    theirs = conflict.theirs
    if theirs is None or _why_refused(theirs, link, team, link.generation) is not None:
        return False
    try:
        document = open_team_row(link, theirs)
    except DamagedData:
        return False
    record_synced(
        conn,
        (theirs.kind, theirs.row_id),
        revision=theirs.revision,
        # Purged already (by another lead): nothing more to send. Otherwise a state that
        # is not "deleted", so the purge stays waiting.
        state=DELETED if is_purge(document) else str(theirs.revision),
        seq=theirs.seq,
        author=theirs.author,
        digest=document_digest(digest_key, theirs.kind, document),
    )
    return True


def _synced(conn: Connection, key: Key) -> Synced | None:
    row = (
        conn.execute(
            select(TEAM_ROW).where((TEAM_ROW.c.kind == key[0]) & (TEAM_ROW.c.row_id == key[1]))
        )
        .mappings()
        .first()
    )
    if row is None:
        return None
    return Synced(
        int(row["revision"]),
        str(row["synced"]),
        int(row["seq"]),
        str(row["author"]),
        str(row["digest"]),
    )


def _undecided(document: Mapping[str, Any]) -> bool:
    """A decision as a new obstacle has it, whenever its last step was (one set and set
    back again): nothing to send."""
    return {name: document.get(name) for name in UNDECIDED} == UNDECIDED


def _why_refused(row: SignedRow, link: TeamLink, team: Team, generation: int) -> str | None:
    reason = check_signature(row, link.notebook_id, team.keys)
    if reason is None and row.generation != generation:
        reason = f"{row.kind} {row.row_id} is sealed under an old key generation"
    return reason or _role_refusal(row, team)


def _keep_conflict(
    conn: Connection,
    *,
    key: Key,
    mine: Mapping[str, Any],
    theirs: Mapping[str, Any],
    theirs_by: str,
    store: SealedStore,
) -> str:
    conflict_id = new_id()
    payload = {
        "kind": key[0],
        "row_id": key[1],
        "mine": mine,
        "theirs": theirs,
        "theirs_by": theirs_by,
    }
    if key[0] == "note":
        # A note's codes travel in its link row, not in the note: kept with my version,
        # as they are here before theirs is applied, so that "both" gives the copy them.
        payload["mine_codes"] = note_codes(store, conn, key[1])
    store._upsert_sealed(
        conn,
        TEAM_CONFLICT,
        conflict_id,
        {"payload": json.dumps(payload, ensure_ascii=False)},
        first_time={"created_at": utcnow()},
        known_new=True,
    )
    return conflict_id


def _pushed_conflict(
    store: SealedStore,
    conn: Connection,
    link: TeamLink,
    team: Team,
    conflict: Conflict,
    mine: Outgoing,
    digest_key: bytes,
    outcome: SyncOutcome,
) -> None:
    """Theirs goes into the notebook (if it checks out); mine is kept beside it. A purge
    is not undone by a colleague's newer revision: it goes up again on top of it."""
    key = (mine.kind, mine.row_id)
    theirs = conflict.theirs
    if is_purge(mine.document) and _purge_meets_newer(conn, link, team, conflict, digest_key):
        return
    theirs_doc: dict[str, Any] = {}
    if theirs is not None:
        reason = _why_refused(theirs, link, team, link.generation)
        if reason is None:
            try:
                theirs_doc = open_team_row(link, theirs)
            except DamagedData as exc:
                reason = str(exc)
        if reason is not None:
            outcome.refused.append(reason)
            theirs = None
    by = "" if theirs is None else team.labels.get(theirs.signed_by, "a colleague")
    codes = mine.kind == "link" and theirs is not None and theirs_doc.get("deleted") is not True
    if not codes:
        outcome.conflicts.append(
            _keep_conflict(
                conn, key=key, mine=mine.document, theirs=theirs_doc, theirs_by=by, store=store
            )
        )
    if theirs is None:
        return
    note = _steady(conn, ("note", mine.row_id)) if mine.kind == "link" else None
    merged: set[Key] = set()
    try:
        if codes:
            base = synced_for(conn, [key]).get(key)
            coded_here = base is None or codes_of(mine.state) != codes_of(base.state)
            _merge_codes(
                store, conn, key, mine.document, theirs_doc, by, outcome, merged, coded_here
            )
        else:
            apply_document(store, conn, key, theirs_doc)
    except Unusable:
        outcome.refused.append(f"{mine.kind} {mine.row_id} from the server is not usable")
        return
    outcome.note_applied(mine.kind, mine.row_id)
    record_synced(
        conn,
        key,
        revision=theirs.revision,
        state=MERGED if key in merged else state_of(conn, key),
        seq=theirs.seq,
        author=theirs.author,
        digest=document_digest(
            digest_key,
            mine.kind,
            without_passages(theirs_doc) if mine.kind == "note" else theirs_doc,
        ),
    )
    if note is not None:
        # Its passages were sealed in it again; its words are what was synced.
        record_many(
            conn,
            {("note", mine.row_id): replace(note, state=state_of(conn, ("note", mine.row_id)))},
        )


def _steady(conn: Connection, key: Key) -> Synced | None:
    """What `team_row` holds of a row that has no change waiting here, else None."""
    known = synced_for(conn, [key]).get(key)
    return known if known is not None and state_of(conn, key) == known.state else None


def _pull(
    store: SealedStore, server: TeamServer, link: TeamLink, team: Team, outcome: SyncOutcome
) -> None:
    digest_key = store.sealer.subkey("team/rows")
    bare: set[str] = set()
    """Notes this pull added with no passages: their codes, pages later on a join, need not
    open them to find none."""
    # Closed here, not when collected: a page that fails to apply stops the second process.
    with closing(_checked_pages(server, link.position, team)) as pages:
        for page in pages:
            _take_pulled(store, link, page, team, digest_key, outcome, bare)
            link = replace(link, position=page.position)


def _take_pulled(
    store: SealedStore,
    link: TeamLink,
    page: PullResult,
    team: Team,
    digest_key: bytes,
    outcome: SyncOutcome,
    bare: set[str] | None = None,
) -> None:
    """Open a checked page's rows and apply them, with the new position, in one local
    transaction."""
    outcome.refused += [refused.reason for refused in page.refused]
    opened: list[tuple[SignedRow, dict[str, Any], str]] = []
    for row in page.rows:
        reason = _role_refusal(row, team)
        if reason is None:
            try:
                document, text = open_team_text(link, row)
                opened.append((row, document, pulled_digest(digest_key, row.kind, document, text)))
                continue
            except DamagedData as exc:
                reason = str(exc)
        outcome.refused.append(reason)
    opened = _capture_codes_checked(store, opened, team, outcome)
    opened, not_purges = checked_purges(opened)
    outcome.refused += not_purges
    purges = prepare_purges(store, opened, team.labels, team.roles)
    keys = [(row.kind, row.row_id) for row, _, _ in opened]
    mine = documents(store, sorted(_pending_here(store, keys)))
    with store._write() as conn:
        _take_page(store, conn, opened, team, mine, digest_key, outcome, bare)
        if purges is not None:
            take_purges(store, conn, purges)
        link = replace(link, position=page.position)
        store.save_team_link(link, conn=conn)


def _checked_pages(server: TeamServer, since: int, team: Team) -> Generator[PullResult]:
    """The pages after `since`, each with every row's signature checked, one at a time.

    Pages as large as the server's byte bound allows: each local transaction has a cost of
    its own (the manifest's checksums of what it touched, its seal, the dirty set's judging),
    so a replica catching up pays that once per page. When the
    first page is large and more follow (a member joining a large team), the next page is
    fetched and its signatures are checked in a second process (`checking`) while the
    caller applies this one. A page fetched ahead is only ever read: if fetching it fails,
    the page before is still given to the caller to apply before the failure is raised, so
    nothing verified is lost.
    """
    page = server.fetch(since, limit=PULL_ROWS)
    # Only with a page after this one to fetch and check while this one is applied: one
    # page split between two processes saves little, and costs the start of the second.
    second = page.more and checking.worth_a_second_process(len(page.rows))
    with checking.RowChecker(server.notebook_id, team.keys, second_process=second) as checker:
        verdicts = checker.submit(page.rows)
        while True:
            ahead: Fetched | None = None
            ahead_verdicts: checking.Verdicts | None = None
            failure: Exception | None = None
            if page.more and checker.second_process:
                try:
                    ahead = server.fetch(page.position, limit=PULL_ROWS)
                    ahead_verdicts = checker.submit(ahead.rows)
                except (ServerUnavailable, NotPermitted, TeamServerError) as exc:
                    failure = exc
            yield judged(page, verdicts.result())
            if failure is not None:
                raise failure
            if not page.more:
                return
            if ahead is None or ahead_verdicts is None:
                ahead = server.fetch(page.position, limit=PULL_ROWS)
                ahead_verdicts = checker.submit(ahead.rows)
            page, verdicts = ahead, ahead_verdicts


def _capture_codes_checked(
    store: SealedStore,
    opened: list[tuple[SignedRow, dict[str, Any], str]],
    team: Team,
    outcome: SyncOutcome,
) -> list[tuple[SignedRow, dict[str, Any], str]]:
    """Refuse a capture member's codes on a note they did not write, as the server does
    (a server that let one through is not trusted with it). A note comes before its codes,
    so its author is known here already or is in the same page."""
    ids = {
        row.row_id
        for row, _, _ in opened
        if row.kind == "link" and team.roles.get(row.signed_by) == "capture"
    }
    if not ids:
        return opened
    with store._read() as conn:
        known = synced_for(conn, [("note", row_id) for row_id in sorted(ids)])
    authors = {row_id: found.author for (_kind, row_id), found in known.items()}
    authors.update({row.row_id: row.author for row, _, _ in opened if row.kind == "note"})
    kept: list[tuple[SignedRow, dict[str, Any], str]] = []
    for item in opened:
        row = item[0]
        if row.row_id in ids and row.kind == "link" and authors.get(row.row_id) != row.signed_by:
            outcome.refused.append(
                f"link {row.row_id} was written by a member whose role does not allow it"
            )
            continue
        kept.append(item)
    return kept


def take_rotation(
    store: SealedStore, rows: Sequence[tuple[SignedRow, dict[str, Any], bytes]]
) -> SyncOutcome:
    """Take in the rows this lead's rotation just wrote, as a pull would, without pulling
    back and verifying rows it signed itself from rows it verified (`membership.rotate`).

    The rotation rewrote every row on the server under the advisory lock that orders seqs,
    so once these are applied this replica holds everything up to the last of their seqs,
    and its position moves there: the next pull starts after the rotation. A row a
    colleague wrote before the rotation and this replica had not pulled is applied here; a
    row changed here meanwhile meets it as a pull would (both kept). One transaction.
    """
    outcome = SyncOutcome()
    link = store.team_link()
    if link is None or not rows:
        return outcome
    # Local only, so that a connection lost after the server's commit costs nothing here:
    # every row is signed by this lead, the only label a conflict can name.
    team = Team(keys={}, roles={}, labels={link.member_id: link.label})
    digest_key = store.sealer.subkey("team/rows")
    opened = [
        (row, document, pulled_digest(digest_key, row.kind, document, text))
        for row, document, text in rows
    ]
    keys = [(row.kind, row.row_id) for row, _, _ in opened]
    mine = documents(store, sorted(_pending_here(store, keys)))
    with store._write() as conn:
        _take_page(store, conn, opened, team, mine, digest_key, outcome)
        last = max(row.seq for row, _, _ in opened)
        store.save_team_link(replace(link, position=max(link.position, last)), conn=conn)
    return outcome


def _pending_here(store: SealedStore, keys: Sequence[Key]) -> set[Key]:
    """Which of these rows were changed here and not sent yet."""
    with store._read() as conn:
        dirty = dirty_keys(conn)
        if dirty is not None:
            # Only a row in the dirty set can have a change waiting.
            keys = [key for key in keys if key in dirty]
        notes = [("note", row_id) for kind, row_id in keys if kind == "link"]
        synced = synced_for(conn, [*keys, *notes])
        states = states_for(conn, [*keys, *notes])
    pending: set[Key] = set()
    here = {key: state for key, state in states.items() if state != DELETED}
    was = {key: known.state for key, known in synced.items()}
    for key in keys:
        known, state = synced.get(key), states.get(key, DELETED)
        if known is None:
            if key[0] == "link" and state != DELETED and link_needed(key, state, here, was):
                pending.add(key)
        elif state not in (known.state, DELETED):
            pending.add(key)
    return pending


def _take_page(
    store: SealedStore,
    conn: Connection,
    opened: Sequence[tuple[SignedRow, dict[str, Any], str]],
    team: Team,
    mine: Mapping[Key, dict[str, Any]],
    digest_key: bytes,
    outcome: SyncOutcome,
    bare: set[str] | None = None,
) -> None:
    """Apply a page of pulled rows (each with its document and digest), unless this replica
    has them already; then record what each row is here now, all in the caller's
    transaction."""
    keys = [(row.kind, row.row_id) for row, _, _ in opened]
    # A note's passages are sealed in it here, so writing a note or its codes changes the
    # other's clear state too: each is looked at before and after.
    siblings = [
        ("link" if kind == "note" else "note", row_id)
        for kind, row_id in keys
        if kind in ("note", "link")
    ]
    synced = synced_for(conn, [*keys, *siblings])
    before = states_for(conn, [*keys, *siblings])
    taken: dict[Key, tuple[SignedRow, str]] = {}
    merged: set[Key] = set()
    bare = set() if bare is None else bare
    # New notes and links, the bulk of a first pull, are written many at a time, in kind
    # order, so that what a row refers to is written before it.
    fresh: list[tuple[SignedRow, dict[str, Any], str]] = []
    tags: list[tuple[SignedRow, dict[str, Any], str]] = []
    rank = {kind: at for at, kind in enumerate(ORDER)}

    def flush(batch: list[tuple[SignedRow, dict[str, Any], str]], notes: bool) -> None:
        _write_many(store, conn, batch, notes=notes, bare=bare, taken=taken, outcome=outcome)

    for row, document, digest in sorted(
        opened, key=lambda item: rank.get(item[0].kind, len(ORDER))
    ):
        key = (row.kind, row.row_id)
        if rank.get(row.kind, len(ORDER)) > rank["note"] and fresh:
            flush(fresh, notes=True)
        if rank.get(row.kind, len(ORDER)) > rank["link"] and tags:
            flush(tags, notes=False)
        known = synced.get(key)
        if known is not None and known.revision >= row.revision:
            continue  # this replica's own write, or one it took already
        if known is not None and digest == known.digest and before.get(key) == known.state:
            # The same document under a new revision (a key rotation re-sealed it).
            taken[key] = (row, digest)
            continue
        deleted = document.get("deleted") is True
        # A change here to a note purged meanwhile is not kept: the purge wins.
        if (
            key in mine
            and mine[key] != document
            and not is_purge(document)
            and _changed(mine[key], key, known, digest_key)
        ):
            bare.discard(row.row_id)
            met = _met_here(store, conn, row, document, mine[key], known, before, team, outcome)
            if met is not None:
                merged.update(met)
                taken[key] = (row, digest)
                outcome.pulled += 1
                outcome.note_applied(row.kind, row.row_id)
            if met is not None or (row.kind == "link" and not deleted):
                continue
        if row.kind == "note" and not deleted and before.get(key) == DELETED:
            fresh.append((row, document, digest))
            continue
        if row.kind == "link" and not deleted:
            tags.append((row, document, digest))
            continue
        # A decision this replica had taken before changes: a step of the timeline here. The
        # first one it takes (on joining) is the state it joined, not a change.
        by = "" if known is None else team.labels.get(row.signed_by, "a colleague")
        bare.discard(row.row_id)  # a note of the older shape brings passages
        try:
            apply_document(store, conn, key, document, by=by)
        except Unusable:
            outcome.refused.append(f"{row.kind} {row.row_id} from the server is not usable")
            continue
        taken[key] = (row, digest)
        outcome.pulled += 1
        outcome.note_applied(row.kind, row.row_id)
    flush(fresh, notes=True)
    flush(tags, notes=False)
    # The other half of a note taken here, which had no change waiting, has none now either.
    steady = {
        other: synced[other]
        for other in siblings
        if other not in taken and other in synced and before.get(other) == synced[other].state
    }
    _record_taken(conn, taken, digest_key, steady=steady, merged=merged, store=store)


def _write_many(
    store: SealedStore,
    conn: Connection,
    batch: list[tuple[SignedRow, dict[str, Any], str]],
    *,
    notes: bool,
    bare: set[str],
    taken: dict[Key, tuple[SignedRow, str]],
    outcome: SyncOutcome,
) -> None:
    """Write a batch of new notes (or of codes) at once, note what was taken, and empty it."""
    if not batch:
        return
    items = [(row.row_id, document) for row, document, _ in batch]
    unusable = set(add_notes(store, conn, items) if notes else set_links(store, conn, items, bare))
    if notes:
        bare.update(i for i, document in items if not document.get("passages"))
    for row, _document, digest in batch:
        if row.row_id in unusable:
            outcome.refused.append(f"{row.kind} {row.row_id} from the server is not usable")
            continue
        taken[(row.kind, row.row_id)] = (row, digest)
        outcome.pulled += 1
        outcome.note_applied(row.kind, row.row_id)
    batch.clear()


def _met_here(
    store: SealedStore,
    conn: Connection,
    row: SignedRow,
    document: dict[str, Any],
    mine: Mapping[str, Any],
    known: Synced | None,
    before: Mapping[Key, str],
    team: Team,
    outcome: SyncOutcome,
) -> set[Key] | None:
    """A pulled row meeting a change made here: a note's codes are merged and taken (the
    rows merged are returned, possibly none; a link that is not usable is refused, None);
    anything else keeps mine as a conflict, None, and theirs is applied as usual."""
    key = (row.kind, row.row_id)
    by = team.labels.get(row.signed_by, "a colleague")
    if row.kind != "link" or document.get("deleted") is True:
        outcome.conflicts.append(
            _keep_conflict(conn, key=key, mine=mine, theirs=document, theirs_by=by, store=store)
        )
        return None
    coded_here = known is None or codes_of(before.get(key, "")) != codes_of(known.state)
    merged: set[Key] = set()
    try:
        _merge_codes(store, conn, key, mine, document, by, outcome, merged, coded_here)
    except Unusable:
        outcome.refused.append(f"link {row.row_id} from the server is not usable")
        return None
    return merged


def _changed(
    document: Mapping[str, Any], key: Key, known: Synced | None, digest_key: bytes
) -> bool:
    """Whether this replica's version of a row is a change of its own, not only what it
    synced last under a newer local revision (a passage coded on a colleague's note moves
    the note's revision here, not its words)."""
    return known is None or document_digest(digest_key, key[0], document) != known.digest


def _merge_codes(
    store: SealedStore,
    conn: Connection,
    key: Key,
    mine: Mapping[str, Any],
    theirs: dict[str, Any],
    by: str,
    outcome: SyncOutcome,
    merged: set[Key],
    coded_here: bool = True,
) -> None:
    """A colleague's codes of a note meeting codes changed here: both sets of passages go
    into the notebook (`merge_link`), and what clashes is kept both ways. A merge that
    adds to theirs stays waiting, to go up as the next revision. `coded_here` says whether
    the note's whole-note codes changed here since the sync (or only its passages)."""
    into, kept = merge_link(store, conn, key[1], mine, theirs, coded_here=coded_here)
    if kept is not None:
        outcome.conflicts.append(
            _keep_conflict(conn, key=key, mine=kept, theirs=theirs, theirs_by=by, store=store)
        )
    apply_document(store, conn, key, into)
    if into != theirs:
        merged.add(key)
        outcome.merged.append(key)


def _record_taken(
    conn: Connection,
    taken: Mapping[Key, tuple[SignedRow, str]],
    digest_key: bytes,
    *,
    steady: Mapping[Key, Synced] | None = None,
    merged: set[Key] | None = None,
    store: SealedStore | None = None,
) -> None:
    """Record what each row taken from a pull is here now, one statement for the page;
    `steady` rows were synced before and are again as they are now, and a `merged` row is
    recorded as theirs with mine still waiting on top of it. `store`, if given, is told
    the states recorded, for the dirty set's judging at commit."""
    steady = steady or {}
    siblings = [
        ("obstacle_decision" if kind == "obstacle" else "obstacle", row_id)
        for kind, row_id in taken
        if kind in ("obstacle", "obstacle_decision")
    ]
    # A note's state and its codes' come from the same rows: asking for both costs nothing.
    halves = [
        ("link" if kind == "note" else "note", row_id)
        for kind, row_id in taken
        if kind in ("note", "link")
    ]
    after = states_for(conn, [*taken, *siblings, *halves, *steady])
    records = {
        key: Synced(
            row.revision,
            MERGED if key in (merged or ()) else after.get(key, DELETED),
            row.seq,
            row.author,
            digest,
        )
        for key, (row, digest) in taken.items()
    }
    for key, was in steady.items():
        if after.get(key, DELETED) != DELETED:
            records[key] = replace(was, state=after[key])
    # An obstacle and its decision share one local row: writing one changes the other's
    # revision, not what the team sees of it. Recorded, so it is not counted as waiting.
    known_siblings = synced_for(conn, siblings)
    for other in siblings:
        if other in records or after.get(other, DELETED) == DELETED:
            continue
        known = known_siblings.get(other)
        if known is None and other[0] == "obstacle_decision":
            undecided = document_digest(digest_key, other[0], UNDECIDED)
            known = Synced(0, "", 0, taken[("obstacle", other[1])][0].author, undecided)
        if known is not None:
            records[other] = replace(known, state=after[other])
    record_many(conn, records)
    if store is not None:
        _tell_recorded(store, conn, records, after)


def _tell_recorded(
    store: SealedStore, conn: Connection, records: Mapping[Key, Synced], after: Mapping[Key, str]
) -> None:
    """Every kind the dirty set judges of each row id just recorded, as it is now here and
    as `team_row` has it: what was recorded, and for the rest what `team_row` held."""
    family = {"note": ("note", "link"), "link": ("note", "link")}
    family |= {"obstacle": ("obstacle", "obstacle_decision")}
    family["obstacle_decision"] = family["obstacle"]
    wanted = {(k, row_id) for kind, row_id in records for k in family.get(kind, (kind,))}
    missing = [key for key in wanted if key not in records]
    held = synced_for(conn, missing)
    states: dict[Key, tuple[str, str | None]] = {}
    for key in wanted:
        if key not in after:
            continue  # not asked of states_for: `settle` reads it for itself
        if key in records:
            states[key] = (after[key], records[key].state)
        else:
            known = held.get(key)
            states[key] = (after[key], None if known is None else known.state)
    store._tell_watch(conn, states)


def _own_note(synced_notes: Mapping[Key, Synced], key: Key, link: TeamLink) -> bool:
    """Whether this link row is the codes of a note this member wrote (and has sent: the
    server checks the note it holds): a capture member codes their own notes' principles."""
    known = synced_notes.get(("note", key[1]))
    return known is not None and known.revision > 0 and known.author == link.member_id


def _role_refusal(row: SignedRow, team: Team) -> str | None:
    role = team.roles.get(row.signed_by)
    if role == "capture" and row.kind == "link":
        # Their own notes' codes; the server has checked that the note is theirs.
        return None
    if role is not None and row.kind not in KINDS_OF[role]:
        return f"{row.kind} {row.row_id} was written by a member whose role does not allow it"
    if row.kind in ("note", "jotting") and row.signed_by != row.author and role != "lead":
        return f"{row.kind} {row.row_id} was changed by someone other than its author"
    return None


# ------------------------------------------------------------------ conflicts


@dataclass(frozen=True, slots=True)
class StoredConflict:
    conflict_id: str
    kind: str
    row_id: str
    mine: dict[str, Any]
    theirs: dict[str, Any]
    theirs_by: str
    found_at: datetime
    mine_codes: dict[str, Any] | None = None
    """A note's codes as they were here when the conflict was kept (None for another kind,
    or a conflict kept before they were)."""


def conflicts(store: SealedStore) -> list[StoredConflict]:
    found: list[StoredConflict] = []
    for row in store._cells(TEAM_CONFLICT, "created_at", "id"):
        opened, damaged = store._open_all("team_conflict", row, ("payload",))
        if damaged:
            continue
        try:
            payload = json.loads(opened["payload"])
            codes = payload.get("mine_codes")
            found.append(
                StoredConflict(
                    str(row["id"]),
                    str(payload["kind"]),
                    str(payload["row_id"]),
                    dict(payload["mine"]),
                    dict(payload["theirs"]),
                    str(payload["theirs_by"]),
                    row["created_at"]
                    if isinstance(row["created_at"], datetime)
                    else datetime.fromisoformat(str(row["created_at"])),
                    dict(codes) if isinstance(codes, dict) else None,
                )
            )
        except (ValueError, KeyError, TypeError):
            continue
    return found


def resolve(store: SealedStore, conflict_id: str, choice: str) -> str | None:
    """Settle one conflict; returns the id of a note "both" kept as a new one.

    "mine" writes my version here on top of theirs (the next sync sends it as the next
    revision), "theirs" drops mine, "both" keeps mine as a note of its own.
    """
    found = {c.conflict_id: c for c in conflicts(store)}.get(conflict_id)
    if found is None:
        raise NotFound(f"no conflict {conflict_id!r} is waiting")
    if choice == "both" and found.kind != "note":
        raise InvalidInput("only a note can be kept both ways; choose mine or theirs")
    if choice not in ("mine", "theirs", "both"):
        raise InvalidInput("choose mine, theirs or both")
    kept: str | None = None
    with store._write() as conn:
        key = (found.kind, found.row_id)
        if choice == "mine":
            apply_document(store, conn, key, found.mine)
        elif choice == "both" and found.mine.get("deleted") is not True:
            kept = add_as_new_note(store, conn, found.mine, found.mine_codes)
        conn.execute(delete(TEAM_CONFLICT).where(TEAM_CONFLICT.c.id == conflict_id))
    return kept


def author_of(store: SealedStore, note_id: str) -> str | None:
    """The member id of a note's author, if it has been synced."""
    rows = store._cells(
        TEAM_ROW,
        "row_id",
        where=(TEAM_ROW.c.kind == "note") & (TEAM_ROW.c.row_id == note_id),
        columns=("author",),
    )
    return str(rows[0]["author"]) if rows else None
