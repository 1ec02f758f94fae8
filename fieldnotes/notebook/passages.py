"""The passages part: coding a span of a note's text, re-coding it, and taking it off again.

Every write goes through `set_passages`: a passage is sealed with its note's text locally and
checked like the note's own links. Coding is not editing the words, so on a team a coder or
lead may code any note's passages (they travel in the note's codes, not its text), and a
capture member their own notes' passages, with principles only.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence

from fieldnotes.domain.model import Note, Passage, PassageField, PrincipleLink
from fieldnotes.domain.passages import field_texts, new_passage, orphaned_passages
from fieldnotes.domain.recoding import uncoded_passages
from fieldnotes.errors import InvalidInput, NotFound
from fieldnotes.notebook.events import NotesChanged
from fieldnotes.notebook.part import Part


class PassagesPart(Part):
    """Passages of one note at a time, by note id and passage id."""

    def code_passage(
        self,
        note_id: str,
        field: PassageField,
        start: int,
        end: int,
        *,
        obstacle_ids: Iterable[str] = (),
        principles: Iterable[PrincipleLink] = (),
        memo: str = "",
    ) -> Passage:
        """Code `start:end` (code points) of the note's `field`; the new passage."""
        note = self.note(note_id)
        obstacle_ids = self._known_obstacles(obstacle_ids)
        passage = new_passage(
            field,
            field_texts(note)[field],
            start,
            end,
            obstacle_ids=obstacle_ids,
            principles=principles,
            memo=memo,
        )
        self._write_passages(note, [*note.passages, passage])
        return passage

    def recode_passage(
        self,
        note_id: str,
        passage_id: str,
        *,
        obstacle_ids: Sequence[str] | None = None,
        principles: Sequence[PrincipleLink] | None = None,
        memo: str | None = None,
    ) -> Passage:
        """Change what a passage is coded with (only the arguments given)."""
        note = self.note(note_id)
        current = _find(note, passage_id)
        if obstacle_ids is not None:
            obstacle_ids = self._known_obstacles(obstacle_ids)
        changed = dataclasses.replace(
            current,
            obstacle_ids=current.obstacle_ids
            if obstacle_ids is None
            else tuple(dict.fromkeys(obstacle_ids)),
            principles=current.principles if principles is None else tuple(principles),
            memo=current.memo if memo is None else memo.strip(),
        )
        self._write_passages(note, [changed if p.id == passage_id else p for p in note.passages])
        return changed

    def remove_passage(self, note_id: str, passage_id: str) -> None:
        note = self.note(note_id)
        _find(note, passage_id)
        self._write_passages(note, [p for p in note.passages if p.id != passage_id])

    def orphaned_passages(self) -> list[tuple[Note, Passage]]:
        """Every passage whose text an edit took away, newest note first."""
        return orphaned_passages(self.notes())

    def uncoded_passages(self) -> list[tuple[Note, Passage]]:
        """Every passage with no code at all (a deleted obstacle was its only one, say), newest
        note first: kept for the coder to code again or remove."""
        return uncoded_passages(self.notes())

    def _known_obstacles(self, obstacle_ids: Iterable[str]) -> list[str]:
        """`obstacle_ids`, each in the codebook: a code for a missing one is refused here,
        before the note's own save would quietly leave it out."""
        known = {o.id for o in self.obstacles()}
        wanted = list(dict.fromkeys(obstacle_ids))
        if not known.issuperset(wanted):
            raise InvalidInput("unknown obstacle")
        return wanted

    def set_passages(self, note_id: str, passages: Sequence[Passage]) -> Note:
        """The note with `passages` as its coded passages, its words as they are."""
        return self._write_passages(self.note(note_id), list(passages))

    def _write_passages(self, note: Note, passages: list[Passage]) -> Note:
        self._team_check_passages(note, passages)
        draft = dataclasses.replace(note.draft(), passages=self._kept_passages(passages))
        self._store.update_note(note.id, self._check_draft(draft), codes_only=True)
        self._changed(NotesChanged, ids=[note.id])
        return self.note(note.id)


def _find(note: Note, passage_id: str) -> Passage:
    for passage in note.passages:
        if passage.id == passage_id:
            return passage
    raise NotFound("no such passage in this note")
