"""One member's connection to a team notebook's server: members, push, pull, and changes.

The client never needs more than its own LOGIN role: everything it may do is what the schema's
grants, policies and triggers allow that role, and everything it reads it checks itself.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import cast

import psycopg
from psycopg import sql
from psycopg.rows import TupleRow

from fieldnotes.crypto.team import InvitationRefused, MemberPublic, Role
from fieldnotes.errors import FieldnotesError
from fieldnotes.storage.team import schema
from fieldnotes.storage.team.errors import (
    InvitationUsed,
    NotAMember,
    NotPermitted,
    OlderServer,
    RotationRefused,
    ServerUnavailable,
    StaleGeneration,
    TeamServerError,
)
from fieldnotes.storage.team.members import Member, Statement, signers
from fieldnotes.storage.team.rows import Clear, Kind, SignedRow, canonical_clear, check_signature

Connection = psycopg.Connection[TupleRow]

_ROW_COLUMNS = (
    "kind, row_id, revision, generation, author, signed_by, sealed, clear, signature, seq"
)
PULL_PAGE = 5000
PULL_BYTES = 64 << 20
_PULL_CHUNK = 100
_LOGIN_REFUSED = ("password authentication failed", "is not permitted to log in")


@dataclass(frozen=True, slots=True)
class Conflict:
    """A pushed revision the server did not take, because its base was not the server's."""

    mine: SignedRow
    theirs: SignedRow | None
    """The server's current revision of the row (None if a new row's id was taken)."""


@dataclass(frozen=True, slots=True)
class PushResult:
    accepted: list[SignedRow] = field(default_factory=list)
    """The pushed rows the server took, each with its new seq."""
    conflicts: list[Conflict] = field(default_factory=list)
    """The client keeps both versions of each and asks the person to resolve it."""
    position: int | None = None
    """With `push(since=…)`: the highest seq taken, when every row after `since` up to it is
    one of `accepted` (so a pull from `since` would bring only what was just sent)."""


@dataclass(frozen=True, slots=True)
class Refused:
    """A pulled row that was not applied, and why, in words that name no content."""

    kind: str
    row_id: str
    seq: int
    reason: str


@dataclass(frozen=True, slots=True)
class PullResult:
    rows: list[SignedRow]
    """Rows whose signatures check out: apply these."""
    refused: list[Refused]
    """Rows that must not be applied: report these."""
    position: int
    """Pass this as `since` next time."""
    more: bool
    """The page was full: pull again from `position`."""


@dataclass(frozen=True, slots=True)
class Fetched:
    """A page of rows as the server sent it, before any signature is checked."""

    rows: list[SignedRow]
    generation: int | None
    """The key generation in force as the page was read (in the same snapshot)."""
    position: int
    more: bool


def judged(page: Fetched, reasons: Sequence[str | None]) -> PullResult:
    """A fetched page split by each row's `check_signature` verdict (`reasons`, in order);
    a row sealed under another generation than the one in force is refused as well."""
    if len(reasons) != len(page.rows):
        raise ValueError("one verdict per row")
    good: list[SignedRow] = []
    refused: list[Refused] = []
    for row, reason in zip(page.rows, reasons, strict=True):
        if reason is None and row.generation != page.generation:
            reason = f"{row.kind} {row.row_id} is sealed under an old key generation"
        if reason is None:
            good.append(row)
        else:
            refused.append(Refused(row.kind, row.row_id, row.seq, reason))
    return PullResult(good, refused, page.position, more=page.more)


def _refusal(exc: psycopg.Error, doing: str) -> FieldnotesError:
    code = exc.sqlstate
    if code == schema.NOT_A_MEMBER:
        return NotAMember()
    if code == schema.STALE_GENERATION:
        return StaleGeneration()
    if code == schema.INVITATION_USED:
        return InvitationUsed()
    if code == schema.INVITATION_EXPIRED:
        return InvitationRefused("the invitation has expired: ask the lead for a new one")
    if code == schema.ROTATION_INCOMPLETE:
        return RotationRefused(
            "the key change did not cover every row and member, so it was not made: "
            "the old key stays in force"
        )
    detail = exc.diag.message_primary or "refused"
    if code == schema.ROLE_KEPT:
        return NotPermitted(
            f"the team's server refused {doing}: {detail}, which the team's admin role "
            "cannot take back; nothing was changed (the council's DBA can revoke it, or "
            "`fieldnotes team upgrade` if the server was set up before version 4)"
        )
    return NotPermitted(f"the team's server refused {doing}: {detail}")


