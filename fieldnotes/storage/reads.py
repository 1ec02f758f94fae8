"""The reads the read-only commands make, shared by the sealed store and the light one.

`fieldnotes.storage.store.SealedStore` (through SQLAlchemy's connection) and
`fieldnotes.storage.readstore.ReadStore` (one `sqlite3` connection, no SQLAlchemy) both read
notes, the codebook and the keyslot here, so `fieldnotes search`, `list` and `show` build the
same notes, mark the same damage and name the same principles whichever store answers.
Rows are read as the database holds them: a garbled cell damages its own row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from typing import Any, TypeVar, cast

from fieldnotes.crypto import FieldSealer, KdfParams, Keyslot
from fieldnotes.domain.model import (
    OBSTACLE_STATUSES,
    Framework,
    Note,
    NoteLine,
    Obstacle,
    Principle,
    PrincipleLink,
    Stance,
)
from fieldnotes.errors import DamagedKeyslot
from fieldnotes.storage.codec import (
    FRAMEWORK_SEALED,
    OBSTACLE_SEALED,
    PRINCIPLE_SEALED,
    ClearCells,
    Shared,
    as_bytes,
    escaped_in_json,
    newest_first,
    note_from_row,
    note_line_from_row,
)
from fieldnotes.storage.scan import PAGE_ROWS, Driver, NoteCells, NoteScan, keyset_pages

IN_LIMIT = 5_000
"""Beyond this many ids, reading every note beats a huge IN list (SQLite caps parameters)."""
WALK_ALL_FROM = 4
"""Ids naming a quarter of the notes or more are found by walking every note newest first:
dating each from its row (rows hold their sealed text) reads the table at random instead."""

_T = TypeVar("_T", Note, NoteLine)
_Mark = tuple[Any, Any]
"""Where a walk down the date's index stands: the date and id cells of the last row read."""
_Page = tuple[list[NoteCells], list[NoteCells]]
"""A page of a walk: every row read, and the rows among them to open."""
FIRST_WALK_ROWS = 100
"""Rows of a walk's first page: a screenful of lines, and `--limit`'s usual answer."""

KEYSLOT_COLUMNS = ("salt", "memory_kib", "iterations", "lanes", "key_id", "wrapped")


def keyslot_from_cells(row: Mapping[Any, Any] | None) -> Keyslot:
    """The first keyslot from its cells. A value of the wrong kind is named as damage to the
    keyslot; a wrong value of the right kind is left to unwrapping, which cannot tell a wrong
    passphrase from a tampered wrapped key (and must not)."""
    if row is None:
        raise DamagedKeyslot("there is no key slot")
    costs = {name: row[name] for name in ("memory_kib", "iterations", "lanes")}
    for name, value in costs.items():
        if type(value) is not int:
            raise DamagedKeyslot(f"{name} is not a whole number")
    blobs = {name: row[name] for name in ("salt", "key_id", "wrapped")}
    for name, value in blobs.items():
        if not isinstance(value, bytes):
            raise DamagedKeyslot(f"{name} is not binary data")
    return Keyslot(
        salt=blobs["salt"],
        params=KdfParams(costs["memory_kib"], costs["iterations"], costs["lanes"]),
        key_id=blobs["key_id"],
        wrapped=blobs["wrapped"],
    )


