"""A team member's keys, the team's data key wrapped to each member, and signed statements.

Nothing here is new cryptography. Wrapping a key for a person is age (X25519, via pyrage, with
the same bounded header checks as a brief); signatures are Ed25519 from `cryptography`. Every
signed message is a length-prefixed tuple that starts with a fixed label, the notebook's id and a
purpose, so a signature made for one notebook or one kind of statement can never be replayed as
another. The members list, a note and a key rotation are all "statements" in that sense.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal, cast, get_args

import pyrage
from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from fieldnotes.crypto.age import (
    decrypt,
    encrypt_to_recipients,
    encrypt_with_passphrase,
    generate_identity,
    parse_recipient,
)
from fieldnotes.crypto.encoding import length_prefixed, split_length_prefixed
from fieldnotes.errors import DamagedData, DecryptFailed, InvalidInput

Role = Literal["capture", "coder", "lead"]
ROLES: tuple[Role, ...] = get_args(Role)

Purpose = Literal["row", "grant", "member", "role", "removal", "generation"]
PURPOSES: tuple[Purpose, ...] = get_args(Purpose)

_SIGNED_LABEL = "fieldnotes team statement v1"
_FINGERPRINT_LABEL = "fieldnotes member key v1"
_KEYS_LABEL = b"fieldnotes member keys v1"
_INVITATION_FORMAT = "fieldnotes-invitation-1"
DATA_KEY_BYTES = 32
SIGNATURE_BYTES = 64
# A wrapped data key is one short age file; anything much larger is not one of ours.
MAX_WRAPPED_KEY_BYTES = 4096
MAX_INVITATION_BYTES = 64 * 1024


class SignatureRefused(DamagedData):
    """A statement whose signature is missing, malformed, or not the named member's."""


class InvitationRefused(InvalidInput):
    """An invitation that is damaged, expired, forged, or not for this notebook."""


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _unb64(text: object, what: str, length: int | None = None) -> bytes:
    if not isinstance(text, str):
        raise InvitationRefused(f"the invitation's {what} is missing")
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
    except (ValueError, UnicodeEncodeError):
        raise InvitationRefused(f"the invitation's {what} is damaged") from None
    if length is not None and len(raw) != length:
        raise InvitationRefused(f"the invitation's {what} is damaged")
    return raw


def signed_message(
    notebook_id: bytes, purpose: Purpose, parts: Sequence[bytes | str | int]
) -> bytes:
    """The exact bytes a statement's signature covers."""
    if purpose not in PURPOSES:
        raise ValueError(f"unknown statement purpose {purpose!r}")
    return length_prefixed(_SIGNED_LABEL, notebook_id, purpose, *parts)


@functools.lru_cache(maxsize=256)
def _loaded(verify_key: bytes) -> Ed25519PublicKey:
    """A member's key as the library holds it: a pull checks thousands of rows by the same
    few members, and loading the key again for each was a tenth of the check."""
    return Ed25519PublicKey.from_public_bytes(verify_key)


