"""The store's tests run on a notebook file and on a PostgreSQL server.

`FIELDNOTES_TEST_POSTGRES_URL` names a server (a libpq URL such as
`postgresql://postgres@127.0.0.1:55432/postgres`, as `.ci/run` exports it) on which each test
gets a database of its own, so parallel workers never meet. With it set, the PostgreSQL half
must run: a server that cannot be reached fails the test. Without it the half is skipped.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import make_url

from fieldnotes.crypto.kdf import FLOOR_KDF
from fieldnotes.storage.store import SealedStore

POSTGRES_URL_VARIABLE = "FIELDNOTES_TEST_POSTGRES_URL"
PASSPHRASE = "correct horse battery staple"


@dataclass(frozen=True)
class StoreAt:
    """Where a test's store lives: a file, or (with `url`) a database on the server."""

    path: Path
    url: str | None

    @property
    def dialect(self) -> str:
        return "sqlite" if self.url is None else "postgresql"


@pytest.fixture(params=["sqlite", "postgresql"])
def store_at(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[StoreAt]:
    if request.param == "sqlite":
        yield StoreAt(tmp_path / "notebook.fieldnotes", None)
        return
    server = os.environ.get(POSTGRES_URL_VARIABLE)
    if not server:
        pytest.skip(
            f"{POSTGRES_URL_VARIABLE} is not set: no PostgreSQL server to run against "
            "(.ci/run starts one)"
        )
    import psycopg

    name = f"fieldnotes_test_{uuid.uuid4().hex}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        url = make_url(server).set(database=name).render_as_string(hide_password=False)
        yield StoreAt(tmp_path / "on-server", url)
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def store(store_at: StoreAt) -> Iterator[SealedStore]:
    """A new store where `store_at` says, unlocked with PASSPHRASE, closed after the test."""
    created = SealedStore.create(store_at.path, PASSPHRASE, FLOOR_KDF, url=store_at.url)
    try:
        yield created
    finally:
        created.close()
