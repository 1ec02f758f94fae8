"""The codebook's obstacles as one tree, worked out once from their parent links.

Every question about the tree (the path a person reads, what rolls up into a parent, what a move
would make circular) is answered here, so no screen or command walks parent links by itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from fieldnotes.domain.model import Note, Obstacle
from fieldnotes.errors import InvalidInput, NotFound

PATH_SEPARATOR = "/"


class ObstacleTree:
    """Obstacles in tree order: each parent followed by its children, in their stored order.

    Parent links that cannot be followed (a parent that is gone, or a loop left by damaged data)
    make that obstacle a top-level one, so nothing in the codebook is ever out of sight.
    """

    __slots__ = ("_by_id", "_children", "_ordered", "_parent", "_paths")

    def __init__(self, obstacles: Iterable[Obstacle]) -> None:
        flat = list(obstacles)
        self._by_id: dict[str, Obstacle] = {o.id: o for o in flat}
        stated: dict[str | None, list[Obstacle]] = {}
        for obstacle in flat:
            parent = obstacle.parent_id if obstacle.parent_id in self._by_id else None
            stated.setdefault(parent, []).append(obstacle)
        self._parent: dict[str, str | None] = {}
        self._children: dict[str | None, list[Obstacle]] = {}
        ordered: list[Obstacle] = []

        def walk(root: Obstacle, parent: str | None) -> None:
            stack = [(root, parent)]
            while stack:
                obstacle, above = stack.pop()
                if obstacle.id in self._parent:
                    continue
                self._parent[obstacle.id] = above
                self._children.setdefault(above, []).append(obstacle)
                ordered.append(obstacle)
                below = stated.get(obstacle.id, [])
                stack.extend((child, obstacle.id) for child in reversed(below))

        for obstacle in [*stated.get(None, []), *flat]:
            if obstacle.id not in self._parent:
                walk(obstacle, None)
        self._ordered: tuple[Obstacle, ...] = tuple(ordered)
        self._paths: dict[str, str] = {}
        for obstacle in ordered:
            above = self._parent[obstacle.id]
            self._paths[obstacle.id] = (
                obstacle.name
                if above is None
                else f"{self._paths[above]}{PATH_SEPARATOR}{obstacle.name}"
            )

    def __iter__(self) -> Iterator[Obstacle]:
        return iter(self._ordered)

    def __len__(self) -> int:
        return len(self._ordered)

    def __contains__(self, obstacle_id: object) -> bool:
        return obstacle_id in self._by_id

    @property
    def ordered(self) -> tuple[Obstacle, ...]:
        return self._ordered

    def get(self, obstacle_id: str) -> Obstacle | None:
        return self._by_id.get(obstacle_id)

    def parent_of(self, obstacle_id: str) -> str | None:
        """The parent as the tree has it: None for top-level ones and for broken links."""
        return self._parent.get(obstacle_id)

    def children(self, parent_id: str | None) -> tuple[Obstacle, ...]:
        """Direct children in stored order; `None` gives the top-level obstacles."""
        return tuple(self._children.get(parent_id, ()))

    def ancestors(self, obstacle_id: str) -> tuple[str, ...]:
        """The obstacle itself, then its parent, up to the top: the ids a note rolls up into."""
        chain: list[str] = []
        current: str | None = obstacle_id if obstacle_id in self._parent else None
        while current is not None:
            chain.append(current)
            current = self._parent[current]
        return tuple(chain)

    def depth(self, obstacle_id: str) -> int:
        return max(len(self.ancestors(obstacle_id)) - 1, 0)

    def path(self, obstacle_id: str) -> str:
        """`Parent/Child`, as a person reads it; empty for an id the codebook does not have."""
        return self._paths.get(obstacle_id, "")

    def paths(self) -> dict[str, str]:
        """Every obstacle's path, in tree order."""
        return dict(self._paths)

    def subtree(self, obstacle_id: str) -> set[str]:
        """The obstacle and everything below it."""
        if obstacle_id not in self._parent:
            return {obstacle_id}
        found = {obstacle_id}
        frontier = [obstacle_id]
        while frontier:
            for child in self._children.get(frontier.pop(), ()):
                found.add(child.id)
                frontier.append(child.id)
        return found

    def find(self, name_or_path: str) -> Obstacle:
        """By path (`Parent/Child`) or by a name that is unique in the codebook."""
        wanted = name_or_path.strip().casefold()
        for obstacle in self._ordered:
            if self._paths[obstacle.id].casefold() == wanted:
                return obstacle
        by_name = [o for o in self._ordered if o.name.casefold() == wanted]
        if len(by_name) == 1:
            return by_name[0]
        if by_name:
            raise InvalidInput(
                f"more than one obstacle is called {name_or_path!r}; give its path (Parent/Child)"
            )
        raise NotFound(f"no obstacle called {name_or_path!r} in the codebook")


def notes_per_obstacle(tree: ObstacleTree, notes: Iterable[Note]) -> dict[str, int]:
    """How many notes each obstacle has, its sub-obstacles' notes included.

    A note tagged with an obstacle and with one of its sub-obstacles counts once for the
    parent; a tag for an obstacle the codebook no longer has counts nowhere.
    """
    listed = list(notes)
    return {
        obstacle.id: sum(
            1 for note in listed if tree.subtree(obstacle.id) & set(note.coded_obstacle_ids())
        )
        for obstacle in tree
    }


def principle_stances(notes: Iterable[Note]) -> dict[str, tuple[int, int]]:
    """For each principle some note links to: (notes honouring it, notes putting it at risk)."""
    honoured: dict[str, int] = {}
    at_risk: dict[str, int] = {}
    for note in notes:
        for link in note.coded_principles():
            side = at_risk if link.stance == "at-risk" else honoured
            side[link.principle_id] = side.get(link.principle_id, 0) + 1
    return {pid: (honoured.get(pid, 0), at_risk.get(pid, 0)) for pid in {*honoured, *at_risk}}


def notes_under_obstacles(tree: ObstacleTree, notes: Iterable[Note]) -> dict[str, list[Note]]:
    """Each obstacle's notes, its sub-obstacles' included, in the order `notes` come in.

    The same notes, and as many, as `notes_per_obstacle` counts: a note tagged with an
    obstacle and with one of its sub-obstacles is listed once under the parent, and a tag for
    an obstacle the codebook no longer has lists it nowhere. One pass over the notes answers
    every obstacle, where filtering for one obstacle is a pass each.
    """
    found: dict[str, list[Note]] = {obstacle.id: [] for obstacle in tree}
    # A notebook has a few hundred distinct sets of tags however many notes it holds.
    reached: dict[tuple[str, ...], tuple[list[Note], ...]] = {}
    for note in notes:
        tags = tuple(note.coded_obstacle_ids())
        lists = reached.get(tags)
        if lists is None:
            above = {up for tagged in tags for up in tree.ancestors(tagged)}
            lists = reached[tags] = tuple(found[obstacle_id] for obstacle_id in above)
        for listed in lists:
            listed.append(note)
    return found
