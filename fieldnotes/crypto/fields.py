"""Per-field AEAD: every sensitive value sealed and bound to its notebook, row, column, revision."""

from __future__ import annotations

import os
import struct
from collections.abc import Mapping
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from fieldnotes.crypto.encoding import length_prefixed
from fieldnotes.crypto.keyslot import KEY_ID_BYTES, NONCE_BYTES, DataKey
from fieldnotes.errors import DamagedData, NotebookLocked

FIELD_TAG = b"fieldnotes/field/v1"
DIGEST_TAG = b"fieldnotes/digest/v1"
BLOB_VERSION = 1
HEADER_BYTES = 1 + KEY_ID_BYTES
TAG_BYTES = 16
MIN_BLOB_BYTES = HEADER_BYTES + NONCE_BYTES + TAG_BYTES
_LENGTH = struct.Struct(">I")
_REVISION = struct.Struct(">Iq")


@dataclass(frozen=True, slots=True)
class FieldContext:
    """Where a value lives. Any difference on open means the blob was moved or replayed."""

    table: str
    row_id: str
    column: str
    revision: int


class FieldSealer:
    """Seals and opens field values with the notebook's data key."""

    __slots__ = ("_aead", "_column_parts", "_data_key", "_header", "_notebook_id", "_row_base")

    def __init__(self, data_key: DataKey, notebook_id: bytes) -> None:
        self._data_key = data_key
        self._notebook_id = notebook_id
        self._aead: AESGCM | None = AESGCM(data_key.material)
        self._header = bytes([BLOB_VERSION]) + data_key.key_id
        self._column_parts: dict[str, bytes] = {}
        self._row_base = length_prefixed(FIELD_TAG, self._header, notebook_id)

    def _ad(self, header: bytes, where: FieldContext) -> bytes:
        return length_prefixed(
            FIELD_TAG,
            header,
            self._notebook_id,
            where.table,
            where.row_id,
            where.column,
            where.revision,
        )

    def open_row(
        self, table: str, row_id: str, revision: int, blobs: Mapping[str, bytes | None]
    ) -> tuple[dict[str, str], tuple[str, ...]]:
        """Open every sealed field of one row; damaged fields come back empty and named.

        Same associated data as `open`, built once per row: loading thousands of notes is
        dominated by this encoding, not by AES-GCM itself.
        """
        aead = self._cipher()
        header = self._header
        prefix = self._row_base + length_prefixed(table, row_id)
        suffix = _REVISION.pack(8, revision)
        opened: dict[str, str] = {}
        damaged: list[str] = []
        for column, blob in blobs.items():
            try:
                if blob is None or len(blob) < MIN_BLOB_BYTES or blob[:HEADER_BYTES] != header:
                    raise DamagedData(column)
                ad = prefix + self._part(column) + suffix
                raw = aead.decrypt(
                    blob[HEADER_BYTES : HEADER_BYTES + NONCE_BYTES],
                    blob[HEADER_BYTES + NONCE_BYTES :],
                    ad,
                )
                opened[column] = raw.decode("utf-8")
            except (DamagedData, InvalidTag, UnicodeDecodeError):
                opened[column] = ""
                damaged.append(column)
        return opened, tuple(damaged)

    def open_field(
        self, table: str, row_id: str, revision: int, column: str, blob: bytes | None
    ) -> str | None:
        """One sealed field of one row, or None when it is damaged.

        The lean path for a table whose row is one sealed document, read thousands at a time:
        the associated data is the same as `open`'s, joined from parts kept between calls.
        """
        aead = self._cipher()
        if blob is None or len(blob) < MIN_BLOB_BYTES or blob[:HEADER_BYTES] != self._header:
            return None
        raw_id = row_id.encode("utf-8")
        ad = b"".join(
            (
                self._row_base,
                self._part(table),
                _LENGTH.pack(len(raw_id)),
                raw_id,
                self._part(column),
                _REVISION.pack(8, revision),
            )
        )
        try:
            raw = aead.decrypt(
                blob[HEADER_BYTES : HEADER_BYTES + NONCE_BYTES],
                blob[HEADER_BYTES + NONCE_BYTES :],
                ad,
            )
            return raw.decode("utf-8")
        except (InvalidTag, UnicodeDecodeError):
            return None

    def _part(self, name: str) -> bytes:
        part = self._column_parts.get(name)
        if part is None:
            part = self._column_parts[name] = length_prefixed(name)
        return part

    def _cipher(self) -> AESGCM:
        if self._aead is None:
            raise NotebookLocked()
        return self._aead

    def seal(self, plaintext: str, where: FieldContext) -> bytes:
        header = bytes([BLOB_VERSION]) + self._data_key.key_id
        nonce = os.urandom(NONCE_BYTES)
        sealed = self._cipher().encrypt(nonce, plaintext.encode("utf-8"), self._ad(header, where))
        return header + nonce + sealed

    def seal_bytes(self, data: bytes, where: FieldContext) -> bytes:
        """`seal` for a value that is binary already (a search bucket's postings)."""
        nonce = os.urandom(NONCE_BYTES)
        return (
            self._header
            + nonce
            + self._cipher().encrypt(nonce, data, self._ad(self._header, where))
        )

    def open_bytes(self, blob: bytes | None, where: FieldContext) -> bytes | None:
        """What `seal_bytes` sealed, or None when the blob is damaged, moved or replayed."""
        aead = self._cipher()
        if blob is None or len(blob) < MIN_BLOB_BYTES or blob[:HEADER_BYTES] != self._header:
            return None
        try:
            return aead.decrypt(
                blob[HEADER_BYTES : HEADER_BYTES + NONCE_BYTES],
                blob[HEADER_BYTES + NONCE_BYTES :],
                self._ad(self._header, where),
            )
        except InvalidTag:
            return None

    def open(self, blob: bytes, where: FieldContext) -> str:
        aead = self._cipher()
        if len(blob) < MIN_BLOB_BYTES:
            raise DamagedData(f"{where.table}.{where.column} is truncated")
        header = blob[:HEADER_BYTES]
        if header[0] != BLOB_VERSION:
            raise DamagedData(f"{where.table}.{where.column} has an unknown format version")
        if header[1:] != self._data_key.key_id:
            raise DamagedData(f"{where.table}.{where.column} was sealed with a different key")
        nonce = blob[HEADER_BYTES : HEADER_BYTES + NONCE_BYTES]
        try:
            raw = aead.decrypt(nonce, blob[HEADER_BYTES + NONCE_BYTES :], self._ad(header, where))
        except InvalidTag:
            raise DamagedData(f"{where.table}.{where.column} failed its integrity check") from None
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            raise DamagedData(f"{where.table}.{where.column} is not valid text") from None

    def digest(self, purpose: str, data: bytes) -> str:
        """A keyed digest of `data` (HMAC-SHA256 under a key HKDF derives for `purpose`): equal
        for equal data in this notebook, and meaningless without the notebook's key."""
        self._cipher()  # a locked sealer has no key to digest with
        key = HKDF(
            algorithm=hashes.SHA256(),
            length=32,
            salt=None,
            info=length_prefixed(DIGEST_TAG, self._notebook_id, purpose),
        ).derive(self._data_key.material)
        mac = hmac.HMAC(key, hashes.SHA256())
        mac.update(data)
        return mac.finalize().hex()

    def subkey(self, purpose: str) -> bytes:
        """A key for one purpose other than sealing, derived from the data key (HKDF)."""
        from fieldnotes.crypto.integrity import derive_subkey

        if self._aead is None:
            raise NotebookLocked()
        return derive_subkey(self._data_key.material, self._notebook_id, purpose)

    def forget(self) -> None:
        """Drop the cipher and zero our copy of the key (best effort: Python may hold copies)."""
        self._aead = None
        self._data_key.wipe()

    def __repr__(self) -> str:
        return "FieldSealer(<key hidden>)"
