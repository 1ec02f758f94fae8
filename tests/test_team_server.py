"""The team notebook's server, on a real PostgreSQL: what each member's own role may do.

Every fault is tried from the side that would cause it: a client talking plain SQL past the
app, a colleague's write getting in first, a superuser changing bytes on the server, a
connection cut in the middle of a push or a key rotation.
"""

from __future__ import annotations

from tests.team_support import Team, team

__all__ = ["team"]


def test_a_member_pushes_and_a_colleague_pulls_it(team: Team) -> None:
    psw = team.join("PSW 1", "capture")
    result = psw.server.push([psw.row("note", "n1")])
    assert [row.row_id for row in result.accepted] == ["n1"] and result.conflicts == []
    pulled = team.lead.server.pull(0)
    assert [row.row_id for row in pulled.rows] == ["n1"] and pulled.refused == []
    assert pulled.position == result.accepted[0].seq