@dataclass(frozen=True, slots=True)
class MemberPublic:
    """What every member may know of another: where to wrap keys to, and how to check them."""

    recipient: str
    """The member's age X25519 recipient (`age1…`): the team's data key is wrapped to it."""
    verify_key: bytes
    """The member's Ed25519 public key (32 bytes): everything they write carries its signature."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "recipient", parse_recipient(self.recipient))
        if len(self.verify_key) != 32:
            raise InvalidInput("a member's signing key is 32 bytes")

    @property
    def fingerprint(self) -> str:
        """Short enough to read aloud, long enough that nobody can make a second key to match.

        160 bits of SHA-256 over both public keys, in base32 groups of four.
        """
        digest = hashlib.sha256(
            length_prefixed(_FINGERPRINT_LABEL, self.recipient, self.verify_key)
        ).digest()[:20]
        text = base64.b32encode(digest).decode("ascii")
        return "-".join(text[i : i + 4] for i in range(0, len(text), 4))

    def verify(
        self,
        signature: bytes | None,
        notebook_id: bytes,
        purpose: Purpose,
        parts: Sequence[bytes | str | int],
        *,
        what: str = "a statement",
    ) -> None:
        """Raise `SignatureRefused` unless `signature` is this member's over the statement."""
        if signature is None or len(signature) != SIGNATURE_BYTES:
            raise SignatureRefused(f"{what} carries no valid signature")
        try:
            _loaded(self.verify_key).verify(
                bytes(signature), signed_message(notebook_id, purpose, parts)
            )
        except InvalidSignature:
            raise SignatureRefused(f"{what} was not signed by the member it names") from None

    def as_json(self) -> dict[str, str]:
        return {"recipient": self.recipient, "verify_key": _b64(self.verify_key)}

    @classmethod
    def from_json(cls, document: Mapping[str, object]) -> MemberPublic:
        try:
            return cls(
                str(document["recipient"]), _unb64(document.get("verify_key"), "signing key", 32)
            )
        except (KeyError, InvalidInput) as exc:
            raise InvitationRefused(f"the invitation's public keys are damaged ({exc})") from None


class MemberKeys:
    """A member's secret halves. Kept sealed in their own replica, never sent anywhere."""

    __slots__ = ("_identity", "_signing", "public")

    def __init__(self, identity: str, signing_key: bytes) -> None:
        if len(signing_key) != 32:
            raise InvalidInput("a signing key is 32 bytes")
        self._identity = identity
        self._signing = Ed25519PrivateKey.from_private_bytes(bytes(signing_key))
        recipient = _recipient_of(identity)
        verify_key = self._signing.public_key().public_bytes_raw()
        self.public = MemberPublic(recipient, verify_key)

    @classmethod
    def generate(cls) -> MemberKeys:
        identity, _ = generate_identity()
        return cls(identity, Ed25519PrivateKey.generate().private_bytes_raw())

    def to_bytes(self) -> bytes:
        """For sealing in the replica; the bytes are as secret as the passphrase."""
        return length_prefixed(_KEYS_LABEL, self._identity, self._signing.private_bytes_raw())

    @classmethod
    def from_bytes(cls, raw: bytes) -> MemberKeys:
        parts = split_length_prefixed(raw, 3)
        if parts is None or parts[0] != _KEYS_LABEL:
            raise DamagedData("the member's sealed keys are damaged")
        return cls(parts[1].decode("utf-8"), parts[2])

    def sign(
        self, notebook_id: bytes, purpose: Purpose, parts: Sequence[bytes | str | int]
    ) -> bytes:
        return self._signing.sign(signed_message(notebook_id, purpose, parts))

    def unwrap(self, wrapped: bytes) -> bytes:
        """Open the team's data key wrapped to this member; refuses anything but 32 bytes."""
        try:
            key = decrypt(
                wrapped,
                identities=[self._identity],
                what="wrapped notebook key",
                limit=MAX_WRAPPED_KEY_BYTES,
            )
        except DecryptFailed as exc:
            raise DamagedData(f"the notebook key wrapped for you does not open ({exc})") from None
        if len(key) != DATA_KEY_BYTES:
            raise DamagedData("the notebook key wrapped for you is damaged")
        return key

    def __repr__(self) -> str:
        return f"MemberKeys(fingerprint={self.public.fingerprint})"


def _recipient_of(identity: str) -> str:
    """The `age1…` recipient that belongs to an `AGE-SECRET-KEY-1…` identity."""
    try:
        return str(pyrage.x25519.Identity.from_str(identity.strip()).to_public())
    except Exception:
        raise InvalidInput("not an age secret key") from None


def new_data_key() -> bytes:
    return secrets.token_bytes(DATA_KEY_BYTES)


def wrap_data_key(key: bytes, recipient: str) -> bytes:
    """The team's data key as an age file only `recipient`'s identity opens."""
    if len(key) != DATA_KEY_BYTES:
        raise InvalidInput("a notebook key is 32 bytes")
    return encrypt_to_recipients(key, [recipient])


