"""Format 4 -> 5: the tables of the sealed search index, empty (it fills in after unlock)."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from sqlalchemy.dialects import sqlite
from sqlalchemy.schema import CreateIndex, CreateTable
from sqlmodel import SQLModel

import fieldnotes.storage.tables  # noqa: F401 - the tables made are the ones declared there
from fieldnotes.storage.manifest import DIRTY_FUNCTION, install_triggers, schema_digest

if TYPE_CHECKING:
    from fieldnotes.storage.store import SealedStore


def format_4_to_5(store: SealedStore, driver: sqlite3.Connection) -> None:
    """Add the search index's tables and cover them by the manifest.

    The manifest is checked here, as the unlock would check it: one that named the structure
    as it was is told of the new one (the step changes no row, so its checksums stay). What
    else is found is reported as at any unlock. A file older than
    format 4 has the tables already (made when opened, before the step to 4 covered them).
    The notes are taken in afterwards (`SealedStore.refresh_search_index`); until then a
    search opens every note, as format 4 did.
    """
    before = schema_digest(driver)
    # Tables added within format 4 that this file lacks are made here too: the triggers
    # installed below cover every table, so each must exist first.
    for table in SQLModel.metadata.sorted_tables:
        create = CreateTable(table, if_not_exists=True)
        driver.execute(str(create.compile(dialect=sqlite.dialect())))
        for index in table.indexes:
            made = CreateIndex(index, if_not_exists=True)
            driver.execute(str(made.compile(dialect=sqlite.dialect())))
    install_triggers(driver)
    manifest = store._new_manifest()
    manifest.verify_grown(driver, before)
    store._use_manifest(driver, manifest)
    if not manifest.writable:
        # Nothing is checksummed again in a file found changed; the upgrade's own writes
        # still run through the triggers.
        driver.create_function(DIRTY_FUNCTION, 2, lambda *_: None)
