"""Key derivation, keyslots and field sealing: known answers, round trips, tampering."""

from __future__ import annotations

import os
import threading

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fieldnotes.crypto import FieldContext, FieldSealer, KdfParams, new_data_key
from fieldnotes.crypto.encoding import length_prefixed
from fieldnotes.crypto.fields import MIN_BLOB_BYTES
from fieldnotes.crypto.kdf import FLOOR_KDF, EarlyDerivation, argon2id, derive_key
from fieldnotes.crypto.keyslot import Keyslot, unwrap_keyslot, wrap_keyslot
from fieldnotes.errors import DamagedData, UnsafeParameters, WrongPassphrase

NOTEBOOK = os.urandom(16)
WHERE = FieldContext("note", "0b8c6d0e-1111-4a4a-9b9b-123456789abc", "description", 1)


@pytest.fixture(scope="module")
def sealer() -> FieldSealer:
    return FieldSealer(new_data_key(), NOTEBOOK)


def test_argon2id_rfc9106_known_answer() -> None:
    # RFC 9106 section 5.3 test vector for Argon2id.
    tag = argon2id(
        b"\x01" * 32,
        b"\x02" * 16,
        memory_kib=32,
        iterations=3,
        lanes=4,
        secret=b"\x03" * 8,
        ad=b"\x04" * 12,
    )
    assert tag.hex() == "0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659"


def test_length_prefixing_is_unambiguous() -> None:
    assert length_prefixed("ab", "c") != length_prefixed("a", "bc")
    assert length_prefixed("", "x") != length_prefixed("x", "")


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text())
def test_round_trip_any_text(sealer: FieldSealer, value: str) -> None:
    assert sealer.open(sealer.seal(value, WHERE), WHERE) == value


@pytest.mark.parametrize(
    "value",
    ["", "é — “quotes” 👩‍👧", "\x00\ufeff", "x" * (1024 * 1024)],
    ids=["empty", "unicode", "nul-bom", "1MiB"],
)
def test_round_trip_edges(sealer: FieldSealer, value: str) -> None:
    assert sealer.open(sealer.seal(value, WHERE), WHERE) == value


def test_every_bit_flip_and_truncation_is_a_typed_error(sealer: FieldSealer) -> None:
    blob = sealer.seal("the family were not at home", WHERE)
    for index in range(len(blob)):
        for bit in range(8):
            tampered = bytearray(blob)
            tampered[index] ^= 1 << bit
            with pytest.raises(DamagedData):
                sealer.open(bytes(tampered), WHERE)
    for length in range(len(blob)):
        with pytest.raises(DamagedData):
            sealer.open(blob[:length], WHERE)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=MIN_BLOB_BYTES * 3))
def test_arbitrary_bytes_never_crash(sealer: FieldSealer, junk: bytes) -> None:
    with pytest.raises(DamagedData):
        sealer.open(junk, WHERE)


@pytest.mark.parametrize(
    "elsewhere",
    [
        FieldContext("note", "another-row", "description", 1),
        FieldContext("note", WHERE.row_id, "asides", 1),
        FieldContext("memo", WHERE.row_id, "description", 1),
        FieldContext("note", WHERE.row_id, "description", 2),
    ],
    ids=["other row", "other column", "other table", "other revision"],
)
def test_blob_moved_elsewhere_fails(sealer: FieldSealer, elsewhere: FieldContext) -> None:
    blob = sealer.seal("moved", WHERE)
    with pytest.raises(DamagedData):
        sealer.open(blob, elsewhere)


def test_blob_from_another_notebook_fails() -> None:
    key = new_data_key()
    ours = FieldSealer(key, os.urandom(16))
    # Same key material, different notebook id: the binding alone must stop it.
    theirs = FieldSealer(type(key)(bytearray(key.material), key.key_id), os.urandom(16))
    with pytest.raises(DamagedData):
        theirs.open(ours.seal("x", WHERE), WHERE)


def test_no_repeated_nonce_in_100k_seals(sealer: FieldSealer) -> None:
    nonces = set()
    for _ in range(100_000):
        blob = sealer.seal("same", WHERE)
        nonces.add(blob[9:21])
    assert len(nonces) == 100_000
    assert sealer.seal("same", WHERE) != sealer.seal("same", WHERE)


