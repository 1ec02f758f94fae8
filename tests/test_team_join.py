"""Joining a team, through a real PostgreSQL: the invitation's key derivation (age's scrypt)
runs while the new notebook's own (Argon2id) does, and a wrong invitation passphrase still
leaves nothing behind.

Skips, saying why, without `FIELDNOTES_TEST_POSTGRES_URL` (`tests/team_support.py`).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from fieldnotes.crypto import kdf
from fieldnotes.crypto.kdf import FLOOR_KDF
from fieldnotes.crypto.team import InvitationRefused
from fieldnotes.errors import DecryptFailed
from fieldnotes.notebook import join_team
from fieldnotes.storage.team import replica_sync
from tests.conftest import TEST_PASSPHRASE
from tests.test_team_sync import INVITATION_PASSPHRASE, Cluster, _note, cluster_on

WAIT_S = 60.0
"""How long either side waits for the other to be under way: only a join that runs them one
after the other waits it out (and fails)."""


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[Cluster]:
    with cluster_on(tmp_path) as built:
        yield built


def test_the_invitation_is_opened_while_the_new_notebooks_key_is_derived(
    cluster: Cluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    lead = cluster.lead()
    lead.team_create(cluster.lead_url, "Lead A", name=cluster.prefix)
    note = lead.add_note(_note("A note the newcomer pulls."))
    lead.sync()
    sealed = cluster.invitation(lead, "PSW 1", "capture")
    deriving, opening = threading.Event(), threading.Event()
    derive, open_invitation = kdf.argon2id, replica_sync.open_invitation

    def derive_meanwhile(*args: Any, **kwargs: Any) -> bytes:
        deriving.set()
        if not opening.wait(WAIT_S):
            raise AssertionError("the invitation was not being opened meanwhile")
        return derive(*args, **kwargs)

    def open_meanwhile(*args: Any, **kwargs: Any) -> Any:
        opening.set()
        if not deriving.wait(WAIT_S):
            raise AssertionError("the new notebook's key was not being derived meanwhile")
        return open_invitation(*args, **kwargs)

    monkeypatch.setattr(kdf, "argon2id", derive_meanwhile)
    monkeypatch.setattr(replica_sync, "open_invitation", open_meanwhile)
    joined = join_team(
        cluster.tmp / "psw.fieldnotes",
        sealed,
        INVITATION_PASSPHRASE,
        TEST_PASSPHRASE,
        kdf=FLOOR_KDF,
    )
    cluster.opened.append(joined)
    assert [n.id for n in joined.notes()] == [note.id]
    assert joined.team is not None and joined.team.label == "PSW 1"


def test_a_wrong_invitation_passphrase_leaves_no_file(cluster: Cluster) -> None:
    lead = cluster.lead()
    lead.team_create(cluster.lead_url, "Lead A", name=cluster.prefix)
    sealed = cluster.invitation(lead, "PSW 1", "capture")
    path = cluster.tmp / "psw.fieldnotes"
    with pytest.raises((InvitationRefused, DecryptFailed)):
        join_team(path, sealed, "not the invitation's passphrase", TEST_PASSPHRASE, kdf=FLOOR_KDF)
    assert not path.exists()
    # The invitation is still good for the right passphrase.
    joined = join_team(path, sealed, INVITATION_PASSPHRASE, TEST_PASSPHRASE, kdf=FLOOR_KDF)
    cluster.opened.append(joined)
    assert joined.team is not None and joined.team.label == "PSW 1"
