"""Which notes a filter selects: pure rules over `Note`, no I/O."""

from __future__ import annotations

import dataclasses
from datetime import date

from fieldnotes.domain.model import Note, NoteLine


@dataclasses.dataclass(frozen=True, slots=True)
class NoteFilter:
    mode: str | None = None
    stage: str | None = None
    team: str | None = None
    obstacle_id: str | None = None
    principle_id: str | None = None
    stance: str | None = None
    since: date | None = None
    until: date | None = None
    query: str = ""

    @property
    def words(self) -> tuple[str, ...]:
        """The query's distinct words, casefolded: a note matches when it holds every one."""
        return tuple(dict.fromkeys(self.query.casefold().split()))

    def matches(self, note: Note, obstacle_ids: set[str] | None = None) -> bool:
        if self.mode and note.mode != self.mode:
            return False
        if self.stage and note.stage != self.stage:
            return False
        if self.team and note.team.casefold() != self.team.casefold():
            return False
        # A note is about an obstacle it, or one of its coded passages, is tagged with.
        if obstacle_ids is not None and not obstacle_ids.intersection(note.coded_obstacle_ids()):
            return False
        if self.principle_id and not any(
            link.principle_id == self.principle_id
            and (self.stance is None or link.stance == self.stance)
            for link in note.coded_principles()  # its passages' codes among them
        ):
            return False
        day = note.occurred_at.date()
        if self.since and day < self.since:
            return False
        if self.until and day > self.until:
            return False
        return not self.query or matches_query(note, self.query)

    @property
    def names_links(self) -> bool:
        """Whether it asks for an obstacle or a principle: only a whole note can answer."""
        return self.obstacle_id is not None or self.principle_id is not None

    def matches_line(self, line: NoteLine) -> bool:
        """`matches` for a filter that names no link, on a note's line (read with its text
        when the filter has a query)."""
        if self.names_links:
            raise ValueError("a filter on links needs the whole note")
        if self.mode and line.mode != self.mode:
            return False
        if self.stage and line.stage != self.stage:
            return False
        if self.team and line.team.casefold() != self.team.casefold():
            return False
        day = line.occurred_at.date()
        if self.since and day < self.since:
            return False
        if self.until and day > self.until:
            return False
        if not self.query:
            return True
        haystack = line.text.casefold()
        return all(word in haystack for word in self.query.casefold().split())


def matches_query(note: Note, query: str) -> bool:
    """Every word of the query appears somewhere in the note's sealed text (case-insensitive)."""
    haystack = note.searchable_text().casefold()
    return all(word in haystack for word in query.casefold().split())


def search_tokens(note: Note) -> set[str]:
    """The distinct white-space-separated tokens of a note's casefolded searchable text.

    A query word holds no white space (`NoteFilter.words` splits on it), so it appears in
    the text exactly when it appears inside one of these tokens: what lets a search index
    of tokens answer for `matches_query` without changing its answer.
    """
    return set(note.searchable_text().casefold().split())
