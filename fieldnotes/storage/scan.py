"""The note scan: the one place that writes SQL by hand, on the driver's own cursor.

Reading every note is what unlocking or searching a large notebook costs, and SQLAlchemy's row
objects and date processing cost more than the decryption there. So the note rows (and their
links) are read here with plain SQL, as the database holds them: dates stay as the driver gives
them until a note is built, and a garbled cell damages its own row, not the whole read.

The statements are the same on SQLite and PostgreSQL but for the parameter mark. Pages are
keyset pages on the primary key, never on a storage-order column only one database has.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, NamedTuple, Protocol

from fieldnotes.domain.vocabulary import STANCES

PAGE_ROWS = 2_000
"""Rows per page of a scan: only one page of ciphertext is in memory at once."""


class NoteCells(NamedTuple):
    """A note's row as the database holds it: clear cells, then the sealed document."""

    id: Any
    mode: Any
    stage: Any
    occurred_at: Any
    created_at: Any
    updated_at: Any
    revision: Any
    trashed_at: Any
    content: Any


NOTE_COLUMNS = NoteCells._fields
_SELECT_NOTES = f"SELECT {', '.join(NOTE_COLUMNS)} FROM note"
_SELECT_NUMBERED = (
    f"SELECT {', '.join('n.' + column for column in NOTE_COLUMNS)}, d.num FROM note n"
    " LEFT JOIN search_doc d ON d.note_id = n.id AND d.revision = n.revision"
)


class Driver(Protocol):
    """What sqlite3's and psycopg's connections both offer."""

    def execute(self, sql: Any, params: Any = ..., /) -> Any: ...


class NoteScan:
    """Statements for one database: `mark` is its driver's parameter mark."""

    def __init__(self, dialect: str) -> None:
        self._mark = "?" if dialect == "sqlite" else "%s"

    def _marks(self, count: int) -> str:
        return ", ".join([self._mark] * count)

    def _notes(self, driver: Driver, tail: str, params: Sequence[object]) -> list[NoteCells]:
        rows = driver.execute(_SELECT_NOTES + tail, list(params)).fetchall()
        return [NoteCells._make(row) for row in rows]

    def page_after(self, driver: Driver, after: object) -> list[NoteCells]:
        """Up to PAGE_ROWS notes whose id sorts after `after` ("" for the first page)."""
        return self._notes(
            driver, f" WHERE id > {self._mark} ORDER BY id LIMIT {int(PAGE_ROWS)}", [after]
        )

    def with_ids(self, driver: Driver, note_ids: Sequence[str]) -> list[NoteCells]:
        return self._notes(driver, f" WHERE id IN ({self._marks(len(note_ids))})", note_ids)

    def newest(self, driver: Driver, count: int, trashed: bool | None) -> list[NoteCells]:
        live = {
            None: "",
            True: " WHERE trashed_at IS NOT NULL",
            False: " WHERE trashed_at IS NULL",
        }
        order = f"{live[trashed]} ORDER BY occurred_at DESC, id DESC LIMIT {int(count)}"
        return self._notes(driver, order, [])

    def newest_before(
        self, driver: Driver, before: tuple[Any, Any] | None, rows: int
    ) -> list[NoteCells]:
        """Up to `rows` live notes, newest first, that sort before `before` (the date and
        id cells of the last row of the page before; None for the first page)."""
        order = f" ORDER BY occurred_at DESC, id DESC LIMIT {int(rows)}"
        if before is None:
            return self._notes(driver, " WHERE trashed_at IS NULL" + order, [])
        # A row value: one range on the date's index, ties broken by id, on both databases.
        after = f" WHERE trashed_at IS NULL AND (occurred_at, id) < ({self._marks(2)})"
        return self._notes(driver, after + order, list(before))

    def newest_numbered_before(
        self, driver: Driver, before: tuple[Any, Any] | None, rows: int
    ) -> tuple[list[NoteCells], list[Any]]:
        """`newest_before`, with each note's number in the search index beside it: None
        where the index does not hold the note at its revision (a file's index only)."""
        after = "" if before is None else f" AND (n.occurred_at, n.id) < ({self._marks(2)})"
        found = driver.execute(
            f"{_SELECT_NUMBERED} WHERE n.trashed_at IS NULL{after}"
            f" ORDER BY n.occurred_at DESC, n.id DESC LIMIT {int(rows)}",
            [] if before is None else list(before),
        ).fetchall()
        return [NoteCells._make(row[:-1]) for row in found], [row[-1] for row in found]

    def _among(self, driver: Driver, query: str, ids: Sequence[str]) -> list[Any]:
        """The rows of `query`, which ends on the column to match, whose value is in `ids`."""
        return list(driver.execute(f"{query} IN ({self._marks(len(ids))})", list(ids)).fetchall())

    def dates_of(self, driver: Driver, note_ids: Sequence[str]) -> list[Any]:
        """(occurred_at, id) cells of these live notes, as the database holds them."""
        query = "SELECT occurred_at, id FROM note WHERE trashed_at IS NULL AND id"
        return self._among(driver, query, note_ids)

    def principle_links(self, driver: Driver, note_ids: Sequence[str]) -> list[Any]:
        """(note_id, principle_id, stance) of these notes."""
        query = "SELECT note_id, principle_id, stance FROM note_principle WHERE note_id"
        return self._among(driver, query, note_ids)

    def odd_stances(self, driver: Driver, note_ids: Sequence[str]) -> list[Any]:
        """(note_id,) of these notes that have a principle link whose stance is not one."""
        query = (
            "SELECT DISTINCT note_id FROM note_principle WHERE (stance IS NULL OR stance NOT IN"
            f" ({self._marks(len(STANCES))})) AND note_id IN ({self._marks(len(note_ids))})"
        )
        return list(driver.execute(query, [*STANCES, *note_ids]).fetchall())

    def live_count(self, driver: Driver) -> int:
        """How many notes are not in the trash."""
        return int(
            driver.execute("SELECT count(*) FROM note WHERE trashed_at IS NULL").fetchone()[0]
        )

    def obstacle_links(self, driver: Driver, note_ids: Sequence[str]) -> list[Any]:
        """(note_id, obstacle_id) of these notes."""
        query = "SELECT note_id, obstacle_id FROM note_obstacle WHERE note_id"
        return self._among(driver, query, note_ids)


def keyset_pages(read_page: Callable[[object], list[NoteCells]]) -> Iterator[list[NoteCells]]:
    """Pages of up to PAGE_ROWS rows in key order; `read_page(after)` reads those after a key."""
    after: object = ""
    while True:
        rows = read_page(after)
        yield rows
        if len(rows) < PAGE_ROWS:
            return
        after = rows[-1].id