class RowReads:
    """Reads over what each store provides: its sealer, its driver's connection, its rows."""

    _scan: NoteScan

    @property
    def sealer(self) -> FieldSealer:
        raise NotImplementedError

    def _read_driver(self) -> AbstractContextManager[Driver]:
        """The driver's own connection, held for one read."""
        raise NotImplementedError

    def _table_rows(
        self, table: str, order: Sequence[str], columns: Sequence[str] = ()
    ) -> Sequence[Mapping[Any, Any]]:
        """Every row of `table` (these columns, or all), in this order, as the database holds
        them."""
        raise NotImplementedError

    def _open_all(
        self, table: str, row: Mapping[Any, Any], columns: Sequence[str]
    ) -> tuple[dict[str, str], tuple[str, ...]]:
        if type(row["id"]) is not str or type(row["revision"]) is not int:
            # Sealed under another id or revision than these garbled ones: none of it opens.
            return dict.fromkeys(columns, ""), tuple(columns)
        blobs = {column: as_bytes(row[column]) for column in columns}
        return self.sealer.open_row(table, row["id"], row["revision"], blobs)

    def load_notes(
        self,
        note_ids: Iterable[str] | None = None,
        *,
        newest: int | None = None,
        containing: Sequence[str] = (),
        trashed: bool | None = False,
        shape: Callable[[Note], Note] | None = None,
    ) -> list[Note]:
        """Notes newest first: all of them, the given ids, or the `newest` few.

        Live notes only by default; `trashed=True` gives the trash, `None` both. `shape`:
        what is kept of each note, applied as each page is opened (a lean note, for one).

        With `containing` (casefolded words), only notes whose sealed text may hold every word
        are built; the rest are opened, looked at and dropped. It can let through a note that
        does not match (check exactly afterwards), never drop one that does.

        Rows come back as plain tuples and only the notes kept have their links read: this is
        the cost of unlocking or searching a large notebook, so it stays lean.
        """
        wanted = list(note_ids) if note_ids is not None else None
        if wanted is not None and len(wanted) > IN_LIMIT:
            keep = set(wanted)
            everything = self.load_notes(containing=containing, trashed=trashed, shape=shape)
            return [note for note in everything if note.id in keep]
        # JSON escapes a quote mark, a backslash or a control character, so a word holding
        # one may not appear as typed in the sealed document: then every note is let through.
        words = [] if any(escaped_in_json(word) for word in containing) else list(containing)
        if wanted is not None:
            rows = self._scanned(lambda driver: self._scan.with_ids(driver, wanted))
            notes = self._open_rows(rows, words, trashed, shape)
        elif newest is not None:
            rows = self._scanned(lambda driver: self._scan.newest(driver, newest, trashed))
            return self._open_rows(rows, words, trashed, shape)
        else:
            # Every note, a page at a time in key order, sorted once at the end. The connection
            # is held only while a page is read (a save waits milliseconds, not the whole
            # load), and only one page of ciphertext is in memory at once. A note saved
            # meanwhile is put right by the notebook's refresh.
            notes = []
            pages = keyset_pages(
                lambda after: self._scanned(lambda driver: self._scan.page_after(driver, after))
            )
            for page in pages:
                notes += self._open_rows(page, words, trashed, shape)
        notes.sort(key=newest_first, reverse=True)
        return notes

    def note_pages(self, note_ids: Iterable[str] | None = None) -> Iterator[list[Note]]:
        """Live notes, newest first, a page at a time: all of them, or the given ids.

        For a command that prints as it reads: the newest page is out after one page is
        opened, and only one page is ever in memory. The order is the database's (the date
        cells, then the id), which is `load_notes`'s for every note whose cells are intact.
        """
        return self._pages(note_ids, lambda rows: self._open_rows(rows, ()))

    def note_line_pages(
        self,
        note_ids: Iterable[str] | None = None,
        *,
        containing: Sequence[str] = (),
        numbered: set[int] | None = None,
    ) -> Iterator[list[NoteLine]]:
        """`note_pages`, each note read only as far as its line in `fieldnotes list` shows it
        (damage judged as in full), without its links: what a listing of a great many notes
        costs is building them.

        With `containing` (casefolded words), each line carries the note's searchable text,
        and a note whose sealed text cannot hold every word is dropped unbuilt (as
        `load_notes` drops it: check exactly afterwards).

        With `numbered` (numbers in the search index), instead of ids: the notes the index
        holds under those numbers, and every note it does not hold at its revision."""
        words = [] if any(escaped_in_json(word) for word in containing) else list(containing)
        with_text = bool(containing)

        def open_rows(rows: Sequence[NoteCells]) -> list[NoteLine]:
            return self._open_lines(rows, words, with_text)

        if numbered is not None:
            return self._numbered_walk(numbered, open_rows)
        return self._pages(note_ids, open_rows)

    def _pages(
        self, note_ids: Iterable[str] | None, open_rows: Callable[[Sequence[NoteCells]], list[_T]]
    ) -> Iterator[list[_T]]:
        wanted = None if note_ids is None else set(note_ids)
        if wanted is None or len(wanted) * WALK_ALL_FROM >= self._note_count():
            yield from self._newest_walk(wanted, open_rows)
            return
        # A few notes out of many: each dated from its row, sorted, opened a page at a time.
        listed = list(wanted)
        dated: list[Any] = []
        for start in range(0, len(listed), IN_LIMIT):
            chunk = listed[start : start + IN_LIMIT]
            with self._read_driver() as driver:
                dated += self._scan.dates_of(driver, chunk)
        # Mixed kinds of garbled date cells sort as the database sorts them: by kind first.
        dated.sort(key=lambda cells: (_kind_rank(cells[0]), cells[0], cells[1]), reverse=True)
        for start in range(0, len(dated), PAGE_ROWS):
            page = [note_id for _, note_id in dated[start : start + PAGE_ROWS]]
            with self._read_driver() as driver:
                rows = self._scan.with_ids(driver, page)
            rank = {note_id: index for index, note_id in enumerate(page)}
            yield sorted(open_rows(rows), key=lambda note: rank[note.id])

    def _newest_walk(
        self, wanted: set[str] | None, open_rows: Callable[[Sequence[NoteCells]], list[_T]]
    ) -> Iterator[list[_T]]:
        """Every live note newest first, a page of rows at a time, opening those `wanted`
        (all when None): for a large share of the notes, one walk down the date's index costs
        less than dating each note from its row first."""

        def page(driver: Driver, before: _Mark | None, size: int) -> _Page:
            rows = self._scan.newest_before(driver, before, size)
            return rows, rows if wanted is None else [row for row in rows if row.id in wanted]

        return self._walk(page, open_rows)

    def _numbered_walk(
        self, numbers: set[int], open_rows: Callable[[Sequence[NoteCells]], list[_T]]
    ) -> Iterator[list[_T]]:
        """Every live note newest first, opening those the search index holds under one of
        `numbers` and those it does not answer for: a common word's candidates, found without
        naming each by id (at a million notes, most of a search's time)."""

        def page(driver: Driver, before: _Mark | None, size: int) -> _Page:
            rows, taken_in = self._scan.newest_numbered_before(driver, before, size)
            # No number (written since), 0 (damaged when taken in) or a garbled cell: the
            # index does not answer for the note, so it is opened whatever its words.
            return rows, [
                row
                for row, number in zip(rows, taken_in, strict=True)
                if type(number) is not int or number == 0 or number in numbers
            ]

        return self._walk(page, open_rows)

    def _walk(
        self,
        page: Callable[[Driver, _Mark | None, int], _Page],
        open_rows: Callable[[Sequence[NoteCells]], list[_T]],
    ) -> Iterator[list[_T]]:
        """Pages down the date's index: `page` gives a page's rows and those to open. The
        first page is short: a command under `--limit` or printing its first line has what
        it needs without opening a full page of sealed text."""
        before: _Mark | None = None
        size = min(FIRST_WALK_ROWS, PAGE_ROWS)
        while True:
            with self._read_driver() as driver:
                rows, kept = page(driver, before, size)
            if kept:
                opened = open_rows(kept)
                if opened:
                    yield opened
            if len(rows) < size:
                return
            before = (rows[-1].occurred_at, rows[-1].id)
            size = PAGE_ROWS

    def live_note_count(self) -> int:
        """How many notes are not in the trash, from the clear cells alone."""
        with self._read_driver() as driver:
            return self._scan.live_count(driver)

    def _note_count(self) -> int:
        with self._read_driver() as driver:
            return int(driver.execute("SELECT count(*) FROM note").fetchone()[0])

    def _scanned(self, read: Callable[[Driver], list[NoteCells]]) -> list[NoteCells]:
        """Note rows read by the scan on the driver's connection, under the connection lock."""
        with self._read_driver() as driver:
            return read(driver)

    def _read_links(
        self, note_ids: Sequence[str]
    ) -> tuple[dict[str, list[PrincipleLink]], dict[str, list[str]]]:
        """The principle and obstacle links of these notes, in two queries."""
        principle_links: dict[str, list[PrincipleLink]] = {}
        obstacle_links: dict[str, list[str]] = {}
        if not note_ids:
            return principle_links, obstacle_links
        # A link is frozen, and a notebook has a few dozen distinct ones: the notes of a
        # batch share one object each, and one copy of each obstacle id.
        links: dict[tuple[str, str], PrincipleLink] = {}
        obstacles: dict[str, str] = {}
        with self._read_driver() as driver:
            for note_id, principle_id, stance in self._scan.principle_links(driver, note_ids):
                link = links.get((principle_id, stance))
                if link is None:
                    link = links[principle_id, stance] = PrincipleLink(
                        principle_id, cast(Stance, stance)
                    )
                principle_links.setdefault(note_id, []).append(link)
            for note_id, obstacle_id in self._scan.obstacle_links(driver, note_ids):
                obstacle_id = obstacles.setdefault(obstacle_id, obstacle_id)
                obstacle_links.setdefault(note_id, []).append(obstacle_id)
        return principle_links, obstacle_links

    def _open_rows(
        self,
        rows: Sequence[NoteCells],
        words: Sequence[str],
        trashed: bool | None = False,
        shape: Callable[[Note], Note] | None = None,
    ) -> list[Note]:
        """Open a page of rows (outside the connection lock) into notes, keeping those that
        may hold every word (and are in the trash, or not, as `trashed` asks), each as
        `shape` makes it."""
        kept = self._opened_contents(rows, words, trashed)
        principle_links, obstacle_links = self._read_links([row.id for row, _ in kept])
        no_principles: list[PrincipleLink] = []
        no_obstacles: list[str] = []
        shared = Shared()
        notes = [
            note_from_row(
                row,
                content,
                principle_links.get(row.id, no_principles),
                obstacle_links.get(row.id, no_obstacles),
                shared,
            )
            for row, content in kept
        ]
        return notes if shape is None else list(map(shape, notes))

    def _opened_contents(
        self, rows: Sequence[NoteCells], words: Sequence[str], trashed: bool | None
    ) -> list[tuple[NoteCells, str | None]]:
        """Each row (in the trash, or not, as `trashed` asks) with its opened document, kept
        if it may hold every word; None for a row whose id or revision is garbled."""
        sealer = self.sealer
        kept: list[tuple[NoteCells, str | None]] = []
        for row in rows:
            if trashed is not None and (row.trashed_at is not None) is not trashed:
                continue
            if type(row.id) is not str or type(row.revision) is not int:
                # Sealed under another id or revision than these garbled ones.
                kept.append((row, None))
                continue
            content = sealer.open_field(
                "note", row.id, row.revision, "content", as_bytes(row.content)
            )
            if words and content is not None:
                folded = content.casefold()
                if not all(word in folded for word in words):
                    continue
            kept.append((row, content))
        return kept

    def _open_lines(
        self, rows: Sequence[NoteCells], words: Sequence[str], with_text: bool
    ) -> list[NoteLine]:
        """Open a page of live rows into lines, keeping those that may hold every word."""
        # A row trashed since it was dated is left out, as `_open_rows` leaves it out.
        kept = self._opened_contents(rows, words, trashed=False)
        odd: set[object] = set()
        if kept:
            with self._read_driver() as driver:
                odd = {
                    cells[0] for cells in self._scan.odd_stances(driver, [r.id for r, _ in kept])
                }
        shared = Shared()
        return [
            note_line_from_row(row, content, row.id in odd, with_text, shared)
            for row, content in kept
        ]

    def note_ids(self) -> list[str]:
        """The ids of the live notes (not those in the trash)."""
        with self._read_driver() as driver:
            rows = driver.execute("SELECT id FROM note WHERE trashed_at IS NULL").fetchall()
        return [row[0] for row in rows]

    def frameworks(self) -> list[Framework]:
        framework_rows = self._table_rows("framework", ("position", "id"))
        principle_rows = self._table_rows("principle", ("framework_id", "position", "id"))
        by_framework: dict[str, list[Principle]] = {}
        for row in principle_rows:
            opened, _damaged = self._open_all("principle", row, PRINCIPLE_SEALED)
            by_framework.setdefault(row["framework_id"], []).append(
                Principle(
                    id=str(row["id"]),
                    framework_id=str(row["framework_id"]),
                    code=str(row["code"]),
                    title=opened["title"] or "(damaged)",
                    description=opened["description"],
                )
            )
        frameworks: list[Framework] = []
        for row in framework_rows:
            opened, _damaged = self._open_all("framework", row, FRAMEWORK_SEALED)
            frameworks.append(
                Framework(
                    id=str(row["id"]),
                    name=opened["name"] or "(damaged)",
                    short_name=opened["short_name"] or str(row["id"]),
                    description=opened["description"],
                    source=opened["source"],
                    principles=tuple(by_framework.get(row["id"], [])),
                )
            )
        return frameworks

    def obstacles(self) -> list[Obstacle]:
        result: list[Obstacle] = []
        for row in self._table_rows("obstacle", ("position", "id")):
            opened, damaged = self._open_all("obstacle", row, OBSTACLE_SEALED)
            clear = ClearCells()
            result.append(
                Obstacle(
                    id=str(row["id"]),
                    name=opened["name"] or "(damaged obstacle)",
                    parent_id=clear.optional_text("parent_id", row["parent_id"]),
                    description=opened["description"],
                    status=clear.choice("status", row["status"], OBSTACLE_STATUSES),
                    ask=opened["ask"],
                    decision=opened["decision"],
                    reobserve_on=clear.day("reobserve_on", row["reobserve_on"]),
                    position=clear.integer("position", row["position"]),
                    created_at=clear.moment("created_at", row["created_at"]),
                    updated_at=clear.moment("updated_at", row["updated_at"]),
                    revision=clear.integer("revision", row["revision"]),
                    damaged_fields=(*clear.damaged, *damaged),
                )
            )
        return result


def _kind_rank(cell: object) -> int:
    """SQLite's order of kinds: NULL, numbers, text, then blobs."""
    if cell is None:
        return 0
    if isinstance(cell, (int, float)):
        return 1
    if isinstance(cell, str):
        return 2
    return 3
