"""Bringing an older notebook up to the current format, one step per format, at unlock.

Each step takes a notebook file from format N to N+1 on the raw driver connection, inside the
one transaction `SealedStore._upgrade` opens: a crash or a full disk part-way through any step
leaves the notebook as it was, to be upgraded at the next unlock. A new format is one more
module here and one more entry in `STEPS`. Only files have older formats: a store on a server
is always made at the current one.
"""

from __future__ import annotations

import sqlite3

from fieldnotes.storage.migrations.base import Step
from fieldnotes.storage.migrations.format_1_to_2 import format_1_to_2
from fieldnotes.storage.migrations.format_2_to_3 import format_2_to_3
from fieldnotes.storage.migrations.format_3_to_4 import format_3_to_4
from fieldnotes.storage.migrations.format_4_to_5 import format_4_to_5
from fieldnotes.storage.migrations.format_5_to_6 import format_5_to_6

STEPS: dict[int, Step] = {
    1: format_1_to_2,
    2: format_2_to_3,
    3: format_3_to_4,
    4: format_4_to_5,
    5: format_5_to_6,
}
"""The step that takes a notebook from the format of its key to the next one."""

REWRITES_EVERY_NOTE = frozenset({1, 3})
"""Steps that re-seal every note: the file is compacted afterwards."""


def needs_drop_column(version: int) -> bool:
    return version <= 1


def record_format(driver: sqlite3.Connection, version: int) -> None:
    """The file now holds `version`: written last, in the same transaction as the steps."""
    driver.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(version),))


__all__ = ["REWRITES_EVERY_NOTE", "STEPS", "Step", "needs_drop_column", "record_format"]
