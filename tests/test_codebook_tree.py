"""The obstacle tree: paths, roll-up and finding obstacles, including damaged parent links."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fieldnotes.domain.codebook import ObstacleTree
from fieldnotes.domain.model import Obstacle
from fieldnotes.errors import InvalidInput, NotFound


def tree(*links: tuple[str, str | None]) -> ObstacleTree:
    return ObstacleTree(Obstacle(id=i, name=i.upper(), parent_id=p) for i, p in links)


def test_tree_order_puts_children_under_their_parent_in_stored_order() -> None:
    codebook = tree(("b", "a"), ("a", None), ("c", None), ("d", "a"), ("e", "b"))
    assert [o.id for o in codebook] == ["a", "b", "e", "d", "c"]
    assert codebook.path("e") == "A/B/E"
    assert codebook.ancestors("e") == ("e", "b", "a")
    assert codebook.subtree("a") == {"a", "b", "d", "e"}
    assert [o.id for o in codebook.children(None)] == ["a", "c"]
    assert codebook.depth("e") == 2


def test_a_missing_parent_or_a_loop_leaves_every_obstacle_in_sight() -> None:
    codebook = tree(("x", "gone"), ("p", "q"), ("q", "p"))
    assert sorted(o.id for o in codebook) == ["p", "q", "x"]
    assert codebook.path("x") == "X"
    assert codebook.path("q") == "P/Q"
    assert codebook.subtree("p") == {"p", "q"}


def test_find_by_path_or_unique_name() -> None:
    codebook = ObstacleTree(
        [
            Obstacle(id="1", name="IT system"),
            Obstacle(id="2", name="Logins", parent_id="1"),
            Obstacle(id="3", name="KPIs"),
            Obstacle(id="4", name="Logins", parent_id="3"),
        ]
    )
    assert codebook.find(" it system/logins ").id == "2"
    assert codebook.find("kpis").id == "3"
    with pytest.raises(InvalidInput, match="give its path"):
        codebook.find("Logins")
    with pytest.raises(NotFound):
        codebook.find("Recording burden")


@given(st.lists(st.integers(min_value=-1, max_value=12), max_size=12))
def test_the_tree_agrees_with_following_parent_links_by_hand(parents: list[int]) -> None:
    ids = [f"o{i}" for i in range(len(parents))]
    links = [(ids[i], f"o{p}" if 0 <= p < len(parents) else None) for i, p in enumerate(parents)]
    codebook = tree(*links)
    assert sorted(o.id for o in codebook) == sorted(ids)
    for obstacle_id in ids:
        chain = codebook.ancestors(obstacle_id)
        assert chain[0] == obstacle_id and len(set(chain)) == len(chain)
        for child, parent in itertools.pairwise(chain):
            assert codebook.parent_of(child) == parent
            assert dict(links)[child] == parent
            assert obstacle_id in codebook.subtree(parent)
        assert codebook.path(obstacle_id) == "/".join(i.upper() for i in reversed(chain))