@contextmanager
def translated(doing: str) -> Iterator[None]:
    """Turn what psycopg raises into the errors a person can act on."""
    try:
        yield
    except psycopg.Error as exc:
        if exc.sqlstate and exc.sqlstate.startswith("FN"):
            raise _refusal(exc, doing) from None
        if not isinstance(exc, psycopg.OperationalError):
            raise _refusal(exc, doing) from None
        # A refused login carries no SQLSTATE in psycopg (libpq reports it as text): the
        # server answered, so it is not "unreachable", and saying so would mislead.
        if exc.sqlstate in ("28000", "28P01") or any(
            phrase in str(exc) for phrase in _LOGIN_REFUSED
        ):
            raise NotPermitted(
                "the team's server refused your login: your password was changed, or you "
                "are no longer a member of this notebook"
            ) from None
        raise ServerUnavailable(doing) from None


def connect(conninfo: str, *, autocommit: bool = False) -> Connection:
    with translated("connecting"):
        return psycopg.connect(conninfo, autocommit=autocommit, connect_timeout=10)


def _rounds(rows: Sequence[SignedRow]) -> list[list[SignedRow]]:
    """Split a batch so that no row appears twice in one statement, keeping each row's
    revisions in order (one UPDATE cannot apply two revisions of one row). A note's link row
    goes in a statement after the note's: the server checks a capture member's link row
    against the note it holds, and a statement does not see its own rows."""
    rounds: list[list[SignedRow]] = []
    last: dict[tuple[str, str], int] = {}
    for row in rows:
        key = (row.kind, row.row_id)
        index = last.get(key, -1) + 1
        if row.kind == "link":
            index = max(index, last.get(("note", row.row_id), -1) + 1)
        if index == len(rounds):
            rounds.append([])
        rounds[index].append(row)
        last[key] = index
    return rounds


def _row(record: TupleRow) -> SignedRow:
    kind, row_id, revision, generation, author, signed_by, sealed, clear, signature, seq = record
    return SignedRow(
        cast(Kind, kind),
        str(row_id),
        int(revision),
        int(generation),
        str(author),
        str(signed_by),
        bytes(sealed),
        cast(Clear, clear if isinstance(clear, dict) else {}),
        bytes(signature),
        int(seq),
    )


