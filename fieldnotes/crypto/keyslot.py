"""The envelope: a random data key wrapped by a passphrase-derived key in a keyslot."""

from __future__ import annotations

import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from fieldnotes.crypto.encoding import length_prefixed
from fieldnotes.crypto.kdf import KEY_BYTES, SALT_BYTES, EarlyDerivation, KdfParams, derive_key
from fieldnotes.errors import WrongPassphrase

KEYSLOT_TAG = b"fieldnotes/keyslot/v1"
KEY_ID_BYTES = 8
NONCE_BYTES = 12


class DataKey:
    """The notebook's data key, held in a bytearray so lock can zero it (best effort in Python)."""

    __slots__ = ("_key", "key_id")

    def __init__(self, key: bytearray, key_id: bytes) -> None:
        if len(key) != KEY_BYTES or len(key_id) != KEY_ID_BYTES:
            raise ValueError("malformed data key")
        self._key = key
        self.key_id = key_id

    @property
    def material(self) -> bytes:
        if not any(self._key):
            raise ValueError("data key has been wiped")
        return bytes(self._key)

    def wipe(self) -> None:
        for index in range(len(self._key)):
            self._key[index] = 0

    def __repr__(self) -> str:
        return f"DataKey(key_id={self.key_id.hex()}, material=<hidden>)"


def new_data_key() -> DataKey:
    return DataKey(bytearray(os.urandom(KEY_BYTES)), os.urandom(KEY_ID_BYTES))


@dataclass(frozen=True, slots=True)
class Keyslot:
    """What is stored in clear: enough to re-derive the wrapping key, nothing more."""

    salt: bytes
    params: KdfParams
    key_id: bytes
    wrapped: bytes  # nonce ‖ AES-256-GCM(data key)


def _keyslot_ad(notebook_id: bytes, salt: bytes, params: KdfParams, key_id: bytes) -> bytes:
    # Binding the salt and parameters means tampering with either fails the unwrap.
    return length_prefixed(
        KEYSLOT_TAG,
        notebook_id,
        salt,
        params.memory_kib,
        params.iterations,
        params.lanes,
        key_id,
    )


def wrap_keyslot(
    data_key: DataKey, passphrase: str, notebook_id: bytes, params: KdfParams
) -> Keyslot:
    salt = os.urandom(SALT_BYTES)
    kek = derive_key(passphrase, salt, params)
    try:
        nonce = os.urandom(NONCE_BYTES)
        sealed = AESGCM(bytes(kek)).encrypt(
            nonce, data_key.material, _keyslot_ad(notebook_id, salt, params, data_key.key_id)
        )
    finally:
        kek[:] = bytes(len(kek))
    return Keyslot(salt=salt, params=params, key_id=data_key.key_id, wrapped=nonce + sealed)


def unwrap_keyslot(
    slot: Keyslot, passphrase: str, notebook_id: bytes, early: EarlyDerivation | None = None
) -> DataKey:
    """Open a keyslot. Parameters are checked before the KDF; any failure is one generic error.

    `early` is a derivation of the same passphrase started beforehand; it is used only if it
    was made for this slot's salt and cost.
    """
    slot.params.check()
    if len(slot.salt) != SALT_BYTES or len(slot.key_id) != KEY_ID_BYTES:
        raise WrongPassphrase()
    if len(slot.wrapped) != NONCE_BYTES + KEY_BYTES + 16:
        raise WrongPassphrase()
    kek = early.take(slot.salt, slot.params) if early is not None else None
    if kek is None:
        kek = derive_key(passphrase, slot.salt, slot.params)
    try:
        key = AESGCM(bytes(kek)).decrypt(
            slot.wrapped[:NONCE_BYTES],
            slot.wrapped[NONCE_BYTES:],
            _keyslot_ad(notebook_id, slot.salt, slot.params, slot.key_id),
        )
    except InvalidTag:
        raise WrongPassphrase() from None
    finally:
        kek[:] = bytes(len(kek))
    return DataKey(bytearray(key), slot.key_id)
