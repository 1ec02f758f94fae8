"""Format 4 -> 5: the tables a team notebook's replica keeps (empty in a personal notebook)."""

from __future__ import annotations

import hashlib
import sqlite3
from typing import TYPE_CHECKING

from sqlalchemy.dialects import sqlite
from sqlalchemy.schema import CreateIndex, CreateTable

from fieldnotes.storage.manifest import Manifest, schema_digest
from fieldnotes.storage.tables import TEAM_TABLES

if TYPE_CHECKING:
    from fieldnotes.storage.store import SealedStore


def format_4_to_5(store: SealedStore, driver: sqlite3.Connection) -> None:
    """Add the replica's tables, and take them into the manifest.

    The tables may exist already (a notebook's missing tables are made when it opens). The
    manifest is rebuilt only if the file matched it before they appeared: rebuilding a
    manifest that did not match would quietly accept a change made outside fieldnotes, so
    then the unlock's check reports it instead.
    """
    # Every table this file still lacks goes in with them (a table added within format 4,
    # such as `obstacle_event`, is otherwise made at the end of the unlock): the manifest
    # is rebuilt over all of them at once.
    tables = [*TEAM_TABLES, *(table for table in store._missing if table not in TEAM_TABLES)]
    store._missing = []
    names = {table.name for table in tables}
    for table in tables:
        ddl = str(CreateTable(table, if_not_exists=True).compile(dialect=sqlite.dialect()))
        driver.execute(ddl)
        for index in table.indexes:
            driver.execute(
                str(CreateIndex(index, if_not_exists=True).compile(dialect=sqlite.dialect()))
            )
    manifest = store._new_manifest()
    manifest.verify(driver)
    if _matched_before(manifest, driver, names):
        store._install_manifest(driver)
        return
    # Kept as found, its report and all: this session opens read-only, says what differs,
    # and `fieldnotes check --accept` is the person's to run.
    manifest.writable = True
    store._use_manifest(driver, manifest)
    manifest.writable = False


def _matched_before(manifest: Manifest, driver: sqlite3.Connection, added: set[str]) -> bool:
    stored = driver.execute("SELECT schema_digest FROM manifest WHERE id = 1").fetchone()
    if stored is None:
        return False
    rows = driver.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    before = [row for row in rows if row[2] not in added]
    digest = hashlib.sha256(repr(sorted(before, key=repr)).encode("utf-8")).digest()
    structure_ok = stored[0] in (digest, schema_digest(driver))
    rows_ok = all("structure" in problem for problem in manifest.problems)
    return structure_ok and rows_ok
