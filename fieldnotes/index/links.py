"""Counts of the notes behind each obstacle and each principle, kept between writes.

The codebook shows, beside every obstacle, how many notes it has (its sub-obstacles' included),
and beside every principle how many notes honour it or put it at risk. Worked out plainly
(`domain.codebook.notes_per_obstacle` and `principle_stances`, the meaning) that is a pass
over every note for every obstacle: most of a second at 10,000 notes, paid on every open.

`LinkCounts` keeps, for each live note, only the set of obstacles it is tagged with and its
principle links, grouped by how many notes share each set. A notebook has a few hundred
distinct sets however many notes it holds, so an obstacle's count is a sum over those sets,
and a write changes the multiplicity of one or two of them. tests/test_link_counts.py checks
the answers equal the plain ones after random writes.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from typing import cast

from fieldnotes.domain.codebook import ObstacleTree
from fieldnotes.domain.model import Note

ObstacleSet = frozenset[str]
Stances = frozenset[tuple[str, bool]]
"""A note's principle links as (principle id, at risk)."""


class LinkCounts:
    """Notes per obstacle (subtrees included) and per principle stance, updated per note.

    Built from every note on the first question, then told of each note written
    (`noted`) or forgotten whole (`forget`) when a change cannot be told note by note.
    """

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._links: dict[str, tuple[ObstacleSet, Stances]] | None = None
        self._obstacle_sets: Counter[ObstacleSet] = Counter()
        self._stances: Counter[tuple[str, bool]] = Counter()
        self._per_obstacle: tuple[ObstacleTree, dict[str, int]] | None = None
        """The last answer, and the tree it was worked out for (a new tree asks again)."""
        self._one: dict[frozenset[object], frozenset[object]] = {}
        """One copy of each set of obstacles and of stances: notes share a few hundred of
        each, and a copy per note is 0.5 KiB, 50 MiB at 100,000 notes."""
        self._stance: dict[tuple[str, bool], tuple[str, bool]] = {}
        """One copy of each (principle id, at risk): the sets of stances share them."""

    @property
    def built(self) -> bool:
        return self._links is not None

    def _build(self, notes: Callable[[], Iterable[Note]]) -> dict[str, tuple[ObstacleSet, Stances]]:
        links = self._links
        if links is not None:
            return links
        with self._lock:
            if self._links is None:
                self._obstacle_sets.clear()
                self._stances.clear()
                self._one.clear()
                self._stance.clear()
                built: dict[str, tuple[ObstacleSet, Stances]] = {}
                for note in notes():
                    built[note.id] = self._add(note)
                self._per_obstacle = None
                self._links = built
            return self._links

    def _add(self, note: Note) -> tuple[ObstacleSet, Stances]:
        stance = self._stance.setdefault
        obstacles = frozenset(note.coded_obstacle_ids())
        stances = frozenset(
            stance(pair, pair)
            for link in note.coded_principles()
            for pair in ((link.principle_id, link.stance == "at-risk"),)
        )
        one = self._one.setdefault
        obstacles = cast(ObstacleSet, one(obstacles, obstacles))
        stances = cast(Stances, one(stances, stances))
        self._obstacle_sets[obstacles] += 1
        self._stances.update(stances)
        return obstacles, stances

    def _remove(self, links: tuple[ObstacleSet, Stances]) -> None:
        obstacles, stances = links
        self._obstacle_sets[obstacles] -= 1
        if not self._obstacle_sets[obstacles]:
            del self._obstacle_sets[obstacles]
        self._stances.subtract(stances)
        for stance in stances:
            if not self._stances[stance]:
                del self._stances[stance]

    def per_obstacle(
        self, tree: ObstacleTree, notes: Callable[[], Iterable[Note]]
    ) -> dict[str, int]:
        """Notes per obstacle of `tree`, each count including its sub-obstacles' notes."""
        self._build(notes)
        with self._lock:
            known = self._per_obstacle
            if known is not None and known[0] is tree:
                return dict(known[1])
            counts = dict.fromkeys((o.id for o in tree), 0)
            for obstacles, many in self._obstacle_sets.items():
                # Every obstacle the note rolls up into, once, however many of its tags do.
                reached = {above for tagged in obstacles for above in tree.ancestors(tagged)}
                for obstacle_id in reached:
                    counts[obstacle_id] += many
            self._per_obstacle = (tree, counts)
            return dict(counts)

    def principle_stances(self, notes: Callable[[], Iterable[Note]]) -> dict[str, tuple[int, int]]:
        """For each principle some note links to: (notes honouring it, notes at risk)."""
        self._build(notes)
        with self._lock:
            found: dict[str, tuple[int, int]] = {}
            for (principle_id, at_risk), many in self._stances.items():
                honoured, risked = found.get(principle_id, (0, 0))
                if at_risk:
                    found[principle_id] = (honoured, risked + many)
                else:
                    found[principle_id] = (honoured + many, risked)
            return found

    def noted(self, note_ids: Iterable[str], live: Mapping[str, Note]) -> None:
        """These notes were written, trashed, restored or deleted; `live` holds every live note
        now (a note not in it is gone from the counts)."""
        with self._lock:
            links = self._links
            if links is None:
                return
            for note_id in note_ids:
                before = links.pop(note_id, None)
                if before is not None:
                    self._remove(before)
                note = live.get(note_id)
                if note is not None:
                    links[note_id] = self._add(note)
            self._per_obstacle = None

    def forget(self) -> None:
        """Anything may have changed (or the notebook locked): count again when next asked."""
        with self._lock:
            self._links = None
            self._per_obstacle = None
            self._obstacle_sets.clear()
            self._one.clear()
            self._stance.clear()
            self._stances.clear()
