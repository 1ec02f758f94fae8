"""age passphrase files at a low scrypt cost, for tests that only need *a* passphrase file.

rage times the machine and picks a cost of about a second for each encryption, and the same
again to open the file: an invitation made and redeemed costs four seconds, and the suite makes
hundreds of passphrase files. These are written to the age v1 format (scrypt recipient, STREAM
payload, optional armor) with a cost of 2^10, and every one is opened by the real pyrage, so a
mistake here fails the test that reads it. Tests marked `real_scrypt` keep rage's own writer.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

WORK_FACTOR = 10
CHUNK = 64 * 1024


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii").rstrip("=")


def _hkdf(key: bytes, salt: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(key)


def _payload(file_key: bytes, plaintext: bytes) -> bytes:
    nonce = os.urandom(16)
    aead = ChaCha20Poly1305(_hkdf(file_key, nonce, b"payload"))
    chunks = [plaintext[at : at + CHUNK] for at in range(0, len(plaintext), CHUNK)] or [b""]
    last = len(chunks) - 1
    sealed = [
        aead.encrypt(n.to_bytes(11, "big") + bytes([n == last]), chunk, None)
        for n, chunk in enumerate(chunks)
    ]
    return nonce + b"".join(sealed)


def encrypt(plaintext: bytes, passphrase: str, armored: bool = False) -> bytes:
    """What `pyrage.passphrase.encrypt` returns, at a cost tests can afford."""
    file_key, salt = os.urandom(16), os.urandom(16)
    wrapping = hashlib.scrypt(
        passphrase.encode("utf-8"),
        salt=b"age-encryption.org/v1/scrypt" + salt,
        n=2**WORK_FACTOR,
        r=8,
        p=1,
        dklen=32,
    )
    wrapped = ChaCha20Poly1305(wrapping).encrypt(bytes(12), file_key, None)
    header = f"age-encryption.org/v1\n-> scrypt {_b64(salt)} {WORK_FACTOR}\n{_b64(wrapped)}\n---"
    mac = hmac.new(_hkdf(file_key, b"", b"header"), header.encode("ascii"), "sha256").digest()
    binary = f"{header} {_b64(mac)}\n".encode("ascii") + _payload(file_key, bytes(plaintext))
    if not armored:
        return binary
    text = base64.b64encode(binary).decode("ascii")
    lines = [text[at : at + 64] for at in range(0, len(text), 64)]
    return (
        "-----BEGIN AGE ENCRYPTED FILE-----\n"
        + "".join(f"{line}\n" for line in lines)
        + "-----END AGE ENCRYPTED FILE-----\n"
    ).encode("ascii")
