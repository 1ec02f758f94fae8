"""Full garbage collections wait for a pause in the keys, and the interpreter gets its own
thresholds back when the app stops."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest

from fieldnotes.tui.app import FieldnotesApp
from fieldnotes.tui.app_parts.collector import (
    HELD_FULL_AFTER,
    IDLE_COLLECT_SECONDS,
    TICK_SECONDS,
    IdleCollector,
)


class Cycle:
    def __init__(self) -> None:
        self.me = self


@pytest.fixture
def collector() -> Iterator[IdleCollector]:
    held = IdleCollector()
    saved = gc.get_threshold()
    held.hold()
    yield held
    held.release()
    assert gc.get_threshold() == saved


def cyclic_garbage_in_the_oldest_generation() -> weakref.ref[Cycle]:
    cycle = Cycle()
    ref = weakref.ref(cycle)
    # A young collection moves what survives it into the oldest generation, and counts
    # towards the next full collection; dropped after, only a full collection frees it.
    gc.collect(1)
    del cycle
    return ref


def test_while_held_the_interpreter_waits_longer_for_a_full_collection(
    collector: IdleCollector,
) -> None:
    assert gc.get_threshold()[2] >= HELD_FULL_AFTER


def test_no_full_collection_while_keys_are_coming(collector: IdleCollector) -> None:
    garbage = cyclic_garbage_in_the_oldest_generation()
    assert not collector.collect_if_idle(IDLE_COLLECT_SECONDS / 4)
    assert garbage() is not None


def test_no_full_collection_while_a_screen_is_still_busy(collector: IdleCollector) -> None:
    """Long after the key, but the app's tick came late: the UI thread is still working."""
    garbage = cyclic_garbage_in_the_oldest_generation()
    assert not collector.collect_if_idle(IDLE_COLLECT_SECONDS * 3, TICK_SECONDS * 4)
    assert garbage() is not None


def test_a_pause_collects_the_cycles_left_behind(collector: IdleCollector) -> None:
    garbage = cyclic_garbage_in_the_oldest_generation()
    assert collector.collect_if_idle(IDLE_COLLECT_SECONDS)
    assert garbage() is None
    # Nothing new since: the next pause does not walk the heap again.
    assert not collector.collect_if_idle(IDLE_COLLECT_SECONDS * 10)


async def test_the_app_holds_while_it_runs_and_gives_the_thresholds_back(
    demo_path: Path,
) -> None:
    saved = gc.get_threshold()
    app = FieldnotesApp(demo_path, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert gc.get_threshold()[2] >= HELD_FULL_AFTER
    assert gc.get_threshold() == saved
