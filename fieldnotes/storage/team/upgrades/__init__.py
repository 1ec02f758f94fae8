"""Taking a team's server schema up to the version this fieldnotes speaks, a step per version.

Each step is a list of statements that takes the schema from version N to N+1, each run as
the role it names (the team's owner role, the only one that may replace its functions and
policies; the admin role, for the functions it owns; or the connected login itself) inside the
one transaction `admin.upgrade` opens, which also records the new version in `meta`: a step
cut off leaves the server at its old version, whole. Every statement is safe to run on a schema
that has it already (CREATE OR REPLACE, DROP … IF EXISTS then CREATE), so a server some
earlier fieldnotes set up with part of a later version's shape comes out the same.

A step puts in the schema's current definition of what it changes (`schema.…_sql`). When a
later version changes the same object again, the older step keeps a frozen copy of the text
it put in, so each step stays what it was.
"""

from __future__ import annotations

from collections.abc import Callable

from fieldnotes.storage.team.schema import TeamNames, Who
from fieldnotes.storage.team.upgrades.version_1_to_2 import version_1_to_2
from fieldnotes.storage.team.upgrades.version_2_to_3 import version_2_to_3
from fieldnotes.storage.team.upgrades.version_3_to_4 import version_3_to_4

Step = Callable[[TeamNames], list[tuple[Who, str]]]


def _as_owner(step: Callable[[TeamNames], list[str]]) -> Step:
    """A step whose every statement the owner role runs (every step before version 4)."""
    return lambda names: [("owner", statement) for statement in step(names)]


STEPS: dict[int, Step] = {
    1: _as_owner(version_1_to_2),
    2: _as_owner(version_2_to_3),
    3: version_3_to_4,
}
"""The step that takes a server schema from the version of its key to the next one."""