# --- invitations ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Grant:
    """A lead's signed word that one invitation may make one member with one role.

    Every member checks a newcomer's grant against the members list before trusting anything
    the newcomer writes, so a server cannot add a member by itself.
    """

    invitation_id: bytes
    label: str
    role: Role
    expires_at: datetime
    granted_by: str
    """The lead's label."""
    signature: bytes

    def statement(self) -> list[bytes | str | int]:
        return [
            self.invitation_id,
            self.label,
            self.role,
            int(self.expires_at.timestamp()),
            self.granted_by,
        ]

    def check(self, notebook_id: bytes, lead: MemberPublic, now: datetime) -> None:
        lead.verify(self.signature, notebook_id, "grant", self.statement(), what="the invitation")
        if now >= self.expires_at:
            raise InvitationRefused("the invitation has expired: ask the lead for a new one")


def make_grant(
    lead_keys: MemberKeys,
    notebook_id: bytes,
    *,
    label: str,
    role: Role,
    granted_by: str,
    expires_at: datetime,
) -> Grant:
    if role not in ROLES:
        raise InvalidInput(f"a role is one of {', '.join(ROLES)}")
    invitation_id = secrets.token_bytes(16)
    unsigned = Grant(invitation_id, label, role, expires_at.astimezone(UTC), granted_by, b"")
    return Grant(
        invitation_id,
        label,
        role,
        unsigned.expires_at,
        granted_by,
        lead_keys.sign(notebook_id, "grant", unsigned.statement()),
    )


@dataclass(frozen=True, slots=True)
class Invitation:
    """Everything a newcomer needs to make their replica, sealed under a one-time passphrase.

    The lead hands the file over one way and its passphrase another. The database password in
    it works once: joining replaces it with one only the new member knows.
    """

    notebook_id: bytes
    server: str
    """The PostgreSQL address, with no password in it."""
    database_role: str
    database_password: str
    grant: Grant
    lead: MemberPublic
    generation: int
    data_key: bytes

    def seal(self, passphrase: str) -> bytes:
        return encrypt_with_passphrase(self.to_document(), passphrase, armored=True)

    def to_document(self) -> bytes:
        """The invitation's contents in the clear: only ever written inside `seal`."""
        document = {
            "format": _INVITATION_FORMAT,
            "notebook_id": _b64(self.notebook_id),
            "server": self.server,
            "database_role": self.database_role,
            "database_password": self.database_password,
            "grant": {
                "invitation_id": _b64(self.grant.invitation_id),
                "label": self.grant.label,
                "role": self.grant.role,
                "expires_at": int(self.grant.expires_at.timestamp()),
                "granted_by": self.grant.granted_by,
                "signature": _b64(self.grant.signature),
            },
            "lead": self.lead.as_json(),
            "generation": self.generation,
            "data_key": _b64(self.data_key),
        }
        return json.dumps(document, sort_keys=True).encode("utf-8")


def open_invitation(sealed: bytes, passphrase: str, *, now: datetime) -> Invitation:
    """Open and check an invitation file; every failure is an `InvitationRefused`.

    The grant's signature is checked against the lead key the invitation names; the joining
    member then checks that key's fingerprint with the lead, out of band, before trusting it.
    """
    try:
        raw = decrypt(sealed, passphrase=passphrase, what="invitation", limit=MAX_INVITATION_BYTES)
    except DecryptFailed as exc:
        raise InvitationRefused(str(exc)) from None
    return read_invitation(raw, now=now)


def read_invitation(raw: bytes, *, now: datetime) -> Invitation:
    """Parse and check an opened invitation: its grant must be the named lead's, unexpired."""
    try:
        document = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise InvitationRefused("the invitation is damaged") from None
    if not isinstance(document, dict) or document.get("format") != _INVITATION_FORMAT:
        raise InvitationRefused("this is not a fieldnotes invitation")
    invitation = _invitation_from(document)
    invitation.grant.check(invitation.notebook_id, invitation.lead, now)
    return invitation


