"""The one kind of thing a team's server stores for the notebook: a signed, sealed row.

A row is what one notebook row is, sealed under the team's data key by the client: its kind,
its id, its revision, the key generation it was sealed under, who wrote it first, who signed
this revision, the sealed bytes, and exactly the clear columns a notebook file keeps for it.
The signature covers all of that, so the server can store and order rows but not change one.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, get_args

from fieldnotes.crypto.team import MemberKeys, MemberPublic, SignatureRefused
from fieldnotes.errors import InvalidInput

Kind = Literal[
    "note",
    "jotting",
    "link",
    "obstacle",
    "memo",
    "framework",
    "obstacle_decision",
    "brief_log",
    "leader",
]
KINDS: tuple[Kind, ...] = get_args(Kind)

# Bounds on what the server stores and what a pull reads, well above anything fieldnotes
# writes (a note holds at most 1 MiB of text), so a hostile row cannot cost unbounded memory.
MAX_SEALED_BYTES = 4 << 20
MAX_CLEAR_BYTES = 4096
MAX_ROW_ID_BYTES = 200

Clear = Mapping[str, str | int | bool | None]
"""A row's clear columns: only text, whole numbers, booleans and nulls, so that their canonical
JSON survives the server's `jsonb` unchanged (no floats, whose text form it may rewrite)."""


def _storable_text(text: str) -> bool:
    # jsonb refuses NUL and lone surrogates; a row carrying one could never be pushed.
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def canonical_clear(clear: Clear) -> bytes:
    """The exact bytes of a row's clear columns that its signature covers."""
    for key, value in clear.items():
        if not isinstance(key, str) or not (value is None or isinstance(value, str | int | bool)):
            raise InvalidInput("a row's clear columns are text, whole numbers, true/false or null")
        if not _storable_text(key) or (isinstance(value, str) and not _storable_text(value)):
            raise InvalidInput("a row's clear columns cannot hold NUL or unpaired surrogates")
    return json.dumps(dict(clear), sort_keys=True, separators=(",", ":")).encode("utf-8")


@dataclass(frozen=True, slots=True)
class SignedRow:
    """One revision of one row, as it travels between a replica and the server."""

    kind: Kind
    row_id: str
    revision: int
    generation: int
    author: str
    """The member id of whoever created the row; it never changes."""
    signed_by: str
    """The member id whose key signed this revision (the author, or a lead re-sealing it)."""
    sealed: bytes = field(repr=False)
    clear: Clear
    signature: bytes = field(repr=False)
    seq: int = 0
    """The server's position for this revision; 0 until the server has accepted it."""

    def statement(self) -> list[bytes | str | int]:
        return statement_of(
            self.kind,
            self.row_id,
            self.revision,
            self.generation,
            self.author,
            self.signed_by,
            self.sealed,
            self.clear,
        )

    def verify(self, notebook_id: bytes, signer: MemberPublic) -> None:
        signer.verify(
            self.signature, notebook_id, "row", self.statement(), what=f"{self.kind} {self.row_id}"
        )


def statement_of(
    kind: str,
    row_id: str,
    revision: int,
    generation: int,
    author: str,
    signed_by: str,
    sealed: bytes,
    clear: Clear,
) -> list[bytes | str | int]:
    return [kind, row_id, revision, generation, author, signed_by, canonical_clear(clear), sealed]


def sign_row(
    keys: MemberKeys,
    notebook_id: bytes,
    *,
    kind: Kind,
    row_id: str,
    revision: int,
    generation: int,
    author: str,
    signed_by: str,
    sealed: bytes,
    clear: Clear,
) -> SignedRow:
    """A row revision signed by `keys`, whose member id is `signed_by`."""
    if kind not in KINDS:
        raise InvalidInput(f"unknown row kind {kind!r}")
    encoded = canonical_clear(clear)
    if (
        len(sealed) > MAX_SEALED_BYTES
        or len(encoded) > MAX_CLEAR_BYTES
        or len(row_id.encode("utf-8")) > MAX_ROW_ID_BYTES
    ):
        raise InvalidInput(f"{kind} {row_id} is larger than a team notebook's server takes")
    # statement_of's parts, with the clear columns encoded once.
    statement: list[bytes | str | int] = [
        kind,
        row_id,
        revision,
        generation,
        author,
        signed_by,
        encoded,
        sealed,
    ]
    return SignedRow(
        kind,
        row_id,
        revision,
        generation,
        author,
        signed_by,
        bytes(sealed),
        dict(clear),
        keys.sign(notebook_id, "row", statement),
    )


def check_signature(
    row: SignedRow,
    notebook_id: bytes,
    members: Mapping[str, tuple[MemberPublic, int | None]],
) -> str | None:
    """Why `row` must not be applied, or None when its signer is a member and it is theirs.

    `members` maps each member id to their key and, for a removed member, the position of
    their removal: what they signed after it is refused.
    """
    if row.kind not in KINDS:
        return f"a row of an unknown kind ({len(row.kind)} characters) was refused"
    if len(row.sealed) > MAX_SEALED_BYTES or len(row.row_id.encode("utf-8")) > MAX_ROW_ID_BYTES:
        return f"{row.kind} is larger than any row fieldnotes writes"
    found = members.get(row.signed_by)
    if found is None:
        return f"{row.kind} {row.row_id} is signed by someone who is not a member"
    signer, removed_at = found
    if removed_at is not None and row.seq > removed_at:
        return f"{row.kind} {row.row_id} is signed by a member who had been removed"
    try:
        row.verify(notebook_id, signer)
    except SignatureRefused as exc:
        return str(exc)
    except InvalidInput:
        # No fieldnotes signs such clear columns (a float, a NUL): the server, or someone
        # writing to it past the app, put them there. One such row must not stop a sync.
        return f"{row.kind} {row.row_id} has clear columns no fieldnotes writes"
    return None


def newest(rows: Sequence[SignedRow]) -> int:
    return max((row.seq for row in rows), default=0)
