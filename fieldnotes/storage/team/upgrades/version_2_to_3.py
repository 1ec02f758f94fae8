"""Version 2 to 3: a lead may write the purge of a colleague's note, and a purge is final.

The row check (`check_row`) let a lead rewrite someone else's note only to re-seal it under a
new key generation. A retention purge has to reach every note the policy says is due, so a
lead may now write a purge revision of any note (its clear columns say `purged`, and it
carries no text); nothing but a re-sealing follows a purge, and codes written for a purged
note by someone who had not pulled the purge yet are not kept.
"""

from __future__ import annotations

from fieldnotes.storage.team import schema
from fieldnotes.storage.team.schema import TeamNames


def version_2_to_3(names: TeamNames) -> list[str]:
    return [schema.check_row_sql(names)]
