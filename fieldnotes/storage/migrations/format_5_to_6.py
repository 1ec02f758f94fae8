"""Format 5 -> 6: the manifest's buckets named by four characters of a row's key, not two."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from fieldnotes.storage.formats import BUCKET_WIDTH, bucket_width
from fieldnotes.storage.manifest import DIRTY_FUNCTION

if TYPE_CHECKING:
    from fieldnotes.storage.store import SealedStore


def format_5_to_6(store: SealedStore, driver: sqlite3.Connection) -> None:
    """Check the file against its manifest as format 5 buckets it, then bucket it afresh.

    The check comes first and its findings are carried over (`Manifest.rebucket`): a file
    changed outside fieldnotes is reported after the step as it was before, never taken as it
    is because its checksums were taken again. No table, index or trigger changes (the
    triggers name a row's whole key; the width is applied where they are heard), so the
    schema digest the manifest holds stays as it was.
    """
    earlier = store._manifest
    if earlier is not None:
        # An earlier step of this upgrade made or moved the manifest on (3 -> 4, 4 -> 5): the
        # check below reads the file, so the file must hold what that manifest knows.
        earlier.flush(driver)
    found = store._new_manifest(width=bucket_width(5))
    found.verify(driver)
    manifest = store._new_manifest(width=BUCKET_WIDTH)
    manifest.rebucket(driver, found)
    store._use_manifest(driver, manifest)
    if not manifest.writable:
        # Nothing is checksummed again in a file found changed in its structure; the
        # upgrade's own writes still run through the triggers.
        driver.create_function(DIRTY_FUNCTION, 2, lambda *_: None)
