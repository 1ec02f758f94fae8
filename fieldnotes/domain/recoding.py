"""What a merge or a delete in the codebook does to the passages coded with the obstacle.

Passages are sealed inside their note, so the store cannot re-point them the way it re-points
a note's own links: the notebook re-codes each note's passages with `recoded` and seals the
note again, in the merge's (or the delete's) transaction. The counts the confirmation shows
come from the same rule, so what it promises is what happens.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from fieldnotes.domain.model import Note, Passage


def plural(count: int, word: str) -> str:
    if count == 0:
        return f"no {word}s"
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _listed(parts: Sequence[str]) -> str:
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


def recoded(passages: Sequence[Passage], source_id: str, into_id: str | None) -> list[Passage]:
    """The passages with the code `source_id` replaced by `into_id` (once, where the first of
    the two stood), or taken off when `into_id` is None; every other code, and every passage's
    words, as they were. A passage left with no code is kept."""
    result: list[Passage] = []
    for passage in passages:
        if source_id not in passage.obstacle_ids:
            result.append(passage)
            continue
        codes = (into_id if code == source_id else code for code in passage.obstacle_ids)
        kept = tuple(dict.fromkeys(code for code in codes if code is not None))
        result.append(dataclasses.replace(passage, obstacle_ids=kept))
    return result


def notes_to_recode(notes: Iterable[Note], source_id: str) -> list[Note]:
    """The notes with a passage coded with `source_id` (a damaged note is left as it is: its
    passages did not open, so there is nothing to re-code)."""
    return [
        note
        for note in notes
        if not note.damaged and any(source_id in p.obstacle_ids for p in note.passages)
    ]


@dataclass(frozen=True, slots=True)
class MergePreview:
    """What merging one obstacle into another will carry over, counted before anything moves."""

    target_path: str
    notes: int
    """Notes tagged with the source."""
    already: int
    """Of those, notes tagged with the target too (they keep one link)."""
    passages: int
    """Passages coded with the source, in any note: each is re-coded to the target."""
    memos: int
    sub_obstacles: int

    @property
    def summary(self) -> str:
        parts = [
            plural(self.notes, "note"),
            plural(self.passages, "passage"),
            plural(self.memos, "memo"),
        ]
        if self.sub_obstacles:
            parts.append(plural(self.sub_obstacles, "sub-obstacle"))
        text = f"Into “{self.target_path}”: {_listed(parts)} move there."
        if self.already:
            text += f" {plural(self.already, 'note')} already tagged there keep one link."
        return text


@dataclass(frozen=True, slots=True)
class DeletePreview:
    """What deleting an obstacle takes away, counted before anything is written."""

    notes: int
    """Notes tagged with it: they lose the tag and stay."""
    passages: int
    """Passages coded with it: they lose the code and keep their words and other codes."""
    uncoded: int
    """Of those, passages it is the only code of: kept, with no code, listed as uncoded."""
    sub_obstacles: int

    @property
    def summary(self) -> str:
        lose = "loses" if self.notes == 1 else "lose"
        text = f"{plural(self.notes, 'note')} {lose} this tag; the notes themselves stay."
        if self.passages:
            lose = "loses" if self.passages == 1 else "lose"
            text += (
                f" {plural(self.passages, 'coded passage')} {lose} this code and"
                " keeps its words and any other codes"
                if self.passages == 1
                else f" {plural(self.passages, 'coded passage')} {lose} this code and"
                " keep their words and any other codes"
            )
            if self.uncoded:
                left = "is" if self.uncoded == 1 else "are"
                text += (
                    f"; {self.uncoded} {left} left with no code, kept and listed as uncoded"
                    " (fieldnotes passages --uncoded)"
                )
            text += "."
        if self.sub_obstacles:
            text += f" Its {plural(self.sub_obstacles, 'sub-obstacle')} move up a level."
        return text


def passage_counts(notes: Iterable[Note], obstacle_id: str) -> tuple[int, int]:
    """(passages coded with `obstacle_id`, those coded with it alone) over `notes`."""
    coded = alone = 0
    for note in notes:
        for passage in note.passages:
            if obstacle_id in passage.obstacle_ids:
                coded += 1
                if not passage.principles and set(passage.obstacle_ids) == {obstacle_id}:
                    alone += 1
    return coded, alone


def uncoded_passages(notes: Iterable[Note]) -> list[tuple[Note, Passage]]:
    """Every passage with no code at all, note by note in the order given."""
    return [(note, p) for note in notes for p in note.passages if not p.coded]
