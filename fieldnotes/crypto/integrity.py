"""Keyed checksums over what is not sealed: HKDF-derived subkeys and HMAC-SHA256.

The data key never authenticates anything itself: each use gets its own subkey, derived with
HKDF-SHA256 and bound to the notebook, so a checksum made for one purpose (the rows of the
file, this machine's record of it) can never stand in for another.
"""

from __future__ import annotations

import hmac
import struct
from collections.abc import Callable

from cryptography.hazmat.primitives import constant_time, hashes
from cryptography.hazmat.primitives.hmac import HMAC
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from fieldnotes.crypto.encoding import length_prefixed

_LENGTH = struct.Struct(">I").pack
"""The length prefix of `length_prefixed`."""
SUBKEY_TAG = b"fieldnotes/subkey/v1"
MAC_BYTES = 32


def derive_subkey(key_material: bytes, notebook_id: bytes, purpose: str) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=None,
        info=length_prefixed(SUBKEY_TAG, notebook_id, purpose),
    ).derive(key_material)


def mac(key: bytes, *parts: bytes | str | int) -> bytes:
    """HMAC-SHA256 over the parts, each length-prefixed so no two lists give the same input."""
    state = HMAC(key, hashes.SHA256())
    state.update(length_prefixed(*parts))
    return state.finalize()


def keyed_mac(key: bytes, *first: bytes | str | int) -> Callable[[str, str], bytes]:
    """`mac(key, *first, a, b)` for many texts `a`, `b` in a row (the manifest's buckets, a
    few hundred thousand at a full check): the same bytes, by the standard library's one-shot
    HMAC, the fixed parts encoded once and no object made per checksum."""
    head = length_prefixed(*first)
    length = _LENGTH

    def keyed(a: str, b: str) -> bytes:
        raw_a, raw_b = a.encode("utf-8"), b.encode("utf-8")
        message = b"".join((head, length(len(raw_a)), raw_a, length(len(raw_b)), raw_b))
        return hmac.digest(key, message, "sha256")

    return keyed


def mac_matches(key: bytes, tag: object, *parts: bytes | str | int) -> bool:
    if not isinstance(tag, bytes) or len(tag) != MAC_BYTES:
        return False
    return constant_time.bytes_eq(mac(key, *parts), tag)