def _text(document: Mapping[str, object], key: str, what: str) -> str:
    value = document.get(key)
    if not isinstance(value, str) or not value:
        raise InvitationRefused(f"the invitation's {what} is missing")
    return value


def _invitation_from(document: Mapping[str, object]) -> Invitation:
    grant_doc = document.get("grant")
    lead_doc = document.get("lead")
    if not isinstance(grant_doc, dict) or not isinstance(lead_doc, dict):
        raise InvitationRefused("the invitation is damaged")
    role = grant_doc.get("role")
    expires = grant_doc.get("expires_at")
    generation = document.get("generation")
    if role not in ROLES or not isinstance(expires, int) or not isinstance(generation, int):
        raise InvitationRefused("the invitation is damaged")
    grant = Grant(
        _unb64(grant_doc.get("invitation_id"), "id", 16),
        _text(grant_doc, "label", "label"),
        cast(Role, role),
        datetime.fromtimestamp(expires, UTC),
        _text(grant_doc, "granted_by", "lead"),
        _unb64(grant_doc.get("signature"), "signature", SIGNATURE_BYTES),
    )
    return Invitation(
        notebook_id=_unb64(document.get("notebook_id"), "notebook id"),
        server=_text(document, "server", "server address"),
        database_role=_text(document, "database_role", "database role"),
        database_password=_text(document, "database_password", "database password"),
        grant=grant,
        lead=MemberPublic.from_json(lead_doc),
        generation=generation,
        data_key=_unb64(document.get("data_key"), "notebook key", DATA_KEY_BYTES),
    )


# --- sealing a team row ------------------------------------------------------------------

_ROW_LABEL = "fieldnotes team row v1"
_ROW_VERSION = b"\x01"
_ROW_NONCE_BYTES = 12


def _row_ad(notebook_id: bytes, kind: str, row_id: str, revision: int, generation: int) -> bytes:
    return length_prefixed(_ROW_LABEL, notebook_id, kind, row_id, revision, generation)


def seal_row(
    key: bytes,
    notebook_id: bytes,
    *,
    kind: str,
    row_id: str,
    revision: int,
    generation: int,
    plaintext: bytes,
) -> bytes:
    """A row's document sealed with AES-256-GCM under the team's data key of `generation`.

    `version ‖ nonce ‖ ciphertext+tag`; the associated data binds the team notebook's id, the
    row's kind, id and revision and the key generation, so a sealed value moved to another
    row, replayed as another revision or carried across a rotation fails to open.
    """
    if len(key) != DATA_KEY_BYTES:
        raise InvalidInput("a notebook key is 32 bytes")
    nonce = secrets.token_bytes(_ROW_NONCE_BYTES)
    ad = _row_ad(notebook_id, kind, row_id, revision, generation)
    return _ROW_VERSION + nonce + AESGCM(key).encrypt(nonce, plaintext, ad)


def open_row(
    key: bytes,
    notebook_id: bytes,
    *,
    kind: str,
    row_id: str,
    revision: int,
    generation: int,
    sealed: bytes,
) -> bytes:
    """The plaintext `seal_row` sealed; `DamagedData` if it was changed, moved or replayed."""
    what = f"{kind} {row_id}"
    if len(key) != DATA_KEY_BYTES:
        raise DamagedData(f"{what}: no usable key for generation {generation}")
    if len(sealed) < 1 + _ROW_NONCE_BYTES + 16 or sealed[:1] != _ROW_VERSION:
        raise DamagedData(f"{what} is not a sealed team row")
    nonce = sealed[1 : 1 + _ROW_NONCE_BYTES]
    ad = _row_ad(notebook_id, kind, row_id, revision, generation)
    try:
        return AESGCM(key).decrypt(nonce, sealed[1 + _ROW_NONCE_BYTES :], ad)
    except InvalidTag:
        raise DamagedData(f"{what} does not open with the team's key") from None
