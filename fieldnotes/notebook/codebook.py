"""The codebook part: frameworks and their principles, and the obstacle tree."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from datetime import datetime
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from fieldnotes.domain.codebook import ObstacleTree, notes_under_obstacles
from fieldnotes.domain.drafts import recoded_draft
from fieldnotes.domain.model import (
    OBSTACLE_STATUSES,
    CodebookEntry,
    Framework,
    Note,
    Obstacle,
    ObstacleStatus,
    Principle,
)
from fieldnotes.domain.recoding import (
    DeletePreview,
    MergePreview,
    notes_to_recode,
    passage_counts,
)
from fieldnotes.domain.recoding import recoded as recoded_passages
from fieldnotes.domain.rules import (
    check_obstacle_changes,
    check_obstacle_name,
    check_obstacle_status,
)
from fieldnotes.errors import (
    InvalidInput,
    NotFound,
)
from fieldnotes.notebook.events import CodebookChanged, MemosChanged, NotesChanged
from fieldnotes.notebook.part import Part

if TYPE_CHECKING:
    from fieldnotes.storage.recoding import Recoded
    from fieldnotes.storage.records import StoredDraft


def merge_obstacle_fields(source: Obstacle, target: Obstacle) -> Obstacle:
    """`target` with what `source` knew folded in, so a merge forgets no progress.

    The status is the further along of the two and the re-observe date the earlier (a date
    someone set is a promise to look again, kept whichever obstacle held it); the source's
    description, ask and decision are added to the target's when they say something new.
    """
    status = max(source.status, target.status, key=OBSTACLE_STATUSES.index)
    dates = [day for day in (source.reobserve_on, target.reobserve_on) if day is not None]
    description = target.description
    if source.description.strip():
        description = (
            f"{description.rstrip()}\n\nMerged from “{source.name}”: {source.description}"
        ).strip()
    return dataclasses.replace(
        target,
        status=status,
        reobserve_on=min(dates, default=None),
        description=description,
        ask=_appended(target.ask, source.ask),
        decision=_appended(target.decision, source.decision),
    )


def _appended(kept: str, added: str) -> str:
    if not added.strip() or added.strip() in kept:
        return kept
    return f"{kept.rstrip()}\n{added}".strip()


class CodebookPart(Part):
    """Frameworks, principles and obstacles."""

    def frameworks(self) -> list[Framework]:
        self._require_unlocked()
        if self._frameworks is None:
            self._frameworks = self._store.frameworks()
        return self._frameworks

    def principles(self) -> dict[str, Principle]:
        return {p.id: p for f in self.frameworks() for p in f.principles}

    def principle(self, principle_id: str) -> Principle:
        try:
            return self.principles()[principle_id]
        except KeyError:
            raise NotFound(f"no principle {principle_id!r} in this notebook") from None

    def add_frameworks(self, frameworks: Sequence[Framework]) -> None:
        """Add or replace frameworks by id (links to principles that remain are kept)."""
        self._team_may("codebook")
        self._store.save_frameworks(frameworks)
        self._frameworks = None
        self._changed(CodebookChanged, NotesChanged)

    def obstacle_tree(self) -> ObstacleTree:
        """The codebook as a tree, worked out once per change to it."""
        self._require_unlocked()
        if self._obstacles is None:
            self._obstacles = ObstacleTree(self._store.obstacles())
        return self._obstacles

    def obstacles(self) -> list[Obstacle]:
        """The codebook in tree order (each parent followed by its children)."""
        return list(self.obstacle_tree().ordered)

    def obstacle(self, obstacle_id: str) -> Obstacle:
        found = self.obstacle_tree().get(obstacle_id)
        if found is None:
            raise NotFound("no such obstacle")
        return found

    def obstacle_children(self, obstacle_id: str | None) -> list[Obstacle]:
        return list(self.obstacle_tree().children(obstacle_id))

    def obstacle_subtree(self, obstacle_id: str) -> set[str]:
        return self.obstacle_tree().subtree(obstacle_id)

    def obstacle_path(self, obstacle_id: str) -> str:
        return self.obstacle_tree().path(obstacle_id)

    def find_obstacle(self, name_or_path: str) -> Obstacle:
        """By path (`Parent/Child`) or by a name that is unique in the codebook."""
        return self.obstacle_tree().find(name_or_path)

    def _check_obstacle_name(self, name: str, parent_id: str | None, exclude: str | None) -> str:
        return check_obstacle_name(name, self.obstacle_children(parent_id), exclude)

    def add_obstacle(
        self,
        name: str,
        *,
        parent_id: str | None = None,
        description: str = "",
        status: ObstacleStatus = "emerging",
    ) -> Obstacle:
        self._team_may("codebook")
        if parent_id is not None:
            self.obstacle(parent_id)
        check_obstacle_status(status)
        name = self._check_obstacle_name(name, parent_id, None)
        obstacle_id = self._store.insert_obstacle(
            name=name, parent_id=parent_id, description=description, status=status
        )
        self._changed(CodebookChanged, ids=[obstacle_id])
        return self.obstacle(obstacle_id)

    def update_obstacle(
        self, obstacle_id: str, *, reason: str = "", at: datetime | None = None, **changes: Any
    ) -> Obstacle:
        """Change name, description, status, ask, decision or reobserve_on.

        A change to the status, ask, decision or re-observe date is kept in the obstacle's
        history with `reason` (optional); `at` dates a change made elsewhere, default now.
        """
        check_obstacle_changes(changes)
        self._team_check_obstacle(changes)
        current = self.obstacle(obstacle_id)
        if "name" in changes:
            changes["name"] = self._check_obstacle_name(
                changes["name"], current.parent_id, obstacle_id
            )
        if "status" in changes:
            check_obstacle_status(changes["status"])
        updated = dataclasses.replace(current, **changes)
        event = self._history_event(current, updated, reason=reason, at=at)
        self._store.record_obstacle_change(updated, event)
        self._changed(CodebookChanged, ids=[obstacle_id])
        return self.obstacle(obstacle_id)

    def rename_obstacle(self, obstacle_id: str, name: str) -> Obstacle:
        return self.update_obstacle(obstacle_id, name=name)

    def move_obstacle(self, obstacle_id: str, new_parent_id: str | None) -> Obstacle:
        self._team_may("codebook")
        current = self.obstacle(obstacle_id)
        if new_parent_id is not None:
            self.obstacle(new_parent_id)
            if new_parent_id in self.obstacle_subtree(obstacle_id):
                raise InvalidInput("an obstacle cannot move inside itself")
        self._check_obstacle_name(current.name, new_parent_id, obstacle_id)
        self._store.write_obstacle(dataclasses.replace(current, parent_id=new_parent_id))
        self._changed(CodebookChanged, ids=[obstacle_id])
        return self.obstacle(obstacle_id)

    def merge_obstacles(self, source_id: str, into_id: str) -> Obstacle:
        """Fold `source` into `into`: notes, memos and sub-obstacles move; nothing is lost.

        What the merged obstacle keeps is `merged_obstacle`'s answer, which the confirmation
        shows before anything is written.
        """
        self._team_may("codebook")
        source, merged = self._merge_plan(source_id, into_id)
        event = self._history_event(
            self.obstacle(into_id), merged, reason=f"merged with “{source.name}”"
        )
        recoded = self._recoded_notes(source_id, into_id)
        drafts = self._recoded_drafts(source_id, into_id)
        self._store.merge_obstacles(source, merged, event, recoded, drafts)
        self._changed(CodebookChanged, NotesChanged, MemosChanged)
        return self.obstacle(into_id)

    def merge_preview(self, source_id: str, into_id: str) -> MergePreview:
        """What a merge of `source` into `into` will move, in counts and in words."""
        self._merge_plan(source_id, into_id)
        notes = [n for n in self._all_notes().values() if source_id in n.obstacle_ids]
        passages, _alone = passage_counts(self._live_and_trashed(), source_id)
        return MergePreview(
            target_path=self.obstacle_path(into_id),
            notes=len(notes),
            already=sum(1 for n in notes if into_id in n.obstacle_ids),
            passages=passages,
            memos=len(self.memos(obstacle_id=source_id)),
            sub_obstacles=len(self.obstacle_children(source_id)),
        )

    def delete_preview(self, obstacle_id: str) -> DeletePreview:
        """What deleting the obstacle will take off notes and passages, counted."""
        self.obstacle(obstacle_id)
        passages, alone = passage_counts(self._live_and_trashed(), obstacle_id)
        return DeletePreview(
            notes=sum(1 for n in self._all_notes().values() if obstacle_id in n.obstacle_ids),
            passages=passages,
            uncoded=alone,
            sub_obstacles=len(self.obstacle_children(obstacle_id)),
        )

    def _live_and_trashed(self) -> list[Note]:
        """Live notes and those in the trash: a note restored later must not name a code
        that is gone."""
        return [*self._all_notes().values(), *self.trashed_notes()]

    def _recoded_notes(self, source_id: str, into_id: str | None) -> list[Recoded]:
        """Each note with a passage coded with `source_id`, re-coded to `into_id` (or without
        it): its passages and its own links, ready to seal again with the change."""
        from fieldnotes.storage.recoding import Recoded

        recoded: list[Recoded] = []
        notes = notes_to_recode(self._live_and_trashed(), source_id)
        for note in notes:
            links = [into_id if i == source_id else i for i in note.obstacle_ids]
            draft = dataclasses.replace(
                note.draft(),
                obstacle_ids=list(dict.fromkeys(i for i in links if i is not None)),
                # A code an older delete left behind goes too, as any save drops it.
                passages=self._kept_passages(recoded_passages(note.passages, source_id, into_id)),
            )
            recoded.append(Recoded(note.id, note.revision, self._check_draft(draft)))
        return recoded

    def _recoded_drafts(self, source_id: str, into_id: str | None) -> list[StoredDraft]:
        """The editor's drafts that name `source_id`, re-coded to `into_id` (or without it),
        each keeping the time it was last saved: re-coding is not an edit of the person's."""
        return [
            draft._replace(payload=payload)
            for draft in self._store.drafts()
            if (payload := recoded_draft(draft.payload, source_id, into_id)) is not None
        ]

    def merged_obstacle(self, source_id: str, into_id: str) -> Obstacle:
        """The target as a merge of `source` into it would leave it; nothing is written."""
        return self._merge_plan(source_id, into_id)[1]

    def _merge_plan(self, source_id: str, into_id: str) -> tuple[Obstacle, Obstacle]:
        if source_id == into_id:
            raise InvalidInput("an obstacle cannot be merged into itself")
        source = self.obstacle(source_id)
        target = self.obstacle(into_id)
        if into_id in self.obstacle_subtree(source_id):
            raise InvalidInput("an obstacle cannot be merged into one of its own sub-obstacles")
        target_children = {c.name.casefold() for c in self.obstacle_children(into_id)}
        for child in self.obstacle_children(source_id):
            if child.name.casefold() in target_children:
                raise InvalidInput(
                    f"both have a sub-obstacle called {child.name!r}: merge or rename those first"
                )
        return source, merge_obstacle_fields(source, target)

    def delete_obstacle(self, obstacle_id: str) -> None:
        """Remove an obstacle; its sub-obstacles move up a level, note links are dropped.

        Passages coded with it lose that code and keep their words and other codes; one left
        with no code is kept, listed by `uncoded_passages` (`delete_preview` counts both).
        """
        self._team_may("codebook")
        self.obstacle(obstacle_id)
        recoded = self._recoded_notes(obstacle_id, None)
        drafts = self._recoded_drafts(obstacle_id, None)
        self._store.delete_obstacle(obstacle_id, recoded, drafts)
        self._changed(CodebookChanged, NotesChanged)

    def import_codebook(self, entries: Sequence[CodebookEntry]) -> None:
        self._team_may("codebook")
        self._store.import_codebook(entries)
        self._changed(CodebookChanged)

    def obstacle_note_counts(self) -> dict[str, int]:
        """Notes per obstacle, each obstacle's count including its sub-obstacles' notes.

        Kept between writes (`index.links`), so asking costs nothing however many notes.
        """
        tree = self.obstacle_tree()
        return self._links.per_obstacle(tree, lambda: self._all_notes().values())

    def obstacle_notes(self) -> Mapping[str, Sequence[Note]]:
        """Each obstacle's notes (its sub-obstacles' included), newest first, by obstacle id:
        for every obstacle, what `notes(NoteFilter(obstacle_id=...))` answers.

        Worked out in one pass over the notes and kept until a note or the codebook changes,
        so showing one obstacle after another costs a look-up each. The first call after a
        change is a pass over every note: call it off the UI thread.
        """
        drops = self._drops
        ordered = self._ordered_notes()
        tree = self.obstacle_tree()
        kept = self._obstacle_notes
        if kept is not None and kept[0] is ordered and kept[1] is tree:
            return kept[2]
        grouped: Mapping[str, Sequence[Note]] = MappingProxyType(
            notes_under_obstacles(tree, ordered)
        )
        with self._syntheses_lock:
            # Kept with the very list and tree it came from (either made anew means a
            # change), and never when the notebook was locked while it was worked out: the
            # lock must leave no decrypted note behind.
            if self._drops == drops:
                self._obstacle_notes = (ordered, tree, grouped)
        return grouped

    def kept_obstacle_notes(self) -> Mapping[str, Sequence[Note]] | None:
        """What `obstacle_notes()` would answer, if it is kept and nothing has changed since;
        otherwise None. Never a pass over the notes (nor an opening of them): the UI thread
        may ask, and work it out in a worker only when this says None."""
        kept = self._obstacle_notes
        if kept is None or not self._index.loaded:
            return None
        if kept[0] is self._ordered_notes() and kept[1] is self.obstacle_tree():
            return kept[2]
        return None

    def principle_stance_counts(self) -> dict[str, tuple[int, int]]:
        """For each principle some note links to: (notes honouring it, notes putting it at
        risk), kept between writes like the obstacles' counts."""
        self._require_unlocked()
        return self._links.principle_stances(lambda: self._all_notes().values())

    def codebook_entries(self) -> tuple[CodebookEntry, ...]:
        """The codebook as a tree of entries, as a codebook file holds it."""

        def under(parent_id: str | None) -> tuple[CodebookEntry, ...]:
            return tuple(
                CodebookEntry(
                    name=o.name,
                    description=o.description,
                    status=o.status,
                    ask=o.ask,
                    children=under(o.id),
                )
                for o in self.obstacle_children(parent_id)
            )

        return under(None)
