"""Hearing that a colleague wrote something, within moments, without polling the rows.

Every write queues a NOTIFY on the team's channel whose payload is the new seq and nothing
else; a client that hears one pulls. A notification is only a hint: a client that missed some
(it was offline) loses nothing, because a pull from its last position catches up.
"""

from __future__ import annotations

from psycopg import sql

from fieldnotes.storage.team.errors import ServerUnavailable
from fieldnotes.storage.team.schema import TeamNames
from fieldnotes.storage.team.server import Connection, connect, translated


class Listener:
    """A separate autocommit connection that waits for the team's notifications."""

    def __init__(self, conninfo: str, names: TeamNames) -> None:
        self._conn: Connection = connect(conninfo, autocommit=True)
        with translated("listening for changes"):
            self._conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(names.channel)))

    def wait(self, timeout: float) -> list[int]:
        """The seqs announced within `timeout` seconds (empty if none): at least one, then
        whatever else has already arrived."""
        heard: list[int] = []
        with translated("listening for changes"):
            for notify in self._conn.notifies(timeout=timeout, stop_after=1):
                heard.append(_seq(notify.payload))
            for notify in self._conn.notifies(timeout=0):
                heard.append(_seq(notify.payload))
        if self._conn.closed:
            raise ServerUnavailable("listening for changes")
        return [seq for seq in heard if seq > 0]

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Listener:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def _seq(payload: str) -> int:
    return int(payload) if payload.isdigit() else 0