def test_locked_sealer_refuses() -> None:
    sealer = FieldSealer(new_data_key(), NOTEBOOK)
    blob = sealer.seal("x", WHERE)
    sealer.forget()
    from fieldnotes.errors import NotebookLocked

    with pytest.raises(NotebookLocked):
        sealer.open(blob, WHERE)


@pytest.fixture(scope="module")
def slot() -> tuple[Keyslot, bytes]:
    key = new_data_key()
    return wrap_keyslot(key, "right phrase", NOTEBOOK, FLOOR_KDF), key.material


def test_keyslot_round_trip_and_wrong_passphrase(slot: tuple[Keyslot, bytes]) -> None:
    keyslot, material = slot
    assert unwrap_keyslot(keyslot, "right phrase", NOTEBOOK).material == material
    with pytest.raises(WrongPassphrase) as wrong:
        unwrap_keyslot(keyslot, "wrong phrase", NOTEBOOK)
    assert str(wrong.value) == str(WrongPassphrase())


def test_an_early_derivation_is_used_only_for_its_own_slot(slot: tuple[Keyslot, bytes]) -> None:
    keyslot, material = slot
    early = EarlyDerivation("right phrase", keyslot.salt, keyslot.params)
    assert unwrap_keyslot(keyslot, "right phrase", NOTEBOOK, early).material == material
    # Started for a salt the slot no longer has (the passphrase was changed meanwhile):
    # ignored, and the slot's own derivation decides.
    stale = EarlyDerivation("right phrase", os.urandom(16), keyslot.params)
    assert unwrap_keyslot(keyslot, "right phrase", NOTEBOOK, stale).material == material
    wrong = EarlyDerivation("wrong phrase", keyslot.salt, keyslot.params)
    with pytest.raises(WrongPassphrase):
        unwrap_keyslot(keyslot, "wrong phrase", NOTEBOOK, wrong)
    # Parameters out of bounds fail in the thread, quietly; the ordinary check reports them.
    hostile = EarlyDerivation("right phrase", keyslot.salt, KdfParams(16, 1, 1))
    assert hostile.take(keyslot.salt, KdfParams(16, 1, 1)) is None
    # A key is handed over once.
    once = EarlyDerivation("right phrase", keyslot.salt, keyslot.params)
    assert once.take(keyslot.salt, keyslot.params) is not None
    assert once.take(keyslot.salt, keyslot.params) is None


