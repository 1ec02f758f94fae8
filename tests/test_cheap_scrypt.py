"""The suite's cheap passphrase files are age files the real pyrage opens, chunk edges included."""

from __future__ import annotations

import pyrage.passphrase
import pytest

from fieldnotes.crypto.age import inspect_header
from tests import cheap_scrypt


@pytest.mark.parametrize("size", [0, 1, cheap_scrypt.CHUNK, cheap_scrypt.CHUNK + 1, 3 * 65536])
@pytest.mark.parametrize("armored", [False, True])
def test_pyrage_opens_what_the_cheap_writer_wrote(size: int, armored: bool) -> None:
    plaintext = bytes(range(256)) * (size // 256) + bytes(size % 256)
    sealed = cheap_scrypt.encrypt(plaintext, "a passphrase", armored=armored)
    assert inspect_header(sealed).scrypt_work_factor == cheap_scrypt.WORK_FACTOR
    assert pyrage.passphrase.decrypt(sealed, "a passphrase") == plaintext
    with pytest.raises(Exception, match=r"(?i)decrypt"):
        pyrage.passphrase.decrypt(sealed, "another passphrase")
