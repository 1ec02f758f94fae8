"""Version 1 to 2: a capture member may write the link row (the codes) of a note the server
holds as theirs, so that they code their own notes' principles.

Servers set up before `my_note()` refuse a capture member's link row outright, and the app
then keeps their principle codes waiting for good. Some servers set up at version 1 already
have it: the statements below leave those as they are.
"""

from __future__ import annotations

from fieldnotes.storage.team import schema
from fieldnotes.storage.team.schema import TeamNames


def version_1_to_2(names: TeamNames) -> list[str]:
    s = f'"{names.schema}"'
    everyone = ", ".join(f'"{group}"' for group in names.groups)
    return [
        schema.my_note_sql(names),
        f"REVOKE ALL ON FUNCTION {s}.my_note(text) FROM PUBLIC",
        f"GRANT EXECUTE ON FUNCTION {s}.my_note(text) TO {everyone}",
        *schema.write_policies_sql(names),
    ]
