"""A notebook file as a team notebook's replica: its link to the team, sealed locally.

The link holds what a replica needs to reach its team and to read and sign what it syncs: the
server's address with this member's database password, the team's schema, this member's id,
label and role, their own keys, and the team's data key of each generation they have held.
All of it is sealed under the notebook's own key (a row of `team_state`), so the file alone,
without its passphrase, gives none of it away. A personal notebook has no link.

Team rows travel sealed under the team's data key and signed by their writer
(`seal_team_row`, `open_team_row`); what each row holds is in `replica_rows`.
"""

from __future__ import annotations

import base64
import json
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from sqlalchemy.engine import Connection

from fieldnotes.crypto.team import ROLES as TEAM_ROLES
from fieldnotes.crypto.team import MemberKeys, MemberPublic, Role, open_row, seal_row
from fieldnotes.errors import DamagedData, DamagedError
from fieldnotes.storage.core import StoreCore
from fieldnotes.storage.manifest import Manifest
from fieldnotes.storage.tables import TEAM_STATE
from fieldnotes.storage.team.replica_dirty import RowWatch, forget, is_replica, settle
from fieldnotes.storage.team.replica_rows import Key
from fieldnotes.storage.team.rows import Clear, Kind, SignedRow, sign_row

_LINK_FORMAT = "fieldnotes-team-link-1"
_LINK_ID = "link"
_STATUS_ID = "status"