def test_derivations_asked_for_at_once_all_finish() -> None:
    """Two Argon2id derivations at once in one process hang inside the library; ours queue."""
    salt = os.urandom(16)
    keys: list[bytearray] = []
    threads = [
        threading.Thread(target=lambda: keys.append(derive_key("phrase", salt, FLOOR_KDF)))
        for _ in range(3)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    assert len(keys) == 3 and keys[0] == keys[1] == keys[2]


def test_keyslot_every_bit_flip_of_wrapped_key_fails(slot: tuple[Keyslot, bytes]) -> None:
    keyslot, _ = slot
    from dataclasses import replace

    # Deriving is the slow part, so derive once and flip bits below the KDF.
    for index in range(0, len(keyslot.wrapped), 5):
        tampered = bytearray(keyslot.wrapped)
        tampered[index] ^= 0x01
        with pytest.raises(WrongPassphrase):
            unwrap_keyslot(replace(keyslot, wrapped=bytes(tampered)), "right phrase", NOTEBOOK)
    for length in (0, 1, 12, len(keyslot.wrapped) - 1):
        with pytest.raises(WrongPassphrase):
            unwrap_keyslot(
                replace(keyslot, wrapped=keyslot.wrapped[:length]), "right phrase", NOTEBOOK
            )


def test_keyslot_salt_or_parameters_tampered_fails(slot: tuple[Keyslot, bytes]) -> None:
    from dataclasses import replace

    keyslot, _ = slot
    salt = bytearray(keyslot.salt)
    salt[0] ^= 1
    with pytest.raises(WrongPassphrase):
        unwrap_keyslot(replace(keyslot, salt=bytes(salt)), "right phrase", NOTEBOOK)
    stronger = KdfParams(FLOOR_KDF.memory_kib, FLOOR_KDF.iterations + 1, FLOOR_KDF.lanes)
    with pytest.raises(WrongPassphrase):
        unwrap_keyslot(replace(keyslot, params=stronger), "right phrase", NOTEBOOK)
    with pytest.raises(WrongPassphrase):
        unwrap_keyslot(keyslot, "right phrase", os.urandom(16))


@pytest.mark.parametrize(
    "params",
    [
        KdfParams(32 * 1024, 3, 4),
        KdfParams(64 * 1024, 2, 4),
        KdfParams(2 * 1024 * 1024, 3, 4),
        KdfParams(256 * 1024, 11, 4),
        KdfParams(256 * 1024, 3, 0),
        KdfParams(4 * 1024 * 1024 * 1024, 1000, 4),
    ],
    ids=["memory-low", "passes-low", "memory-high", "passes-high", "no-lanes", "hostile"],
)
def test_parameters_outside_range_refused_before_kdf(
    slot: tuple[Keyslot, bytes], params: KdfParams, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dataclasses import replace

    import fieldnotes.crypto.kdf as kdf

    def kdf_must_not_run(*_args: object, **_kwargs: object) -> bytes:
        raise AssertionError("the KDF ran on parameters it should have refused")

    monkeypatch.setattr(kdf, "argon2id", kdf_must_not_run)
    keyslot, _ = slot
    with pytest.raises(UnsafeParameters):
        unwrap_keyslot(replace(keyslot, params=params), "right phrase", NOTEBOOK)
    with pytest.raises(UnsafeParameters):
        derive_key("x", keyslot.salt, params)


def test_data_key_repr_hides_material() -> None:
    key = new_data_key()
    assert key.material.hex() not in repr(key)
    key.wipe()
    with pytest.raises(ValueError):
        _ = key.material


def test_open_row_matches_open_and_reports_each_damaged_field(sealer: FieldSealer) -> None:
    row_id = "5d1c2b8e-0000-4000-8000-000000000001"
    blobs = {
        column: sealer.seal(f"{column} text", FieldContext("note", row_id, column, 3))
        for column in ("team", "description", "asides")
    }
    opened, damaged = sealer.open_row("note", row_id, 3, blobs)
    assert opened == {
        "team": "team text",
        "description": "description text",
        "asides": "asides text",
    }
    assert damaged == ()
    swapped = {**blobs, "team": blobs["asides"], "asides": b"short"}
    opened, damaged = sealer.open_row("note", row_id, 3, swapped)
    assert damaged == ("team", "asides")
    assert opened["description"] == "description text" and opened["team"] == ""
    assert sealer.open_row("note", row_id, 4, blobs)[1] == ("team", "description", "asides")


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    value=st.text(),
    row_id=st.text(min_size=1, max_size=40),
    revision=st.integers(min_value=1, max_value=2**40),
)
def test_open_field_opens_what_seal_sealed(
    sealer: FieldSealer, value: str, row_id: str, revision: int
) -> None:
    blob = sealer.seal(value, FieldContext("note", row_id, "content", revision))
    assert sealer.open_field("note", row_id, revision, "content", blob) == value
    assert sealer.open(blob, FieldContext("note", row_id, "content", revision)) == value


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(position=st.integers(min_value=0), flip=st.integers(min_value=1, max_value=255))
def test_open_field_gives_none_for_any_flipped_byte(
    sealer: FieldSealer, position: int, flip: int
) -> None:
    blob = sealer.seal("a whole note", FieldContext("note", "row-1", "content", 2))
    index = position % len(blob)
    tampered = blob[:index] + bytes([blob[index] ^ flip]) + blob[index + 1 :]
    assert sealer.open_field("note", "row-1", 2, "content", tampered) is None


def test_open_field_gives_none_when_moved_replayed_cut_or_missing(sealer: FieldSealer) -> None:
    blob = sealer.seal("a whole note", FieldContext("note", "row-1", "content", 2))
    assert sealer.open_field("note", "row-2", 2, "content", blob) is None
    assert sealer.open_field("note", "row-1", 3, "content", blob) is None
    assert sealer.open_field("note", "row-1", 2, "team", blob) is None
    assert sealer.open_field("memo", "row-1", 2, "content", blob) is None
    assert sealer.open_field("note", "row-1", 2, "content", blob[:-1]) is None
    assert sealer.open_field("note", "row-1", 2, "content", b"") is None
    assert sealer.open_field("note", "row-1", 2, "content", None) is None
    other = FieldSealer(new_data_key(), NOTEBOOK)
    assert other.open_field("note", "row-1", 2, "content", blob) is None