class TeamServer:
    """A member's connection to one team notebook on one PostgreSQL database."""

    def __init__(self, connection: Connection, names: schema.TeamNames) -> None:
        self._conn = connection
        self.names = names
        self._s = sql.Identifier(names.schema)
        with translated("reading the notebook's id"):
            found = connection.execute(
                sql.SQL("SELECT notebook_id, schema_version FROM {}.meta").format(self._s)
            ).fetchone()
            connection.commit()
        if found is None:
            raise TeamServerError("this server holds no team notebook of that name")
        self.schema_version = int(found[1])
        if self.schema_version > schema.SCHEMA_VERSION:
            raise TeamServerError(
                "the team's server was set up by a newer fieldnotes: update fieldnotes first"
            )
        if self.schema_version < schema.SCHEMA_VERSION:
            # Never fails open: an older server's checks would let through rows this
            # fieldnotes relies on its server to refuse, so nothing is sent or taken until
            # it is brought up. The replica keeps working offline meanwhile.
            raise OlderServer(self.schema_version)
        self.notebook_id = bytes(found[0])

    @classmethod
    def open(cls, conninfo: str, schema_name: str) -> TeamServer:
        names = schema.TeamNames(schema_name)
        connection = connect(conninfo)
        try:
            return cls(connection, names)
        except BaseException:
            connection.close()
            raise

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> TeamServer:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    @property
    def connection(self) -> Connection:
        return self._conn

    def _q(self, text: str) -> sql.Composed:
        return sql.SQL(text).format(s=self._s)

    @contextmanager
    def transaction(self, doing: str) -> Iterator[psycopg.Cursor[TupleRow]]:
        """One transaction; anything the server refuses comes out as a typed error."""
        try:
            with translated(doing), self._conn.transaction(), self._conn.cursor() as cursor:
                yield cursor
        except NotPermitted:
            # Grants revoked by a removal show up as plain "permission denied": say why.
            if not self._conn.closed and not self._still_a_member():
                raise NotAMember() from None
            raise

    def _still_a_member(self) -> bool:
        with translated("checking your membership"):
            found = self._conn.execute(
                "SELECT bool_or(pg_has_role(session_user, g, 'USAGE')) FROM unnest(%s::text[]) g",
                [list(self.names.groups)],
            ).fetchone()
            self._conn.commit()
        return bool(found and found[0])

    # --- reading ------------------------------------------------------------------------

    def members(self) -> list[Member]:
        with self.transaction("reading the members list") as cursor:
            cursor.execute(
                self._q(
                    "SELECT member_id, label, role, db_role, recipient, verify_key, removed, "
                    "statement, signature, key_signature, seq FROM {s}.members ORDER BY label"
                )
            )
            records = cursor.fetchall()
        return [
            Member(
                member_id=str(r[0]),
                label=str(r[1]),
                role=cast(Role, r[2]),
                db_role=str(r[3]),
                public=MemberPublic(str(r[4]), bytes(r[5])),
                removed=bool(r[6]),
                statement=Statement.decode(bytes(r[7])),
                signature=bytes(r[8]),
                key_signature=bytes(r[9]),
                seq=int(r[10]),
            )
            for r in records
        ]

    def me(self) -> Member:
        with self.transaction("reading your membership") as cursor:
            cursor.execute("SELECT session_user")
            found = cursor.fetchone()
        for member in self.members():
            if found and member.db_role == found[0] and not member.removed:
                return member
        raise NotAMember()

    def logs_in(self, db_role: str) -> bool:
        """Whether a database role may log in (anyone may read `pg_roles`)."""
        with self.transaction("reading a member's login") as cursor:
            cursor.execute("SELECT rolcanlogin FROM pg_roles WHERE rolname = %s", [db_role])
            found = cursor.fetchone()
        return bool(found and found[0])

    def current_generation(self) -> int:
        with self.transaction("reading the key generation") as cursor:
            cursor.execute(self._q("SELECT generation FROM {s}.key_generations WHERE current"))
            found = cursor.fetchone()
        if found is None:
            raise TeamServerError("the team's server has no current key")
        return int(found[0])

    def wrapped_key(self, generation: int) -> bytes:
        """The team's data key for `generation`, wrapped to the connected member."""
        with self.transaction("reading your notebook key") as cursor:
            cursor.execute(
                self._q("SELECT wrapped FROM {s}.wrapped_keys WHERE generation = %s"),
                [generation],
            )
            found = cursor.fetchone()
        if found is None:
            raise NotAMember()
        return bytes(found[0])

    # --- push and pull ------------------------------------------------------------------

    def push(self, rows: Sequence[SignedRow], *, since: int | None = None) -> PushResult:
        """Send local revisions in one transaction: all that apply are taken, or none are.

        A revision is taken only on top of the one before it (`revision - 1`); a row someone
        else changed meanwhile comes back as a conflict, with the server's version, and nothing
        of theirs is overwritten. The caller keeps `rows` pending until this returns.
        """
        accepted: list[SignedRow] = []
        conflicts: list[Conflict] = []
        with self.transaction("sending your changes") as cursor:
            self._lock(cursor)
            for batch in _rounds(rows):
                taken = self.write_rows(cursor, batch)
                for row in batch:
                    seq = taken.get((row.kind, row.row_id))
                    if seq is None:
                        conflicts.append(Conflict(row, self._read(cursor, row.kind, row.row_id)))
                    else:
                        accepted.append(replace(row, seq=seq))
            position = None
            if since is not None and accepted:
                # Under the team's lock no other write is under way, and every row that
                # committed before it has its seq already: the count is exact.
                newest = max(row.seq for row in accepted)
                cursor.execute(
                    self._q("SELECT count(*) FROM {s}.rows WHERE seq > %s AND seq <= %s"),
                    [since, newest],
                )
                found = cursor.fetchone()
                if found is not None and int(found[0]) == len(accepted):
                    position = newest
        return PushResult(accepted, conflicts, position)

    def _lock(self, cursor: psycopg.Cursor[TupleRow]) -> None:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [self.names.lock_key])

    def write_rows(
        self, cursor: psycopg.Cursor[TupleRow], rows: Sequence[SignedRow]
    ) -> dict[tuple[str, str], int]:
        """Write each row on top of its previous revision; returns the seq of each one taken.

        Two statements whatever the number of rows (new rows, then next revisions), so a
        batch costs two round trips, not one per row. No row may appear twice (see `_rounds`).
        """
        taken: dict[tuple[str, str], int] = {}
        new = [row for row in rows if row.revision == 1]
        later = [row for row in rows if row.revision != 1]
        if new:
            cursor.execute(
                self._q(
                    "INSERT INTO {s}.rows (kind, row_id, revision, generation, author, "
                    "signed_by, sealed, clear, signature) "
                    "SELECT k, r, rev, g, a, sb, se, c::jsonb, sig FROM unnest(%s::text[], "
                    "%s::text[], %s::int[], %s::int[], %s::text[], %s::text[], %s::bytea[], "
                    "%s::text[], %s::bytea[]) AS t(k, r, rev, g, a, sb, se, c, sig) "
                    "ON CONFLICT (kind, row_id) DO NOTHING RETURNING kind, row_id, seq"
                ),
                [
                    [row.kind for row in new],
                    [row.row_id for row in new],
                    [row.revision for row in new],
                    [row.generation for row in new],
                    [row.author for row in new],
                    [row.signed_by for row in new],
                    [row.sealed for row in new],
                    [canonical_clear(row.clear).decode("utf-8") for row in new],
                    [row.signature for row in new],
                ],
                # Arrays in binary: as text, every byte of every sealed value is escaped.
                binary=True,
            )
            taken.update({(str(k), str(r)): int(q) for k, r, q in cursor.fetchall()})
        if later:
            cursor.execute(
                self._q(
                    "UPDATE {s}.rows AS x SET revision = t.rev, generation = t.g, "
                    "signed_by = t.sb, sealed = t.se, clear = t.c::jsonb, signature = t.sig "
                    "FROM unnest(%s::text[], %s::text[], %s::int[], %s::int[], %s::text[], "
                    "%s::bytea[], %s::text[], %s::bytea[]) AS t(k, r, rev, g, sb, se, c, sig) "
                    "WHERE x.kind = t.k AND x.row_id = t.r AND x.revision = t.rev - 1 "
                    "RETURNING x.kind, x.row_id, x.seq"
                ),
                [
                    [row.kind for row in later],
                    [row.row_id for row in later],
                    [row.revision for row in later],
                    [row.generation for row in later],
                    [row.signed_by for row in later],
                    [row.sealed for row in later],
                    [canonical_clear(row.clear).decode("utf-8") for row in later],
                    [row.signature for row in later],
                ],
                binary=True,
            )
            taken.update({(str(k), str(r)): int(q) for k, r, q in cursor.fetchall()})
        return taken

    def _read(self, cursor: psycopg.Cursor[TupleRow], kind: str, row_id: str) -> SignedRow | None:
        cursor.execute(
            self._q(f"SELECT {_ROW_COLUMNS} FROM {{s}}.rows WHERE kind = %s AND row_id = %s"),
            [kind, row_id],
        )
        found = cursor.fetchone()
        return None if found is None else _row(found)

    def pull(
        self,
        since: int,
        members: Mapping[str, tuple[MemberPublic, int | None]] | None = None,
        *,
        limit: int = PULL_PAGE,
    ) -> PullResult:
        """Everything that changed after position `since`, each row's signature checked.

        `members` is the keys to check against, as `members.signers` makes them (by default
        from the server's members list, which the caller should itself have checked against the
        leads' signatures). A row that is unsigned, signed by someone not in it (or after their
        removal), changed on the server, or sealed under a generation other than the current
        one is refused and named; the rest still apply.
        """
        page = self.fetch(since, limit=limit)
        keys = members if members is not None else signers(self.members())
        return judged(page, [check_signature(row, self.notebook_id, keys) for row in page.rows])

    def fetch(self, since: int, *, limit: int = PULL_PAGE) -> Fetched:
        """The rows after position `since` as the server sent them, nothing checked yet:
        `judged` splits them once their signatures are (`pull` does both)."""
        with self.transaction("fetching your colleagues' changes") as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            cursor.execute(self._q("SELECT generation FROM {s}.key_generations WHERE current"))
            current = cursor.fetchone()
            records, more = self._page(since, limit)
        rows = [_row(record) for record in records]
        position = max([since, *(row.seq for row in rows)])
        generation = None if current is None else int(current[0])
        return Fetched(rows, generation, position, more)

    def _page(self, since: int, limit: int) -> tuple[list[TupleRow], bool]:
        """Up to `limit` rows after `since`, read a few at a time and stopping once they
        hold `PULL_BYTES`, so a pull's memory is bounded whatever the server sends."""
        records: list[TupleRow] = []
        size = 0
        with self._conn.cursor(name="fieldnotes_pull") as stream:
            stream.execute(
                self._q(
                    f"SELECT {_ROW_COLUMNS} FROM {{s}}.rows WHERE seq > %s ORDER BY seq LIMIT %s"
                ),
                [since, limit],
            )
            while len(records) < limit:
                chunk = stream.fetchmany(_PULL_CHUNK)
                if not chunk:
                    return records, False
                for record in chunk:
                    records.append(record)
                    size += len(record[6])
                    if size >= PULL_BYTES:
                        return records, True
        return records, True