@dataclass(frozen=True, slots=True)
class TeamLink:
    """Everything a replica needs to sync with its team. Secret: only ever kept sealed."""

    conninfo: str = field(repr=False)
    """The PostgreSQL address with this member's own database password in it."""
    server: str
    """The address as shown to a person: host, port, database, no password."""
    schema: str
    member_id: str
    label: str
    role: Role
    keys: MemberKeys = field(repr=False)
    data_keys: dict[int, bytes] = field(repr=False)
    """The team's data key of each generation this member was given."""
    generation: int
    """The key generation in force, as this replica last saw it: new rows are sealed under it."""
    position: int
    """The server's seq up to which this replica has pulled."""
    notebook_id: bytes = b""
    """The team notebook's id (the server's `meta`): every signature and seal is bound to it.
    Not this file's own notebook id, which a joined replica has afresh."""
    anchor: MemberPublic | None = None
    """The lead key this member checked out of band (the founder's own, or the inviting
    lead's): trust in the members list starts from it (`verified_members`)."""

    @property
    def data_key(self) -> bytes:
        return self.data_keys[self.generation]

    def to_json(self) -> str:
        document: dict[str, object] = {
            "format": _LINK_FORMAT,
            "conninfo": self.conninfo,
            "server": self.server,
            "schema": self.schema,
            "member_id": self.member_id,
            "label": self.label,
            "role": self.role,
            "keys": _b64(self.keys.to_bytes()),
            "data_keys": {str(g): _b64(key) for g, key in sorted(self.data_keys.items())},
            "generation": self.generation,
            "position": self.position,
            "notebook_id": _b64(self.notebook_id),
            "anchor": None if self.anchor is None else self.anchor.as_json(),
        }
        return json.dumps(document, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> TeamLink:
        try:
            document = json.loads(text)
            if document["format"] != _LINK_FORMAT or document["role"] not in TEAM_ROLES:
                raise ValueError
            anchor = document.get("anchor")
            return cls(
                conninfo=str(document["conninfo"]),
                server=str(document["server"]),
                schema=str(document["schema"]),
                member_id=str(document["member_id"]),
                label=str(document["label"]),
                role=cast(Role, document["role"]),
                keys=MemberKeys.from_bytes(_unb64(document["keys"])),
                data_keys={int(g): _unb64(k) for g, k in document["data_keys"].items()},
                generation=int(document["generation"]),
                position=int(document["position"]),
                notebook_id=_unb64(document["notebook_id"]),
                anchor=None if anchor is None else MemberPublic.from_json(anchor),
            )
        except (ValueError, KeyError, TypeError, AttributeError, DamagedData):
            raise DamagedError("the replica's link to its team") from None


@dataclass(frozen=True, slots=True)
class TeamStatus:
    """How the last sync went, kept so that a new session can say it too."""

    online: bool = False
    last_synced: datetime | None = None
    problem: str = ""
    refused: tuple[str, ...] = ()
    """The refused rows of the last pulls, one line each (kind, id, why)."""
    labels: Mapping[str, str] = field(default_factory=dict)
    """Each verified member's label by member id, as the last sync found them: who wrote
    what can be said offline too."""

    def to_json(self) -> str:
        return json.dumps(
            {
                "online": self.online,
                "last_synced": None if self.last_synced is None else self.last_synced.isoformat(),
                "problem": self.problem,
                "refused": list(self.refused),
                "labels": dict(self.labels),
            }
        )

    @classmethod
    def from_json(cls, text: str) -> TeamStatus:
        try:
            document = json.loads(text)
            when = document.get("last_synced")
            return cls(
                online=bool(document.get("online")),
                last_synced=None if when is None else datetime.fromisoformat(str(when)),
                problem=str(document.get("problem", "")),
                refused=tuple(str(line) for line in document.get("refused", ())),
                labels={str(k): str(v) for k, v in dict(document.get("labels", {})).items()},
            )
        except (ValueError, TypeError, AttributeError):
            return cls(problem="the replica's record of its last sync is damaged")


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _unb64(text: object) -> bytes:
    if not isinstance(text, str):
        raise ValueError("not base64 text")
    return base64.b64decode(text.encode("ascii"), validate=True)


class ReplicaState(StoreCore):
    """The replica's link and sync status, each one sealed row of `team_state`; and its
    dirty set, kept by every write (`replica_dirty`)."""

    _row_watch: RowWatch | None = None
    _state_memo: dict[str, str | None] | None = None
    """Opened `team_state` values. The link is asked for by every write's permission check
    and by the app's key bindings on each frame: read from the file each time, those asks
    queue behind the worker opening the notes on the one connection. Only `_save_state`
    writes the table, and nothing else writes the file while this process holds its lock
    (`lockfile.ProcessLock`)."""
    _state_saved = False
    """A value was saved in the transaction under way: what it wrote goes when it ends,
    committed or not."""

    def _watch_rows(self, manifest: Manifest) -> None:
        if self._row_watch is None:
            self._row_watch = RowWatch()
        manifest.on_row = self._row_watch.touch

    def _before_flush(self, conn: Connection) -> None:
        watch = self._row_watch
        if watch is None or not watch.touched:
            return
        touched, told = watch.take(), watch.told(conn)
        watch.forget_told()
        if is_replica(conn):
            settle(conn, touched, told)

    def _tell_watch(self, conn: Connection, states: Mapping[Key, tuple[str, str | None]]) -> None:
        """What a pull just recorded rows at, for the dirty set's judging at commit."""
        if self._row_watch is not None:
            self._row_watch.tell(conn, states)

    def _forget_watched_rows(self, driver: sqlite3.Connection) -> None:
        forget(driver)

    def team_link(self) -> TeamLink | None:
        """This notebook's link to its team, or None for a personal notebook."""
        value = self._state(_LINK_ID)
        return None if value is None else TeamLink.from_json(value)

    def save_team_link(self, link: TeamLink, *, conn: Connection | None = None) -> None:
        """Write the link (in `conn`'s transaction when given, so a pull's position is saved
        with the rows it applied)."""
        self._save_state(_LINK_ID, link.to_json(), conn)

    def team_status(self) -> TeamStatus:
        value = self._state(_STATUS_ID)
        return TeamStatus() if value is None else TeamStatus.from_json(value)

    def save_team_status(self, status: TeamStatus, *, conn: Connection | None = None) -> None:
        self._save_state(_STATUS_ID, status.to_json(), conn)

    def _state(self, key: str) -> str | None:
        # Asked without the connection's lock first: a write under way on another thread has
        # not committed, so the value read before it is still the file's.
        memo = self._state_memo
        if memo is not None and key in memo:
            return memo[key]
        with self._connection_lock:
            if self._state_memo is None:
                self._state_memo = {}
            memo = self._state_memo
            if key in memo:
                return memo[key]
            rows = self._cells(
                TEAM_STATE, where=TEAM_STATE.c.id == key, columns=("id", "revision", "value")
            )
            if not rows:
                value = None
            else:
                opened, damaged = self._open_all("team_state", rows[0], ("value",))
                if damaged:
                    raise DamagedError("the replica's link to its team")
                value = opened["value"]
            memo[key] = value
            return value

    def _forget_state(self) -> None:
        """Drop the opened values: the link holds the member's keys, which go at lock."""
        self._state_memo = None

    def _transaction_ended(self) -> None:
        super()._transaction_ended()
        if self._state_saved:
            self._state_saved = False
            self._state_memo = None

    def _save_state(self, key: str, value: str, conn: Connection | None) -> None:
        if conn is None:
            with self._write() as own:
                self._save_state(key, value, own)
            return
        # Inside the transaction, so under the connection's lock until it ends.
        self._state_saved = True
        self._state_memo = None
        self._upsert_sealed(conn, TEAM_STATE, key, {"value": value})


def seal_team_row(
    link: TeamLink,
    kind: Kind,
    row_id: str,
    revision: int,
    author: str,
    document: Mapping[str, Any],
    clear: Clear,
) -> SignedRow:
    """One revision of a team row: its document sealed under the team's current key and the
    whole row signed by this member (`link.member_id`)."""
    plaintext = json.dumps(document, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return seal_team_text(link, kind, row_id, revision, author, plaintext, clear)


def seal_team_text(
    link: TeamLink,
    kind: Kind,
    row_id: str,
    revision: int,
    author: str,
    plaintext: bytes,
    clear: Clear,
) -> SignedRow:
    """`seal_team_row` of a document already in its canonical JSON (a rotation re-seals
    what it opened, as it was)."""
    sealed = seal_row(
        link.data_key,
        link.notebook_id,
        kind=kind,
        row_id=row_id,
        revision=revision,
        generation=link.generation,
        plaintext=plaintext,
    )
    return sign_row(
        link.keys,
        link.notebook_id,
        kind=kind,
        row_id=row_id,
        revision=revision,
        generation=link.generation,
        author=author,
        signed_by=link.member_id,
        sealed=sealed,
        clear=clear,
    )


def open_team_row(link: TeamLink, row: SignedRow) -> dict[str, Any]:
    """A pulled row's document. Its signature is the pull's to check; this checks the seal,
    and that the document is one (`DamagedData` otherwise)."""
    return open_team_text(link, row)[0]


def open_team_text(link: TeamLink, row: SignedRow) -> tuple[dict[str, Any], bytes]:
    """`open_team_row`, with the plaintext it was read from (the canonical JSON that
    `seal_team_row` seals, for a row a fieldnotes client wrote)."""
    key = link.data_keys.get(row.generation)
    if key is None:
        raise DamagedData(
            f"{row.kind} {row.row_id} is sealed under key generation {row.generation}, "
            "which this replica was not given"
        )
    plaintext = open_row(
        key,
        link.notebook_id,
        kind=row.kind,
        row_id=row.row_id,
        revision=row.revision,
        generation=row.generation,
        sealed=row.sealed,
    )
    try:
        document = json.loads(plaintext.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise DamagedData(f"{row.kind} {row.row_id} is damaged") from None
    if not isinstance(document, dict):
        raise DamagedData(f"{row.kind} {row.row_id} is damaged")
    return document, plaintext
