"""Team keys: signed statements, the data key wrapped per member, and invitations.

Each property a team relies on is tried from the attacker's side: a flipped byte, a statement
replayed under another purpose or notebook, a key that is not the member's, a forged grant.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fieldnotes.crypto.age import generate_identity
from fieldnotes.crypto.encoding import length_prefixed, split_length_prefixed
from fieldnotes.crypto.team import (
    PURPOSES,
    Invitation,
    InvitationRefused,
    MemberKeys,
    MemberPublic,
    SignatureRefused,
    make_grant,
    new_data_key,
    open_invitation,
    read_invitation,
    wrap_data_key,
)
from fieldnotes.errors import DamagedData, InvalidInput

NOTEBOOK = b"\x01" * 16
OTHER_NOTEBOOK = b"\x02" * 16
LEAD = MemberKeys.generate()
CODER = MemberKeys.generate()
NOW = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
INVITE_PASSPHRASE = "heron quarry violet ledge"
ROW = [b"note-7f1e", 3, 1, b"\x00sealed blob\xff"]


def test_a_statement_verifies_for_its_signer_only() -> None:
    signature = LEAD.sign(NOTEBOOK, "row", ROW)
    LEAD.public.verify(signature, NOTEBOOK, "row", ROW)
    with pytest.raises(SignatureRefused, match="not signed by the member"):
        CODER.public.verify(signature, NOTEBOOK, "row", ROW)
    with pytest.raises(SignatureRefused, match="no valid signature"):
        LEAD.public.verify(None, NOTEBOOK, "row", ROW)


def test_a_signature_cannot_be_replayed_under_another_purpose_or_notebook() -> None:
    signature = LEAD.sign(NOTEBOOK, "row", ROW)
    for purpose in PURPOSES:
        if purpose != "row":
            with pytest.raises(SignatureRefused):
                LEAD.public.verify(signature, NOTEBOOK, purpose, ROW)
    with pytest.raises(SignatureRefused):
        LEAD.public.verify(signature, OTHER_NOTEBOOK, "row", ROW)


@given(st.data())
def test_any_changed_byte_of_the_statement_or_signature_is_refused(data: st.DataObject) -> None:
    parts = [b"note-1", 2, 1, data.draw(st.binary(min_size=1, max_size=64))]
    signature = CODER.sign(NOTEBOOK, "row", parts)
    if data.draw(st.booleans()):
        blob = bytearray(parts[3])  # type: ignore[arg-type]
        index = data.draw(st.integers(0, len(blob) - 1))
        blob[index] ^= data.draw(st.integers(1, 255))
        parts[3] = bytes(blob)
    else:
        changed = bytearray(signature)
        index = data.draw(st.integers(0, len(changed) - 1))
        changed[index] ^= data.draw(st.integers(1, 255))
        signature = bytes(changed)
    with pytest.raises(SignatureRefused):
        CODER.public.verify(signature, NOTEBOOK, "row", parts)


def test_parts_are_length_prefixed_so_moving_a_boundary_breaks_the_signature() -> None:
    signature = LEAD.sign(NOTEBOOK, "row", [b"ab", b"c"])
    with pytest.raises(SignatureRefused):
        LEAD.public.verify(signature, NOTEBOOK, "row", [b"a", b"bc"])


def test_member_keys_round_trip_sealed_bytes_and_never_show_secrets() -> None:
    again = MemberKeys.from_bytes(LEAD.to_bytes())
    assert again.public == LEAD.public
    LEAD.public.verify(again.sign(NOTEBOOK, "member", ["x"]), NOTEBOOK, "member", ["x"])
    assert "AGE-SECRET" not in repr(LEAD) and LEAD.public.fingerprint in repr(LEAD)
    with pytest.raises(DamagedData):
        MemberKeys.from_bytes(LEAD.to_bytes()[:-1])


def test_the_fingerprint_reads_aloud_and_differs_per_member() -> None:
    fingerprint = LEAD.public.fingerprint
    groups = fingerprint.split("-")
    assert len(groups) == 8 and all(len(g) == 4 and g.isalnum() for g in groups)
    assert fingerprint != CODER.public.fingerprint
    swapped = MemberPublic(LEAD.public.recipient, CODER.public.verify_key)
    assert swapped.fingerprint not in (fingerprint, CODER.public.fingerprint)


def test_the_data_key_opens_only_for_the_member_it_was_wrapped_to() -> None:
    key = new_data_key()
    wrapped = wrap_data_key(key, CODER.public.recipient)
    assert CODER.unwrap(wrapped) == key
    with pytest.raises(DamagedData, match="does not open"):
        LEAD.unwrap(wrapped)
    with pytest.raises(DamagedData):
        CODER.unwrap(wrapped[:-3] + bytes(3))
    with pytest.raises(InvalidInput):
        wrap_data_key(b"short", CODER.public.recipient)


@pytest.mark.skipif(shutil.which("age") is None, reason="the `age` tool is not installed")
def test_a_wrapped_key_is_a_plain_age_file_the_age_tool_opens(tmp_path: Path) -> None:
    identity, _ = generate_identity()
    member = MemberKeys(identity, bytes(range(32)))
    key = new_data_key()
    identity_file = tmp_path / "member.key"
    identity_file.write_text(identity + "\n")
    wrapped = tmp_path / "key.age"
    wrapped.write_bytes(wrap_data_key(key, member.public.recipient))
    opened = subprocess.run(
        ["age", "--decrypt", "-i", str(identity_file), str(wrapped)],
        capture_output=True,
        check=True,
    )
    assert opened.stdout == key


def _invitation(**changes: object) -> Invitation:
    grant = make_grant(
        LEAD,
        NOTEBOOK,
        label="AP, Westfield",
        role="coder",
        granted_by="PSW",
        expires_at=NOW + timedelta(days=7),
    )
    fields: dict[str, object] = {
        "notebook_id": NOTEBOOK,
        "server": "postgresql://db.example.invalid/fieldnotes",
        "database_role": "fn_member_ap",
        "database_password": "one-time-7d1c",
        "grant": grant,
        "lead": LEAD.public,
        "generation": 1,
        "data_key": new_data_key(),
    }
    fields.update(changes)
    return Invitation(**fields)  # type: ignore[arg-type]


@pytest.mark.real_scrypt
def test_an_invitation_is_an_age_passphrase_file_that_keeps_every_field() -> None:
    """age's scrypt costs about a second a try, so the file itself is made and opened once;
    test_age.py covers the age layer's refusals (wrong passphrase, damaged files)."""
    invitation = _invitation()
    sealed = invitation.seal(INVITE_PASSPHRASE)
    assert sealed.startswith(b"-----BEGIN AGE ENCRYPTED FILE-----")
    assert invitation.database_password.encode() not in sealed
    assert open_invitation(sealed, INVITE_PASSPHRASE, now=NOW) == invitation
    with pytest.raises(InvitationRefused):
        open_invitation(sealed[:40] + sealed[60:], INVITE_PASSPHRASE, now=NOW)


