"""Taking a team's server schema up to the version this fieldnotes speaks, a step per version.

Each step is a list of statements that takes the schema from version N to N+1, run as the
team's owner role (the only role that may replace its functions and policies) inside the one
transaction `admin.upgrade` opens, which also records the new version in `meta`: a step cut
off leaves the server at its old version, whole. Every statement is safe to run on a schema
that has it already (CREATE OR REPLACE, DROP … IF EXISTS then CREATE), so a server some
earlier fieldnotes set up with part of a later version's shape comes out the same.

A step puts in the schema's current definition of what it changes (`schema.…_sql`). When a
later version changes the same object again, the older step keeps a frozen copy of the text
it put in, so each step stays what it was.
"""

from __future__ import annotations

from collections.abc import Callable

from fieldnotes.storage.team.schema import TeamNames
from fieldnotes.storage.team.upgrades.version_1_to_2 import version_1_to_2
from fieldnotes.storage.team.upgrades.version_2_to_3 import version_2_to_3

Step = Callable[[TeamNames], list[str]]

STEPS: dict[int, Step] = {
    1: version_1_to_2,
    2: version_2_to_3,
}
"""The step that takes a server schema from the version of its key to the next one."""
