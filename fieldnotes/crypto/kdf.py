"""Argon2id key derivation with a floor and a ceiling checked before any work is done."""

from __future__ import annotations

import contextlib
import threading
from dataclasses import dataclass

from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from fieldnotes.errors import UnsafeParameters

_ONE_DERIVATION_AT_A_TIME = threading.Lock()

KEY_BYTES = 32
SALT_BYTES = 16

# Below the floor a stolen notebook is cheap to attack; above the ceiling a hostile file could
# make unlock cost minutes or all of the machine's memory.
MIN_MEMORY_KIB = 64 * 1024
MAX_MEMORY_KIB = 1024 * 1024
MIN_ITERATIONS = 3
MAX_ITERATIONS = 10
MIN_LANES = 1
MAX_LANES = 16


@dataclass(frozen=True, slots=True)
class KdfParams:
    memory_kib: int
    iterations: int
    lanes: int

    def check(self) -> None:
        if not MIN_MEMORY_KIB <= self.memory_kib <= MAX_MEMORY_KIB:
            raise UnsafeParameters(
                f"key-derivation memory {self.memory_kib} KiB is outside "
                f"{MIN_MEMORY_KIB}–{MAX_MEMORY_KIB} KiB; refusing to unlock"
            )
        if not MIN_ITERATIONS <= self.iterations <= MAX_ITERATIONS:
            raise UnsafeParameters(
                f"key-derivation passes {self.iterations} outside "
                f"{MIN_ITERATIONS}–{MAX_ITERATIONS}; refusing to unlock"
            )
        if not MIN_LANES <= self.lanes <= MAX_LANES:
            raise UnsafeParameters(
                f"key-derivation lanes {self.lanes} outside {MIN_LANES}–{MAX_LANES}; "
                "refusing to unlock"
            )


DEFAULT_KDF = KdfParams(memory_kib=256 * 1024, iterations=3, lanes=4)
# The cheapest parameters we accept: for tests and the throwaway demo notebook only.
FLOOR_KDF = KdfParams(memory_kib=MIN_MEMORY_KIB, iterations=MIN_ITERATIONS, lanes=4)


def argon2id(
    password: bytes,
    salt: bytes,
    *,
    memory_kib: int,
    iterations: int,
    lanes: int,
    length: int = KEY_BYTES,
    secret: bytes | None = None,
    ad: bytes | None = None,
) -> bytes:
    """Raw Argon2id with no policy: only for known-answer tests and `derive_key`."""
    kdf = Argon2id(
        salt=salt,
        length=length,
        iterations=iterations,
        lanes=lanes,
        memory_cost=memory_kib,
        ad=ad,
        secret=secret,
    )
    # Two derivations at once in one process can hang or fail for memory inside the library
    # (seen with cryptography 50): one at a time, whichever thread asks.
    with _ONE_DERIVATION_AT_A_TIME:
        return kdf.derive(password)


def derive_key(passphrase: str, salt: bytes, params: KdfParams) -> bytearray:
    """Derive a key-encryption key; parameters and salt are checked before the KDF runs."""
    params.check()
    if len(salt) != SALT_BYTES:
        raise UnsafeParameters(f"key-derivation salt must be {SALT_BYTES} bytes")
    key = argon2id(
        passphrase.encode("utf-8"),
        salt,
        memory_kib=params.memory_kib,
        iterations=params.iterations,
        lanes=params.lanes,
    )
    return bytearray(key)


class EarlyDerivation:
    """A key derivation started before it is needed, in a thread.

    Argon2id releases the interpreter while it works, so a command can load the rest of the
    program and read the notebook during the second it takes. `take` hands the key over
    once; `unwrap_keyslot` uses it only if the keyslot's salt and cost match what was
    started, and derives afresh otherwise.
    """

    def __init__(self, passphrase: str, salt: bytes, params: KdfParams) -> None:
        self.salt = bytes(salt)
        self.params = params
        self._key: bytearray | None = None
        self._thread = threading.Thread(
            target=self._derive, args=(passphrase,), name="key-derivation", daemon=True
        )
        self._thread.start()

    def _derive(self, passphrase: str) -> None:
        # A failure (parameters out of bounds) leaves no key: the ordinary path reports it.
        with contextlib.suppress(Exception):
            self._key = derive_key(passphrase, self.salt, self.params)

    def take(self, salt: bytes, params: KdfParams) -> bytearray | None:
        """The derived key if it was derived for this salt and cost; None otherwise."""
        self._thread.join()
        key, self._key = self._key, None
        if key is None or salt != self.salt or params != self.params:
            if key is not None:
                key[:] = bytes(len(key))
            return None
        return key