def test_an_expired_invitation_is_refused() -> None:
    document = _invitation().to_document()
    assert read_invitation(document, now=NOW).grant.label == "AP, Westfield"
    with pytest.raises(InvitationRefused, match="expired"):
        read_invitation(document, now=NOW + timedelta(days=8))


@pytest.mark.parametrize(
    ("field", "value"),
    [("role", "lead"), ("label", "Someone else"), ("expires_at", 2_000_000_000)],
)
def test_a_forged_grant_is_refused_even_inside_a_well_made_file(field: str, value: object) -> None:
    """Someone who knows the passphrase rewrites the grant and seals the file again."""
    document = json.loads(_invitation().to_document())
    document["grant"][field] = value
    with pytest.raises(SignatureRefused):
        read_invitation(json.dumps(document).encode(), now=NOW)


def test_a_grant_signed_by_someone_else_than_the_named_lead_is_refused() -> None:
    impostor = _invitation(lead=CODER.public)
    with pytest.raises(SignatureRefused):
        read_invitation(impostor.to_document(), now=NOW)


def test_a_file_that_is_not_an_invitation_is_refused_plainly() -> None:
    with pytest.raises(InvitationRefused, match="not a fieldnotes invitation"):
        read_invitation(b'{"format": "something-else"}', now=NOW)
    with pytest.raises(InvitationRefused, match="damaged"):
        read_invitation(b"\xff\xfe not json", now=NOW)
    with pytest.raises(InvitationRefused):
        open_invitation(b"hello", INVITE_PASSPHRASE, now=NOW)


@pytest.mark.parametrize("key", ["notebook_id", "data_key", "lead", "generation", "grant"])
def test_an_invitation_missing_a_part_is_refused_by_name(key: str) -> None:
    document = json.loads(_invitation().to_document())
    del document[key]
    with pytest.raises(InvitationRefused):
        read_invitation(json.dumps(document).encode(), now=NOW)


@given(st.lists(st.binary(max_size=40), max_size=6), st.integers(0, 8))
def test_length_prefixed_parts_split_back_exactly(parts: list[bytes], cut: int) -> None:
    joined = length_prefixed(*parts)
    assert split_length_prefixed(joined, len(parts)) == parts
    assert split_length_prefixed(joined, len(parts) + 1) is None
    if joined and cut:
        assert split_length_prefixed(joined[:-cut], len(parts)) is None
